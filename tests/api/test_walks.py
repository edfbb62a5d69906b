"""Every path of `govit policy route`, walked end to end through the API with the demo people's
tokens; at each step /actions lists exactly what each person may do, and nobody else may do anything."""

import pytest
import time_machine
from tests.fixtures.api import BEFORE_DEADLINE, PREPARER, lg_meeting, ok, refused

from govit import clock

pytestmark = pytest.mark.django_db

APPLICATION_REVIEW = ["review_pass", "review_return", "review_reject"]


def _through_review(walk, project_id: int) -> None:
    """Draft → BDB review, checking who may act at each step."""
    walk.expect_actions(project_id, jiaowei_unit=["submit", "withdraw"])
    walk.act("jiaowei_unit", project_id, "submit")
    walk.expect_actions(project_id, jiaowei_leader=["confirm", "send_back"])
    walk.act("jiaowei_leader", project_id, "confirm")
    walk.expect_actions(project_id, bdb=APPLICATION_REVIEW)


def _steps(project: dict) -> list[tuple[str, str]]:
    return [(step["code"], step["status"]) for step in project["route"]]


@BEFORE_DEADLINE
def test_a_construction_project_of_ten_million_or_less_walks_the_combined_path(api, walk):
    project_id = walk.create(amount="1000万")
    _through_review(walk, project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.expect_actions(project_id, bdb=["list"])
    project = walk.act("bdb", project_id, "list")
    assert project["state"]["code"] == "fsr_with_budget"
    assert project["list_code"] == "YZ-2027-0001"
    assert project["funding_channel"] == "district_investment"

    walk.expect_actions(project_id, jiaowei_unit=["submit_fsr_budget", "withdraw_listed"])
    [action, _withdraw] = ok(api("jiaowei_unit").get(f"/projects/{project_id}/actions"))
    assert {b["article"] for b in action["blocked"]} == {13}
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "fsr")
    walk.upload("jiaowei_unit", project_id, "budget")
    assert ok(api("jiaowei_unit").get(f"/projects/{project_id}/actions"))[0]["blocked"] == []
    walk.act("jiaowei_unit", project_id, "submit_fsr_budget")

    walk.expect_actions(project_id, bdb=["design_pass", "design_return"])
    walk.act("bdb", project_id, "design_pass", comment="同意")
    walk.expect_actions(project_id, drc=["approve_budget", "reject_scheme", "return_budget"])
    project = walk.act("drc", project_id, "approve_budget", **walk.approval(project_id, total="800万"))

    assert project["state"]["code"] == "approved"
    assert project["approval"]["kind"]["code"] == "fsr_budget"
    assert project["approval"]["approved_total"] == "8000000.00"
    assert project["approval"]["approved_software"] == "5000000.00"
    assert _steps(project) == [
        ("application", "done"), ("list_review", "done"), ("listing", "done"),
        ("fsr_with_budget", "done"), ("design_review", "done"), ("fsr_budget_approval", "done"),
    ]  # fmt: skip
    walk.expect_actions(project_id, jiaowei_unit=["start_construction"])  # 第十六条: building may start


