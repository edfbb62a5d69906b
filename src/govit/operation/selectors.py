"""Reading a system's operation (第十九、二十、二十五、二十六条): its records as the project page
shows them, with the facts computed on them (late, over budget, shareable) and what the person may
record now; O&M spending; the latest evaluations; the assessments and evaluations falling due."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum, prefetch_related_objects

from govit import clock, policy
from govit.access import is_project_unit
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
    OmPlan,
    SecurityAssessment,
    SharingRecord,
)
from govit.projects import policies
from govit.projects.models import Project
from govit.workflow.lifecycle import ENDED, IN_SERVICE, keeping

# Records of a system that is being built or runs: from construction until it is retired.
RUNNING_STATES = keeping("operation")
# The sections are shown from construction on, and kept after the system is retired.
SHOWN_STATES = RUNNING_STATES | ENDED
EVALUATION_STATES = keeping("evaluation")
FINAL_ACCOUNT_STATES = keeping("final_account")
# The result badge of an assessment: 符合 reads as done, 不符合 as late.
RESULT_TONES = {SecurityAssessment.Result.PASS: "ok", SecurityAssessment.Result.FAIL: "late"}


def security_kinds(project: Project) -> list[tuple[str, str]]:
    """The kinds of assessment the project's policy version asks for (第十九条), with their labels."""
    kinds = policies.of(project).security_assessments
    return [(code, spec["label"]) for code, spec in kinds.items()]


def security_late(assessment: SecurityAssessment, today: date | None = None) -> bool:
    """Its next assessment was due before today."""
    return assessment.next_due < (today or clock.today())


@dataclass(frozen=True)
class SecurityRow:
    """An assessment; the latest of its kind carries the next due date, late when it is past."""

    assessment: SecurityAssessment
    label: str
    current: bool
    late: bool
    tone: str  # the result's badge: "ok", "late" or ""


def security_rows(project: Project, today: date | None = None) -> list[SecurityRow]:
    """Each assessment, newest first: one query."""
    today, seen, rows = today or clock.today(), set(), []
    labels = dict(security_kinds(project))
    for a in project.security_assessments.order_by("-done_on", "-pk"):
        current = a.kind not in seen
        seen.add(a.kind)
        rows.append(SecurityRow(a, labels.get(a.kind, a.kind), current, current and security_late(a, today),
                                RESULT_TONES.get(a.result, "")))  # fmt: skip
    return rows


def sharing_partners() -> QuerySet[Organisation]:
    """Who a resource may be shared with (第二十条: 政务部门): government bodies, not third parties."""
    return Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.AGENCY)


def partner_choices() -> list[tuple[int, str]]:
    return list(sharing_partners().order_by("kind", "code").values_list("pk", "name"))


@dataclass(frozen=True)
class ResourceRow:
    resource: DataResource
    shareable: bool  # 第二十条: a 不予共享 resource is not shared


@dataclass(frozen=True)
class IncidentRow:
    incident: Incident
    serious: bool  # above 一般


def _spending(plan: OmPlan | None, spent: Decimal) -> dict[str, Decimal | None]:
    budget = plan.five_year_budget if plan else None
    return {"budget": budget, "spent": spent, "remaining": budget - spent if budget is not None else None}


def om_plan_spending(project: Project) -> tuple[OmPlan | None, dict[str, Decimal | None]]:
    """The O&M plan (第二十五条), and spent so far against its five-year budget (R5.5): two queries."""
    plan = OmPlan.objects.filter(project=project).first()
    spent = OmCost.objects.filter(project=project).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return plan, _spending(plan, spent)


def om_spending(project: Project) -> dict[str, Decimal | None]:
    """Spent so far against the five-year O&M budget (R5.5): two queries."""
    return om_plan_spending(project)[1]


@dataclass(frozen=True)
class OperationRecords:
    """The operation sections of the project page: the records, the facts on them, and which of
    the records the person may add now (the forms are the panel's)."""

    security_rows: list[SecurityRow]
    data_resources: list[ResourceRow]
    hub: HubConnection | None
    om_plan: OmPlan | None
    om_spending: dict[str, Decimal | None]
    over_budget: bool  # spent more than the five-year O&M budget
    om_costs: list[OmCost]
    incidents: list[IncidentRow]
    final_account: FinalAccount | None
    evaluations: list[Evaluation]
    may_run: bool  # the unit of a running system: security, data, the hub, the O&M plan
    may_serve: bool  # the unit of a system in service: O&M costs, incidents
    may_final_account: bool  # the unit, once delivered, while no final account is recorded
    may_evaluate: bool  # the unit or the BDB, once delivered
    evaluation_by_bdb: bool


