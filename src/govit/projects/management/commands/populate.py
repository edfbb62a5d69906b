"""`govit manage populate --projects N [--events M] [--seed S] [--until DATE]`: a district of that size."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govit import clock
from govit.projects.populate import NotEmpty, populate


def _count(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "向空数据库批量写入一个规模为 N 个项目的模拟区县（单位、各状态的项目及其批复、合同、拨付、"
        "已建系统、绩效评价、项目操作记录和审计日志），供性能测量使用。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--projects", type=_count, required=True, help="项目数")
        parser.add_argument(
            "--events", type=_count, default=None,
            help="审计事件总数（至少为项目操作记录数；默认每个项目 10 个）",
        )  # fmt: skip
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子和截止日得到相同数据）")
        parser.add_argument(
            "--until", type=date.fromisoformat, default=None, help="数据截止日期 YYYY-MM-DD（默认今天）"
        )

    def handle(
        self, *args, projects: int, events: int | None, seed: int, until: date | None, **options
    ) -> None:
        start = time.perf_counter()
        verbose = options["verbosity"] >= 2
        try:
            result = populate(
                projects=projects, events=events, seed=seed, until=until or clock.today(),
                progress=self.stdout.write if verbose else None,
            )  # fmt: skip
        except NotEmpty as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - start
        self.stdout.write(
            f"单位 {result.units} 个，项目 {result.projects} 个（{len(result.states)} 种状态），"
            f"项目操作记录 {result.project_events} 条，审计事件 {result.audit_events} 条，用时 {seconds:.1f} 秒。"
        )
        records = "，".join(f"{name} {count}" for name, count in sorted(result.records.items()))
        self.stdout.write(f"记录：{records}")