@BEFORE_DEADLINE
def test_a_new_project_above_ten_million_goes_to_the_leading_group_then_two_drc_approvals(api, walk, experts):
    project_id = walk.create(work_type="new", amount="1200万")
    project = ok(api("jiaowei_unit").get(f"/projects/{project_id}"))
    assert project["path"]["code"] == "separate"
    assert [step["code"] for step in project["route"]] == [
        "application", "list_review", "leading_group_review", "listing",
        "fsr", "fsr_approval", "preliminary_design", "design_review", "design_budget_approval",
    ]  # fmt: skip
    assert {13, 9} <= {basis["article"] for basis in project["basis"]}

    _through_review(walk, project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.expect_actions(project_id, lg_office=["lg_approve", "lg_reject", "lg_return"])
    walk.act("lg_office", project_id, "lg_approve", **lg_meeting())
    walk.expect_actions(project_id, bdb=["list"])
    walk.act("bdb", project_id, "list")

    walk.expect_actions(project_id, jiaowei_unit=["submit_fsr", "withdraw_listed"])
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "fsr")
    walk.act("jiaowei_unit", project_id, "submit_fsr")
    walk.expect_actions(project_id, drc=["approve_fsr", "reject_scheme", "return_fsr"])
    walk.act("drc", project_id, "approve_fsr", **walk.approval(project_id, total="1200万", lines=False))

    walk.expect_actions(project_id, jiaowei_unit=["submit_design", "withdraw_listed"])
    walk.upload("agency_design", project_id, "design")
    walk.upload("agency_design", project_id, "budget")
    walk.act("jiaowei_unit", project_id, "submit_design")

    # 第十五条: the BDB asks an expert; its conclusion waits for the opinion.
    walk.expect_actions(project_id, bdb=["design_pass", "design_return"])
    review = ok(
        api("bdb").post(f"/projects/{project_id}/expert-reviews", {"expert_id": experts["expert1"].pk}), 201
    )
    design_pass = next(
        a for a in ok(api("bdb").get(f"/projects/{project_id}/actions")) if a["code"] == "design_pass"
    )
    assert [b["article"] for b in design_pass["blocked"]] == [15]
    ok(
        api("expert1").post(
            f"/expert-reviews/{review['id']}", {"opinion": "方案可行。", "conclusion": "pass"}
        )
    )
    conclusion = {"conclusion": "pass", "opinion": "专家组同意。", "concluded_on": clock.today().isoformat()}
    ok(api("bdb").post(f"/projects/{project_id}/review-conclusions", conclusion), 201)
    walk.act("bdb", project_id, "design_pass", comment="同意")

    walk.expect_actions(project_id, drc=["approve_budget", "reject_scheme", "return_budget"])
    project = walk.act("drc", project_id, "approve_budget", **walk.approval(project_id, total="800万"))
    assert project["state"]["code"] == "approved"
    assert project["approval"]["kind"]["code"] == "design_budget"
    history = ok(api("audit").get(f"/projects/{project_id}/history"))
    assert [e["to_state"]["code"] for e in history if e["from_state"] != e["to_state"]] == [
        "unit_confirm", "list_review", "leading_group_review", "listing", "fsr", "fsr_approval",
        "preliminary_design", "design_review", "design_budget_approval", "approved",
    ]  # fmt: skip
    walk.expect_actions(project_id, jiaowei_unit=["start_construction"])


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param({"work_type": "service_purchase", "amount": "300万"}, id="service"),
        pytest.param(
            {"work_type": "maintenance", "amount": "50万", "needs_procurement": True},
            id="om-with-procurement",
        ),
    ],
)
@BEFORE_DEADLINE
def test_a_service_project_and_an_om_project_with_procurement_walk_the_service_path(api, walk, facts):
    project_id = walk.create(**facts)
    project = ok(api("jiaowei_unit").get(f"/projects/{project_id}"))
    assert project["path"]["code"] == "service"
    assert [step["code"] for step in project["route"]][-3:] == [
        "preliminary_design",
        "design_review",
        "budget_order87",
    ]

    _through_review(walk, project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.expect_actions(project_id, bdb=["list"])
    project = walk.act("bdb", project_id, "list")
    assert project["state"]["code"] == "preliminary_design"

    walk.expect_actions(project_id, jiaowei_unit=["submit_design", "withdraw_listed"])
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "design")
    walk.upload("jiaowei_unit", project_id, "budget")
    walk.act("jiaowei_unit", project_id, "submit_design")
    walk.expect_actions(project_id, bdb=["design_pass", "design_return"])
    walk.act("bdb", project_id, "design_pass", comment="同意")

    # 第十三条第三款: the unit itself records its Order 87 budget; the DRC has no step.
    walk.expect_actions(project_id, jiaowei_unit=["record_budget", "withdraw_listed"])
    budget = walk.upload("jiaowei_unit", project_id, "budget", name="预算方案.pdf")
    project = walk.act(
        "jiaowei_unit", project_id, "record_budget", approved_total="30万", approved_software="20万",
        approved_hardware="5万", approved_other="5万", approval_document=budget,
    )  # fmt: skip
    assert project["state"]["code"] == "approved"
    assert project["approval"]["kind"]["code"] == "order87"
    assert project["approval"]["approved_total"] == "300000.00"
    first = "start_service" if project["category"]["code"] == "om" else "start_construction"
    walk.expect_actions(project_id, jiaowei_unit=[first])


@BEFORE_DEADLINE
def test_an_om_project_without_procurement_is_approved_when_it_is_listed(api, walk):
    project_id = walk.create(work_type="maintenance", amount="50万")
    project = ok(api("jiaowei_unit").get(f"/projects/{project_id}"))
    assert project["category"]["code"] == "om"
    assert project["path"]["code"] == "om_budget"

    _through_review(walk, project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.expect_actions(project_id, bdb=["list"])
    project = walk.act("bdb", project_id, "list")

    assert project["state"]["code"] == "approved"
    assert project["funding_channel"] == "department_budget"
    [listing] = [e for e in ok(api("bdb").get(f"/projects/{project_id}/history")) if e["action"] == "list"]
    assert listing["article"] == 9
    walk.expect_actions(project_id, jiaowei_unit=["start_service"])  # 第二十五条


@BEFORE_DEADLINE
def test_a_returned_application_is_revised_and_resubmitted_and_its_versions_show_the_change(api, walk):
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "submit")
    walk.act("jiaowei_leader", project_id, "send_back", comment="请补充建设理由")
    walk.expect_actions(project_id, jiaowei_unit=["submit", "withdraw"])
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_return", comment="投资估算偏高")

    assert walk.state(project_id) == "returned"
    walk.expect_actions(project_id, jiaowei_unit=["submit", "withdraw"])
    ok(api("jiaowei_unit").patch(f"/projects/{project_id}", {"amount": "600万"}))
    walk.to_review(project_id)
    walk.expect_actions(project_id, bdb=APPLICATION_REVIEW)
    walk.act("bdb", project_id, "review_pass")
    assert walk.state(project_id) == "listing"

    versions = ok(api("bdb").get(f"/projects/{project_id}/versions"))
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert versions[0]["changes"] == versions[1]["changes"] == []
    assert versions[2]["changes"] == [
        {"field": "项目投资估算（元）", "before": "8000000.00", "after": "6000000.00"}
    ]


