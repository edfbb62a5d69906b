"""`govit manage remind`: what it sent, in Chinese, and the counts; --dry-run writes nothing."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from tests.reminders.conftest import at

from govit.reminders.models import Reminder

# Transactional, as in production: the mail goes out when the command's transaction commits,
# before it prints the counts.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def remind():
    def call(*args: str) -> str:
        out = StringIO()
        with at("2026-10-15"):
            call_command("remind", *args, stdout=out)
        return out.getvalue()

    return call


def test_it_prints_each_reminder_it_sent_and_the_counts(approved, sign, remind):
    contract = sign(approved)
    output = remind("--date", "2026-10-14")
    assert f"已发送 王晓燕（jiaowei_unit）：合同备案还有1天到期：《{contract.title}》" in output
    count = Reminder.objects.count()
    assert f"2026-10-14：生成提醒 {count} 条，发送邮件 {count} 封" in output
    assert len(mail.outbox) == count


def test_it_runs_for_today_by_default_and_a_second_run_sends_nothing(approved, sign, remind):
    sign(approved)
    assert "合同备案今日到期" in remind()
    assert remind().strip() == "2026-10-15：生成提醒 0 条，发送邮件 0 封"


def test_a_dry_run_lists_what_it_would_send_and_writes_nothing(approved, sign, remind):
    sign(approved)
    output = remind("--dry-run")
    assert "将发送 王晓燕（jiaowei_unit）：合同备案今日到期" in output
    assert "（试运行，未写入、未发信）" in output
    assert not Reminder.objects.exists() and mail.outbox == []


def test_a_malformed_date_is_refused(remind):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD：15/10/2026"):
        remind("--date", "15/10/2026")


def test_its_help_says_how_to_schedule_it(capsys):
    with pytest.raises(SystemExit):
        call_command("remind", "--help")
    help_text = capsys.readouterr().out
    assert "*/15 * * * *  govit manage remind" in help_text and "OnCalendar=*:0/15" in help_text
    assert "celery beat 每15分钟运行一次" in help_text
