"""Dates tell what happened, in order (govit.policy.chronology), through the engine, the services
and the API: each refusal at its boundary — the same day allowed, a day earlier refused; today
allowed, tomorrow refused; nothing before 1950; never a 500."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from govit import clock
from govit.approvals import selectors as approvals_selectors
from govit.funds import services as funds_services
from govit.projects import chronology, errors, services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project
from govit.workflow import engine

pytestmark = pytest.mark.django_db

BUILDING = "渝中区教育资源公共服务平台"  # the demo's project under construction
DAY = timedelta(days=1)


@pytest.fixture
def building(demo):
    demo_projects_load({BUILDING})
    return Project.objects.get(name=BUILDING)


def _accept(demo, project, accepted_on: date, trial_started_on: date):
    return engine.perform(
        project=project, user=demo["jiaowei_unit"], code="initial_acceptance",
        inputs={"accepted_on": accepted_on.isoformat(), "trial_started_on": trial_started_on.isoformat()},
    )  # fmt: skip


def _date_refusal(call) -> errors.InvalidInput | None:
    """The date refusal of `call`, or None when its dates passed (another rule may still stop it)."""
    try:
        call()
    except errors.InvalidInput as error:
        return error
    except errors.NotPossible:
        return None
    return None


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
def test_the_initial_acceptance_is_not_before_building_started_nor_after_today(demo, building):
    started = chronology.recorded_dates(building)["construction_started"][0]
    refused = _date_refusal(lambda: _accept(demo, building, started - DAY, started))
    assert (refused.field, refused.article) == ("accepted_on", 23)
    assert (
        refused.detail
        == f"初验日期 {(started - DAY).isoformat()} 早于开工日期 {started.isoformat()}（第二十三条）"
    )
    assert _date_refusal(lambda: _accept(demo, building, started, started)) is None
    assert _date_refusal(lambda: _accept(demo, building, clock.today(), clock.today())) is None
    tomorrow = clock.today() + DAY
    refused = _date_refusal(lambda: _accept(demo, building, tomorrow, tomorrow))
    assert (refused.field, refused.detail, refused.article) == ("accepted_on", "初验日期不能晚于今天。", 23)


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
def test_a_trial_run_does_not_start_before_its_initial_acceptance(demo, building):
    # The bypass of 第二十三条: a trial run started 2025-01-01, before everything else.
    accepted = clock.today() - timedelta(days=30)
    refused = _date_refusal(lambda: _accept(demo, building, accepted, date(2025, 1, 1)))
    assert (refused.field, refused.article) == ("trial_started_on", 23)
    assert refused.detail == f"试运行开始日期 2025-01-01 早于初验日期 {accepted.isoformat()}（第二十三条）"
    refused = _date_refusal(lambda: _accept(demo, building, accepted, accepted - DAY))
    assert refused.field == "trial_started_on"
    assert _date_refusal(lambda: _accept(demo, building, accepted, accepted)) is None
    assert Project.objects.get(pk=building.pk).state == "construction"


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
def test_a_payment_is_neither_before_the_budget_approval_nor_in_the_future(demo, building):
    approval = approvals_selectors.current_approval(building)
    approved_on = approval.approved_on or timezone.localdate(approval.recorded_at)

    def pay(day):
        return funds_services.disbursement_record(
            project=building,
            user=demo["finance"],
            paid_on=day,
            amount=Decimal(1),
            purpose="进度款",
            voucher="PZ",
        )

    with pytest.raises(errors.InvalidInput) as info:
        pay(approved_on - DAY)
    assert (info.value.field, info.value.article) == ("paid_on", 22)
    assert f"早于概（预）算批复日期 {approved_on.isoformat()}（第二十二条）" in info.value.detail
    assert pay(approved_on).paid_on == approved_on
    assert pay(clock.today()).paid_on == clock.today()
    for day in (clock.today() + DAY, date(2099, 1, 1)):
        with pytest.raises(errors.InvalidInput) as info:
            pay(day)
        assert (info.value.field, info.value.detail) == ("paid_on", "拨付日期不能晚于今天。")


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
@pytest.mark.parametrize(
    ("form_date", "refusal"),
    [
        ("0001-01-01", "填表日期 0001-01-01 早于 1950-01-01，请核对日期。"),
        ("1949-12-31", "填表日期 1949-12-31 早于 1950-01-01，请核对日期。"),
        ("1950-01-01", None),
        ("2027-03-10", None),
        ("2027-03-11", "填表日期不能晚于今天。"),
    ],
)
def test_a_form_date_lies_between_1950_and_today(demo, new_project, form_date, refusal):
    if refusal is None:
        assert new_project(form_date=form_date).form_date == date.fromisoformat(form_date)
        return
    with pytest.raises(errors.InvalidInput) as info:
        new_project(form_date=form_date)
    assert (info.value.field, info.value.detail) == ("form_date", refusal)


@time_machine.travel("2026-09-15 10:00 +0800", tick=False)
def test_the_leading_group_meets_after_the_application_reached_the_bdb_and_not_in_the_future(
    demo, new_project, act
):
    project = act(act(new_project(work_type="new"), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    project = act(project, "bdb", "review_pass")
    meeting = {"meeting": "区云长制领导小组2026年第3次会议", "minutes_ref": "渝中云长办〔2026〕3号"}
    with pytest.raises(errors.InvalidInput) as info:
        act(project, "lg_office", "lg_approve", meeting_on="2026-09-16", **meeting)
    assert (info.value.field, info.value.detail, info.value.article) == (
        "meeting_on",
        "会议日期不能晚于今天。",
        9,
    )
    with pytest.raises(errors.InvalidInput) as info:
        act(project, "lg_office", "lg_approve", meeting_on="2026-09-14", **meeting)
    assert info.value.detail == "领导小组会议日期 2026-09-14 早于报送区大数据发展局日期 2026-09-15（第九条）"
    assert act(project, "lg_office", "lg_approve", meeting_on="2026-09-15", **meeting).state == "listing"


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
def test_the_api_answers_a_date_slip_with_422_naming_the_field(demo):
    project = services.project_create(
        user=demo["jiaowei_unit"],
        application=services.Application(name="测试项目", amount="50万", work_type="continuation"),
    )
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": "jiaowei_unit", "password": "GovIT-Demo-2026"},
        content_type="application/json",
    ).json()["token"]
    response = client.patch(
        f"/api/v1/projects/{project.pk}", {"form_date": "0001-01-01"}, content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["field"] == "form_date" and "1950-01-01" in response.json()["detail"]


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
def test_a_date_field_offers_1950_to_today_in_the_browser():
    from govit.front.fields import DateInput

    html = DateInput().render("paid_on", None)
    assert 'type="date"' in html and 'min="1950-01-01"' in html and 'max="2027-03-10"' in html
