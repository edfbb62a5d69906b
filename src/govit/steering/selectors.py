"""Reading how evaluations steer an application (第二十六条第二款, R5.6): the evaluations beside it,
last year's O&M amount, and the recommendation of the project's policy version."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from govit.acceptance.models import BuiltSystem
from govit.operation.models import Evaluation, OmCost
from govit.policy.steering import NewAdvice, OmAdvice, new_application_advice, om_advice
from govit.projects import policies
from govit.projects.models.project import ABANDONED_STATES, Project, WorkType
from govit.workflow.lifecycle import IN_SERVICE, in_phase

# Shown while the application is written and decided (the unit, then the list review).
SHOWN = in_phase("application")
HEED, OVERRIDE = "heed", "override"


@dataclass(frozen=True)
class SystemEvaluations:
    """A built system and its evaluations, newest year first; `latest` is the one that scores it."""

    system: BuiltSystem
    evaluations: list[Evaluation]

    @property
    def latest(self) -> Evaluation | None:
        return headline(self.evaluations)

    @property
    def score(self) -> Decimal | None:
        return score_of(self.latest) if self.latest else None


@dataclass(frozen=True)
class Steering:
    """What the list review reads beside an application: for an O&M application its system's
    evaluations, last year's O&M amount and the request; for another, the unit's systems' latest."""

    om: bool  # an O&M application of a built system (第二十五条)
    systems: list[SystemEvaluations]
    last_year: Decimal | None = None
    last_year_source: str = ""
    requested: Decimal | None = None
    om_advice: OmAdvice | None = None
    new_advice: NewAdvice | None = None

    @property
    def advice(self) -> OmAdvice | NewAdvice | None:
        return self.om_advice or self.new_advice


def score_of(evaluation: Evaluation) -> Decimal:
    """The evaluation's score, exactly: the mean of its four aspects (Evaluation.score)."""
    return Decimal(evaluation.operation + evaluation.use + evaluation.sharing + evaluation.benefit) / 4


def headline(evaluations: list[Evaluation]) -> Evaluation | None:
    """The evaluation that scores a system: its latest year's, the BDB's key evaluation before the
    unit's own of that year (第二十六条: 区大数据发展局不定期组织开展重点项目绩效评价)."""
    order = {Evaluation.By.BDB: 0, Evaluation.By.UNIT: 1}
    return min(evaluations, key=lambda e: (-e.year, order.get(e.by, 2), -e.pk), default=None)


def _om_evaluations(project: Project) -> list[Evaluation]:
    """The maintained system's evaluations with the system, each carrying last year's O&M amount:
    its listed O&M application of that year (the amount applied for), else the O&M spending its
    unit recorded for that year (运维费用). One query; none of a classified system (第二十七条)."""
    year = (project.year or 0) - 1
    prior = (
        Project.objects.filter(maintains_id=project.maintains_id, year=year, list_code__isnull=False)
        .exclude(state__in=ABANDONED_STATES)
        .order_by("pk")
    )
    cost = OmCost.objects.filter(project_id=OuterRef("project_id"), year=year)
    rows = Evaluation.objects.filter(
        project__built_system=project.maintains_id, project__classified_at__isnull=True
    )
    return list(
        rows.select_related("recorded_by", "project__built_system")
        .annotate(prior_name=Subquery(prior.values("name")[:1]), prior_amount=Subquery(prior.values("amount")[:1]),
                  cost=Subquery(cost.values("amount")[:1]))
        .order_by("-year", "by", "-pk")
    )  # fmt: skip


def steering_for(project: Project) -> Steering | None:
    """What steers this application, or None for one that no evaluation bears on (not of a unit's
    built system, none evaluated). One query however many evaluations."""
    rules = policies.of(project)
    if project.work_type == WorkType.MAINTENANCE:
        evaluations = _om_evaluations(project) if project.maintains_id else []
        if not evaluations:
            return None
        found, first = SystemEvaluations(evaluations[0].project.built_system, evaluations), evaluations[0]
        if first.prior_amount is not None:
            last_year, source = first.prior_amount, f"{project.year - 1}年度运维项目“{first.prior_name}”"
        else:
            last_year, source = (
                first.cost,
                f"{project.year - 1}年度运维费用" if first.cost is not None else "",
            )
        advice = om_advice(score=found.score, last_year=last_year, requested=project.amount, policy=rules)
        return Steering(True, [found], last_year, source, project.amount, om_advice=advice)
    by_system: dict[int, SystemEvaluations] = {}
    evaluations = Evaluation.objects.filter(
        unit_id=project.unit_id,
        project__built_system__retired_on__isnull=True,
        project__classified_at__isnull=True,
    )
    for e in evaluations.select_related("recorded_by", "project__built_system").order_by(
        "-year", "by", "-pk"
    ):
        system = e.project.built_system
        by_system.setdefault(system.pk, SystemEvaluations(system, [])).evaluations.append(e)
    if not by_system:
        return None
    systems = sorted(by_system.values(), key=lambda s: (s.score, s.system.name))
    advice = new_application_advice(scores=[s.score for s in systems if s.score is not None], policy=rules)
    return Steering(False, systems, new_advice=advice)


def steering_refusal(project: Project, inputs: dict[str, Any]) -> str | None:
    """第二十六条 (R5.6): a review of an application a recommendation applies to says whether it
    heeds it, and why not when it does not."""
    if project.is_classified:
        return None  # 第二十七条: its review's reasons are not typed here, so none is asked for
    choice = inputs.get("steering") or ""
    found = steering_for(project)
    if found is None or found.advice is None:
        return None
    if choice not in (HEED, OVERRIDE):
        return f"请选择是否采纳绩效评价结果运用建议（{found.advice.text}）"
    if choice == OVERRIDE and not (inputs.get("steering_reason") or "").strip():
        return "不采纳绩效评价结果运用建议的，请写明理由"
    return None


def systems_without_om(year: int, unit_ids: list[int] | None = None) -> QuerySet[BuiltSystem]:
    """第二十五条、第二十六条 (R5.6): the systems in service (delivered, not retired; not classified)
    without an O&M application of `year` that is still alive — a system has at most one a year
    (the guard one_om_application_a_year); of the units `unit_ids` when given. One query."""
    applied = Project.objects.filter(maintains_id=OuterRef("pk"), year=year).exclude(
        state__in=ABANDONED_STATES
    )
    systems = BuiltSystem.objects.filter(
        retired_on__isnull=True, project__state__in=IN_SERVICE, project__classified_at__isnull=True
    )
    if unit_ids is not None:
        systems = systems.filter(unit_id__in=unit_ids)
    return (
        systems.exclude(Exists(applied)).select_related("project", "unit").order_by("unit_id", "name", "pk")
    )
