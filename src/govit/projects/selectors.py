"""Reads on projects, always scoped by `govit.access` first. Each runs a fixed number of queries."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet

from govit import policy
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.models import ChangeRequest, Contract
from govit.construction.selectors import CONSTRUCTION_STATES
from govit.findings.selectors import work_items as findings_work
from govit.operation.selectors import (
    evaluated_year,
    evaluation_due,
    evaluations_missing,
    evaluations_of,
    security_assessments_due,
)
from govit.policy.rules import Route as PolicyRoute
from govit.projects import policies
from govit.projects.models import Category, Project, ProjectEvent, WorkType
from govit.projects.models.project import LIST_ORDER
from govit.workflow import change as change_lifecycle
from govit.workflow.lifecycle import (
    ENDED,
    IN_SERVICE,
    RETURNED,
    START,
    STATE_BY_CODE,
    STATES,
    transitions_from,
)
from govit.workflow.lines import later_steps, shown_as

# States in which each role must act (from the declaration), for the to-do list. A system in service
# (delivered, O&M) waits for no step: what it owes (assessments, evaluations) is listed as work.
_STATES_BY_ACTOR: dict[str, list[str]] = {}
for _state in STATES:
    if _state.actor and _state.phase != "operation":
        _STATES_BY_ACTOR.setdefault(_state.actor, []).append(_state.code)


def project_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Project]:
    """The yearly list as `user` may see it, filtered (R2.10): year, unit, category, state,
    amount range (yuan), new/continuation, free text in the name or list code."""
    projects = Project.objects.visible_to(user).select_related("unit")
    f = filters or {}
    if f.get("year"):
        projects = projects.filter(year=f["year"])
    if f.get("unit"):
        projects = projects.filter(unit_id=f["unit"])
    if f.get("category"):
        projects = projects.filter(category=f["category"])
    if f.get("state"):
        projects = projects.filter(state=f["state"])
    if f.get("amount_min") is not None:
        projects = projects.filter(amount__gte=f["amount_min"])
    if f.get("amount_max") is not None:
        projects = projects.filter(amount__lte=f["amount_max"])
    if f.get("work_type"):
        projects = projects.filter(work_type=f["work_type"])
    if f.get("listed") is not None:
        projects = projects.filter(list_code__isnull=not f["listed"])
    if f.get("q"):
        projects = projects.filter(Q(name__icontains=f["q"]) | Q(list_code__icontains=f["q"]))
    # Unlisted projects last on every database, in the order of the index project_list_order.
    return projects.order_by(*LIST_ORDER)


def classified_withheld(*, user: User, filters: dict[str, Any] | None = None) -> int:
    """第二十七条 (R6.2): how many classified projects the person's scope holds that they are not
    cleared for — counted, never shown. Only the registration data filters them (year, unit,
    category, state): a filter on the amount or the name would tell their detail."""
    projects = Project.objects.withheld_from(user)
    f = filters or {}
    for name in ("year", "category", "state"):
        if f.get(name):
            projects = projects.filter(**{name: f[name]})
    if f.get("unit"):
        projects = projects.filter(unit_id=f["unit"])
    if f.get("amount_min") is not None or f.get("amount_max") is not None or f.get("q"):
        return 0
    return projects.count()


@dataclass(frozen=True)
class ProjectFlags:
    """What a project's pages show, decided here from its facts rather than in the templates."""

    national_code: bool  # a construction project carries the national project code (R2.9)
    continuation: bool  # 续建 names the earlier project it continues (第三条)
    returned: bool  # sent back to the unit for revision (退回修改), not a draft sent back inside it
    draft: bool  # not sent yet, or a new application: saving keeps a draft


def project_flags(project: Project | None) -> ProjectFlags:
    if project is None:
        return ProjectFlags(national_code=False, continuation=False, returned=False, draft=True)
    return ProjectFlags(
        national_code=project.category == Category.CONSTRUCTION,
        continuation=project.work_type == WorkType.CONTINUATION,
        returned=project.state == RETURNED,
        draft=project.state == START,
    )


def todo_for(user: User) -> QuerySet[Project]:
    """Projects waiting for `user` now (待办): in a state whose actor is one of their roles, and
    for a unit's roles, their own unit's."""
    scope = Q(pk__in=[])
    for role in user.role_set:
        states = _STATES_BY_ACTOR.get(role)
        if not states:
            continue
        condition = Q(state__in=states)
        if role in (Role.UNIT, Role.UNIT_LEADER):
            condition &= Q(unit_id=user.organisation_id)
        scope |= condition
    # A review waits only while the project is still in the step it was asked for (a subquery, not
    # a join: the list needs no DISTINCT).
    if Role.EXPERT in user.role_set:
        pending = Project.objects.filter(
            expert_reviews__expert__user=user,
            expert_reviews__submitted_at__isnull=True,
            expert_reviews__state=F("state"),
        )
        scope |= Q(pk__in=pending.values("pk"))
    if Role.AGENCY in user.role_set and user.organisation_id:  # a third-party evaluation (第十五条)
        pending = Project.objects.filter(
            expert_reviews__agency_id=user.organisation_id,
            expert_reviews__submitted_at__isnull=True,
            expert_reviews__state=F("state"),
        )
        scope |= Q(pk__in=pending.values("pk"))
    return Project.objects.visible_to(user).filter(scope).select_related("unit").order_by("updated_at")


