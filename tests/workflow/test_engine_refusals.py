"""Every refusal of the engine: wrong role, wrong unit, wrong state, 第十二条, a missing document or
record, invalid input, a stale version — each with its reason and article."""

import pytest
from tests.fixtures.projects import upload

from govit import clock
from govit.experts import services as experts_services
from govit.projects import errors, services
from govit.projects.models import Project, ProjectEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def _refused(exc_type, call, *, article=None, field=None, message=None):
    with pytest.raises(exc_type) as info:
        call()
    if article is not None:
        assert info.value.article == article, info.value.detail
    if field is not None:
        assert info.value.field == field
    if message is not None:
        assert message in info.value.detail
    return info.value


def test_it_refuses_a_unit_leader_submitting_instead_of_the_unit(new_project, act):
    project = new_project()
    error = _refused(errors.NotPermitted, lambda: act(project, "jiaowei_leader", "submit"))
    assert "项目单位经办人" in error.detail


def test_it_refuses_another_units_person(new_project, act):
    project = new_project()
    _refused(errors.NotPermitted, lambda: act(project, "jfb_unit", "submit"), message=errors.NOT_YOUR_UNIT)


def test_it_refuses_the_bdb_reviewing_a_draft(new_project, act):
    project = new_project()
    _refused(errors.NotPossible, lambda: act(project, "bdb", "review_pass"), message="草稿")


def test_it_refuses_an_unknown_action(new_project, act):
    _refused(errors.NotPossible, lambda: act(new_project(), "bdb", "demolish"), message="demolish")


@pytest.mark.parametrize("code", ["submit_fsr_budget", "submit_design", "approve_budget", "record_budget"])
def test_it_refuses_every_later_step_of_an_unlisted_project_citing_article_12(
    new_project, act, to_listing, code
):
    project = to_listing(new_project())
    assert project.state == "listing" and project.list_code is None
    actor = {
        "submit_fsr_budget": "jiaowei_unit",
        "submit_design": "jiaowei_unit",
        "approve_budget": "drc",
        "record_budget": "jiaowei_unit",
    }[code]
    error = _refused(errors.NotPossible, lambda: act(project, actor, code), article=12)
    assert "清单" in error.detail


def test_the_database_itself_refuses_a_listed_state_without_a_list_code(new_project):
    from django.db import IntegrityError, transaction

    project = new_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(state="fsr_with_budget")


def test_it_refuses_an_incomplete_application_naming_the_missing_fields(new_project, act):
    project = new_project(summary="", leader_phone="")
    error = _refused(errors.NotPossible, lambda: act(project, "jiaowei_unit", "submit"), article=9)
    assert "项目内容简介" in error.detail and "项目负责人联系电话" in error.detail


def test_it_refuses_a_new_project_without_its_proposal(demo, act):
    from tests.fixtures.projects import FORM

    project = services.project_create(
        user=demo["jiaowei_unit"], application=services.Application(**{**FORM, "work_type": "new"})
    )
    error = _refused(errors.NotPossible, lambda: act(project, "jiaowei_unit", "submit"), article=9)
    assert "项目建议书" in error.detail and "第一章" in error.detail


def test_it_refuses_an_urgent_project_without_its_deliberation(new_project, act):
    project = new_project(urgent=True)
    _refused(errors.NotPossible, lambda: act(project, "jiaowei_unit", "submit"), article=11)


def test_an_urgent_new_project_skips_the_leading_group(new_project, act):
    project = new_project(
        work_type="new", urgent=True, urgent_body="区政府常务会议", urgent_on="2026-09-01",
        urgent_decision="同意实施", urgent_ref="区政府第12次常务会议纪要",
    )  # fmt: skip
    project = act(project, "jiaowei_unit", "submit")
    project = act(project, "jiaowei_leader", "confirm")
    project = act(project, "bdb", "review_pass")
    assert project.state == "listing"
    assert ProjectEvent.objects.filter(project=project, action="review_pass").get().article == 11


def test_it_refuses_to_submit_the_design_without_the_documents(demo, new_project, act, to_listing):
    project = act(to_listing(new_project(work_type="service_purchase", amount="300万")), "bdb", "list")
    services.preparer_set(
        project=project,
        user=demo["jiaowei_unit"],
        preparer=demo.org("shancheng_design"),
        qualification="甲级",
        contact="",
    )
    upload(project, demo["jiaowei_unit"], "design")
    error = _refused(errors.NotPossible, lambda: act(project, "jiaowei_unit", "submit_design"), article=13)
    assert "概（预）算方案" in error.detail


def test_it_refuses_to_submit_the_design_before_a_preparer_is_recorded(demo, new_project, act, to_listing):
    project = act(to_listing(new_project(work_type="service_purchase", amount="300万")), "bdb", "list")
    upload(project, demo["jiaowei_unit"], "design")
    upload(project, demo["jiaowei_unit"], "budget")
    _refused(
        errors.NotPossible,
        lambda: act(project, "jiaowei_unit", "submit_design"),
        article=13,
        message="第三方",
    )


