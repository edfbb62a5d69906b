"""The library of built systems (已建项目清单库, 第二十四条): what the district has built, who uses
it, whether it is on the government cloud and shares its data, and what has been retired (R5.7)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from govit.acceptance.models import BuiltSystem
from govit.acceptance.schemas import LibraryFilters, LibraryOut
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.projects.models import Project

router = Router(tags=["已建项目清单库"])


@router.get("/library", response={200: LibraryOut, **ERRORS}, summary="已建项目清单库（筛选、分页）")
def library(request: HttpRequest, filters: Query[LibraryFilters]) -> dict[str, Any]:
    """Scoped like the projects (a unit sees its own systems, the bureaus all): two queries for a
    page whatever its size."""
    systems = BuiltSystem.objects.visible_to(person(request))
    if filters.unit is not None:
        systems = systems.filter(unit_id=filters.unit)
    if filters.year is not None:
        systems = systems.filter(delivered_on__year=filters.year)
    if filters.on_cloud is not None:
        systems = systems.filter(on_cloud=filters.on_cloud)
    if filters.shares_data is not None:
        systems = systems.filter(shares_data=filters.shares_data)
    if filters.retired is not None:
        systems = systems.filter(retired_on__isnull=not filters.retired)
    # 第二十七条: the classified systems the person is not cleared for, counted only.
    classified = Project.objects.withheld_from(person(request)).filter(built_system__isnull=False).count()
    return {
        **filters.of(systems.select_related("project", "unit").order_by("-delivered_on", "pk")),
        "classified": classified,
    }
