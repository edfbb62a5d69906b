"""`govit manage remind`: write today's reminders and mail them (R8.2)."""

from argparse import RawDescriptionHelpFormatter
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit import clock
from govit.reminders.models import Reminder
from govit.reminders.services import reminders_pending, reminders_send

HELP = """发送到期提醒（年度申报截止、合同备案、试运行期满等）：站内提醒并发送邮件。

在到期日前7天、3天、1天和当日各提醒一次，逾期后再提醒一次；某天未运行时，下次运行补发最近的一次。
可重复运行，不会重复提醒或重复发信；同时运行的两次会排队，后一次不再发送。
配置了任务队列（GOVIT_BROKER_URL）时由 celery beat 每15分钟运行一次，无需 cron；否则建议每15分钟运行一次：
  cron:    */15 * * * *  govit manage remind >> /var/log/govit/remind.log 2>&1
  systemd: govit-remind.service（ExecStart=govit manage remind）
           + govit-remind.timer（OnCalendar=*:0/15，Persistent=true）"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter  # keep the schedule lines as written
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD），默认今天。")
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不写入、不发信。")

    def handle(self, *args, **options) -> None:
        today = _parse(options["date"]) if options["date"] else clock.today()
        if options["dry_run"]:
            pending = reminders_pending(today=today)
            self._list(pending, "将发送")
            self.stdout.write(f"{today.isoformat()}：将生成提醒 {len(pending)} 条（试运行，未写入、未发信）")
            return
        result = reminders_send(today=today)
        self._list(result.created, "已发送")
        counts = result.counts
        self.stdout.write(
            f"{today.isoformat()}：生成提醒 {counts['created']} 条，发送邮件 {counts['emailed']} 封"
            + (f"，发送失败 {counts['failed']} 封（下次运行重试）" if counts["failed"] else "")
        )

    def _list(self, reminders: list[Reminder], verb: str) -> None:
        for reminder in reminders:
            person = reminder.recipient
            self.stdout.write(f"{verb} {person.name}（{person.username}）：{reminder.title}")


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None
