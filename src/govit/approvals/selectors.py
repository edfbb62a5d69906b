"""Reading a project's approvals: which one fixes the budget now (第十二、二十一条)."""

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, prefetch_related_objects

from govit.approvals.models import Approval
from govit.projects.models import MONEY, Project

BUDGET_APPROVALS = (
    Approval.Kind.FSR_BUDGET,
    Approval.Kind.DESIGN_BUDGET,
    Approval.Kind.ORDER87,
    Approval.Kind.CHANGE,
)


def approvals_of(project: Project) -> list[Approval]:
    """The project's approvals in the order recorded, with their documents, read once however
    often its page asks (the section of approvals, the ledger's budget)."""
    recorded = Approval.objects.select_related("document").order_by("recorded_at", "pk")
    prefetch_related_objects([project], Prefetch("approvals", queryset=recorded))
    return list(project.approvals.all())


def current_of(approvals: list[Approval]) -> Approval | None:
    """The approval that fixes the budget now, of `approvals`: the newest budget or change approval
    (`current_budget` says the same in SQL, for lists)."""
    budget = [a for a in approvals if a.kind in BUDGET_APPROVALS]
    return max(budget, key=lambda a: (a.recorded_at, a.pk), default=None)


def current_approval(project: Project) -> Approval | None:
    """`current_of` the project's budget approvals, read now (a service's, under its lock)."""
    return current_of(list(Approval.objects.filter(project=project, kind__in=BUDGET_APPROVALS).order_by()))


def current_budget() -> Subquery:
    """`current_approval`'s approved total for the outer project, as one correlated subquery (for
    lists and ledgers that annotate many projects at once)."""
    newest = Approval.objects.filter(project=OuterRef("pk"), kind__in=BUDGET_APPROVALS).order_by(
        "-recorded_at", "-pk"
    )
    return Subquery(newest.values("approved_total")[:1], output_field=DecimalField(**MONEY))
