"""The duplicate-construction check (杜绝重复建设): the projects most like one, best first, built
systems first, within what the person may see (govit.similar.selectors)."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from govit import access
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, Money, state_of
from govit.similar import selectors

router = Router(tags=["相似项目查重"])


class SimilarItemOut(Schema):
    project: int
    score: float
    terms: list[str]
    name: str
    unit: str
    year: int
    state: CodedOut
    amount: Money | None
    built: bool


class SimilarOut(Schema):
    results: list[SimilarItemOut]
    others: int


def _item(match: selectors.Match) -> dict[str, Any]:
    project = match.project
    amount: Decimal | None = project.amount
    return {
        "project": project.pk, "score": match.score, "terms": match.terms, "name": project.name,
        "unit": project.unit.short_name or project.unit.name, "year": project.year,
        "state": state_of(project.state), "amount": amount, "built": match.built,
    }  # fmt: skip


@router.get(
    "/projects/{int:project_id}/similar",
    response={200: SimilarOut, **ERRORS},
    summary="相似项目（查重：杜绝盲目投资和重复建设）",
)
def similar(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """The ten projects most like this one that you may see, built systems (已建项目清单库) first,
    each group best first; each with its score (1.0: as the project itself) and the shared terms.
    `others`: how many of the district's ten best are other units' projects you may not see
    (counted only; the bureaus see them)."""
    found = selectors.similar_to(access.get_visible_project(person(request), project_id), person(request))
    return {"results": [_item(m) for m in found.results], "others": found.others}
