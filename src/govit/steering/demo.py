"""The demo's 绩效评价结果运用 (第二十六条第二款, R5.6): the delivered canteen platform evaluated for
2025, its 2026 O&M spending recorded, and its O&M application for 2027 waiting in the BDB's list
review, so the panel beside it has evaluations, last year's amount and a recommendation to show.
Loading twice changes nothing."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from govit import clock
from govit.accounts.models import User
from govit.operation import services as operation_services
from govit.operation.models import Evaluation, OmCost
from govit.projects.demo import PROJECTS, START, DemoProject, _Walk
from govit.projects.models import Project

SYSTEM = "渝中区中小学智慧食堂监管平台"
OM = DemoProject("jiaowei", "中小学智慧食堂监管平台运行维护（2027年度）", "maintenance", "280000.00", "list_review",
                 "智慧食堂监管平台2027年度运行维护：明厨亮灶视频、食材溯源接口和移动端的日常运维。")  # fmt: skip
AT = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def steering_demo_load() -> int:
    """Evaluate the delivered demo system, record its last year's O&M spending, and walk its O&M
    application of 2027 to the list review; returns how many projects it created (0 or 1)."""
    delivered = (
        Project.objects.filter(name=SYSTEM, built_system__isnull=False).select_related("built_system").first()
    )
    if delivered is None or Project.objects.filter(name=OM.name).exists():
        return 0
    unit = User.objects.get(username=f"{OM.unit}_unit")
    with transaction.atomic():
        if not Evaluation.objects.filter(project=delivered).exists():
            with clock.at(AT):
                operation_services.evaluation_record(
                    project=delivered, user=unit, year=2025, operation=72, use=64, sharing=58, benefit=69,
                    conclusion="运行稳定；部分学校使用率偏低，数据尚未全部接入区共享交换平台。建议推进全区覆盖和数据共享。",
                    evaluated_on=date(2026, 3, 18),
                )  # fmt: skip
        if not OmCost.objects.filter(project=delivered, year=2026).exists():
            with clock.at(AT + timedelta(days=140)):
                operation_services.om_cost_record(
                    project=delivered, user=unit, year=2026, amount=Decimal("250000.00"), note="运维服务合同"
                )
        spec = DemoProject(**{**OM.__dict__, "flags": {"maintains": delivered.built_system.pk}})
        _Walk(spec, unit, START + timedelta(hours=len(PROJECTS))).run()
    return 1
