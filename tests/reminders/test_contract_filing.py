"""第十六条第二款: a contract's filing is reminded 7, 3, 1 days before and on the due day, and once
when it is overdue (to the unit and the BDB); never after it is filed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from tests.reminders.conftest import at, people, sent

from govit.construction import services as construction_services
from govit.reminders.models import Kind, Reminder

pytestmark = pytest.mark.django_db

DAYS = [date(2026, 10, 1) + timedelta(days=n) for n in range(25)]


def _days_with_new_reminders(run, kind=Kind.CONTRACT_FILING) -> dict[str, set[int]]:
    found = {}
    for day in DAYS:
        result = run(day.isoformat())
        leads = {r.lead_days for r in result.created if r.kind == kind}
        if leads:
            found[day.isoformat()] = leads
    return found


def test_a_contract_signed_on_30_september_is_reminded_on_the_four_days_and_once_when_overdue(
    approved, sign, run
):
    contract = sign(approved)
    assert contract.filing_due == date(2026, 10, 15)
    assert _days_with_new_reminders(run) == {
        "2026-10-08": {7},
        "2026-10-12": {3},
        "2026-10-14": {1},
        "2026-10-15": {0},
        "2026-10-16": {-1},
    }


def test_the_reminders_before_the_due_day_go_to_the_unit_and_the_overdue_notice_also_to_the_bdb(
    approved, sign, run
):
    sign(approved)
    unit, bdb = people("unit", "jiaowei"), people("bdb")
    run("2026-10-15")
    assert {name for name, _ in sent(kind=Kind.CONTRACT_FILING, lead_days=0)} == unit
    run("2026-10-16")
    assert {name for name, _ in sent(kind=Kind.CONTRACT_FILING, lead_days=-1)} == unit | bdb
    # No one else hears of it: not the other units, not the other bureaus.
    everyone = {name for name, _ in sent(kind=Kind.CONTRACT_FILING)}
    assert everyone == unit | bdb and not everyone & people("unit", "jfb")


def test_the_reminder_names_the_article_and_the_due_date(approved, sign, run):
    contract = sign(approved)
    run("2026-10-14")
    reminder = Reminder.objects.get(recipient__username="jiaowei_unit", kind=Kind.CONTRACT_FILING)
    assert reminder.subject == f"contract:{contract.pk}" and reminder.project_id == approved.pk
    assert reminder.title == f"合同备案还有1天到期：《{contract.title}》"
    assert f"合同《{contract.title}》" in reminder.body
    assert "应于 2026-10-15 前报区大数据发展局备案（第十六条第二款：签订后7个工作日内）" in reminder.body


def test_a_filed_contract_is_reminded_no_more(demo, approved, sign, run):
    contract = sign(approved)
    run("2026-10-08")
    with at("2026-10-09"):
        construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    assert _days_with_new_reminders(run) == {}
    assert set(Reminder.objects.filter(kind=Kind.CONTRACT_FILING).values_list("lead_days", flat=True)) == {7}


def test_a_filing_waits_for_the_bdb_as_one_in_app_notice_without_mail(demo, approved, sign, run):
    contract = sign(approved)
    with at("2026-10-09"):
        construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    mail.outbox.clear()
    result = run("2026-10-09")
    run("2026-10-10")
    notices = Reminder.objects.filter(kind=Kind.FILING_CONFIRMATION)
    assert {r.recipient.username for r in notices} == people("bdb")
    assert {(r.due, r.lead_days, r.by_email, r.emailed_at) for r in notices} == {
        (date(2026, 10, 9), 0, False, None)
    }
    assert "请确认备案（第十六条第二款）" in notices[0].body
    assert result.emailed == 0 and mail.outbox == []
    construction_services.contract_filing_confirm(contract=contract, user=demo["bdb"])
    assert run("2026-10-11").created == []


def test_running_twice_on_the_same_day_writes_nothing_new_and_mails_nobody_twice(approved, sign, run):
    sign(approved)
    first = run("2026-10-08")
    assert first.counts["created"] == len(people("unit", "jiaowei")) >= 1
    assert first.emailed == len(mail.outbox) == first.counts["created"]
    again = run("2026-10-08")
    later = run("2026-10-08")
    assert again.counts == later.counts == {"created": 0, "emailed": 0, "failed": 0}
    assert len(mail.outbox) == first.emailed


def test_a_missed_reminder_day_is_caught_up_once_by_the_next_run(approved, sign, run):
    sign(approved)
    run("2026-10-08")  # 7 days before
    # Nobody ran the command on 10-12 (3 days before): 10-13 sends that notice, once.
    assert {r.lead_days for r in run("2026-10-13").created} == {3}
    assert run("2026-10-13").created == []
    assert {r.lead_days for r in run("2026-10-14").created} == {1}


def test_a_first_run_long_after_the_due_date_sends_only_the_overdue_notice(approved, sign, run):
    sign(approved)
    assert {r.lead_days for r in run("2026-11-20").created} == {-1}
    assert run("2026-11-21").created == []


def test_a_stale_notice_before_the_due_date_is_not_sent_after_it(approved, sign, run):
    sign(approved)
    run("2026-10-14")
    # The day-0 notice was missed; on 10-16 only the overdue one makes sense.
    assert {r.lead_days for r in run("2026-10-16").created} == {-1}
