"""Keeping the similarity index current: `refresh` after a project's text is written (the
application and proposal services call it), `forget` when it is classified, `rebuild` for the whole
district (`govit manage similar_rebuild`, and `govit manage populate` after it writes). Each
keeps the terms' document frequencies (`Term`) as it changes the postings; a term no project has
any more is deleted (nothing of a classified project's words stays).
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from govit import clock
from govit.projects.models import Project, Proposal
from govit.similar import text
from govit.similar.models import IndexedProject, Posting, Term
from govit.similar.selectors import analyzer, project_fields

BATCH = 2000
CHUNK = 500  # terms a statement names


def _chunks(terms: Iterable[str]) -> Iterable[list[str]]:
    terms = sorted(set(terms))  # in one order, so that concurrent writers lock terms alike
    for start in range(0, len(terms), CHUNK):
        yield terms[start : start + CHUNK]


def _count(*, added: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
    """One project more has each term `added`, one fewer each `removed`."""
    for chunk in _chunks(added):
        Term.objects.bulk_create([Term(term=t) for t in chunk], ignore_conflicts=True)
        Term.objects.filter(term__in=chunk).update(df=F("df") + 1)
    for chunk in _chunks(removed):
        Term.objects.filter(term__in=chunk).update(df=F("df") - 1)
        Term.objects.filter(term__in=chunk, df__lte=0).delete()


def _recount(terms: Iterable[str]) -> None:
    """Count again, from the postings, the projects that have each of `terms`."""
    postings = Posting.objects.filter(term=OuterRef("term")).values("term").annotate(n=Count("*")).values("n")
    for chunk in _chunks(terms):
        Term.objects.bulk_create([Term(term=t) for t in chunk], ignore_conflicts=True)
        Term.objects.filter(term__in=chunk).update(df=Coalesce(Subquery(postings), Value(0)))
        Term.objects.filter(term__in=chunk, df__lte=0).delete()


def _postings(analysis: text.Analyzer, fields: dict[str, str]) -> tuple[int, dict[str, float]]:
    counts = analysis.bag(fields)
    return sum(counts.values()), text.bm25_weights(counts)


def refresh(project: Project) -> None:
    """Index `project` as it now reads (its form and its proposal), replacing what was indexed."""
    if project.is_classified:
        forget(project)
        return
    proposal = Proposal.objects.filter(project_id=project.pk).first()
    length, weights = _postings(analyzer(), project_fields(project, proposal))
    with transaction.atomic():
        old = set(Posting.objects.filter(project_id=project.pk).values_list("term", flat=True))
        Posting.objects.filter(project_id=project.pk).delete()
        Posting.objects.bulk_create(
            Posting(project_id=project.pk, term=t, weight=w) for t, w in weights.items()
        )
        IndexedProject.objects.update_or_create(
            project_id=project.pk, defaults={"length": length, "indexed_at": clock.now()}
        )
        _count(added=weights.keys() - old, removed=old - weights.keys())


def forget(project: Project) -> None:
    """A classified project leaves the index (第二十七条: GovIT keeps nothing of its description)."""
    with transaction.atomic():
        old = list(Posting.objects.filter(project_id=project.pk).values_list("term", flat=True))
        Posting.objects.filter(project_id=project.pk).delete()
        IndexedProject.objects.filter(project_id=project.pk).delete()
        _count(removed=old)


def _rows(projects: Iterable[dict], chapters: dict[int, dict]) -> tuple[list, list]:
    entries, postings = [], []
    now, analysis = clock.now(), analyzer()
    for row in projects:
        fields = {k: row[k] for k in ("name", "summary", "reason", "expected_effect")}
        if (proposal := chapters.get(row["id"])) is not None:
            fields["proposal"] = "\n".join(proposal[code] for code in Proposal.CODES)
        length, weights = _postings(analysis, fields)
        entries.append((row["id"], length, now))
        postings.extend((t, row["id"], w) for t, w in weights.items())
    return entries, postings


def _write(batch: list[int]) -> int:
    """Index the projects `batch` names (none of them indexed yet), in bulk: a few statements."""
    entry_table, posting_table = IndexedProject._meta.db_table, Posting._meta.db_table
    projects = Project.objects.filter(pk__in=batch, classified_at__isnull=True).values(
        "id", "name", "summary", "reason", "expected_effect"
    )
    codes = list(Proposal.CODES)
    chapters = {
        p["project_id"]: p for p in Proposal.objects.filter(project_id__in=batch).values("project_id", *codes)
    }
    entries, postings = _rows(projects, chapters)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {entry_table} (project_id, length, indexed_at) VALUES (%s, %s, %s)", entries
        )
        cursor.executemany(
            f"INSERT INTO {posting_table} (term, project_id, weight) VALUES (%s, %s, %s)", postings
        )
    return len(entries)


def reindex(ids: list[int]) -> int:
    """Index again the projects `ids` names, as they now read and as the thesaurus now is (after
    the BDB changes its synonyms, the projects whose text holds one of the words), in bulk."""
    done = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            old = set(Posting.objects.filter(project_id__in=batch).values_list("term", flat=True).distinct())
            Posting.objects.filter(project_id__in=batch).delete()
            IndexedProject.objects.filter(project_id__in=batch).delete()
            done += _write(batch)
            new = Posting.objects.filter(project_id__in=batch).values_list("term", flat=True).distinct()
            _recount(old | set(new))
    return done


def rebuild(*, progress: Callable[[str], None] | None = None) -> int:
    """The whole index again, in bulk: every project not classified, BATCH at a time. Returns
    how many projects were indexed."""
    Posting.objects.all().delete()
    IndexedProject.objects.all().delete()
    Term.objects.all().delete()
    ids = list(Project.objects.filter(classified_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _write(ids[start : start + BATCH])
        if progress:
            progress(f"已索引 {done}/{len(ids)} 个项目")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Term._meta.db_table} (term, df) SELECT term, COUNT(*) FROM {Posting._meta.db_table} "
            "GROUP BY term"
        )
    return done
