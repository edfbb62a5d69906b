"""The demo's year plan and key projects (第五条), through the real services, after the demo's
projects: the 2027 plan composed, returned by the leading group, composed again and put to it (its
second version awaits the group's deliberation); a built project of the 2026 list designated a key
project at an earlier meeting and evaluated by its unit (the 重点项目 page and the BDB's key-project
evaluation, 第二十六条, draw on it). Loading twice changes nothing."""

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
KEYS = ("渝中区中小学智慧食堂监管平台",)


def demo_plans_load() -> None:
    if YearPlan.objects.filter(year=YEAR).exists() or not services.plan_projects(YEAR).exists():
        return
    bdb, office = User.objects.get(username="bdb"), User.objects.get(username="lg_office")
    # After the year's own projects were walked (the demo's history, whatever today is), not after
    # the past systems imported today: the plan is of the year that was "next" then.
    last = ProjectEvent.objects.filter(project__year=YEAR).aggregate(at=Max("at"))["at"]
    # Its steps take five days after `moment`: all of them in the past, whatever was loaded before.
    latest = clock.now() - timedelta(days=6)
    moment = min(last + timedelta(days=1), latest) if last else latest
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
    """The built key project's self-evaluation by its unit (第二十六条), shown beside 区教委 in the plan;
    the BDB's key-project evaluation of it is left to be done (重点项目 shows it not done)."""
    built = Project.objects.get(name=KEYS[0])
    with clock.at(moment):
        operation_services.evaluation_record(
            project=built, user=User.objects.get(username="jiaowei_unit"), year=clock.today().year,
            operation=92, use=88, sharing=80, benefit=85, evaluated_on=clock.today(),
            conclusion="运行稳定，覆盖全区中小学食堂；与市场监管数据的共享尚待完善。",
        )  # fmt: skip


def _keys(office: User, moment: datetime) -> None:
    with clock.at(moment):
        meeting = services.Meeting("区云长制领导小组2026年第2次会议", clock.today(), "渝中云长办〔2026〕2号")
        for project in Project.objects.filter(name__in=KEYS, key_project=False):
            if not KeyDesignation.objects.filter(project=project).exists():
                services.key_designate(user=office, project=project, meeting=meeting)
