"""Writing the year's plan and the key projects (第五条): the BDB composes a version and puts it to
the leading group; the office records the group's deliberation and the key projects it designates.
Each write in one transaction, the plan's row locked, with its audit event (the plan's own, in the
one log) and, for a key project, its event on the project's trail."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from govit import clock, policy
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.models import Kind
from govit.audit.services import append
from govit.operation.selectors import latest_evaluations_by_unit
from govit.plans.models import KeyDesignation, PlanDecision, PlanLine, YearPlan
from govit.projects import errors, policies
from govit.projects.models import Project
from govit.projects.writes import noted

ARTICLE = 5
COMPOSE_BY = "年度建设规划由区大数据发展局（区云长制领导小组办公室设在该局）编制和提交（第五条）。"
DECIDE_BY = "领导小组的审议结论和重点建设项目由区云长制领导小组办公室登记（第五条）。"
YEARS = "只能编制本年度或下一年度的建设规划（{this}年或{next}年）。"
NONE_LISTED = "{year}年度尚无纳入清单的项目，无法编制建设规划（第五条、第十条）。"
STILL_BEFORE_GROUP = "第{number}版已提交领导小组，待其审议后再编制新版本（第五条）。"
NOT_DRAFT = "只有草稿可以提交领导小组，本版本为“{state}”。"
NOT_SUBMITTED = "只有已提交领导小组的版本可以登记审议结论，本版本为“{state}”。"
KEYS_ONLY_APPROVED = "只有审定通过时才确定重点建设项目。"
KEY_NOT_A_LINE = "重点建设项目须是本版规划所列的项目。"
ALREADY_KEY = "该项目已是重点建设项目（{ref}）。"
KEY_UNLISTED = "重点建设项目须是已纳入清单的项目（第五条、第十二条）。"
RETURN_NEEDS_COMMENT = "退回修改时请写明领导小组的意见。"


@dataclass(frozen=True)
class Meeting:
    meeting: str
    meeting_on: date
    minutes_ref: str


@dataclass(frozen=True)
class DecisionIn(Meeting):
    decision: str = PlanDecision.Decision.APPROVED
    comment: str = ""
    keys: list[int] = field(default_factory=list)  # projects of the plan's lines


def _require(user: User, role: Role, text: str) -> None:
    if role not in user.role_set:
        raise errors.NotPermitted(text, article=ARTICLE)


def _audit(user: User, plan: YearPlan, action: str, label: str, detail: dict) -> None:
    append(
        kind=Kind.UPDATE, action=action, label=f"{label}：{plan}", actor=user,
        target_model="plans.yearplan", target_pk=str(plan.pk), detail={"article": ARTICLE, **detail},
    )  # fmt: skip


def _locked(plan: YearPlan) -> YearPlan:
    return YearPlan.objects.select_for_update().get(pk=plan.pk)


def _check_meeting(meeting: Meeting, *, after: date) -> None:
    if not meeting.meeting.strip():
        raise errors.InvalidInput("请填写会议名称。", field="meeting")
    if not meeting.minutes_ref.strip():
        raise errors.InvalidInput("请填写会议纪要文号。", field="minutes_ref")
    if meeting.meeting_on > clock.today():
        raise errors.InvalidInput("会议日期不能晚于今天。", field="meeting_on")
    if meeting.meeting_on < after:
        raise errors.InvalidInput(f"会议日期不能早于{after:%Y年%-m月%-d日}。", field="meeting_on")


def plan_projects(year: int):  # noqa: ANN201 - a queryset of Project
    """第五条 with 第十条: the year's projects that are listed or being listed."""
    return Project.objects.filter(year=year).filter(Q(list_code__isnull=False) | Q(state="listing"))


def _channel(project: Project) -> str:
    """Its funding channel (第十条): set when it was listed, or what listing will set."""
    if project.funding_channel:
        return project.funding_channel
    return policy.funding_channel(category=project.category, policy=policies.of(project)).code