def _to_budget_approval(demo, act, to_listing, project):
    project = act(to_listing(project), "bdb", "list")
    services.preparer_set(
        project=project,
        user=demo["jiaowei_unit"],
        preparer=demo.org("shancheng_design"),
        qualification="甲级",
        contact="",
    )
    upload(project, demo["jiaowei_unit"], "fsr")
    upload(project, demo["jiaowei_unit"], "budget")
    project = act(project, "jiaowei_unit", "submit_fsr_budget")
    return act(project, "bdb", "design_pass", comment="同意")


def _approval(project, demo, **changes):
    inputs = {
        "document_number": "渝中发改投〔2026〕7号", "approved_on": clock.today().isoformat(), "approved_total": "800万",
        "approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万",
        "approval_document": upload(project, demo["drc"], "approval"),
    }  # fmt: skip
    return inputs | changes


def test_it_refuses_the_approval_of_a_project_with_civil_works_until_the_four_approvals_are_in(
    demo, new_project, act, to_listing
):
    project = _to_budget_approval(demo, act, to_listing, new_project(civil_works=True))
    error = _refused(
        errors.NotPossible,
        lambda: act(project, "drc", "approve_budget", **_approval(project, demo)),
        article=14,
    )
    assert "节能评估" in error.detail and "环境影响评价" in error.detail
    for kind in ("energy_assessment", "site_selection", "land_pre_review", "eia"):
        upload(project, demo["jiaowei_unit"], kind)
    assert act(project, "drc", "approve_budget", **_approval(project, demo)).state == "approved"


def test_it_refuses_budget_lines_that_do_not_add_up(demo, new_project, act, to_listing):
    project = _to_budget_approval(demo, act, to_listing, new_project())
    inputs = _approval(project, demo, approved_other="100.01万")
    _refused(
        errors.NotPossible,
        lambda: act(project, "drc", "approve_budget", **inputs),
        article=13,
        message="之和",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"approved_on": "2026-13-01"}, "approved_on"),
        ({"approved_total": "八百万"}, "approved_total"),
        ({"approved_total": "-1"}, "approved_total"),
        ({"document_number": ""}, "document_number"),
        ({"approval_document": "999999"}, "approval_document"),
    ],
)
def test_it_refuses_invalid_input_naming_the_field(demo, new_project, act, to_listing, changes, field):
    project = _to_budget_approval(demo, act, to_listing, new_project())
    inputs = _approval(project, demo, **changes)
    _refused(errors.InvalidInput, lambda: act(project, "drc", "approve_budget", **inputs), field=field)
    assert Project.objects.get(pk=project.pk).state == "fsr_budget_approval"


def test_it_refuses_a_return_without_a_comment(new_project, act):
    project = act(act(new_project(), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    _refused(errors.InvalidInput, lambda: act(project, "bdb", "review_return"), field="comment")


def test_it_waits_for_every_assigned_expert_before_the_bdb_concludes(
    demo, new_project, act, to_listing, experts
):
    project = act(to_listing(new_project(work_type="service_purchase", amount="300万")), "bdb", "list")
    services.preparer_set(
        project=project,
        user=demo["jiaowei_unit"],
        preparer=demo.org("shancheng_design"),
        qualification="甲级",
        contact="",
    )
    upload(project, demo["jiaowei_unit"], "design")
    upload(project, demo["jiaowei_unit"], "budget")
    project = act(project, "jiaowei_unit", "submit_design")
    review = experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    error = _refused(
        errors.NotPossible, lambda: act(project, "bdb", "design_pass", comment="同意"), article=15
    )
    assert demo["expert1"].name in error.detail
    experts_services.expert_review_submit(
        review=review, user=demo["expert1"], opinion="方案可行", conclusion="pass"
    )
    _refused(errors.NotPossible, lambda: act(project, "bdb", "design_pass", comment="同意"), article=15)
    experts_services.review_conclude(
        project=project, user=demo["bdb"], conclusion="pass", opinion="专家组同意", concluded_on=clock.today()
    )
    assert act(project, "bdb", "design_pass", comment="同意").state == "budget_order87"


def test_it_refuses_a_stale_version(demo, new_project):
    from govit.workflow import engine

    project = new_project()
    stale = project.version
    services.project_update(
        project=project, user=demo["jiaowei_unit"], application=services.Application(summary="改")
    )
    with pytest.raises(errors.Conflict):
        engine.perform(project=project, user=demo["jiaowei_unit"], code="submit", inputs={}, version=stale)
    assert Project.objects.get(pk=project.pk).state == "draft"


def test_a_refusal_changes_nothing_and_records_nothing(new_project, act):
    project = new_project(summary="")
    before = ProjectEvent.objects.filter(project=project).count()
    _refused(errors.NotPossible, lambda: act(project, "jiaowei_unit", "submit"))
    assert ProjectEvent.objects.filter(project=project).count() == before
    assert Project.objects.get(pk=project.pk).version == project.version