@BEFORE_DEADLINE
def test_a_design_returned_by_the_bdb_goes_back_to_the_unit_and_comes_back(api, walk):
    project_id = walk.create()
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("bdb", project_id, "list")
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "fsr")
    walk.upload("jiaowei_unit", project_id, "budget")
    walk.act("jiaowei_unit", project_id, "submit_fsr_budget")

    walk.act("bdb", project_id, "design_return", comment="概算依据不足")
    assert walk.state(project_id) == "fsr_with_budget"
    walk.expect_actions(project_id, jiaowei_unit=["submit_fsr_budget", "withdraw_listed"])
    walk.upload("jiaowei_unit", project_id, "budget", name="概算（修改稿）.pdf")
    walk.act("jiaowei_unit", project_id, "submit_fsr_budget")
    walk.expect_actions(project_id, bdb=["design_pass", "design_return"])

    walk.act("bdb", project_id, "design_pass", comment="同意")
    walk.act("drc", project_id, "return_budget", comment="请调整硬件配置")
    assert walk.state(project_id) == "fsr_with_budget"
    walk.expect_actions(project_id, jiaowei_unit=["submit_fsr_budget", "withdraw_listed"])


@BEFORE_DEADLINE
def test_a_rejected_application_is_closed_for_everyone(api, walk):
    project_id = walk.create()
    walk.to_review(project_id)
    project = walk.act("bdb", project_id, "review_reject", comment="与区政务服务平台重复建设")
    assert project["state"] == {"code": "rejected", "label": "未通过"}
    walk.expect_actions(project_id)


@BEFORE_DEADLINE
def test_a_proposal_the_leading_group_turns_down_is_rejected(api, walk):
    project_id = walk.create(work_type="new")
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("lg_office", project_id, "lg_reject", comment="暂缓建设", **lg_meeting())
    assert walk.state(project_id) == "rejected"
    walk.expect_actions(project_id)


@BEFORE_DEADLINE
def test_a_unit_withdraws_its_draft(api, walk):
    project_id = walk.create()
    project = walk.act("jiaowei_unit", project_id, "withdraw", comment="需求已由市级平台满足")
    assert project["state"]["code"] == "withdrawn"
    walk.expect_actions(project_id)


URGENT = {
    "urgent": True, "urgent_body": "区政府常务会议", "urgent_on": "2026-11-18",
    "urgent_decision": "同意实施", "urgent_ref": "渝中府常〔2026〕30号",
}  # fmt: skip


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_an_urgent_new_project_is_listed_outside_the_call_without_the_leading_group(api, walk):
    project_id = walk.create(work_type="new", **URGENT)
    project = ok(api("jiaowei_unit").get(f"/projects/{project_id}"))
    assert "leading_group_review" not in [step["code"] for step in project["route"]]

    _through_review(walk, project_id)
    project = ok(api("bdb").get(f"/projects/{project_id}"))
    assert project["late"] is False  # 第十一条: listed at any time of year
    project = walk.act("bdb", project_id, "review_pass")
    assert project["state"]["code"] == "listing"
    walk.expect_actions(project_id, bdb=["list"])
    [passed] = [
        e for e in ok(api("bdb").get(f"/projects/{project_id}/history")) if e["action"] == "review_pass"
    ]
    assert passed["article"] == 11
    assert walk.act("bdb", project_id, "list")["list_code"] == "YZ-2027-0001"


@BEFORE_DEADLINE
def test_an_urgent_project_without_its_deliberation_cannot_be_submitted(api, walk):
    project_id = walk.create(urgent=True)
    [submit] = [
        a for a in ok(api("jiaowei_unit").get(f"/projects/{project_id}/actions")) if a["code"] == "submit"
    ]
    assert [b["article"] for b in submit["blocked"]] == [11]
    refused(api("jiaowei_unit").post(f"/projects/{project_id}/actions/submit"), 409, article=11)
