"""The library of built systems (已建项目清单库, 第二十四条): what the district has built, who uses
it, whether it is on the government cloud and shares its data, and what has been retired (R5.7)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from govit.acceptance import selectors
from govit.acceptance.schemas import LibraryFilters, LibraryOut
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.projects.paging import KeysFirst

router = Router(tags=["已建项目清单库"])


@router.get("/library", response={200: LibraryOut, **ERRORS}, summary="已建项目清单库（筛选、分页）")
def library(request: HttpRequest, filters: Query[LibraryFilters]) -> dict[str, Any]:
    """Scoped like the projects (a unit sees its own systems, the bureaus all), counted from the
    kept counts (acceptance.selectors): the same few queries for a page whatever its size."""
    reader = selectors.Library(person(request))
    systems, counts = reader.chosen(
        {"unit": filters.unit, "year": filters.year, "on_cloud": filters.on_cloud,
         "shares_data": filters.shares_data, "retired": filters.retired}
    )  # fmt: skip
    # 第二十七条: the classified systems the person is not cleared for, counted only.
    return {**filters.of(KeysFirst(systems, counts["total"])), "classified": reader.classified}