# The project page shows the newest events of its history; the history page shows them all, paged.
HISTORY_SHOWN = 50


def recent_events(project: Project, *, limit: int = HISTORY_SHOWN) -> tuple[list[ProjectEvent], bool]:
    """The project's newest `limit` events, oldest first, and whether there are earlier ones: one
    query on the (project, seq) index, however long the history (a system in service for years)."""
    newest = list(project.events.select_related("actor", "organisation").order_by("-seq")[: limit + 1])
    return newest[:limit][::-1], len(newest) > limit


def done_for(user: User, *, limit: int = 100) -> QuerySet[ProjectEvent]:
    """What `user` did (已办), newest first."""
    return (
        ProjectEvent.objects.visible_to(user)
        .filter(actor=user)
        .select_related("project", "project__unit")
        .order_by("-at")[:limit]
    )


# --- Work that waits beside the steps (待办) -------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """A piece of construction or operation work waiting for the person (第十六、十八、十九、
    二十一、二十六条), with what its due date is and the article that sets it."""

    project: Project
    label: str
    detail: str
    anchor: str
    due: date | None = None
    provisional: bool = False
    late: bool = False
    due_label: str = ""  # what the due date is: 备案截止, 应测评, 自评截止
    article: int | None = None  # the article that sets it


def work_for(user: User, today: date) -> list[WorkItem]:
    """Contracts to file, security assessments and self-evaluations falling due, findings to answer
    (unit); filings and waivers to confirm and changes to review (BDB); changes to approve (DRC);
    overdue security assessments (CAC); answered findings to read (each bureau): one query per
    kind, whatever the number of rows."""
    roles, rows = user.role_set, []
    projects = Project.objects.visible_to(user)
    contracts = Contract.objects.visible_to(user).select_related("project__unit")
    changes = ChangeRequest.objects.visible_to(user).select_related("project__unit")
    if Role.UNIT in roles:
        for c in contracts.filter(project__unit_id=user.organisation_id, filed_on__isnull=True).order_by(
            "filing_due", "pk"
        ):
            rows.append(WorkItem(c.project, "报备合同", f"{c.title}（{c.number}）", "contracts", c.filing_due,
                                c.filing_due_provisional, today > c.filing_due, "备案截止", 16))  # fmt: skip
        rows += _security_work(projects.filter(unit_id=user.organisation_id), today)
        year = evaluated_year(today)
        for p in evaluations_missing(year=year, projects=projects.filter(unit_id=user.organisation_id)):
            due = evaluation_due(year, policies.of(p))
            rows.append(WorkItem(p, "开展年度绩效自评", f"{year}年度", "evaluations", due, late=today > due,
                                due_label="自评截止", article=26))  # fmt: skip
    if Role.BDB in roles:
        waiting = contracts.filter(filed_on__isnull=False, filing_confirmed_at__isnull=True).order_by(
            "filed_on", "pk"
        )
        for c in waiting:
            late = "（逾期备案）" if c.filed_late else ""
            rows.append(
                WorkItem(
                    c.project, "确认合同备案", f"{c.title}，{c.filed_on:%Y-%m-%d} 报备{late}", "contracts"
                )
            )
        for c in changes.filter(status__in=change_lifecycle.waiting_for("bdb")).order_by("requested_at"):
            rows.append(
                WorkItem(c.project, "评估变更", f"累计占批复软件金额 {c.ratio * 100:.2f}%", "changes")
            )
        waivers = (
            projects.filter(state__in=CONSTRUCTION_STATES, supervision_waiver_accepted_by__isnull=True)
            .filter(supervision_waiver_reason__filled=True)  # as project_waiver_to_accept says it
            .select_related("unit")
        )
        for p in waivers:
            rows.append(WorkItem(p, "认可不引入监理的理由", p.supervision_waiver_reason, "supervision"))
    if Role.CAC in roles:  # 第七条: the CAC supervises network security; it sees the overdue ones
        rows += [
            replace(row, label="督促开展网络安全测评") for row in _security_work(projects, today) if row.late
        ]
    rows += findings_work(user, today, WorkItem)  # the bureaus' findings, to answer or to read
    if Role.DRC in roles:
        for c in changes.filter(status__in=change_lifecycle.waiting_for("drc")).order_by("requested_at"):
            rows.append(
                WorkItem(
                    c.project, "下达方案及概算调整批复", f"累计占批复软件金额 {c.ratio * 100:.2f}%", "changes"
                )
            )
    return rows


def _security_work(projects: QuerySet[Project], today: date) -> list[WorkItem]:
    """第十九条: each kind of assessment whose next one is due within the reminders' lead days, or
    overdue."""
    rows = []
    for a in security_assessments_due(
        until=today + timedelta(days=policies.longest_lead()), projects=projects
    ):
        rules = policies.of(a.project)
        if a.next_due > today + timedelta(days=max(rules.reminder_lead_days)):
            continue  # not yet within this project's version's lead days
        label = rules.security_assessments.get(a.kind, {}).get("label", a.kind)
        rows.append(WorkItem(a.project, "开展网络安全测评", f"{label}，上次 {a.done_on:%Y-%m-%d}", "security",
                             a.next_due, late=today > a.next_due, due_label="应测评", article=19))  # fmt: skip
    return rows


@dataclass(frozen=True)
class TimelineStep:
    code: str
    label: str
    actor: str
    actor_label: str
    article: int
    status: str  # done / current / pending
    phase: str = "route"  # "route": before construction (govit policy route); "later": from the approval on

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def current(self) -> bool:
        return self.status == "current"


AFTER_THE_END = ENDED
EVALUATED_STATES = IN_SERVICE | AFTER_THE_END


def _later_steps(project: Project, category: str) -> list[TimelineStep]:
    """The steps after the approval, each with who acts in it and the article of what it asks."""
    steps = []
    for code in later_steps(category):
        state = STATE_BY_CODE[code]
        leaving = [t for t in transitions_from(code) if t.kind == "forward"]
        leaving = [t for t in leaving if not t.categories or category in t.categories]
        article = leaving[0].article if leaving else 24
        actor = state.actor or "unit"
        steps.append(TimelineStep(code, state.label, actor, Role(actor).label, article, "pending", "later"))
    return steps


@dataclass(frozen=True)
class Route:
    """Where a project's facts lead (R9.2): its category (第三条) and why, its route (第九至十三条)
    and why, and its whole life as steps done, current and pending."""

    category: str  # the one the facts lead to (a saved project carries it already)
    category_basis: list[policy.Basis]
    steps: list[TimelineStep]  # the route's, then the later ones (phase "later")
    basis: list[policy.Basis]

    @property
    def route_steps(self) -> list[TimelineStep]:
        return [step for step in self.steps if step.phase == "route"]

    @property
    def later_steps(self) -> list[TimelineStep]:
        return [step for step in self.steps if step.phase == "later"]


def _route_facts(project: Project) -> tuple:
    return (
        project.policy_id, project.state, project.category, project.amount, project.work_type,
        project.changes_function, project.civil_works, project.high_energy, project.needs_procurement,
        project.urgent,
    )  # fmt: skip


def project_route(project: Project) -> Route:
    """The project's category, route and timeline, worked out once per project read: the page, the
    route panel and the API's schema all ask for it, and the same facts give the same route, so it is
    kept on the instance with the facts it came from (a fact changed in between: worked out again).
    At most one query (whether the system has been evaluated)."""
    facts = _route_facts(project)
    kept = getattr(project, "_route", None)
    if kept is None or kept[0] != facts:
        kept = (facts, _route(project))
        project._route = kept
    return kept[1]


def _route(project: Project) -> Route:
    rules = policies.of(project)
    amount = project.amount if project.amount is not None else Decimal(0)
    classification = policy.classify(
        work=project.work_type, amount=amount, changes_function=project.changes_function, policy=rules
    )
    # A saved project carries the category the services derived; a preview takes it from here.
    category = project.category or classification.category
    answer = policy.route(
        category=category,
        amount=project.amount,
        new=project.work_type == WorkType.NEW,
        civil_works=project.civil_works,
        high_energy=project.high_energy,
        needs_procurement=project.needs_procurement,
        urgent=project.urgent,
        policy=rules,
    )
    timeline = _timeline(project, category, answer)
    return Route(classification.category, classification.basis, timeline, answer.basis)


def _timeline(project: Project, category: str, answer: PolicyRoute) -> list[TimelineStep]:
    """The project's whole life as steps done, current and pending: its route and then
    construction, acceptance and delivery, or O&M, and the evaluation."""
    codes = answer.step_codes
    route_steps = [
        TimelineStep(s.code, s.label, s.actor, s.actor_label, s.article, "pending")
        for s in answer.steps
        if s.code in codes
    ]
    steps = route_steps + _later_steps(project, category)
    state = STATE_BY_CODE[project.state]
    evaluation = _evaluation_step(project)
    where = shown_as(project.state, later_steps(category))
    position = {step.code: index for index, step in enumerate(steps)}
    if project.state in AFTER_THE_END:
        current, done_until = -1, len(steps)
    elif state.final:  # rejected or withdrawn: nothing further happens
        current = done_until = -1
    elif state.step in position:
        current = done_until = position[state.step]
    else:
        current = done_until = position.get(where, -1)
    return [
        *(
            replace(
                step, status="done" if index < done_until else "current" if index == current else "pending"
            )
            for index, step in enumerate(steps)
        ),
        evaluation,
    ]


def _evaluation_step(project: Project) -> TimelineStep:
    """第二十六条: after delivery (or while in O&M service) the system is evaluated; done once the
    first evaluation is recorded, which is asked only of a system that has been in service."""
    evaluated = project.state in EVALUATED_STATES and bool(evaluations_of(project))
    status = "done" if evaluated else "current" if project.state in IN_SERVICE else "pending"
    return TimelineStep("evaluation", "绩效评价", "unit", Role.UNIT.label, 26, status, "later")
