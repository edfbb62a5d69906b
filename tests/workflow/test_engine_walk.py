"""Walking each path of `govit policy route` through the engine, to the approval that releases it."""

import pytest
import time_machine
from tests.fixtures.projects import upload
from tests.rules import YUZHONG

from govit import clock
from govit.approvals.models import Approval
from govit.policy import route
from govit.projects import services
from govit.projects.errors import NotPossible
from govit.projects.models import Project, ProjectEvent

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = time_machine.travel("2026-09-15 10:00 +0800", tick=False)


def _approval_inputs(project, drc, with_lines=True, total="800万"):
    doc = upload(project, drc, "approval")
    inputs = {
        "document_number": "渝中发改投〔2026〕123号",
        "approved_on": clock.today().isoformat(),
        "approved_total": total,
        "approval_document": doc,
    }
    if with_lines:
        inputs |= {"approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万"}
    return inputs


@BEFORE_DEADLINE
def test_a_continuation_within_the_limit_follows_the_combined_path(demo, new_project, act, to_listing):
    project = to_listing(new_project(amount="1000万"))
    assert project.state == "listing"
    project = act(project, "bdb", "list")
    assert project.state == "fsr_with_budget"
    assert project.list_code == "YZ-2027-0001"
    assert project.funding_channel == "district_investment"
    services.preparer_set(
        project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
        qualification="电子通信广电行业甲级", contact="马俊杰 13700000000",
    )  # fmt: skip
    upload(project, demo["jiaowei_unit"], "fsr")
    upload(project, demo["jiaowei_unit"], "budget")
    project = act(project, "jiaowei_unit", "submit_fsr_budget")
    project = act(project, "bdb", "design_pass", comment="同意")
    assert project.state == "fsr_budget_approval"
    project = act(project, "drc", "approve_budget", **_approval_inputs(project, demo["drc"]))
    assert project.state == "approved"
    approval = Approval.objects.get(project=project)
    assert approval.kind == "fsr_budget"
    assert str(approval.approved_software) == "5000000.00"
    expected = route(policy=YUZHONG, category="construction", amount=project.amount).step_codes
    assert expected[-3:] == ["fsr_with_budget", "design_review", "fsr_budget_approval"]


@BEFORE_DEADLINE
def test_a_new_project_above_the_limit_goes_through_the_leading_group_and_two_approvals(
    demo, new_project, act, to_listing
):
    project = new_project(work_type="new", amount="1200万")
    assert project.path == "separate"
    project = to_listing(project)
    assert project.lg_decisions.get().approved
    project = act(project, "bdb", "list")
    assert project.state == "fsr"
    services.preparer_set(
        project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
        qualification="甲级", contact="",
    )  # fmt: skip
    upload(project, demo["jiaowei_unit"], "fsr")
    project = act(project, "jiaowei_unit", "submit_fsr")
    project = act(
        project,
        "drc",
        "approve_fsr",
        **_approval_inputs(project, demo["drc"], with_lines=False, total="1200万"),
    )
    assert project.state == "preliminary_design"
    upload(project, demo["jiaowei_unit"], "design")
    upload(project, demo["jiaowei_unit"], "budget")
    project = act(project, "jiaowei_unit", "submit_design")
    project = act(project, "bdb", "design_pass", comment="同意")
    project = act(project, "drc", "approve_budget", **_approval_inputs(project, demo["drc"]))
    assert project.state == "approved"
    moves = [
        (e.from_state, e.to_state) for e in ProjectEvent.objects.filter(project=project) if e.is_transition
    ]
    assert [to for _, to in moves] == [
        "unit_confirm", "list_review", "leading_group_review", "listing", "fsr", "fsr_approval",
        "preliminary_design", "design_review", "design_budget_approval", "approved",
    ]  # fmt: skip


def test_a_draft_cannot_be_listed_by_anyone(demo, new_project, act):
    project = new_project()
    with pytest.raises(NotPossible):
        act(project, "bdb", "list")
    assert Project.objects.get(pk=project.pk).state == "draft"


@BEFORE_DEADLINE
def test_the_drc_may_refuse_to_approve_and_the_project_is_closed(demo, new_project, act, to_listing):
    project = act(to_listing(new_project(work_type="new", amount="1200万")), "bdb", "list")
    services.preparer_set(
        project=project,
        user=demo["jiaowei_unit"],
        preparer=demo.org("shancheng_design"),
        qualification="甲级",
        contact="",
    )
    upload(project, demo["jiaowei_unit"], "fsr")
    project = act(project, "jiaowei_unit", "submit_fsr")
    project = act(project, "drc", "reject_scheme", comment="建设内容与区教育云平台重复")
    assert project.state == "rejected"
    assert project.list_code  # it stays on the list, closed, with its history


@BEFORE_DEADLINE
def test_a_unit_may_give_up_a_listed_project_while_the_next_step_is_its_own(new_project, act, to_listing):
    project = act(to_listing(new_project()), "bdb", "list")
    assert act(project, "jiaowei_unit", "withdraw_listed", comment="并入区级统建项目").state == "withdrawn"


@BEFORE_DEADLINE
def test_the_leading_group_may_send_a_proposal_back_for_revision(new_project, act):
    project = act(act(new_project(work_type="new"), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    project = act(project, "bdb", "review_pass")
    project = act(
        project, "lg_office", "lg_return", meeting="区云长制领导小组2026年第3次会议", meeting_on=clock.today().isoformat(),
        minutes_ref="渝中云长办〔2026〕3号", comment="请论证与区教育云平台的整合",
    )  # fmt: skip
    assert project.state == "returned"
    assert act(project, "jiaowei_unit", "submit").state == "unit_confirm"
