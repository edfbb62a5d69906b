"""The demo's year plan and key projects (第五条), through the real services, after the demo's
projects: the 2027 plan composed, returned by the leading group, composed again and put to it (its
second version awaits the group's deliberation); two projects of the 2026 list, one built, one being
built, designated key projects at an earlier meeting, the built one evaluated by its unit and by the
BDB (the 重点项目 page and the BDB's key-project evaluation, 第二十六条, draw on them). Loading twice changes nothing."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max

from govit import clock
from govit.accounts.models import User
from govit.operation import services as operation_services
from govit.plans import services
from govit.plans.models import KeyDesignation, YearPlan
from govit.projects.models import Project, ProjectEvent

YEAR = 2027
KEYS = ("渝中区中小学智慧食堂监管平台", "渝中区教育资源公共服务平台")


def demo_plans_load() -> None:
    if YearPlan.objects.filter(year=YEAR).exists() or not services.plan_projects(YEAR).exists():
        return
    bdb, office = User.objects.get(username="bdb"), User.objects.get(username="lg_office")
    last = ProjectEvent.objects.aggregate(at=Max("at"))["at"]
    moment = min(last + timedelta(days=1), clock.now()) if last else clock.now()
    with transaction.atomic():
        _keys(office, moment)
        _evaluations(moment)
        with clock.at(moment + timedelta(days=1)):
            first = services.plan_compose(user=bdb, year=YEAR, note="依据2027年度项目清单编制。")
            services.plan_submit(user=bdb, plan=first)
        with clock.at(moment + timedelta(days=3)):
            services.plan_decide(user=office, plan=first, decision=services.DecisionIn(
                meeting="区云长制领导小组2026年第4次会议", meeting_on=clock.today(), minutes_ref="渝中云长办〔2026〕4号",
                decision="returned", comment="请补充各单位上年度绩效评价结果的运用说明，与清单核对后再报。",
            ))  # fmt: skip
        with clock.at(moment + timedelta(days=5)):
            second = services.plan_compose(
                user=bdb, year=YEAR, note="按领导小组意见补充绩效评价结果运用说明。"
            )
            services.plan_submit(user=bdb, plan=second)


def _evaluations(moment: datetime) -> None:
    """The built key project's evaluations: its unit's own, then the BDB's key-project one (第二十六条)."""
    built = Project.objects.get(name=KEYS[0])
    with clock.at(moment):
        for username, scores, conclusion in (
            (
                "jiaowei_unit",
                (92, 88, 80, 85),
                "运行稳定，覆盖全区中小学食堂；与市场监管数据的共享尚待完善。",
            ),
            (
                "bdb",
                (90, 84, 76, 86),
                "应用充分，明厨亮灶数据已接入区智能中枢；建议推进与区市场监管局的数据共享。",
            ),
        ):
            operation, use, sharing, benefit = scores
            operation_services.evaluation_record(
                project=built, user=User.objects.get(username=username), year=clock.today().year,
                operation=operation, use=use, sharing=sharing, benefit=benefit, conclusion=conclusion,
                evaluated_on=clock.today(),
            )  # fmt: skip


def _keys(office: User, moment: datetime) -> None:
    with clock.at(moment):
        meeting = services.Meeting("区云长制领导小组2026年第2次会议", clock.today(), "渝中云长办〔2026〕2号")
        for project in Project.objects.filter(name__in=KEYS, key_project=False):
            if not KeyDesignation.objects.filter(project=project).exists():
                services.key_designate(user=office, project=project, meeting=meeting)
