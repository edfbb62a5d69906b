"""Reading the funds (第二十二条, R4.9): a project's payments against its current budget, and the
ledger across projects for finance and audit. The web page, the API and the workbook read here;
each answers in a fixed number of queries, whatever the rows."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear

from govit.accounts.models import User
from govit.approvals.models import Approval
from govit.approvals.selectors import current_approval, current_budget
from govit.funds.models import Disbursement
from govit.projects.models import MONEY, Project

AMOUNT = DecimalField(**MONEY)


@dataclass(frozen=True)
class LedgerRow:
    """A payment with the total paid so far; `over` once the total passes the budget."""

    disbursement: Disbursement
    running: Decimal
    over: bool


@dataclass(frozen=True)
class Payments:
    """A project's payments in order, against the budget its current approval fixes."""

    rows: list[LedgerRow]
    budget: Decimal | None
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.disbursed

    @property
    def overspent(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def payments_of(
    project: Project, disbursements: list[Disbursement] | None = None, approval: Approval | None = None
) -> Payments:
    """The project's payments with running totals, against its current approval; the page passes
    what it has read already (the payments in paid order, the approval)."""
    if disbursements is None:
        disbursements = list(project.disbursements.order_by("paid_on", "pk"))
    if approval is None:
        approval = current_approval(project)
    budget = approval.approved_total if approval else None
    rows, running = [], Decimal(0)
    for payment in disbursements:
        running += payment.amount
        rows.append(LedgerRow(payment, running, budget is not None and running > budget))
    return Payments(rows=rows, budget=budget, disbursed=running)


def paid(year: int | None = None) -> Coalesce:
    """The sum paid to the outer project (in `year`, by paid_on), as one correlated subquery."""
    payments = Disbursement.objects.filter(project=OuterRef("pk"))
    if year is not None:
        payments = payments.filter(paid_on__year=year)
    total = payments.order_by().values("project").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=AMOUNT), Value(Decimal(0)), output_field=AMOUNT)


def ledger(user: User, *, year: int | None, unit: int | None) -> dict[str, Any]:
    """资金台账 as the page and the workbook show it: per project paid in the year chosen, paid in
    all and the budget; per year the totals; and the payments chosen."""
    payments = Disbursement.objects.visible_to(user)
    if unit:
        payments = payments.filter(project__unit_id=unit)
    in_year = Q(disbursements__paid_on__year=year) if year else Q()
    chosen = payments.filter(paid_on__year=year) if year else payments
    projects = (
        Project.objects.visible_to(user)
        .filter(pk__in=chosen.values("project_id"))
        .annotate(
            paid=Coalesce(Sum("disbursements__amount", filter=in_year), Decimal(0), output_field=AMOUNT),
            paid_all=Coalesce(Sum("disbursements__amount"), Decimal(0), output_field=AMOUNT),
            payments=Count("disbursements", filter=in_year),
            budget=current_budget(),
        )
        .annotate(remaining=ExpressionWrapper(F("budget") - F("paid_all"), output_field=AMOUNT))
        .select_related("unit")
        .order_by("unit__code", "pk")
    )
    per_year = (
        payments.annotate(year=ExtractYear("paid_on"))
        .values("year")
        .annotate(total=Sum("amount"), count=Count("pk"), projects=Count("project", distinct=True))
        .order_by("-year")
    )
    return {"projects": projects, "per_year": per_year, "chosen": chosen}


def payment_years(user: User) -> list[int]:
    """The years with a payment the person may see, newest first (the ledger's year filter)."""
    return [d.year for d in Disbursement.objects.visible_to(user).dates("paid_on", "year", "DESC")]


def budgeted_projects(user: User, *, year: int | None, unit: int | None) -> QuerySet[Project]:
    """Every visible project with a budget approval, its approved total, paid in the year, paid in
    all: one query whatever its size (approval and sums are subqueries). With a year, only the
    projects paid in that year."""
    projects = (
        Project.objects.visible_to(user)
        .select_related("unit")
        .annotate(approved_total=current_budget(), disbursed=paid(year), disbursed_total=paid())
        .annotate(
            remaining=ExpressionWrapper(F("approved_total") - F("disbursed_total"), output_field=AMOUNT)
        )
        .filter(approved_total__isnull=False)
    )
    if year is not None:
        projects = projects.filter(
            Exists(Disbursement.objects.filter(project=OuterRef("pk"), paid_on__year=year))
        )
    if unit is not None:
        projects = projects.filter(unit_id=unit)
    return projects.order_by("list_code", "pk")
