"""第五条: the BDB composes the year's plan from the year's listed projects and puts it to the leading
group, whose office records the deliberation and the key projects it designates; each version keeps
its figures; one approved version a year. The clock is pinned at 2026-09-15."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from tests.fixtures.projects import classify_rows
from tests.plans.conftest import MEETING, decision

from govit import clock
from govit.audit.models import AuditEvent
from govit.operation.models import Evaluation
from govit.plans import selectors, services
from govit.plans.models import KeyDesignation, YearPlan
from govit.projects import errors
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


def _lines(plan) -> dict[str, Decimal]:
    return {line.project.name: line.amount for line in plan.lines.select_related("project")}


def test_a_plan_holds_the_years_listed_projects_and_those_being_listed_only(demo, year_list, composed):
    plan = composed(note="依据2027年度项目清单编制。")
    assert (plan.year, plan.number, plan.state, plan.composed_by) == (2027, 1, "draft", demo["bdb"])
    assert _lines(plan) == {
        "区教委智慧教育平台": Decimal("8000000.00"), "区教委教育城域网运维": Decimal("1200000.00"),
        "解放碑网格化治理平台": Decimal("2600000.00"),
    }  # fmt: skip
    line = plan.lines.get(project=year_list["listing"])
    # 第十条: a project still being listed is counted in the channel its listing will give it.
    assert (line.list_code, line.funding_channel) == ("", "department_budget")


def test_its_totals_go_by_category_unit_and_funding_channel_with_each_units_evaluation(
    demo, year_list, composed
):
    Evaluation.objects.create(
        project=year_list["earlier"], by="unit", year=2026, operation=90, use=80, sharing=70, benefit=60,
        conclusion="良好", evaluated_on=date(2026, 9, 1), recorded_by=demo["jiaowei_unit"],
    )  # fmt: skip
    view = selectors.plan_view(demo["bdb"], composed(), selectors.channel_labels())
    assert (view.total.count, view.total.amount, view.withheld) == (3, Decimal("11800000.00"), 0)
    assert [(s.label, s.count, s.amount) for s in view.by_category] == [
        ("建设类", 2, Decimal("10600000.00")), ("运维类", 1, Decimal("1200000.00")),
    ]  # fmt: skip
    assert {s.label: s.amount for s in view.by_channel} == {
        "纳入区级投资项目": Decimal("10600000.00"), "从项目单位部门预算中列支": Decimal("1200000.00"),
    }  # fmt: skip
    units = {s.label: (s.count, s.amount, s.evaluation) for s in view.by_unit}
    assert units["区教委"] == (2, Decimal("9200000.00"), {"score": "75", "year": 2026, "by": "单位自评"})
    assert units["解放碑街道"] == (1, Decimal("2600000.00"), None)


def test_an_approved_version_keeps_its_figures_when_its_projects_change(demo, year_list, submitted):
    plan = submitted()
    services.plan_decide(user=demo["lg_office"], plan=plan, decision=decision(clock.today()))
    Project.objects.filter(pk=year_list["listed"].pk).update(amount=Decimal("9000000.00"), category="service")
    view = selectors.plan_view(demo["bdb"], plan, selectors.channel_labels())
    assert view.total.amount == Decimal("11800000.00")
    assert view.by_category[0].label == "建设类" and view.by_category[0].amount == Decimal("10600000.00")


@pytest.mark.parametrize(("year", "allowed"), [(2025, False), (2026, True), (2027, True), (2028, False)])
def test_a_plan_is_of_this_year_or_the_next(demo, year_list, year, allowed):
    if allowed:  # this year's: an adjustment; the next's: 第九条's 下一年度
        assert services.plan_compose(user=demo["bdb"], year=year).year == year
        return
    with pytest.raises(errors.InvalidInput) as refused:
        services.plan_compose(user=demo["bdb"], year=year)
    assert refused.value.field == "year" and "2026年或2027年" in refused.value.detail


def test_a_year_without_listed_projects_has_no_plan(demo, before_deadline):
    with pytest.raises(errors.NotPossible) as refused:
        services.plan_compose(user=demo["bdb"], year=2027)
    assert refused.value.article == 5


@pytest.mark.parametrize(
    "username", ["lg_office", "drc", "finance", "audit", "cac", "jiaowei_unit", "expert1"]
)
def test_only_the_bdb_composes_and_submits(demo, composed, username):
    with pytest.raises(errors.NotPermitted) as refused:
        services.plan_compose(user=demo[username], year=2027)
    assert refused.value.article == 5
    with pytest.raises(errors.NotPermitted):
        services.plan_submit(user=demo[username], plan=composed())


@pytest.mark.parametrize("username", ["bdb", "drc", "finance", "audit", "cac", "jiaowei_unit", "expert1"])
def test_only_the_leading_groups_office_records_its_decision_and_key_projects(
    demo, submitted, year_list, username
):
    plan = submitted()
    with pytest.raises(errors.NotPermitted):
        services.plan_decide(user=demo[username], plan=plan, decision=decision(clock.today()))
    meeting = services.Meeting(MEETING["meeting"], clock.today(), MEETING["minutes_ref"])
    with pytest.raises(errors.NotPermitted):
        services.key_designate(user=demo[username], project=year_list["listed"], meeting=meeting)


def test_approval_designates_the_key_projects_and_marks_them(demo, year_list, submitted):
    plan = submitted()
    assert plan.state == "submitted" and plan.submitted_at == clock.now()
    listed = year_list["listed"]
    recorded = services.plan_decide(
        user=demo["lg_office"], plan=plan, decision=decision(clock.today(), keys=[listed.pk])
    )
    plan.refresh_from_db()
    assert (plan.state, recorded.decision, recorded.minutes_ref) == (
        "approved",
        "approved",
        "渝中云长办〔2026〕4号",
    )
    assert list(Project.objects.filter(key_project=True)) == [listed]
    designation = KeyDesignation.objects.get()
    assert (designation.plan, designation.decision, designation.designated_by) == (
        plan,
        recorded,
        demo["lg_office"],
    )
    event = listed.events.get(action="key_designate")
    assert (event.label, event.article, event.inputs["plan"]) == ("确定为重点建设项目", 5, plan.pk)
    audited = AuditEvent.objects.filter(target_model="plans.yearplan", action__startswith="plan_").order_by(
        "seq"
    )
    assert [(e.action, e.detail["article"]) for e in audited] == [
        ("plan_compose", 5), ("plan_submit", 5), ("plan_decide", 5),
    ]  # fmt: skip
    assert sorted(audited[0].detail["lines"])[0] == [year_list["listed"].pk, "8000000.00"]
    # The generic capture has the rows themselves: the version, the decision, the designation.
    captured = set(AuditEvent.objects.filter(kind="create").values_list("target_model", flat=True))
    assert {"plans.yearplan", "plans.plandecision", "plans.keydesignation"} <= captured


def test_a_new_approval_supersedes_the_approved_version(demo, year_list, submitted):
    first = submitted()
    services.plan_decide(user=demo["lg_office"], plan=first, decision=decision(clock.today()))
    second = services.plan_submit(user=demo["bdb"], plan=services.plan_compose(user=demo["bdb"], year=2027))
    first.refresh_from_db()
    assert (second.number, first.state) == (2, "approved")  # current until the new one is approved
    services.plan_decide(user=demo["lg_office"], plan=second, decision=decision(clock.today()))
    first.refresh_from_db()
    assert (first.state, selectors.current_approved(2027)) == ("superseded", second)


def test_a_returned_version_stays_returned_and_a_new_draft_supersedes_the_old(demo, submitted, composed):
    plan = submitted()
    with pytest.raises(errors.InvalidInput) as refused:
        services.plan_decide(user=demo["lg_office"], plan=plan, decision=decision(clock.today(), "returned"))
    assert refused.value.field == "comment"
    services.plan_decide(
        user=demo["lg_office"],
        plan=plan,
        decision=decision(clock.today(), "returned", comment="请补充绩效评价结果运用。"),
    )
    draft = composed()
    newer = composed()
    states = dict(YearPlan.objects.values_list("number", "state"))
    assert (draft.number, newer.number, states) == (2, 3, {1: "returned", 2: "superseded", 3: "draft"})


def test_no_new_version_while_one_is_before_the_leading_group(demo, submitted, composed):
    plan = submitted()
    with pytest.raises(errors.NotPossible) as refused:
        composed()
    assert refused.value.article == 5 and "第1版" in refused.value.detail
    with pytest.raises(errors.NotPossible):
        services.plan_submit(user=demo["bdb"], plan=plan)


def test_only_a_submitted_version_is_decided_and_only_once(demo, composed):
    draft = composed()
    with pytest.raises(errors.NotPossible):
        services.plan_decide(user=demo["lg_office"], plan=draft, decision=decision(clock.today()))
    services.plan_submit(user=demo["bdb"], plan=draft)
    services.plan_decide(user=demo["lg_office"], plan=draft, decision=decision(clock.today()))
    with pytest.raises(errors.NotPossible):
        services.plan_decide(user=demo["lg_office"], plan=draft, decision=decision(clock.today()))


@pytest.mark.parametrize(("days", "field"), [(-1, "meeting_on"), (0, None), (1, "meeting_on")])
def test_the_meeting_is_on_the_day_of_submission_or_after_and_not_after_today(demo, submitted, days, field):
    plan = submitted()  # submitted today, 2026-09-15
    on = clock.today() + timedelta(days=days)
    if field is None:
        assert services.plan_decide(user=demo["lg_office"], plan=plan, decision=decision(on)).meeting_on == on
        return
    with pytest.raises(errors.InvalidInput) as refused:
        services.plan_decide(user=demo["lg_office"], plan=plan, decision=decision(on))
    assert refused.value.field == field


def test_key_projects_are_lines_of_the_plan_and_only_with_an_approval(demo, year_list, submitted):
    plan = submitted()
    for given, kind in (
        (decision(clock.today(), keys=[year_list["unlisted"].pk]), "keys"),
        (decision(clock.today(), "returned", keys=[year_list["listed"].pk], comment="改"), "keys"),
    ):
        with pytest.raises(errors.InvalidInput) as refused:
            services.plan_decide(user=demo["lg_office"], plan=plan, decision=given)
        assert refused.value.field == kind
    assert not Project.objects.filter(key_project=True).exists()


def test_a_key_project_of_another_meeting_is_any_listed_project_once(demo, year_list):
    meeting = services.Meeting("区云长制领导小组2026年第2次会议", clock.today(), "渝中云长办〔2026〕2号")
    earlier = year_list["earlier"]
    designation = services.key_designate(user=demo["lg_office"], project=earlier, meeting=meeting)
    assert designation.plan is None and Project.objects.get(pk=earlier.pk).key_project
    with pytest.raises(errors.NotPossible) as again:
        services.key_designate(user=demo["lg_office"], project=earlier, meeting=meeting)
    assert "渝中云长办〔2026〕2号" in again.value.detail
    with pytest.raises(errors.NotPossible) as unlisted:
        services.key_designate(user=demo["lg_office"], project=year_list["unlisted"], meeting=meeting)
    assert unlisted.value.article == 5
    tomorrow = services.Meeting(meeting.meeting, clock.today() + timedelta(days=1), meeting.minutes_ref)
    with pytest.raises(errors.InvalidInput):
        services.key_designate(user=demo["lg_office"], project=year_list["listed"], meeting=tomorrow)


def test_classified_projects_are_counted_never_listed_nor_designated(demo, year_list, composed):
    classify_rows(Project.objects.filter(pk=year_list["jfb"].pk))
    plan = composed()
    assert (plan.classified, plan.lines.count()) == (1, 2)
    meeting = services.Meeting(MEETING["meeting"], clock.today(), MEETING["minutes_ref"])
    with pytest.raises(errors.Classified):
        services.key_designate(
            user=demo["lg_office"], project=Project.objects.get(pk=year_list["jfb"].pk), meeting=meeting
        )


def test_a_project_classified_after_composing_is_withheld_from_those_not_cleared(demo, year_list, composed):
    plan = composed()
    classify_rows(Project.objects.filter(pk=year_list["jfb"].pk))
    view = selectors.plan_view(demo["drc"], plan, selectors.channel_labels())
    assert (view.total.count, view.total.amount, view.withheld) == (2, Decimal("9200000.00"), 1)
    assert "解放碑街道" not in {s.label for s in view.by_unit}


def test_the_database_keeps_one_approved_and_one_open_version_a_year(demo, composed):
    plan = composed()
    with transaction.atomic(), pytest.raises(IntegrityError):
        YearPlan.objects.create(year=2027, number=2, composed_by=demo["bdb"])
    YearPlan.objects.filter(pk=plan.pk).update(state="approved")
    with transaction.atomic(), pytest.raises(IntegrityError):
        YearPlan.objects.create(year=2027, number=3, state="approved", composed_by=demo["bdb"])
