"""What an application must be before the district takes it up: in scope (第二条, R1.1), a
continuation naming its earlier project (第三条), one O&M application per system and year (第二十五条)."""

import pytest
import time_machine
from django.db import IntegrityError, transaction
from tests.fixtures.projects import FORM

from govit.projects import errors, intake, services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"  # 区教委's, 2026 list, delivered
PINNED = time_machine.travel("2027-03-10 10:00 +0800", tick=False)


def _pc_purchase() -> dict:
    """The application a new user tried: fifty office PCs as an O&M project."""
    return {**FORM, "name": "购置办公个人电脑50台", "work_type": "maintenance", "amount": "30万"}


@PINNED
def test_fifty_office_pcs_are_refused_with_article_2(new_project):
    with pytest.raises(errors.NotPossible) as refusal:
        new_project(**{**_pc_purchase(), "excluded_purchase": "pc"})
    assert refusal.value.article == 2 and refusal.value.field == "excluded_purchase"
    assert "购置办公使用的个人电脑不属于政务信息化项目" in refusal.value.detail
    assert not Project.objects.exists()


@PINNED
@pytest.mark.parametrize(
    "purchase", ["camera", "copier", "mobile_storage", "consumables", "off_the_shelf_software"]
)
def test_every_excluded_purchase_of_the_policy_is_refused(new_project, purchase):
    with pytest.raises(errors.NotPossible) as refusal:
        new_project(excluded_purchase=purchase)
    assert refusal.value.article == 2 and "不属于政务信息化项目" in refusal.value.detail


@PINNED
@pytest.mark.parametrize(
    ("answers", "field", "reason"),
    [
        ({"fiscal_funding": False}, "fiscal_funding", "未使用区级及以上财政资金投资"),
        ({"it_system": False}, "it_system", "不是支撑单位履行管理和服务职能的信息化系统"),
    ],
)
def test_no_fiscal_money_or_no_it_system_is_out_of_scope(new_project, answers, field, reason):
    with pytest.raises(errors.NotPossible) as refusal:
        new_project(**answers)
    assert (refusal.value.article, refusal.value.field) == (2, field)
    assert reason in refusal.value.detail


@PINNED
@pytest.mark.parametrize("question", ["fiscal_funding", "it_system", "excluded_purchase"])
def test_a_draft_may_wait_for_a_scope_answer_but_its_submission_may_not(demo, act, question):
    data = {k: v for k, v in FORM.items() if k != question}
    project = services.project_create(user=demo["jiaowei_unit"], application=services.Application(**data))
    with pytest.raises(errors.NotPossible) as refusal:
        act(project, "jiaowei_unit", "submit")
    assert refusal.value.article == 2 and "请回答第二条的适用范围问题" in refusal.value.detail


@PINNED
def test_an_unknown_purchase_code_is_refused(new_project):
    with pytest.raises(errors.NotPossible) as refusal:
        new_project(excluded_purchase="furniture")
    assert refusal.value.field == "excluded_purchase" and refusal.value.article == 2


@PINNED
def test_in_scope_answers_are_stored_for_the_reviewer(new_project):
    project = new_project()
    assert (project.fiscal_funding, project.it_system, project.excluded_purchase) == (True, True, "none")


@PINNED
def test_an_edit_that_puts_a_draft_out_of_scope_is_refused_and_changes_nothing(demo, new_project):
    project = new_project()
    with pytest.raises(errors.NotPossible) as refusal:
        services.project_update(
            project=project,
            user=demo["jiaowei_unit"],
            application=services.Application(excluded_purchase="copier"),
        )
    assert refusal.value.article == 2
    project.refresh_from_db()
    assert project.excluded_purchase == "none"


@PINNED
def test_submission_refuses_an_unanswered_draft_with_article_2(demo, new_project, act):
    project = new_project()
    Project.objects.filter(pk=project.pk).update(fiscal_funding=None)  # a draft from before the question
    with pytest.raises(errors.NotPossible) as refusal:
        act(project, "jiaowei_unit", "submit")
    assert refusal.value.article == 2 and "全部或部分使用区级及以上财政资金" in refusal.value.detail


