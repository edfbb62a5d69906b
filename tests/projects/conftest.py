"""Projects in any state, built through the real services and engine (never by setting `state`)."""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from govit import clock
from govit.documents import services as documents_services
from govit.experts.models import Expert
from govit.projects import services
from govit.projects.models import Project
from govit.workflow import engine

FORM = {
    "name": "渝中区智慧教育管理平台",
    "leader_name": "陈建国",
    "leader_phone": "13800138000",
    "contact_name": "王晓燕",
    "contact_phone": "023-63881234",
    "reason": "落实市教委关于教育信息化2.0的部署（渝教信〔2026〕5号）。",
    "summary": "建设全区学校统一的教育管理平台。",
    "expected_effect": "实现全区中小学数据互通，减少重复填报。",
    "amount": "800万",
    "funding_source": "区级财政资金",
    "progress": "计划2027年3月启动，自建自运维，当前处于方案论证阶段。",
    "filler_name": "王晓燕",
    "filler_phone": "13900139000",
    "year": 2027,
    "work_type": "continuation",
    # 第二条's scope questions and, for this continuation, its earlier phase built before GovIT (第三条).
    "fiscal_funding": True,
    "it_system": True,
    "excluded_purchase": "none",
    "continues_outside": "渝中区智慧教育管理平台（一期），渝中发改投〔2024〕56号批复",
}

CHAPTERS = {
    "purpose": "目的和背景。",
    "necessity": "必要性；与现有教育云平台的区别。",
    "requirements": "需求分析。",
    "plan": "建设方案。",
    "investment": "投资估算。",
}


def deliver_as_approved(project: Project, user) -> None:
    """第二十三条: the unit records the configuration delivered, exactly the active baseline."""
    from govit.acceptance import services as acceptance_services
    from govit.construction import selectors as construction_selectors

    items = construction_selectors.active_baseline(project).items.all()
    acceptance_services.accepted_items_set(project=project, user=user, items=[
        construction_selectors.LineIn(i.name, i.quantity, i.unit_price, i.kind, i.specification) for i in items
    ])  # fmt: skip


def upload(project: Project, user, kind: str, name: str = "doc.pdf") -> int:
    file = SimpleUploadedFile(name, f"{kind} of {project.pk}".encode(), content_type="application/pdf")
    return documents_services.document_upload(project=project, user=user, kind=kind, upload=file).pk


@pytest.fixture
def new_project(demo) -> Callable[..., Project]:
    """`new_project(**changes)` is a complete draft of 区教委, by jiaowei_unit."""

    def make(unit: str = "jiaowei_unit", **changes: Any) -> Project:
        project = services.project_create(
            user=demo[unit], application=services.Application(**{**FORM, **changes})
        )
        if project.is_new:
            services.proposal_update(project=project, user=demo[unit], chapters=CHAPTERS)
        return project

    return make


@pytest.fixture
def act(demo) -> Callable[..., Project]:
    """`act(project, "bdb", "review_pass", comment="…")` performs an action as a demo person."""

    def perform(project: Project, username: str, code: str, **inputs: Any) -> Project:
        return engine.perform(project=project, user=demo[username], code=code, inputs=inputs)

    return perform


@pytest.fixture
def to_listing(act) -> Callable[[Project], Project]:
    """Walk a draft to `listing` (through the leading group if it is new)."""

    def walk(project: Project, unit: str = "jiaowei") -> Project:
        project = act(project, f"{unit}_unit", "submit")
        project = act(project, f"{unit}_leader", "confirm")
        project = act(project, "bdb", "review_pass")
        if project.state == "leading_group_review":
            project = act(
                project, "lg_office", "lg_approve", meeting="区云长制领导小组2026年第3次会议",
                meeting_on=clock.today().isoformat(), minutes_ref="渝中云长办〔2026〕3号",
            )  # fmt: skip
        return project

    return walk


@pytest.fixture
def experts(demo) -> dict[str, Expert]:
    return {
        name: Expert.objects.get_or_create(user=demo[name], defaults={"field": "软件工程"})[0]
        for name in ("expert1", "expert2")
    }


@pytest.fixture
def before_deadline():
    """Today is 2026-09-15: an application for 2027 is on time (第九条: by 2026-09-30)."""
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        yield