@transaction.atomic
def plan_compose(*, user: User, year: int, note: str = "") -> YearPlan:
    """The BDB composes a new version of `year`'s plan. Steps: refuse while a version is before the
    leading group; supersede an earlier draft; copy each project's figures and each unit's latest
    evaluation (a returned version stays as returned; the approved one stays current until this one is
    approved)."""
    _require(user, Role.BDB, COMPOSE_BY)
    this = clock.today().year
    if year not in (this, this + 1):
        raise errors.InvalidInput(YEARS.format(this=this, next=this + 1), field="year")
    open_ = list(YearPlan.objects.select_for_update().filter(year=year, state__in=["draft", "submitted"]))
    waiting = next((p for p in open_ if p.state == YearPlan.State.SUBMITTED), None)
    if waiting is not None:
        raise errors.NotPossible(STILL_BEFORE_GROUP.format(number=waiting.number), article=ARTICLE)
    projects = list(plan_projects(year).order_by("unit_id", "list_code", "pk"))
    shown = [p for p in projects if not p.is_classified]  # 第二十七条: counted, never listed
    if not shown:
        raise errors.NotPossible(NONE_LISTED.format(year=year), article=ARTICLE)
    for earlier in open_:
        earlier.state = YearPlan.State.SUPERSEDED
        earlier.save(update_fields=["state"])
    latest = latest_evaluations_by_unit(sorted({p.unit_id for p in shown}))
    number = (YearPlan.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    plan = YearPlan.objects.create(
        year=year, number=number, note=note.strip(), composed_by=user, classified=len(projects) - len(shown),
        evaluations={
            str(unit): {"score": f"{e.score:g}", "year": e.year, "by": e.get_by_display()} for unit, e in latest.items()
        },
    )  # fmt: skip
    PlanLine.objects.bulk_create(
        PlanLine(plan=plan, project=p, list_code=p.list_code or "", unit_id=p.unit_id, category=p.category,
                 funding_channel=_channel(p), amount=p.amount, state=p.state)
        for p in shown
    )  # fmt: skip
    _audit(user, plan, "plan_compose", "编制年度建设规划",
           {"year": year, "number": number, "superseded": [p.pk for p in open_],
            # the lines are written at once (no signal): what each holds is recorded here
            "lines": [[p.pk, str(p.amount)] for p in shown]})  # fmt: skip
    return plan


@transaction.atomic
def plan_submit(*, user: User, plan: YearPlan) -> YearPlan:
    """The BDB puts a draft to the leading group."""
    _require(user, Role.BDB, COMPOSE_BY)
    plan = _locked(plan)
    if plan.state != YearPlan.State.DRAFT:
        raise errors.NotPossible(NOT_DRAFT.format(state=plan.get_state_display()), article=ARTICLE)
    plan.state, plan.submitted_at = YearPlan.State.SUBMITTED, clock.now()
    plan.save(update_fields=["state", "submitted_at"])
    _audit(user, plan, "plan_submit", "提交领导小组审议", {"year": plan.year, "number": plan.number})
    return plan


@transaction.atomic
def plan_decide(*, user: User, plan: YearPlan, decision: DecisionIn) -> PlanDecision:
    """The office records the leading group's deliberation: approved (the earlier approved version
    superseded, the key projects designated among the lines) or returned with its comment."""
    _require(user, Role.LG_OFFICE, DECIDE_BY)
    plan = _locked(plan)
    if plan.state != YearPlan.State.SUBMITTED:
        raise errors.NotPossible(NOT_SUBMITTED.format(state=plan.get_state_display()), article=ARTICLE)
    if decision.decision not in PlanDecision.Decision.values:
        raise errors.InvalidInput("请选择审议结论。", field="decision")
    _check_meeting(decision, after=timezone.localtime(plan.submitted_at).date())
    approved = decision.decision == PlanDecision.Decision.APPROVED
    if not approved and not decision.comment.strip():
        raise errors.InvalidInput(RETURN_NEEDS_COMMENT, field="comment")
    if decision.keys and not approved:
        raise errors.InvalidInput(KEYS_ONLY_APPROVED, field="keys")
    keys = plan.lines.select_related("project").filter(project_id__in=decision.keys)
    lines = {line.project_id: line for line in keys}
    if set(decision.keys) - set(lines):
        raise errors.InvalidInput(KEY_NOT_A_LINE, field="keys")
    recorded = PlanDecision.objects.create(
        plan=plan, meeting=decision.meeting.strip(), meeting_on=decision.meeting_on,
        minutes_ref=decision.minutes_ref.strip(), decision=decision.decision, comment=decision.comment.strip(),
        recorded_by=user,
    )  # fmt: skip
    if approved:
        for earlier in YearPlan.objects.select_for_update().filter(
            year=plan.year, state=YearPlan.State.APPROVED
        ):
            earlier.state = YearPlan.State.SUPERSEDED
            earlier.save(update_fields=["state"])
    plan.state = YearPlan.State.APPROVED if approved else YearPlan.State.RETURNED
    plan.save(update_fields=["state"])
    for project_id in sorted(lines):
        _designate(user, lines[project_id].project, decision, plan=plan, recorded=recorded)
    _audit(user, plan, "plan_decide", "登记领导小组审议结论",
           {"decision": decision.decision, "minutes_ref": recorded.minutes_ref, "keys": sorted(lines)})  # fmt: skip
    return recorded


@transaction.atomic
def key_designate(*, user: User, project: Project, meeting: Meeting) -> KeyDesignation:
    """The office records a key project the leading group designated at a meeting of its own (a
    project of an earlier year, built or being built): any listed project."""
    _require(user, Role.LG_OFFICE, DECIDE_BY)
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)
    if project.list_code is None:
        raise errors.NotPossible(KEY_UNLISTED, article=ARTICLE)
    _check_meeting(meeting, after=project.form_date)
    return _designate(user, project, meeting)


def _designate(
    user: User, project: Project, meeting: Meeting, *, plan: YearPlan | None = None,
    recorded: PlanDecision | None = None,
) -> KeyDesignation:  # fmt: skip
    existing = KeyDesignation.objects.filter(project=project).first()
    if existing is not None or project.key_project:
        raise errors.NotPossible(
            ALREADY_KEY.format(ref=existing.minutes_ref if existing else ""), article=ARTICLE
        )
    designation = KeyDesignation.objects.create(
        project=project, plan=plan, decision=recorded, meeting=meeting.meeting.strip(),
        meeting_on=meeting.meeting_on, minutes_ref=meeting.minutes_ref.strip(), designated_by=user,
    )  # fmt: skip
    project.key_project = True
    project.save(update_fields=["key_project"])
    noted(project, user, role=Role.LG_OFFICE, action="key_designate", label="确定为重点建设项目",
          inputs={"minutes_ref": designation.minutes_ref, "meeting_on": meeting.meeting_on.isoformat(),
                  "plan": plan.pk if plan else None},
          article=ARTICLE)  # fmt: skip
    return designation
