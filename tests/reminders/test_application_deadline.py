"""第九条: a draft of next year's call is reminded before the deadline (09-30 of the year before)."""

from datetime import date, timedelta

import pytest
from tests.reminders.conftest import at, people, sent

from govit.reminders.models import Kind, Reminder
from govit.reminders.selectors import next_call_year

pytestmark = pytest.mark.django_db


def _new_reminder_days(run, start: date, days: int) -> dict[str, set[int]]:
    found = {}
    for day in (start + timedelta(days=n) for n in range(days)):
        leads = {r.lead_days for r in run(day.isoformat()).created if r.kind == Kind.APPLICATION_DEADLINE}
        if leads:
            found[day.isoformat()] = leads
    return found


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 1, 1), 2027),
        (date(2026, 9, 30), 2027),
        (date(2026, 10, 1), 2028),
        (date(2026, 12, 31), 2028),
    ],
)
def test_the_next_call_is_the_one_whose_deadline_is_today_or_ahead(today, year):
    assert next_call_year(today) == year


def test_a_draft_for_2027_is_reminded_on_23_27_29_and_30_september_2026(new_project, run):
    with at("2026-09-15"):
        project = new_project()
    assert _new_reminder_days(run, date(2026, 9, 15), 30) == {
        "2026-09-23": {7},
        "2026-09-27": {3},
        "2026-09-29": {1},
        "2026-09-30": {0},
    }
    assert {name for name, _ in sent(lead_days=0)} == people("unit", "jiaowei")
    reminder = Reminder.objects.get(recipient__username="jiaowei_unit", lead_days=0)
    assert reminder.title == f"2027年度申报今日到期：《{project.name}》尚未报送"
    assert "2026-09-30 前（含当日）填报申报表（第九条）" in reminder.body
    assert reminder.subject == f"project:{project.pk}" and reminder.due == date(2026, 9, 30)


def test_a_submitted_application_is_not_reminded(new_project, act, run):
    with at("2026-09-15"):
        act(new_project(), "jiaowei_unit", "submit")
    assert _new_reminder_days(run, date(2026, 9, 20), 12) == {}


def test_a_draft_for_a_later_year_waits_for_its_own_call(new_project, run):
    with at("2026-09-15"):
        new_project(year=2028)
    assert run("2026-09-30").created == []
    assert {r.lead_days for r in run("2027-09-23").created} == {7}


def test_a_draft_past_its_deadline_is_not_reminded_of_it(new_project, run):
    with at("2026-09-15"):
        new_project()
    assert run("2026-10-01").created == []
