"""第十九条's periodic assessments and 第二十六条's yearly self-evaluation fall due and are reminded."""

from datetime import date

import pytest
import time_machine

from govit.operation import services as operation_services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project
from govit.reminders.models import Reminder
from govit.reminders.services import reminders_send

pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"  # delivered in 2026 by the demo


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


def _record(project, demo, done_on):
    return operation_services.security_assessment_record(
        project=project, user=demo["jiaowei_unit"],
        kind="mlps", level=3, done_on=done_on, agency="重庆信息安全测评中心", result="pass",
    )  # fmt: skip


def _kinds_for(username, kind):
    return sorted(
        Reminder.objects.filter(recipient__username=username, kind=kind).values_list("lead_days", flat=True)
    )


def test_the_next_assessment_is_reminded_before_and_on_its_day_and_then_to_the_cac(demo, delivered):
    _record(delivered, demo, date(2026, 8, 31))  # next due 2027-08-31
    for day in ("2027-08-23", "2027-08-24", "2027-08-28", "2027-08-30", "2027-08-31", "2027-09-01"):
        reminders_send(today=date.fromisoformat(day))
    assert _kinds_for("jiaowei_unit", "security_assessment") == [-1, 0, 1, 3, 7]
    assert _kinds_for("cac", "security_assessment") == [-1]


def test_a_newer_assessment_replaces_the_due_date_of_the_older(demo, delivered):
    _record(delivered, demo, date(2026, 8, 31))
    with time_machine.travel("2027-08-02 10:00 +0800", tick=False):  # recorded after it was done
        _record(delivered, demo, date(2027, 8, 1))  # next due 2028-08-01
    reminders_send(today=date(2027, 8, 31))
    assert not Reminder.objects.filter(kind="security_assessment").exists()


def test_the_yearly_self_evaluation_is_reminded_until_it_is_done(demo, delivered):
    reminders_send(today=date(2027, 3, 24))
    assert _kinds_for("jiaowei_unit", "evaluation") == [7]
    with time_machine.travel("2027-03-25 10:00 +0800", tick=False):
        operation_services.evaluation_record(
            project=delivered, user=demo["jiaowei_unit"],
            year=2026, operation=90, use=85, sharing=70, benefit=80, conclusion="良好", evaluated_on=date(2027, 3, 25),
        )  # fmt: skip
    reminders_send(today=date(2027, 3, 28))
    assert _kinds_for("jiaowei_unit", "evaluation") == [7]
