"""Reading a system's operation: O&M spending, the latest evaluations."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum

from govit.accounts.models import Organisation
from govit.operation.models import Evaluation, OmCost, OmPlan
from govit.projects.models import Project
from govit.workflow.lifecycle import keeping

# Records of a system that is being built or runs: from construction until it is retired.
RUNNING_STATES = keeping("operation")


def om_spending(project: Project) -> dict[str, Decimal | None]:
    """Spent so far against the five-year O&M budget (R5.5): two queries."""
    plan = OmPlan.objects.filter(project=project).first()
    spent = OmCost.objects.filter(project=project).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    budget = plan.five_year_budget if plan else None
    return {"budget": budget, "spent": spent, "remaining": budget - spent if budget is not None else None}


def latest_evaluations_by_unit(unit_ids: list[int]) -> dict[int, Evaluation]:
    """R5.6: each unit's most recent evaluation, shown beside its next applications in the list
    review: one query, reading one evaluation per unit however many each unit has."""
    newest = Evaluation.objects.filter(project__unit_id=OuterRef("pk")).order_by("-evaluated_on", "-pk")
    latest = Organisation.objects.filter(pk__in=unit_ids).annotate(latest=Subquery(newest.values("pk")[:1]))
    rows = Evaluation.objects.filter(pk__in=latest.values("latest")).select_related("project")
    return {evaluation.project.unit_id: evaluation for evaluation in rows}
