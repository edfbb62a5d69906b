"""The public list (信息公开, R9.6): the yearly list's projects, in the columns the BDB made public.

Anyone may read it without signing in, so it starts from `access.public_projects()` (listed, never
classified) and reads the public columns only, through `values()`: a column the BDB has not made
public is not even selected, and no free text or document is among those that can be. A page is a
fixed number of queries whatever the list's size.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from govit import access
from govit.approvals.selectors import current_budget
from govit.projects.models import Category, Project
from govit.projects.models.project import LIST_ORDER
from govit.public.models import Column, PublicColumn
from govit.workflow.lifecycle import STATE_BY_CODE, STATES

PER_PAGE = 50
# The stages a member of the public filters by: the lifecycle's phases past the list.
STAGES = {"scheme": "前期审批", "construction": "建设实施", "operation": "运行使用", "closed": "已结束"}
# What each column reads (`values()` names).
SOURCES = {
    Column.NAME: "name", Column.UNIT: "unit__name", Column.CATEGORY: "category", Column.YEAR: "year",
    Column.APPROVED: "approved", Column.STATE: "state", Column.DELIVERED: "built_system__delivered_on",
}  # fmt: skip


def classified_signature() -> str:
    """How many projects are classified, and the newest classification: a cached public answer
    made before a project was classified is not served after (one query, on the partial index)."""
    classified = Project.objects.filter(classified_at__isnull=False).aggregate(
        n=Count("pk"), last=Max("classified_at")
    )
    return f"{classified['n']}|{classified['last']}"


def public_columns() -> tuple[str, ...]:
    """The columns the BDB has made public, in the list's order (one query)."""
    marked = set(PublicColumn.objects.filter(public=True).values_list("column", flat=True))
    return tuple(c for c in Column.values if c in marked)


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    unit: str = ""  # the unit's name, as shown
    category: str = ""
    stage: str = ""

    @classmethod
    def of(cls, params: Any, columns: tuple[str, ...]) -> "Filters":
        """From a query string; a filter on a column that is not public, or a value that is no
        choice, is ignored rather than refused (a public page has no one to explain to)."""
        year = params.get("year", "")
        return cls(
            year=int(year) if Column.YEAR in columns and year.isdigit() and len(year) == 4 else None,
            unit=params.get("unit", "")[:200] if Column.UNIT in columns else "",
            category=params.get("category", "") if params.get("category") in Category.values and Column.CATEGORY in columns else "",  # noqa: E501
            stage=params.get("stage", "") if params.get("stage") in STAGES and Column.STATE in columns else "",
        )  # fmt: skip

    def query(self) -> dict[str, str]:
        pairs = {"year": self.year or "", "unit": self.unit, "category": self.category, "stage": self.stage}
        return {k: str(v) for k, v in pairs.items() if v}


def _filtered(filters: Filters) -> QuerySet:
    projects = access.public_projects()
    if filters.year:
        projects = projects.filter(year=filters.year)
    if filters.unit:
        projects = projects.filter(unit__name=filters.unit)
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.stage:
        projects = projects.filter(state__in=[s.code for s in STATES if s.phase == filters.stage])
    return projects


@dataclass(frozen=True)
class Totals:
    count: int
    approved: Decimal | None  # None when the approved amount is not public


def totals(filters: Filters, columns: tuple[str, ...]) -> Totals:
    projects = _filtered(filters)
    if Column.APPROVED not in columns:
        return Totals(projects.count(), None)
    summed = projects.annotate(approved=current_budget()).aggregate(n=Count("pk"), total=Sum("approved"))
    return Totals(summed["n"], summed["total"] or Decimal(0))


def rows(filters: Filters, columns: tuple[str, ...], *, offset: int = 0, limit: int | None = PER_PAGE):
    """The public rows, each a dict of the public columns' codes to plain values, in the list's
    order (newest year first, then by list code). No column, no row: `values_list()` of nothing
    would be every field."""
    if not columns:
        return
    projects = _filtered(filters).order_by(*LIST_ORDER)
    if Column.APPROVED in columns:
        projects = projects.annotate(approved=current_budget())
    values = projects.values_list(*(SOURCES[c] for c in columns))
    window = (
        values[offset : offset + limit] if limit is not None else values[offset:].iterator(chunk_size=2000)
    )
    for row in window:
        yield {column: _shown(column, value) for column, value in zip(columns, row, strict=True)}


def _shown(column: str, value: Any) -> Any:
    if column == Column.CATEGORY:
        return Category(value).label
    if column == Column.STATE:
        return STATE_BY_CODE[value].label
    return value


def choices(columns: tuple[str, ...]) -> dict[str, list]:
    """The filters' choices: the years and units that have public projects (two queries at most)."""
    projects = access.public_projects().order_by()
    found: dict[str, list] = {}
    if Column.YEAR in columns:
        found["years"] = sorted(set(projects.values_list("year", flat=True).distinct()), reverse=True)
    if Column.UNIT in columns:
        found["units"] = sorted(set(projects.values_list("unit__name", flat=True).distinct()))
    if Column.CATEGORY in columns:
        found["categories"] = list(Category.choices)
    if Column.STATE in columns:
        found["stages"] = list(STAGES.items())
    return found
