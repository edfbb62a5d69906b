"""年度建设规划 and 重点建设项目 in the API (第五条、第二十六条): the same selectors and services as the
pages. A version outside the caller's reading is a 404; the services refuse (403/409/422)."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from govit import clock, limits
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, LocalDateTime, Money, OrganisationOut
from govit.plans import selectors, services
from govit.plans.models import PlanDecision, YearPlan
from govit.projects import errors
from govit.projects.models import Project

router = Router(tags=["年度建设规划"])


class ComposeIn(Schema):
    year: int = Field(title="规划年度", ge=1950, le=2100)
    note: str = Field("", title="编制说明", max_length=limits.TEXT)


class MeetingIn(Schema):
    meeting: str = Field(title="会议名称", min_length=1, max_length=200)
    meeting_on: date = Field(title="会议日期")
    minutes_ref: str = Field(title="会议纪要文号", min_length=1, max_length=100)


class DecisionIn(MeetingIn):
    decision: PlanDecision.Decision = Field(
        title="审议结论", description="approved 审定通过，returned 退回修改"
    )
    comment: str = Field("", title="领导小组意见", max_length=limits.TEXT, description="退回修改时必填")
    key_projects: list[int] = Field(
        [], title="确定为重点建设项目", description="本版规划所列项目的 id，审定通过时"
    )


class DesignateIn(MeetingIn):
    project_id: int = Field(title="项目 id", description="已纳入清单的项目")


class SumOut(Schema):
    label: str
    count: int
    amount: Money
    evaluation: dict | None = Field(
        None, description="单位上次绩效评价：score 平均得分、year 年度、by 评价方"
    )


class LineOut(Schema):
    project_id: int
    list_code: str
    name: str
    unit: OrganisationOut
    category: CodedOut
    funding_channel: str
    amount: Money
    state: str
    key: bool


class DecisionOut(Schema):
    meeting: str
    meeting_on: date
    minutes_ref: str
    decision: CodedOut
    comment: str
    recorded_at: LocalDateTime


class PlanOut(Schema):
    id: int
    year: int
    number: int
    state: CodedOut
    note: str
    composed_at: LocalDateTime
    submitted_at: LocalDateTime | None
    decision: DecisionOut | None
    classified: int = Field(description="未列入的涉密项目个数（第二十七条）")
    article: int = 5


class PlanDetailOut(PlanOut):
    lines: list[LineOut]
    total: SumOut
    by_category: list[SumOut]
    by_unit: list[SumOut]
    by_channel: list[SumOut]
    withheld: int = Field(description="此后定密、您不能查阅的项目个数：不显示、不计入合计（第二十七条）")


class KeyOut(Schema):
    project_id: int
    list_code: str | None
    name: str
    unit: OrganisationOut
    meeting: str
    meeting_on: date
    minutes_ref: str
    plan_id: int | None
    latest_score: Decimal | None = Field(description="区大数据发展局上次重点评价的平均得分")
    latest_year: int | None
    done: bool = Field(description="本年度的重点评价是否已登记（第二十六条）")
    article: int = 26


def _decision(plan: YearPlan) -> dict | None:
    found = PlanDecision.objects.filter(plan=plan).first()
    if found is None:
        return None
    return {"meeting": found.meeting, "meeting_on": found.meeting_on, "minutes_ref": found.minutes_ref,
            "decision": {"code": found.decision, "label": found.get_decision_display()},
            "comment": found.comment, "recorded_at": found.recorded_at}  # fmt: skip


def _plan(plan: YearPlan) -> dict:
    return {
        "id": plan.pk, "year": plan.year, "number": plan.number, "note": plan.note,
        "state": {"code": plan.state, "label": plan.get_state_display()}, "composed_at": plan.composed_at,
        "submitted_at": plan.submitted_at, "decision": _decision(plan), "classified": plan.classified,
    }  # fmt: skip


def _sum(row: selectors.Sum) -> dict:
    return {"label": row.label, "count": row.count, "amount": row.amount, "evaluation": row.evaluation}


def _detail(request: HttpRequest, plan: YearPlan) -> dict:
    view = selectors.plan_view(person(request), plan, selectors.channel_labels())
    lines = [
        {"project_id": line.project_id, "list_code": line.list_code, "name": line.project.name,
         "unit": line.unit, "category": {"code": line.category, "label": line.get_category_display()},
         "funding_channel": line.funding_channel, "amount": line.amount, "state": line.state,
         "key": line.project.key_project}
        for line in view.lines
    ]  # fmt: skip
    return {
        **_plan(plan), "lines": lines, "total": _sum(view.total), "withheld": view.withheld,
        "by_category": [_sum(r) for r in view.by_category], "by_unit": [_sum(r) for r in view.by_unit],
        "by_channel": [_sum(r) for r in view.by_channel],
    }  # fmt: skip


def _readable(request: HttpRequest, plan_id: int) -> YearPlan:
    plan = selectors.plans_visible_to(person(request)).filter(pk=plan_id).first()
    if plan is None:
        raise errors.NotVisible("没有这个版本的年度建设规划。")
    return plan


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="年度建设规划的各版本（第五条）")
def list_plans(request: HttpRequest, year: int | None = None) -> list[dict]:
    plans = selectors.plans_visible_to(person(request))
    if year is not None:
        plans = plans.filter(year=year)
    return [_plan(plan) for plan in plans]


@router.post("/plans", response={201: PlanDetailOut, **ERRORS}, summary="编制年度建设规划（区大数据发展局）")
def compose_plan(request: HttpRequest, payload: ComposeIn) -> Status[dict]:
    plan = services.plan_compose(user=person(request), year=payload.year, note=payload.note)
    return Status(201, _detail(request, plan))


@router.get(
    "/plans/{int:plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="一版年度建设规划及其合计"
)
def get_plan(request: HttpRequest, plan_id: int) -> dict:
    return _detail(request, _readable(request, plan_id))


@router.post(
    "/plans/{int:plan_id}/submit", response={200: PlanDetailOut, **ERRORS}, summary="提交领导小组审议"
)
def submit_plan(request: HttpRequest, plan_id: int) -> dict:
    plan = services.plan_submit(user=person(request), plan=_readable(request, plan_id))
    return _detail(request, plan)


@router.post(
    "/plans/{int:plan_id}/decision", response={200: PlanDetailOut, **ERRORS},
    summary="登记领导小组审议结论及确定的重点建设项目（区云长制领导小组办公室）",
)  # fmt: skip
def decide_plan(request: HttpRequest, plan_id: int, payload: DecisionIn) -> dict:
    data = payload.dict()
    keys = data.pop("key_projects")
    plan = _readable(request, plan_id)
    services.plan_decide(user=person(request), plan=plan, decision=services.DecisionIn(**data, keys=keys))
    return _detail(request, YearPlan.objects.get(pk=plan.pk))


def _key(row: selectors.KeyRow) -> dict:
    p, d = row.project, row.designation
    return {
        "project_id": p.pk, "list_code": p.list_code, "name": p.name,
        "unit": p.unit, "meeting": d.meeting,
        "meeting_on": d.meeting_on, "minutes_ref": d.minutes_ref, "plan_id": d.plan_id,
        "latest_score": Decimal(str(row.latest.score)) if row.latest else None,
        "latest_year": row.latest.year if row.latest else None, "done": row.done,
    }  # fmt: skip


def _require_reader(request: HttpRequest) -> None:
    user = person(request)
    if not (selectors.reads_all(user) or user.role_set & {"unit", "unit_leader"}):
        raise errors.NotPermitted("年度建设规划和重点建设项目由区级部门和项目单位查阅（第五条）。", article=5)


@router.get(
    "/key-projects",
    response={200: list[KeyOut], **ERRORS},
    summary="重点建设项目及其重点评价（第五、二十六条）",
)
def list_key_projects(request: HttpRequest) -> list[dict]:
    _require_reader(request)
    return [_key(row) for row in selectors.key_projects(person(request), clock.today().year)]


@router.post("/key-projects", response={201: KeyOut, **ERRORS}, summary="登记领导小组确定的重点建设项目")
def designate_key_project(request: HttpRequest, payload: DesignateIn) -> Status[dict]:
    user = person(request)
    data = payload.dict()
    project = Project.objects.visible_to(user).filter(pk=data.pop("project_id")).first()
    if project is None:
        raise errors.NotVisible("没有这个项目。")
    services.key_designate(user=user, project=project, meeting=services.Meeting(**data))
    row = next(r for r in selectors.key_projects(user, clock.today().year) if r.project.pk == project.pk)
    return Status(201, _key(row))
