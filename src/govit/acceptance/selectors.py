"""Reading the library of built systems (已建项目清单库, 第二十四条): the systems a person may see,
filtered, in the library's order, and their counts. The page, the API and the workbook read here.

The bureaus see every built system (a system is built long after its project reached the BDB) but
the classified ones they are not cleared for (第二十七条), so their counts are the kept ones
(LibraryTally) less those few, and their rows the systems less those few: no request counts or
scopes every system. Anyone else (a unit, an expert, an agency) sees few, counted live."""

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from govit.acceptance.models import BuiltSystem, LibraryTally
from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES
from govit.projects.models import Project

FLAGS = ("on_cloud", "shares_data", "hub_connected")
COUNTS = ("total", "in_use", *FLAGS, "retired")


class Library:
    """The library as `user` may see it: the years with a delivery (the year filter), the systems
    chosen by the filters with their counts, and `classified`, the systems withheld from the person
    (第二十七条), counted only. For the bureaus a few queries whatever the systems."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.bureau = bool(user.role_set & BUREAU_ROLES)
        self.withheld: list[BuiltSystem] = []
        if self.bureau:
            withheld = BuiltSystem.objects.filter(project__in=Project.objects.withheld_from(user))
            self.withheld = list(withheld.only("pk", "unit_id", "delivered_on", *FLAGS, "retired_on"))
            self.classified = len(self.withheld)
        else:
            self.classified = Project.objects.withheld_from(user).filter(built_system__isnull=False).count()

    def years(self) -> list[int]:
        """The years with a delivery the person may see, newest first."""
        if not self.bureau:
            years = BuiltSystem.objects.visible_to(self.user).dates("delivered_on", "year", "DESC")
            return [d.year for d in years]
        kept = LibraryTally.objects.filter(systems__gt=0).values("year").annotate(n=Sum("systems"))
        by_year = dict(kept.values_list("year", "n"))
        for system in self.withheld:
            by_year[system.delivered_on.year] -= 1
        return sorted((year for year, n in by_year.items() if n > 0), reverse=True)

    def chosen(self, filters: dict[str, Any]) -> tuple[QuerySet[BuiltSystem], dict[str, int]]:
        """The systems `filters` choose (unit, year, the three flags, retired; None: any), in the
        library's order, and their counts."""
        filters = {"unit": None, "year": None, **dict.fromkeys(FLAGS), "retired": None, **filters}
        if not self.bureau:
            systems = _chosen(BuiltSystem.objects.visible_to(self.user), filters)
            counts = systems.aggregate(**{n: Count("pk", filter=q) for n, q in _count_filters().items()})
            return _ordered(systems), counts
        kept = _tallied(LibraryTally.objects.filter(systems__gt=0), filters)
        counts = kept.aggregate(
            **{n: Coalesce(Sum("systems", filter=q), 0) for n, q in _tally_filters().items()}
        )
        for system in self.withheld:
            if _matches(system, filters):
                for name in COUNTS:
                    counts[name] -= _counted(system, name)
        systems = _chosen(BuiltSystem.objects.exclude(pk__in=[s.pk for s in self.withheld]), filters)
        return _ordered(systems), counts


def _chosen(systems: QuerySet[BuiltSystem], filters: dict[str, Any]) -> QuerySet[BuiltSystem]:
    if filters["unit"]:
        systems = systems.filter(unit_id=filters["unit"])
    if filters["year"]:
        systems = systems.filter(delivered_on__year=filters["year"])
    for flag in FLAGS:
        if filters[flag] is not None:
            systems = systems.filter(**{flag: filters[flag]})
    if filters["retired"] is not None:
        systems = systems.filter(retired_on__isnull=not filters["retired"])
    return systems


def _tallied(kept: QuerySet[LibraryTally], filters: dict[str, Any]) -> QuerySet[LibraryTally]:
    """`_chosen`'s filters in the kept rows' columns."""
    if filters["unit"]:
        kept = kept.filter(unit_id=filters["unit"])
    if filters["year"]:
        kept = kept.filter(year=filters["year"])
    for flag in (*FLAGS, "retired"):
        if filters[flag] is not None:
            kept = kept.filter(**{flag: filters[flag]})
    return kept


def _matches(system: BuiltSystem, filters: dict[str, Any]) -> bool:
    """Whether `system` is among those `_chosen` chooses (for a withheld one, in Python)."""
    wanted = {
        "unit": system.unit_id,
        "year": system.delivered_on.year,
        **{flag: getattr(system, flag) for flag in FLAGS},
        "retired": system.retired_on is not None,
    }
    return all(filters[name] in (None, value) or (name in ("unit", "year") and not filters[name])
               for name, value in wanted.items())  # fmt: skip


def _count_filters() -> dict[str, Q]:
    return {
        "total": Q(),
        "in_use": Q(retired_on__isnull=True),
        **{flag: Q(**{flag: True}) for flag in FLAGS},
        "retired": Q(retired_on__isnull=False),
    }


def _tally_filters() -> dict[str, Q]:
    return {
        "total": Q(),
        "in_use": Q(retired=False),
        **{f: Q(**{f: True}) for f in FLAGS},
        "retired": Q(retired=True),
    }


def _counted(system: BuiltSystem, name: str) -> int:
    """1 when `system` counts under `name` (one of COUNTS), else 0."""
    if name == "total":
        return 1
    if name in ("in_use", "retired"):
        return int((system.retired_on is None) == (name == "in_use"))
    return int(getattr(system, name))


def _ordered(systems: QuerySet[BuiltSystem]) -> QuerySet[BuiltSystem]:
    """Newest delivery first (the index built_system_library_order)."""
    return systems.select_related("project", "unit").order_by("-delivered_on", "pk")
