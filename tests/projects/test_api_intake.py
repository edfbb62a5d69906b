"""The API asks the same intake questions: 第二条's scope (409 with article 2), a continuation's
earlier project (第三条) and the R3.9 documents (422 naming the field)."""

import pytest
import time_machine
from tests.fixtures.api import FORM, refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel("2027-03-10 10:00 +0800", tick=False):
        yield


def test_office_pcs_are_refused_with_article_2(api):
    pcs = {
        **FORM,
        "name": "购置办公个人电脑50台",
        "work_type": "maintenance",
        "amount": "30万",
        "excluded_purchase": "pc",
    }
    body = refused(api("jiaowei_unit").post("/projects", pcs), 409, article=2, field="excluded_purchase")
    assert "购置办公使用的个人电脑不属于政务信息化项目" in body["detail"]


def test_a_missing_scope_answer_holds_the_submission_with_article_2(api):
    data = {k: v for k, v in FORM.items() if k != "fiscal_funding"}
    project = api("jiaowei_unit").post("/projects", data).json()
    assert project["fiscal_funding"] is None
    response = api("jiaowei_unit").post(f"/projects/{project['id']}/actions/submit", {})
    refused(response, 409, article=2)


def test_the_answers_are_in_the_project(api):
    response = api("jiaowei_unit").post("/projects", FORM)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["fiscal_funding"], body["it_system"], body["excluded_purchase"]) == (True, True, "none")
    assert body["continues"] is None and body["continues_outside"].startswith(
        "渝中区智慧教育管理平台（一期）"
    )


def test_an_edit_to_an_excluded_purchase_is_refused(api):
    project = api("jiaowei_unit").post("/projects", FORM).json()
    response = api("jiaowei_unit").patch(f"/projects/{project['id']}", {"excluded_purchase": "camera"})
    refused(response, 409, article=2, field="excluded_purchase")
