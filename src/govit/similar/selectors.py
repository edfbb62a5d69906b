"""The projects most like one (or like a text being written), best first, within what a person may
see: `similar_to`.

1. The query's terms and weights: a project's own postings, or a text analysed as the index is.
2. Each term's document frequency, from the (term, project, weight) index; its idf (BM25); a term
   in more than text.COMMON_SHARE of the projects is dropped, and of the rest the MAX_TERMS that
   weigh most are kept (a long proposal asks no more than a short one).
3. One query sums idf × weight per project over the kept terms' postings only, within the
   person's scope (`Project.objects.visible_to`, an EXISTS per candidate), and returns the best
   `limit`; a second reads their shared terms, a third the projects themselves.
4. The ten best are shown built systems first (in service in the library of built systems, 已建项目
   清单库), each group best first: a system the district already runs is the strongest sign of a
   duplicate, so it leads, but only if it made the ten best on its own score.

A score is relative to the query's own (1.0: the same terms as the query, weighted alike).
What a person outside the bureaus may not see is only counted: `others`, how many of the district's
ten best (projects sent to the BDB, not classified) are another unit's.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Case, Count, Exists, F, FloatField, OuterRef, Sum, Value, When

from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES
from govit.projects.models import Project, Proposal
from govit.similar import text
from govit.similar.models import IndexedProject, Posting, Synonym

LIMIT = 10
MAX_TERMS = 24  # the query's heaviest terms: enough to tell a project, few enough to be fast
SHOWN_TERMS = 8


@lru_cache(maxsize=1)
def _analyzer(version: int) -> text.Analyzer:
    return text.Analyzer(extra=dict(Synonym.objects.values_list("variant", "term")))


_version = [0]


def analyzer() -> text.Analyzer:
    """The analysis the index uses: the shipped thesaurus and the BDB's own synonyms."""
    return _analyzer(_version[0])


def forget_analyzer() -> None:
    """After the BDB's synonyms change: the next analysis reads them again."""
    _version[0] += 1


def project_fields(project: Project, proposal: Proposal | None = None) -> dict[str, str]:
    """What a project says it does: its name, content, reason, effect and proposal's chapters."""
    fields = {
        "name": project.name,
        "summary": project.summary,
        "reason": project.reason,
        "expected_effect": project.expected_effect,
    }
    if proposal is not None:
        fields["proposal"] = "\n".join(getattr(proposal, code) for code in Proposal.CODES)
    return fields


@dataclass(frozen=True)
class Match:
    project: Project
    score: float
    terms: list[str]

    @property
    def built(self) -> bool:
        system = getattr(self.project, "built_system", None)
        return system is not None and system.retired_on is None


@dataclass
class Similar:
    results: list[Match] = field(default_factory=list)
    others: int = 0  # of the district's ten best, those of other units the person may not see


def query_weights(query: Project | str) -> dict[str, float]:
    if isinstance(query, str):
        return text.bm25_weights(analyzer().bag({"summary": query}))
    if query.is_classified:
        return {}  # 第二十七条: nothing of its description is kept to compare
    kept = dict(Posting.objects.filter(project=query).values_list("term", "weight"))
    if kept:
        return kept
    proposal = Proposal.objects.filter(project=query).first()
    return text.bm25_weights(analyzer().bag(project_fields(query, proposal)))


def _idfs(weights: dict[str, float]) -> dict[str, float]:
    """The kept terms' idf: common ones dropped, the MAX_TERMS heaviest kept."""
    if not weights:
        return {}
    docs = IndexedProject.objects.count()
    df = dict(
        Posting.objects.filter(term__in=list(weights))
        .values("term")
        .annotate(n=Count("*"))
        .values_list("term", "n")
    )
    idfs = {t: text.idf(df[t], docs) for t in weights if df.get(t)}
    heaviest = sorted((t for t in idfs if idfs[t] > 0), key=lambda t: (-idfs[t] * weights[t], t))
    return {t: idfs[t] for t in heaviest[:MAX_TERMS]}


def _best_query(idfs: dict[str, float], scope, exclude: int | None, limit: int):
    """The `limit` best projects of `scope` (a Project queryset) for the terms: one GROUP BY."""
    score = Sum(
        Case(*(When(term=t, then=Value(i) * F("weight")) for t, i in idfs.items()), output_field=FloatField())
    )
    rows = Posting.objects.filter(term__in=list(idfs)).filter(Exists(scope.filter(pk=OuterRef("project_id"))))
    if exclude is not None:
        rows = rows.exclude(project_id=exclude)
    return rows.values("project_id").annotate(score=score).order_by("-score", "project_id")[:limit]


def _best(idfs: dict[str, float], scope, exclude: int | None, limit: int) -> list[tuple[int, float]]:
    return [(r["project_id"], r["score"]) for r in _best_query(idfs, scope, exclude, limit)]


def similar_to(query: Project | str, user: User, *, limit: int = LIMIT) -> Similar:
    """The `limit` projects most like `query` that `user` may see, built systems first."""
    weights = query_weights(query)
    idfs = _idfs(weights)
    if not idfs:
        return Similar()
    own = sum(i * weights[t] for t, i in idfs.items()) or 1.0
    exclude = query.pk if isinstance(query, Project) else None
    visible = Project.objects.visible_to(user)
    best = _best(idfs, visible, exclude, limit)
    others = 0
    if not (user.role_set & BUREAU_ROLES):
        district = Project.objects.filter(submitted_at__isnull=False, classified_at__isnull=True)
        ids = [pk for pk, _ in _best(idfs, district, exclude, LIMIT)]
        others = len(set(ids) - set(visible.filter(pk__in=ids).values_list("pk", flat=True)))
    ids = [pk for pk, _ in best]
    shared: dict[int, list[tuple[float, str]]] = {pk: [] for pk in ids}
    for pk, term, weight in Posting.objects.filter(project_id__in=ids, term__in=list(idfs)).values_list(
        "project_id", "term", "weight"
    ):
        shared[pk].append((-idfs[term] * weight, term))
    projects = visible.filter(pk__in=ids).select_related("unit", "built_system").in_bulk()
    results = [
        Match(projects[pk], round(score / own, 4), [t for _, t in sorted(shared[pk])[:SHOWN_TERMS]])
        for pk, score in best
        if pk in projects
    ]
    results.sort(key=lambda m: not m.built)  # stable: each group keeps its order, best first
    return Similar(results, others)
