"""The reminders go out by e-mail after commit, through Django's SMTP backend to a real SMTP server."""

from datetime import date

import pytest
from django.core import mail
from tests.reminders.conftest import at, free_port, people

from govit.accounts.models import User
from govit.reminders.models import Reminder
from govit.reminders.services import reminders_send

pytestmark = pytest.mark.django_db


def test_the_unit_receives_the_reminder_over_smtp_with_a_chinese_subject(approved, sign, run, smtp_server):
    contract = sign(approved)
    result = run("2026-10-15")
    unit = people("unit", "jiaowei")
    assert result.emailed == len(smtp_server.messages) == len(unit)
    message = next(m for m in smtp_server.messages if m["To"] == "jiaowei_unit@yuzhong.example")
    assert "=?utf-8?" in dict(message.raw_items())["Subject"].lower()  # RFC 2047 on the wire
    # The encoded word is folded onto a continuation line; unfolding leaves one leading space.
    assert message["Subject"].strip() == f"【GovIT】合同备案今日到期：《{contract.title}》"
    assert message["From"] == "GovIT <govit@localhost>"
    body = message.get_content()
    assert body.startswith("王晓燕：")
    assert "应于 2026-10-15 前报区大数据发展局备案（第十六条第二款：签订后7个工作日内）" in body
    assert "/reminders/" in body
    assert all(r.emailed_at for r in Reminder.objects.all())


def test_a_second_run_sends_no_second_mail_over_smtp(approved, sign, run, smtp_server):
    sign(approved)
    run("2026-10-15")
    received = len(smtp_server.messages)
    run("2026-10-15")
    assert len(smtp_server.messages) == received >= 1


def test_nothing_is_mailed_before_the_transaction_commits(
    approved, sign, smtp_server, django_capture_on_commit_callbacks
):
    sign(approved)
    with at("2026-10-15"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = reminders_send(today=date(2026, 10, 15))
    assert result.created and smtp_server.messages == [] and len(callbacks) == 1
    assert not Reminder.objects.filter(emailed_at__isnull=False).exists()


def test_mail_that_could_not_be_sent_is_retried_by_the_next_run(approved, sign, run, settings, smtp_server):
    sign(approved)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    down = run("2026-10-15")
    assert down.emailed == 0 and down.failed == down.counts["created"] >= 1
    assert not Reminder.objects.filter(emailed_at__isnull=False).exists()
    settings.EMAIL_PORT = port
    again = run("2026-10-15")
    assert again.counts["created"] == 0 and again.emailed == down.failed == len(smtp_server.messages)


def test_a_person_without_an_address_is_reminded_in_app_only(approved, sign, run):
    User.objects.filter(username="jiaowei_unit").update(email="")
    sign(approved)
    run("2026-10-15")
    reminder = Reminder.objects.get(recipient__username="jiaowei_unit")
    assert reminder.emailed_at is None
    assert "jiaowei_unit@yuzhong.example" not in {to for m in mail.outbox for to in m.to}


def test_the_locmem_backend_gets_one_message_per_recipient(approved, sign, run):
    sign(approved)
    run("2026-10-16")
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        f"{name}@yuzhong.example" for name in people("unit", "jiaowei") | people("bdb")
    )
    assert all(m.subject.startswith("【GovIT】合同备案已逾期") for m in mail.outbox)
