"""A 2027 list of three projects (区教委's two, one of them still being listed; 解放碑街道's one), the
clock pinned at 2026-09-15 (`before_deadline`), and the plan's steps as the demo people take them."""

from collections.abc import Callable
from datetime import date

import pytest
import time_machine

from govit.plans import services
from govit.plans.models import YearPlan
from govit.projects.models import Project

MEETING = {"meeting": "区云长制领导小组2026年第4次会议", "minutes_ref": "渝中云长办〔2026〕4号"}


@pytest.fixture
def year_list(demo, new_project, to_listing, act, before_deadline) -> dict[str, Project]:
    """第五条: the projects of year 2027 a plan is made of — listed (two), being listed (one) — and
    two that are not (one before the list review, one of 2026)."""
    listed = act(to_listing(new_project(name="区教委智慧教育平台", amount="800万")), "bdb", "list")
    listing = to_listing(new_project(name="区教委教育城域网运维", work_type="maintenance", amount="120万"))
    jfb = act(
        to_listing(new_project("jfb_unit", name="解放碑网格化治理平台", amount="260万"), unit="jfb"),
        "bdb",
        "list",
    )
    unlisted = act(act(new_project(name="区教委数字档案室", amount="80万"), "jiaowei_unit", "submit"),
                   "jiaowei_leader", "confirm")  # fmt: skip
    with time_machine.travel("2025-09-15 10:00 +0800", tick=False):  # applied for on time (第九条)
        earlier = act(to_listing(new_project(name="区教委去年的平台", year=2026)), "bdb", "list")
    return {"listed": listed, "listing": listing, "jfb": jfb, "unlisted": unlisted, "earlier": earlier}


@pytest.fixture
def composed(demo, year_list) -> Callable[..., YearPlan]:
    def make(**changes) -> YearPlan:
        return services.plan_compose(user=demo["bdb"], year=2027, **changes)

    return make


@pytest.fixture
def submitted(demo, composed) -> Callable[..., YearPlan]:
    def make() -> YearPlan:
        return services.plan_submit(user=demo["bdb"], plan=composed())

    return make


def decision(on: date, decision: str = "approved", keys=(), comment: str = "") -> services.DecisionIn:
    return services.DecisionIn(**MEETING, meeting_on=on, decision=decision, comment=comment, keys=list(keys))
