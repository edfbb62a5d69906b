"""Reading the funds (第二十二条, R4.9): a project's payments against its current budget, and the
ledger across projects for finance and audit. The web page, the API and the workbook read here;
each answers in a fixed number of queries, whatever the rows."""

from collections.abc import Iterator
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
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES
from govit.approvals.models import Approval
from govit.approvals.selectors import current_approval, current_budget
from govit.funds.models import Disbursement, FundsTally, PaidTally
from govit.projects.models import MONEY, Project
from govit.projects.models.fields import yuan

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


@dataclass(frozen=True)
class LedgerTotals:
    """资金台账's totals as `user` may see them, per year of payment (0: all years) and project unit:
    `rows` of (year, unit id, unit code, projects, payments, fen), and `withheld`, the classified
    projects with payments the person would see but for 第二十七条 (counted only, never summed)."""

    rows: list[tuple[int, int, str, int, int, int]]
    withheld: int

    def years(self) -> list[int]:
        """The years with a payment, newest first (the year filter)."""
        return sorted({row[0] for row in self.rows if row[0] and row[3]}, reverse=True)

    def per_year(self, unit: int | None) -> list[dict[str, Any]]:
        """Per year, newest first: the total paid, the payments and the projects paid."""
        years: dict[int, list[int]] = {}
        for year, unit_id, _, projects, payments, fen in self.rows:
            if year and projects and unit in (None, unit_id):
                sums = years.setdefault(year, [0, 0, 0])
                sums[0], sums[1], sums[2] = sums[0] + fen, sums[1] + payments, sums[2] + projects
        return [
            {"year": year, "total": yuan(fen), "count": count, "projects": projects}
            for year, (fen, count, projects) in sorted(years.items(), reverse=True)
        ]

    def total(self, year: int | None, unit: int | None) -> dict[str, Any]:
        """What was paid in the year chosen (or in all), and in how many payments."""
        rows = [r for r in self.rows if r[0] == (year or 0) and unit in (None, r[1])]
        return {"total": yuan(sum(r[5] for r in rows)), "count": sum(r[4] for r in rows)}

    def units(self, year: int | None, unit: int | None) -> list[tuple[str, int, int]]:
        """(code, unit id, projects paid) of each unit with a payment in the year, in the page's order."""
        rows = (r for r in self.rows if r[0] == (year or 0) and r[3] and unit in (None, r[1]))
        return sorted((code, unit_id, projects) for _, unit_id, code, projects, _, _ in rows)


def ledger_totals(user: User) -> LedgerTotals:
    """The kept totals (FundsTally) less the classified projects withheld from `user`: two queries of
    a few hundred rows, whatever the payments. The bureaus' scope holds every project that has been
    paid (a payment follows the budget approval, long after the submission), so that nothing else
    need be taken away; anyone else has the totals summed over the projects they see."""
    if not user.role_set & BUREAU_ROLES:
        mine = PaidTally.objects.visible_to(user).values("year", "unit_id", "unit__code")
        kept = mine.annotate(n=Count("pk"), p=Sum("payments"), fen=Sum("amount_fen")).order_by()
        rows = [(r["year"], r["unit_id"], r["unit__code"], r["n"], r["p"], r["fen"]) for r in kept]
        paid = PaidTally.objects.filter(year=0).values("project_id")
        return LedgerTotals(
            rows=rows, withheld=Project.objects.withheld_from(user).filter(pk__in=paid).count()
        )
    less: dict[tuple[int, int], list[int]] = {}
    withheld = PaidTally.objects.filter(project__in=Project.objects.withheld_from(user))
    for year, unit_id, payments, fen in withheld.values_list("year", "unit_id", "payments", "amount_fen"):
        sums = less.setdefault((year, unit_id), [0, 0, 0])
        sums[0], sums[1], sums[2] = sums[0] + 1, sums[1] + payments, sums[2] + fen
    rows = []
    kept = FundsTally.objects.filter(projects__gt=0).values_list(
        "year", "unit_id", "unit__code", "projects", "payments", "amount_fen"
    )
    for year, unit_id, code, projects, payments, fen in kept:
        n, p, f = less.get((year, unit_id), (0, 0, 0))
        rows.append((year, unit_id, code, projects - n, payments - p, fen - f))
    return LedgerTotals(rows=rows, withheld=sum(n for (year, _), (n, _, _) in less.items() if year == 0))


def _ledger_projects(user: User, year: int | None, units: list[int] | None) -> QuerySet[Project]:
    """The visible projects paid in the year (or ever), with what the kept rows say they were paid
    and their current budget, in the ledger's order (unit code, then project)."""
    kept = PaidTally.objects.filter(project=OuterRef("pk"))
    chosen = kept.filter(year=year or 0)
    projects = Project.objects.visible_to(user).filter(Exists(chosen))
    if units is not None:
        projects = projects.filter(unit_id__in=units)
    return (
        projects.select_related("unit")
        .annotate(
            paid_fen=Subquery(chosen.values("amount_fen")[:1]),
            paid_all_fen=Subquery(kept.filter(year=0).values("amount_fen")[:1]),
            payments=Subquery(chosen.values("payments")[:1]),
            budget=current_budget(),
        )
        .order_by("unit__code", "pk")
    )


def _amounts(project: Project) -> Project:
    """The kept fen as the exact yuan the page and the workbook show."""
    project.paid, project.paid_all = yuan(project.paid_fen), yuan(project.paid_all_fen)
    project.remaining = None if project.budget is None else project.budget - project.paid_all
    return project


class LedgerRows:
    """The ledger's projects as a Paginator pages them: counted from the kept totals, and a page
    read from the few units it falls in (its offset taken within the first), so that page 2,000
    costs what page 1 does."""

    def __init__(self, user: User, year: int | None, units: list[tuple[str, int, int]]) -> None:
        self.user, self.year, self.unit_counts = user, year, units

    def count(self) -> int:
        return sum(n for _, _, n in self.unit_counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Project]:
        start, stop = window.start or 0, window.stop
        units, skip, before = [], 0, 0
        for _, unit_id, n in self.unit_counts:
            if before + n > start and before < stop:
                skip = skip if units else start - before
                units.append(unit_id)
            before += n
        if not units:
            return []
        # The page's keys first, then their sums: a deep offset steps over keys, not over subqueries.
        chosen = _ledger_projects(self.user, self.year, units)
        keys = list(chosen.values_list("pk", flat=True)[skip : skip + stop - start])
        return [_amounts(p) for p in chosen.filter(pk__in=keys)]


def ledger_rows(user: User, totals: LedgerTotals, *, year: int | None, unit: int | None) -> LedgerRows:
    """资金台账's projects, per project paid in the year chosen, paid in all and the budget."""
    return LedgerRows(user, year, totals.units(year, unit))


def ledger_projects(user: User, *, year: int | None, unit: int | None, chunk_size: int) -> Iterator[Project]:
    """The same projects, all of them, read `chunk_size` at a time (the workbook)."""
    projects = _ledger_projects(user, year, None if unit is None else [unit])
    return (_amounts(p) for p in projects.iterator(chunk_size=chunk_size))


def chosen_payments(user: User, *, year: int | None, unit: int | None) -> QuerySet[Disbursement]:
    """The payments of the year chosen (or all), of the unit chosen, that `user` may see."""
    payments = Disbursement.objects.visible_to(user)
    if unit:
        payments = payments.filter(project__unit_id=unit)
    return payments.filter(paid_on__year=year) if year else payments


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
