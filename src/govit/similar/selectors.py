"""The projects most like one (or like a text being written), best first, within what a person may
see: `similar_to`.

1. The query's terms and weights: a project's own postings, or a text analysed as the index is.
2. Each term's document frequency, kept beside the postings (`Term`, read by key); its idf (BM25); a term
   in more than text.COMMON_SHARE of the projects is dropped, and of the rest the MAX_TERMS that
   weigh most are kept (a long proposal asks no more than a short one).
3. One query sums idf × weight per project over the kept terms' postings only, within the
   person's scope (`Project.objects.visible_to`, an EXISTS per candidate), and returns the best
   `limit`, with their shared terms as the bits of a second sum; another query reads the projects.
   For a person outside the bureaus with `others` asked, the same statement scores every project
   once, unscoped, then takes the best twice: of the person's own scope and of the district's.
4. The ten best are shown built systems first (in service in the library of built systems, 已建项目
   清单库), each group best first: a system the district already runs is the strongest sign of a
   duplicate, so it leads, but only if it made the ten best on its own score.

A score is relative to the query's own (1.0: the same terms as the query, weighted alike).
What a person outside the bureaus may not see is only counted: `others`, how many of the district's
ten best (projects sent to the BDB, not classified) are another unit's.
"""

from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES
from govit.projects.models import Project, Proposal
from govit.similar import text
from govit.similar.models import IndexedProject, Posting, Synonym, Term

LIMIT = 10
MAX_TERMS = 24  # the query's heaviest terms: enough to tell a project, few enough to be fast
SHOWN_TERMS = 8


@lru_cache(maxsize=4)
def _analyzer(extra: tuple[tuple[str, str], ...]) -> text.Analyzer:
    return text.Analyzer(extra=dict(extra))


def own_groups() -> dict[str, list[str]]:
    """The BDB's own thesaurus groups: {canonical term: its variants}, by term."""
    groups: dict[str, list[str]] = {}
    for variant, term in Synonym.objects.order_by("term", "variant").values_list("variant", "term"):
        groups.setdefault(term, []).append(variant)
    return groups


def analyzer() -> text.Analyzer:
    """The analysis the index uses: the shipped thesaurus and the BDB's own synonyms, as the
    database holds them now (one query: every process sees a group the BDB adds at once)."""
    return _analyzer(tuple(Synonym.objects.order_by("variant").values_list("variant", "term")))


def containing(words: list[str]) -> list[int]:
    """The projects indexed whose text (form or proposal) holds any of `words`: those a change of
    the thesaurus may analyse otherwise."""
    if not words:
        return []
    fields = ("name", "summary", "reason", "expected_effect")
    found = Q()
    for word in words:
        found |= reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
        chapters = reduce(or_, (Q(**{f"{code}__icontains": word}) for code in Proposal.CODES))
        found |= Q(pk__in=Proposal.objects.filter(chapters).values("project_id"))
    return list(
        Project.objects.filter(found, similar_entry__isnull=False).order_by("pk").values_list("pk", flat=True)
    )


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


# The number of projects indexed, asked inside the statement that reads the query's terms.
DOCS = RawSQL(f"SELECT COUNT(*) FROM {IndexedProject._meta.db_table}", ())


def _frequencies(terms: list[str]) -> tuple[dict[str, int], int]:
    """Each term's document frequency (read by key) and the number of projects."""
    df = dict(Term.objects.filter(term__in=terms).values_list("term", "df"))
    return df, IndexedProject.objects.count()


Query = Project | str | dict[str, str]  # a project, a text, or a text's fields (name, summary …)


def query_stats(query: Query) -> tuple[dict[str, float], dict[str, int], int]:
    """The query's terms and weights, each term's document frequency and the number of projects:
    one statement for an indexed project (its postings, each with its frequency beside it), two
    for a text or a project not indexed yet (three with the thesaurus's own words)."""
    if isinstance(query, Project):
        if query.is_classified:
            return {}, {}, 0  # 第二十七条: nothing of its description is kept to compare
        df = Term.objects.filter(term=OuterRef("term")).values("df")
        rows = list(
            Posting.objects.filter(project=query)
            .annotate(df=Subquery(df), docs=DOCS)
            .values_list("term", "weight", "df", "docs")
        )
        if rows:
            return {t: w for t, w, _, _ in rows}, {t: n for t, _, n, _ in rows}, rows[0][3]
        proposal = Proposal.objects.filter(project=query).first()
        weights = text.bm25_weights(analyzer().bag(project_fields(query, proposal)))
    else:
        weights = text.bm25_weights(analyzer().bag(query if isinstance(query, dict) else {"summary": query}))
    return (weights, *_frequencies(list(weights))) if weights else ({}, {}, 0)


def query_weights(query: Query) -> dict[str, float]:
    return query_stats(query)[0]


def _idfs(
    weights: dict[str, float], df: dict[str, int] | None = None, docs: int | None = None
) -> dict[str, float]:
    """The kept terms' idf: common ones dropped, the MAX_TERMS heaviest kept."""
    if not weights:
        return {}
    if df is None or docs is None:
        df, docs = _frequencies(list(weights))
    idfs = {t: text.idf(df[t], docs) for t in weights if df.get(t)}
    heaviest = sorted((t for t in idfs if idfs[t] > 0), key=lambda t: (-idfs[t] * weights[t], t))
    return {t: idfs[t] for t in heaviest[:MAX_TERMS]}


