"""年度建设规划 and 重点建设项目 through the API alone (第五条、第二十六条): the same walk, refusals and
scopes as the pages, in the one error shape; a project says whether it is a key project."""

import pytest
from tests.fixtures.api import ok, refused
from tests.plans.conftest import MEETING

from govit import clock

pytestmark = pytest.mark.django_db


def test_the_plan_is_composed_submitted_and_approved_with_its_key_projects(api, year_list):
    plan = ok(api("bdb").post("/plans", {"year": 2027, "note": "依据清单"}), 201)
    assert (plan["number"], plan["state"]["code"], plan["article"], plan["total"]["amount"]) == (
        1, "draft", 5, "11800000.00",
    )  # fmt: skip
    assert {row["label"]: row["count"] for row in plan["by_channel"]} == {
        "纳入区级投资项目": 2, "从项目单位部门预算中列支": 1,
    }  # fmt: skip
    path = f"/plans/{plan['id']}"
    assert ok(api("bdb").post(f"{path}/submit"))["state"]["code"] == "submitted"
    refused(api("bdb").post(f"{path}/submit"), 409, article=5)
    listed = year_list["listed"].pk
    body = {
        **MEETING,
        "meeting_on": clock.today().isoformat(),
        "decision": "approved",
        "key_projects": [listed],
    }
    refused(api("bdb").post(f"{path}/decision", body), 403, article=5)
    decided = ok(api("lg_office").post(f"{path}/decision", body))
    assert (decided["state"]["code"], decided["decision"]["minutes_ref"]) == (
        "approved",
        "渝中云长办〔2026〕4号",
    )
    assert [line["key"] for line in decided["lines"] if line["project_id"] == listed] == [True]
    assert ok(api("jiaowei_unit").get(f"/projects/{listed}"))["key"] is True
    rows = ok(api("drc").get("/projects", params={"year": 2027}))["items"]
    assert {row["name"]: row["key"] for row in rows}["区教委智慧教育平台"] is True
    keys = ok(api("audit").get("/key-projects"))
    assert [(k["project_id"], k["plan_id"], k["done"], k["article"]) for k in keys] == [
        (listed, plan["id"], False, 26)
    ]


def test_the_api_refuses_as_the_pages_do(api, year_list):
    refused(api("drc").post("/plans", {"year": 2027}), 403, article=5)
    refused(api("bdb").post("/plans", {"year": 2029}), 422, field="year")
    plan = ok(api("bdb").post("/plans", {"year": 2027}), 201)
    refused(api("jiaowei_unit").get(f"/plans/{plan['id']}"), 404)  # a draft is not the unit's to read
    refused(api("expert1").get(f"/plans/{plan['id']}"), 404)
    assert ok(api("expert1").get("/plans")) == []
    refused(api("expert1").get("/key-projects"), 403, article=5)
    body = {**MEETING, "meeting_on": clock.today().isoformat(), "decision": "approved"}
    refused(api("lg_office").post(f"/plans/{plan['id']}/decision", body), 409, article=5)
    refused(api("bdb").get("/plans/999999"), 404)


def test_the_office_designates_a_key_project_of_another_meeting(api, year_list):
    earlier = year_list["earlier"].pk
    body = {**MEETING, "meeting_on": clock.today().isoformat(), "project_id": earlier}
    created = ok(api("lg_office").post("/key-projects", body), 201)
    assert (created["project_id"], created["plan_id"], created["latest_score"]) == (earlier, None, None)
    refused(api("lg_office").post("/key-projects", body), 409, article=5)
    refused(api("bdb").post("/key-projects", body), 403, article=5)
    refused(
        api("lg_office").post("/key-projects", {**body, "project_id": year_list["unlisted"].pk}),
        409,
        article=5,
    )
    refused(api("lg_office").post("/key-projects", {**body, "project_id": 999999}), 404)
    assert [k["project_id"] for k in ok(api("jfb_unit").get("/key-projects"))] == []
