"""The yearly list's totals (count and amount, overall and per category), read from the totals the
database keeps (ProjectTally) wherever they can tell them."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from govit.accounts.models import User
from govit.projects.models import Project, ProjectTally
from govit.projects.models.fields import yuan
from govit.projects.selectors import project_list

# The list's filters that are columns of the kept totals (ProjectTally), with their column there.
TALLIED_FILTERS = {"year": "year", "unit": "unit_id", "category": "category", "state": "state",
                   "work_type": "work_type", "listed": "listed"}  # fmt: skip


def project_totals(*, user: User, filters: dict[str, Any] | None = None) -> dict[str, Any]:
    """Count and amount, overall and per category, of `project_list(user, filters)`: from the totals
    the database keeps (ProjectTally) when the person's scope and the filters are said in its
    columns, with the classified projects the person is cleared for counted live (they are never
    kept, and are few); otherwise summed over the list. Two queries at most, whatever the size."""
    f = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    scope = Project.objects.tallied_scope(user)
    if scope is None or set(f) - set(TALLIED_FILTERS):
        return _totals(project_list(user=user, filters=f).values("category"), amount="amount", count="id")
    kept = ProjectTally.objects.filter(scope, **{TALLIED_FILTERS[name]: value for name, value in f.items()})
    totals = _totals(kept.values("category"), amount="amount_fen", count="projects", summed=True)
    cleared = project_list(user=user, filters=f).filter(classified_at__isnull=False)
    for category, row in _totals(cleared.values("category"), amount="amount", count="id")[
        "by_category"
    ].items():
        into = totals["by_category"].setdefault(category, {"count": 0, "amount": Decimal(0)})
        into["count"] += row["count"]
        into["amount"] += row["amount"]
    return _sum_categories(totals["by_category"])


def _totals(rows: QuerySet, *, amount: str, count: str, summed: bool = False) -> dict[str, Any]:
    """Count and amount per category of `rows` (values("category")): counted, or the kept counts
    summed (amounts in fen, then yuan)."""
    rows = rows.order_by().annotate(n=Sum(count) if summed else Count(count), amount=Sum(amount))
    by_category = {}
    for row in rows:
        money = yuan(row["amount"]) if summed else Decimal(row["amount"] or 0)
        if row["n"]:
            by_category[row["category"]] = {"count": row["n"], "amount": money}
    return _sum_categories(by_category)


def _sum_categories(by_category: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_category = dict(sorted(by_category.items()))
    return {
        "count": sum(v["count"] for v in by_category.values()),
        "amount": sum((v["amount"] for v in by_category.values()), Decimal(0)),
        "by_category": by_category,
    }