def _scored(idfs: dict[str, float], scope: Exists | Q, exclude: int | None, **also):  # noqa: ANN003
    """Each project of `scope` (an EXISTS on the posting's project) with its score for the terms:
    one GROUP BY over the terms' postings, with `also` annotated on each."""
    score = Sum(
        Case(*(When(term=t, then=Value(i) * F("weight")) for t, i in idfs.items()), output_field=FloatField())
    )
    rows = Posting.objects.filter(term__in=list(idfs)).filter(scope)
    if exclude is not None:
        rows = rows.exclude(project_id=exclude)
    return rows.values("project_id").annotate(score=score, **also)


def _within(projects) -> Exists:  # noqa: ANN001
    return Exists(projects.filter(pk=OuterRef("project_id")))


def _best_query(idfs: dict[str, float], scope, exclude: int | None, limit: int, **also):  # noqa: ANN001, ANN003
    """The `limit` best projects of `scope` (a Project queryset) for the terms."""
    return _scored(idfs, _within(scope), exclude, **also).order_by("-score", "project_id")[:limit]


def _best_and_others(idfs, visible, exclude: int | None, limit: int, **also) -> tuple[list[dict], int]:  # noqa: ANN001, ANN003
    """For a person outside the bureaus, scored once: the `limit` best of what they may see, and
    how many of the district's LIMIT best (sent to the BDB, not classified) they may not. One
    statement: the terms' postings summed per project once (a common table, unscoped, so that no
    posting asks for its project), then the best of it twice — among the projects the person may
    see (a few: a unit's own), and among the district's, each marked seen or not."""
    try:
        seen, seen_params = visible.values("pk").query.sql_with_params()
    except EmptyResultSet:  # the administrators: nothing of the business, not even a count
        return [], 0
    scored, params = _scored(idfs, Q(), exclude, **also).order_by().query.sql_with_params()
    names = ", ".join(("project_id", "score", *also))
    table, order = Project._meta.db_table, "ORDER BY score DESC, project_id"
    sql = (
        f"WITH scored AS ({scored}) "
        f"SELECT {names}, TRUE AS seen, 0 AS part FROM (SELECT {names} FROM scored WHERE project_id IN ({seen}) {order} LIMIT %s) mine "
        f"UNION ALL SELECT {names}, project_id IN ({seen}) AS seen, 1 AS part FROM (SELECT {names} FROM scored "
        f"JOIN {table} ON {table}.id = scored.project_id WHERE {table}.submitted_at IS NOT NULL "
        f"AND {table}.classified_at IS NULL {order} LIMIT %s) district"
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *seen_params, limit, *seen_params, LIMIT))
        rows = [
            dict(zip((*names.split(", "), "seen", "part"), row, strict=True)) for row in cursor.fetchall()
        ]
    best = sorted((r for r in rows if r["part"] == 0), key=lambda r: (-r["score"], r["project_id"]))
    return best, sum(1 for r in rows if r["part"] == 1 and not r["seen"])


def similar_to(
    query: Query, user: User, *, limit: int = LIMIT, count_others: bool = True, exclude: int | None = None
) -> Similar:
    """The `limit` projects most like `query` that `user` may see (not `exclude`: the project a
    text being written is), built systems first; with `count_others`, how many of the district's
    ten best are other units' (for a person outside the bureaus: the same ranking, each candidate
    marked seen or not). Three queries for an indexed project, whatever the district."""
    weights, df, docs = query_stats(query)
    idfs = _idfs(weights, df, docs)
    if not idfs:
        return Similar()
    own = sum(i * weights[t] for t, i in idfs.items()) or 1.0
    exclude = query.pk if isinstance(query, Project) else exclude
    visible = Project.objects.visible_to(user)
    terms = list(idfs)  # each candidate's shared terms, as the bits of one sum in the ranking query
    shares = Sum(
        Case(*(When(term=t, then=Value(1 << n)) for n, t in enumerate(terms)), output_field=IntegerField())
    )
    others = 0
    if count_others and not (user.role_set & BUREAU_ROLES):
        best, others = _best_and_others(idfs, visible, exclude, limit, shares=shares)
    else:
        best = list(_best_query(idfs, visible, exclude, limit, shares=shares))
    projects = (
        visible.filter(pk__in=[r["project_id"] for r in best])
        .select_related("unit", "built_system")
        .in_bulk()
    )
    weight = {t: -idfs[t] * weights[t] for t in terms}  # a shared term's weight in the query
    results = [
        Match(projects[r["project_id"]], round(r["score"] / own, 4),
              sorted((t for n, t in enumerate(terms) if r["shares"] >> n & 1), key=weight.get)[:SHOWN_TERMS])
        for r in best
        if r["project_id"] in projects
    ]  # fmt: skip
    results.sort(key=lambda m: not m.built)  # stable: each group keeps its order, best first
    return Similar(results, others)
