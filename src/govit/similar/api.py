"""The duplicate-construction check (杜绝重复建设): the projects most like one, best first, built
systems first, within what the person may see (govit.similar.selectors)."""

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from govit import access
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, Money, state_of
from govit.similar import selectors, services, text

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


class SynonymGroupIn(Schema):
    term: str = Field(max_length=40, title="标准词")
    same: list[Annotated[str, Field(max_length=40)]] = Field(title="同义词（与标准词作同一词看待）")


class SynonymGroupOut(Schema):
    term: str
    same: list[str]


class ThesaurusOut(Schema):
    shipped: list[SynonymGroupOut]
    own: list[SynonymGroupOut]


@router.get("/similar/synonyms", response={200: ThesaurusOut, **ERRORS}, summary="查重同义词表")
def synonyms(request: HttpRequest) -> dict[str, Any]:
    """The thesaurus the duplicate check reads (第四条): GovIT's groups (`shipped`) and the BDB's
    own (`own`), each a canonical term and the words units write for it."""
    person(request)
    shipped: dict[str, list[str]] = {}
    for variant, term in text.shipped_groups().items():
        shipped.setdefault(term, []).append(variant)
    own = selectors.own_groups()
    return {"shipped": [{"term": t, "same": s} for t, s in sorted(shipped.items())],
            "own": [{"term": t, "same": s} for t, s in own.items()]}  # fmt: skip


@router.post("/similar/synonyms", response={201: SynonymGroupOut, **ERRORS}, summary="添加本局的查重同义词组")
def synonyms_add(request: HttpRequest, body: SynonymGroupIn) -> Status:
    """The BDB adds its words for a term (区大数据发展局 only; 403 otherwise; 422 with what is wrong:
    no word, a single word, a word repeated or already in a group). The index is brought up to date
    at once: the projects that use any of the words are indexed again."""
    term, same = services.synonyms_add(user=person(request), term=body.term, same=body.same)
    return Status(201, {"term": term, "same": same})


@router.delete("/similar/synonyms/{term}", response={204: None, **ERRORS}, summary="删除本局的查重同义词组")
def synonyms_remove(request: HttpRequest, term: str) -> Status:
    """The BDB removes its group for `term` (GovIT's own groups stay); 404 if it has none."""
    services.synonyms_remove(user=person(request), term=term)
    return Status(204, None)
