"""`govit manage calendar_import FILE`: the BDB's TOML file of holiday schedules, for scripts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.holidays.services import schedules_import
from govit.projects import errors


class Command(BaseCommand):
    help = "导入区大数据发展局的节假日安排文件（TOML，格式见 README）；逐年导入或拒绝，并重算未报备合同的备案截止日。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="节假日数据文件（TOML）")
        parser.add_argument(
            "--user",
            help="以哪位区大数据发展局人员的名义登记（用户名）；默认为第一位在岗的区大数据发展局人员",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from None
        people = User.objects.with_role(Role.BDB).filter(is_active=True).order_by("pk")
        user = people.filter(username=options["user"]).first() if options["user"] else people.first()
        if user is None:
            raise CommandError("没有可以登记的区大数据发展局人员（--user 应为角色 bdb 的在岗人员）。")
        try:
            lines = schedules_import(user=user, content=content, name=path.name)
        except errors.ActionError as error:
            raise CommandError(error.detail) from None
        for line in lines:
            moved = f"，重算合同 {len(line.result.changes)} 份" if line.result and line.result.changes else ""
            word = "已导入" if line.taken else "未导入"
            self.stdout.write(f"{line.year or '—'}：{word}。{line.message}{moved}")
        if not any(line.taken for line in lines):
            raise CommandError("文件中没有一个年度被导入。")