def operation_records(user: User, project: Project) -> OperationRecords | None:
    """None before construction; else the records, in a fixed number of queries however many
    assessments, resources, costs or evaluations."""
    if project.state not in SHOWN_STATES:
        return None
    sharings = Prefetch(
        "sharings", queryset=SharingRecord.objects.select_related("organisation").order_by("shared_on", "pk")
    )
    resources = DataResource.objects.filter(project=project).prefetch_related(sharings).order_by("name")
    # one-to-one: joined to the project where its page read it (access.PAGE_RECORDS)
    plan, final_account = getattr(project, "om_plan", None), getattr(project, "final_account", None)
    costs = list(project.om_costs.order_by("year"))
    spending = _spending(plan, sum((c.amount for c in costs), Decimal(0)))
    unit, roles, state = is_project_unit(user, project), user.role_set, project.state
    return OperationRecords(
        security_rows=security_rows(project),
        data_resources=[ResourceRow(r, r.sharing != DataResource.Sharing.NONE) for r in resources],
        hub=getattr(project, "hub_connection", None),
        om_plan=plan,
        om_spending=spending,
        over_budget=spending["remaining"] is not None and spending["remaining"] < 0,
        om_costs=costs,
        incidents=[
            IncidentRow(i, i.severity != Incident.Severity.MINOR)
            for i in project.incidents.order_by("-occurred_at")
        ],
        final_account=final_account,
        evaluations=evaluations_of(project),
        may_run=unit and state in RUNNING_STATES,
        may_serve=unit and state in IN_SERVICE,
        may_final_account=unit and state in FINAL_ACCOUNT_STATES and final_account is None,
        # The BDB evaluates the key projects only (第二十六条; the leading group names them, 第五条).
        may_evaluate=(unit or (Role.BDB in roles and project.key_project)) and state in EVALUATION_STATES,
        evaluation_by_bdb=Role.BDB in roles,
    )


def evaluations_of(project: Project) -> list[Evaluation]:
    """The project's evaluations, newest year first, read once however often the page asks."""
    newest = Evaluation.objects.select_related("recorded_by").order_by("-year", "by")
    prefetch_related_objects([project], Prefetch("evaluations", queryset=newest))
    return list(project.evaluations.all())


def latest_evaluations_by_unit(unit_ids: list[int]) -> dict[int, Evaluation]:
    """R5.6: each unit's most recent evaluation, shown beside its next applications in the list
    review: one query, reading one evaluation per unit however many each unit has."""
    # its index; none of a classified project (第二十七条: its code is not shown beside another's)
    newest = Evaluation.objects.filter(unit_id=OuterRef("pk"), project__classified_at__isnull=True).order_by(
        "-evaluated_on", "-pk"
    )
    latest = Organisation.objects.filter(pk__in=unit_ids).annotate(latest=Subquery(newest.values("pk")[:1]))
    rows = Evaluation.objects.filter(pk__in=latest.values("latest")).select_related("project")
    return {evaluation.unit_id: evaluation for evaluation in rows}


# --- What falls due (第十九、二十六条): for the to-do list and the reminders ----------------------


def security_assessments_due(
    *, until: date, projects: QuerySet[Project] | None = None
) -> QuerySet[SecurityAssessment]:
    """第十九条 (R4.7): of each running system, the latest assessment of each kind whose next one
    falls due by `until` (overdue ones included); of `projects` when given, else of all."""
    newer = SecurityAssessment.objects.filter(
        project=OuterRef("project"), kind=OuterRef("kind"), done_on__gt=OuterRef("done_on")
    )
    due = SecurityAssessment.objects.filter(next_due__lte=until, project__state__in=RUNNING_STATES)
    if projects is not None:
        due = due.filter(project__in=projects)
    return due.exclude(Exists(newer)).select_related("project__unit").order_by("next_due", "pk")


def evaluated_year(today: date) -> int:
    """第二十六条 (R5.6): the year whose self-evaluation is asked for now: the last one."""
    return today.year - 1


def evaluation_due(year: int, rules: policy.Policy) -> date:
    """The day the self-evaluation of `year` is due under `rules` (our reading of 第二十六条)."""
    month, day = rules.evaluation_due
    return date(year + 1, month, day)


def evaluations_missing(*, year: int, projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Systems in service, delivered by the end of `year`, without the unit's evaluation of it."""
    evaluated = Evaluation.objects.filter(project=OuterRef("pk"), by=Evaluation.By.UNIT, year=year)
    missing = Project.objects.filter(state__in=IN_SERVICE, built_system__delivered_on__year__lte=year)
    if projects is not None:
        missing = missing.filter(pk__in=projects)
    return missing.exclude(Exists(evaluated)).select_related("unit").order_by("pk")
