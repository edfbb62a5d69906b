"""监督意见 on the project's page and in the API: the bureau opens one from the page, the unit answers
it there, the bureau closes it; a bad form says what is wrong (422), another unit gets 404, and the
API gives the same rows and refusals in its one error shape. The clock is pinned by `listed`."""

from datetime import timedelta

import pytest
from tests.fixtures.api import ok, refused

from govit import clock
from govit.findings.models import Finding

pytestmark = pytest.mark.django_db


def test_the_page_walks_a_finding_from_opening_to_closing(demo, listed, client_for):
    project = listed()
    url = f"/projects/{project.pk}/findings/"
    audit, unit = client_for("audit"), client_for("jiaowei_unit")
    page = audit.get(url).content.decode()
    assert (
        "出具监督意见" in page
        and "依据第七条" in page
        and "区审计局负责政务信息化项目资金使用的审计监督" in page
    )
    assert "出具监督意见" not in unit.get(url).content.decode()
    today = clock.today()
    bad = audit.post(f"{url}open/", {"kind": "audit", "issued_on": today.isoformat(), "content": ""})
    assert bad.status_code == 422 and "请填写“意见内容”" in bad.content.decode()
    wrong = audit.post(f"{url}open/", {"kind": "cac", "issued_on": today.isoformat(), "content": "x"})
    assert wrong.status_code == 422  # not a kind the Audit Bureau is offered
    done = audit.post(f"{url}open/", {"kind": "audit", "issued_on": today.isoformat(), "content": "支付凭证不全。",
                                      "rectification": "补齐凭证。", "due_on": (today + timedelta(days=20)).isoformat()})  # fmt: skip
    finding = Finding.objects.get(project=project)
    assert done.status_code == 302 and done["Location"].endswith(f"{url}#finding-{finding.pk}")
    page = unit.get(url).content.decode()
    answer_form = f'action="{url}{finding.pk}/answer/"'
    assert "支付凭证不全。" in page and answer_form in page and "待整改答复" in page
    todo = unit.get("/todo/").content.decode()
    assert "答复审计意见" in todo and f"/projects/{project.pk}/findings/#finding-{finding.pk}" in todo
    blank = unit.post(f"{url}{finding.pk}/answer/", {"answer": " "})
    assert blank.status_code == 422 and "整改答复" in blank.content.decode()
    assert unit.post(f"{url}{finding.pk}/answer/", {"answer": "凭证已补齐。"}).status_code == 302
    assert "审阅整改答复" in audit.get(url).content.decode()
    assert (
        audit.post(f"{url}{finding.pk}/close/", {"decision": "close", "note": "整改到位。"}).status_code
        == 302
    )
    page = unit.get(url).content.decode()
    assert "已办结" in page and "整改到位。" in page and answer_form not in page
    assert client_for("jfb_unit").get(url).status_code == 404
    assert client_for("jfb_unit").post(f"{url}{finding.pk}/answer/", {"answer": "x"}).status_code == 404
    assert unit.post(f"{url}99999/answer/", {"answer": "x"}).status_code == 404


def test_the_api_lists_opens_answers_and_closes(demo, listed, api):
    project = listed()
    base = f"/projects/{project.pk}/findings"
    today = clock.today().isoformat()
    body = ok(
        api("finance").post(base, {"kind": "finance", "issued_on": today, "content": "采购方式需说明。"}), 201
    )
    assert (body["kind"], body["state"]["code"], body["article"]) == (
        {"code": "finance", "label": "政府采购监督意见"}, "open", 7)  # fmt: skip
    refused(api("finance").post(base, {"kind": "audit", "issued_on": today, "content": "x"}), 403, article=7)
    refused(
        api("finance").post(base, {"kind": "finance", "issued_on": today, "content": ""}),
        422,
        field="content",
    )
    refused(api("jfb_unit").get(base), 404)
    answered = ok(api("jiaowei_unit").post(f"{base}/{body['id']}/answer", {"answer": "已补充说明。"}))
    assert answered["state"]["code"] == "answered" and answered["rounds"] == 1
    refused(api("audit").post(f"{base}/{body['id']}/close", {"accept": True}), 403)
    refused(api("finance").post(f"{base}/{body['id']}/close", {"accept": False}), 422, field="note")
    closed = ok(api("finance").post(f"{base}/{body['id']}/close", {"accept": True, "note": "同意。"}))
    assert closed["state"]["code"] == "closed"
    assert [f["id"] for f in ok(api("jiaowei_unit").get(base))] == [body["id"]]
    refused(api("jiaowei_unit").post(f"{base}/99999/answer", {"answer": "x"}), 404)