def test_the_database_refuses_an_out_of_scope_answer(new_project):
    with time_machine.travel("2027-03-10 10:00 +0800", tick=False):
        project = new_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(excluded_purchase="pc")


# --- 第三条: continuations ------------------------------------------------------------------------


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


@PINNED
def test_a_continuation_without_its_earlier_project_may_be_saved_but_not_submitted(new_project, act):
    project = new_project(continues_outside="")
    assert project.continues is None and project.continues_outside == ""
    with pytest.raises(errors.NotPossible) as refusal:
        act(project, "jiaowei_unit", "submit")
    assert refusal.value.article == 3 and "续建项目须写明所续建的前期项目" in refusal.value.detail


@PINNED
def test_a_continuation_names_a_delivered_project_of_its_unit(new_project, act, delivered):
    project = new_project(continues_outside="", continues=delivered.pk)
    assert project.continues == delivered
    assert act(project, "jiaowei_unit", "submit").state == "unit_confirm"


@PINNED
def test_another_units_project_cannot_be_continued(new_project, delivered):
    with pytest.raises(errors.InvalidInput) as refusal:
        new_project("jfb_unit", continues_outside="", continues=delivered.pk)
    assert (refusal.value.article, refusal.value.field) == (3, "continues")


@PINNED
def test_an_unapproved_project_cannot_be_continued(new_project):
    draft = new_project(name="前期项目", year=2026)
    assert draft.state == "draft"
    with pytest.raises(errors.InvalidInput) as refusal:
        new_project(continues_outside="", continues=draft.pk)
    assert refusal.value.article == 3 and "（草稿的项目不能续建）" in refusal.value.detail


@PINNED
def test_a_project_of_the_same_year_cannot_be_continued(new_project, delivered):
    with pytest.raises(errors.InvalidInput) as refusal:
        new_project(continues_outside="", continues=delivered.pk, year=delivered.year)
    assert refusal.value.field == "continues"


@PINNED
def test_both_an_earlier_project_and_an_outside_one_are_refused(new_project, delivered):
    with pytest.raises(errors.InvalidInput) as refusal:
        new_project(continues=delivered.pk)
    assert refusal.value.detail == intake.BOTH_EARLIER


@PINNED
def test_a_project_that_is_not_a_continuation_keeps_no_earlier_project(new_project, delivered):
    project = new_project(work_type="new", continues=delivered.pk)
    assert project.continues is None and project.continues_outside == ""


def test_the_continuable_states_are_approved_up_to_delivered():
    assert intake.CONTINUABLE_STATES == {
        "approved", "construction", "trial_run", "compliance_review", "rectification",
        "final_acceptance", "final_filing", "delivered",
    }  # fmt: skip


# --- 第二十五条: one O&M application per system and year -------------------------------------------


def _om(system, **changes) -> dict:
    return {**FORM, "name": "食堂监管平台年度运维", "work_type": "maintenance", "amount": "30万",
            "maintains": system.pk, **changes}  # fmt: skip


@PINNED
def test_a_second_om_application_for_the_same_system_and_year_is_refused_naming_the_first(
    new_project, delivered
):
    system = delivered.built_system
    first = new_project(**_om(system, year=2028))
    with pytest.raises(errors.NotPossible) as refusal:
        new_project(**_om(system, year=2028, name="第二份运维申报"))
    assert (refusal.value.article, refusal.value.field) == (25, "maintains")
    assert f"“{first.name}”" in refusal.value.detail and "2028年度" in refusal.value.detail
    assert new_project(**_om(system, year=2029)).year == 2029  # the next year is free


@PINNED
def test_a_withdrawn_om_application_frees_its_year(new_project, act, delivered):
    system = delivered.built_system
    first = new_project(**_om(system, year=2028))
    act(first, "jiaowei_unit", "withdraw", comment="重复申报")
    second = new_project(**_om(system, year=2028, name="重新申报的运维"))
    assert second.maintains == system


def test_the_database_refuses_a_second_om_application_of_a_year(new_project, delivered):
    system = delivered.built_system
    with time_machine.travel("2027-03-10 10:00 +0800", tick=False):
        first = new_project(**_om(system, year=2028))
        other = new_project(**_om(system, year=2029, name="另一年度"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=other.pk).update(year=first.year)
