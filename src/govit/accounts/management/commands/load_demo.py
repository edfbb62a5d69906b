"""`govit manage load_demo`: load the demo Yuzhong district and print its logins."""

import unicodedata

from django.core.management.base import BaseCommand, CommandParser

from govit.accounts import demo
from govit.accounts.models import Organisation
from govit.accounts.services import CREATED, UNCHANGED, UPDATED, demo_district_load

HEADERS = ("用户名", "密码", "姓名", "单位", "角色")


class Command(BaseCommand):
    help = "加载渝中区演示数据（单位、每个角色的演示人员和各环节的演示项目）；可重复运行，不会重复创建。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="仅当数据库中还没有任何单位时加载（供 make run 使用）。",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="只打印演示账号表，不加载数据。",
        )
        parser.add_argument(
            "--no-projects",
            action="store_true",
            help="只加载单位和人员，不加载演示项目（供测试使用）。",
        )

    def handle(self, *args, if_empty: bool, print_logins: bool, no_projects: bool, **options) -> None:
        if print_logins:
            self._print_logins()
            return
        if if_empty and Organisation.objects.exists():
            self.stdout.write(
                "数据库中已有单位数据，未加载演示数据。查看演示账号：govit manage load_demo --print-logins"
            )
            return
        result = demo_district_load()
        for label, counts in (("单位", result.organisations), ("人员", result.people)):
            self.stdout.write(
                f"{label}：新建 {counts[CREATED]}，更新 {counts[UPDATED]}，未变 {counts[UNCHANGED]}"
            )
        # Projects come after people: they are walked through the engine by the demo people.
        if not no_projects:
            from govit.projects.demo import demo_projects_load
            from govit.public.demo import demo_columns_publish
            from govit.steering.demo import steering_demo_load  # 第二十六条: an evaluated system's O&M

            self.stdout.write(f"项目：新建 {demo_projects_load() + steering_demo_load()}")
            demo_columns_publish()
        self._print_logins()

    def _print_logins(self) -> None:
        short_names = {item.code: item.short_name for item in demo.ORGANISATIONS}
        rows = [
            (p.username, demo.DEMO_PASSWORD, p.name, short_names[p.organisation], ",".join(p.roles))
            for p in demo.PEOPLE
        ]
        self.stdout.write(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）：\n")
        for line in format_table(HEADERS, rows):
            self.stdout.write(line)
        self.stdout.write(
            "\n三员账号（sysadmin、secadmin、auditadmin）首次登录时须先用手机上的身份验证器（TOTP）启用两步验证；"
            "其他人员可在“账号安全”中自愿启用。"
        )


def format_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Lines of a plain-text table whose columns line up in a terminal, Chinese included."""
    widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [_line(headers, widths), "  ".join("-" * width for width in widths)]
    return lines + [_line(row, widths) for row in rows]


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(
        cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)
    ).rstrip()


def _width(text: str) -> int:
    # A Chinese character takes two terminal columns.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
