"""Who may open each page: 200 for those whose work it is, 403 for a forbidden action or page,
404 for what lies outside their scope (R0.1). Every demo person of every role is tried."""

import pytest
from tests.fixtures.projects import upload

EVERYONE = [
    "jiaowei_unit", "jiaowei_leader", "jfb_unit", "jfb_leader", "bdb", "lg_office", "drc", "finance",
    "audit", "cac", "expert1", "expert2", "agency_design", "agency_supervision", "agency_acceptance",
    "sysadmin", "secadmin", "auditadmin",
]  # fmt: skip
OWN_UNIT = {"jiaowei_unit", "jiaowei_leader"}
BUREAUS = {"bdb", "lg_office", "drc", "finance", "audit", "cac"}


@pytest.fixture
def project(new_project, act):
    """A 区教委 project that has reached the BDB (so the bureaus see it)."""
    project = new_project()
    project = act(project, "jiaowei_unit", "submit")
    return act(project, "jiaowei_leader", "confirm")


@pytest.mark.parametrize("username", EVERYONE)
@pytest.mark.parametrize(
    "url", ["/todo/", "/done/", "/projects/", "/flowcharts/", "/flowcharts/construction.svg"]
)
def test_every_signed_in_person_may_open_the_shared_pages(client_for, username, url):
    assert client_for(username).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/todo/", "/done/", "/projects/", "/projects/new/", "/experts/", "/reviews/", "/flowcharts/"]
)
def test_an_anonymous_visitor_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("username", EVERYONE)
def test_only_a_units_clerk_may_start_an_application(client_for, username):
    expected = 200 if username in {"jiaowei_unit", "jfb_unit"} else 403
    assert client_for(username).get("/projects/new/").status_code == expected


@pytest.mark.parametrize("username", EVERYONE)
def test_only_the_bdb_manages_the_expert_pool(client_for, username):
    assert client_for(username).get("/experts/").status_code == (200 if username == "bdb" else 403)


@pytest.mark.parametrize("username", EVERYONE)
def test_reviews_are_for_experts_and_the_bureaus_that_organise_or_audit_them(client_for, username):
    # …and the third-party agencies, which read the evaluations they are asked for (第十五条).
    agencies = {"agency_design", "agency_supervision", "agency_acceptance"}
    expected = 200 if username in {"expert1", "expert2", "bdb", "drc", "audit", *agencies} else 403
    assert client_for(username).get("/reviews/").status_code == expected


@pytest.mark.parametrize("username", EVERYONE)
def test_the_project_page_is_for_its_unit_and_the_bureaus_only(client_for, project, username):
    expected = 200 if username in OWN_UNIT | BUREAUS else 404
    assert client_for(username).get(f"/projects/{project.pk}/").status_code == expected
    assert client_for(username).get(f"/projects/{project.pk}/application.docx").status_code == expected


@pytest.mark.parametrize("username", EVERYONE)
def test_a_draft_is_the_units_own_work(client_for, new_project, username):
    draft = new_project()
    expected = 200 if username in OWN_UNIT else 404
    assert client_for(username).get(f"/projects/{draft.pk}/").status_code == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [("jiaowei_unit", 200), ("jiaowei_leader", 403), ("jfb_unit", 404), ("bdb", 404), ("expert1", 404)],
)
def test_only_the_units_clerk_edits_a_draft(client_for, new_project, username, expected):
    draft = new_project()
    assert client_for(username).get(f"/projects/{draft.pk}/edit/").status_code == expected


@pytest.mark.parametrize("username", EVERYONE)
def test_a_document_downloads_only_for_those_who_see_its_project(client_for, demo, project, username):
    document = upload(project, demo["jiaowei_unit"], "other", "依据文件.pdf")
    response = client_for(username).get(f"/documents/{document}/download/")
    assert response.status_code == (200 if username in OWN_UNIT | BUREAUS else 404)
    if response.status_code == 200:
        assert "filename*=UTF-8''%E4%BE%9D%E6%8D%AE" in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == f"%PDF-1.4 other of {project.pk}".encode()


def test_an_expert_sees_a_project_only_once_asked_to_review_it(
    client_for, demo, experts, in_design_review, act
):
    project = in_design_review()
    assert client_for("expert1").get(f"/projects/{project.pk}/").status_code == 404
    client_for("bdb").post(f"/projects/{project.pk}/experts/", {"expert": experts["expert1"].pk})
    assert client_for("expert1").get(f"/projects/{project.pk}/").status_code == 200
    assert client_for("expert2").get(f"/projects/{project.pk}/").status_code == 404


def test_the_preparing_agency_sees_the_projects_it_prepares(client_for, listed, demo):
    from govit.projects import services

    project = listed()
    assert client_for("agency_design").get(f"/projects/{project.pk}/").status_code == 404
    services.preparer_set(
        project=project,
        user=demo["jiaowei_unit"],
        preparer=demo.org("shancheng_design"),
        qualification="甲级",
        contact="",
    )
    assert client_for("agency_design").get(f"/projects/{project.pk}/").status_code == 200
    assert client_for("agency_supervision").get(f"/projects/{project.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/projects/{pk}/actions/confirm/", "/projects/{pk}/documents/", "/projects/{pk}/preparer/"]
)
def test_posts_outside_scope_are_404(client_for, project, url):
    assert client_for("jfb_unit").post(url.format(pk=project.pk), {}).status_code == 404


@pytest.mark.parametrize("url", ["/todo/", "/projects/", "/projects/new/", "/experts/", "/flowcharts/"])
def test_pages_are_chinese(client_for, url):
    username = "bdb" if url == "/experts/" else "jiaowei_unit"
    content = client_for(username).get(url).content.decode()
    assert '<html lang="zh-Hans">' in content
    assert "待办" in content and "项目清单" in content and "流程图" in content


def test_every_post_needs_the_csrf_token(demo, project):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["jiaowei_leader"])
    response = client.post(f"/projects/{project.pk}/actions/send_back/", {"send_back-comment": "x"})
    assert response.status_code == 403
