"""The BDB's classification page and PUT /api/v1/projects/{id}/classification (第二十七条, R6.1),
and the refusals a classified project gives on the pages and the API (422, article 27)."""

from datetime import date

import pytest
from tests.fixtures.api import ok, refused

from govit.projects.models import Project

REF = "渝中保密〔2026〕7号"


@pytest.fixture
def project(listed):
    return listed()


def _classify_by_page(client, project, **changes):
    data = {"secrecy_ref": REF, "secrecy_on": "2026-09-01", "officers": [], **changes}
    return client.post(f"/projects/{project.pk}/classification/", data)


def test_the_project_page_links_the_bdb_to_the_classification_page(client_for, project):
    assert "登记为涉密项目" in client_for("bdb").get(f"/projects/{project.pk}/").content.decode()
    assert "登记为涉密项目" not in client_for("drc").get(f"/projects/{project.pk}/").content.decode()
    page = client_for("bdb").get(f"/projects/{project.pk}/classification/")
    assert page.status_code == 200 and "保密主管部门批准文号" in page.content.decode()


@pytest.mark.parametrize(("username", "status"), [("drc", 403), ("jiaowei_leader", 403), ("jfb_unit", 403)])
def test_only_the_bdb_opens_the_classification_page(client_for, project, username, status):
    assert client_for(username).get(f"/projects/{project.pk}/classification/").status_code == status


def test_the_bdb_classifies_a_project_on_its_page(client_for, demo, project):
    response = _classify_by_page(client_for("bdb"), project, officers=[demo["bdb"].pk])
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    page = client_for("bdb").get(f"/projects/{project.pk}/").content.decode()
    assert "涉密项目（第二十七条）" in page and REF in page
    assert "渝中区智慧教育管理平台" not in page
    assert 'name="file"' not in page  # no upload form on a classified project


def test_a_bdb_officer_not_designating_themselves_goes_back_to_the_list(client_for, demo, project):
    from govit.accounts.models import User
    from govit.accounts.roles import Role

    other = User.objects.create_user(
        "bdb_li", name="李明", organisation=demo["bdb"].organisation, roles=[Role.BDB]
    )
    response = _classify_by_page(client_for("bdb"), project, officers=[other.pk])
    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert client_for("bdb").get(f"/projects/{project.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"secrecy_ref": ""}, "请填写“保密主管部门批准文号”"),
        ({"secrecy_on": "2026-09-16"}, "晚于今天"),
        ({"secrecy_on": "2026-02-30"}, "批准日期"),
        ({"officers": []}, "指定的区大数据发展局经办人"),
        ({"officers": ["999999"]}, "指定的区大数据发展局经办人"),
    ],
)
def test_a_bad_approval_is_refused_in_chinese_on_the_page(client_for, demo, project, changes, message):
    data = {"officers": [demo["bdb"].pk], **changes}
    response = _classify_by_page(client_for("bdb"), project, **data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Project.objects.get(pk=project.pk).is_classified


def test_an_upload_on_the_page_is_refused_with_article_27(client_for, demo, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _classify_by_page(client_for("bdb"), project, officers=[demo["bdb"].pk])
    file = SimpleUploadedFile("a.pdf", b"x", content_type="application/pdf")
    response = client_for("jiaowei_leader").post(
        f"/projects/{project.pk}/documents/", {"kind": "other", "file": file}
    )
    assert response.status_code == 422
    assert "涉密政务信息化项目" in response.content.decode() and "第二十七条" in response.content.decode()


# --- The API -----------------------------------------------------------------------------------


def _put(api, username, project, **changes):
    body = {"secrecy_ref": REF, "secrecy_on": "2026-09-01", "officers": ["bdb"], **changes}
    return api(username).put(f"/projects/{project.pk}/classification", body)


def test_the_api_classifies_a_project(api, project):
    body = ok(_put(api, "bdb", project))
    assert body["secrecy_ref"] == REF and body["secrecy_on"] == "2026-09-01" and body["officers"] == ["bdb"]
    assert body["name"] == f"涉密项目（{project.list_code}）"
    shown = ok(api("bdb").get(f"/projects/{project.pk}"))
    assert shown["classified"] is True and shown["name"] == body["name"]


@pytest.mark.parametrize(("username", "status"), [("drc", 403), ("jiaowei_leader", 403), ("jfb_unit", 404)])
def test_only_the_bdb_classifies_through_the_api(api, project, username, status):
    refused(_put(api, username, project), status)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"secrecy_on": "2026-09-16"}, "secrecy_on"),
        ({"officers": ["drc"]}, "officers"),
        ({"officers": ["nobody"]}, "officers"),
        ({"officers": []}, "officers"),
        ({"secrecy_ref": "  "}, "secrecy_ref"),
    ],
)
def test_the_api_refuses_a_bad_approval(api, project, changes, field):
    refused(_put(api, "bdb", project, **changes), 422, field=field)


def test_the_api_refuses_uploads_and_free_text_with_article_27(api, demo, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok(_put(api, "bdb", project))
    file = SimpleUploadedFile("a.pdf", b"x", content_type="application/pdf")
    refused(
        api("jiaowei_leader").upload(f"/projects/{project.pk}/documents", kind="other", file=file),
        422,
        article=27,
    )
    chapters = {"purpose": "涉密内容", "necessity": "", "requirements": "", "plan": "", "investment": ""}
    refused(api("jiaowei_leader").put(f"/projects/{project.pk}/proposal", chapters), 422, article=27)
    assert Project.objects.get(pk=project.pk).secrecy_on == date(2026, 9, 1)


def test_it_disappears_from_the_api_for_those_not_cleared(api, project):
    ok(_put(api, "bdb", project))
    refused(api("drc").get(f"/projects/{project.pk}"), 404)
    refused(api("jiaowei_unit").get(f"/projects/{project.pk}/history"), 404)
    assert project.pk not in [row["id"] for row in ok(api("drc").get("/projects"))["items"]]
    history = ok(api("jiaowei_leader").get(f"/projects/{project.pk}/history"))
    assert history[-1]["action"] == "classify" and history[-1]["article"] == 27
    assert all("渝中区智慧教育管理平台" not in str(event["inputs"]) for event in history)
