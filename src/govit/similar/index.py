"""Keeping the similarity index current: `refresh` after a project's text is written (the
application and proposal services call it), `forget` when it is classified, `rebuild` for the whole
district (`govit manage similar_rebuild`, and `govit manage populate` after it writes).
"""

from collections.abc import Callable, Iterable

from django.db import connection, transaction

from govit import clock
from govit.projects.models import Project, Proposal
from govit.similar import text
from govit.similar.models import IndexedProject, Posting
from govit.similar.selectors import analyzer, project_fields

BATCH = 2000


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
        Posting.objects.filter(project_id=project.pk).delete()
        Posting.objects.bulk_create(
            Posting(project_id=project.pk, term=t, weight=w) for t, w in weights.items()
        )
        IndexedProject.objects.update_or_create(
            project_id=project.pk, defaults={"length": length, "indexed_at": clock.now()}
        )


def forget(project: Project) -> None:
    """A classified project leaves the index (第二十七条: GovIT keeps nothing of its description)."""
    Posting.objects.filter(project_id=project.pk).delete()
    IndexedProject.objects.filter(project_id=project.pk).delete()


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
            Posting.objects.filter(project_id__in=batch).delete()
            IndexedProject.objects.filter(project_id__in=batch).delete()
            done += _write(batch)
    return done


def rebuild(*, progress: Callable[[str], None] | None = None) -> int:
    """The whole index again, in bulk: every project not classified, BATCH at a time. Returns
    how many projects were indexed."""
    Posting.objects.all().delete()
    IndexedProject.objects.all().delete()
    ids = list(Project.objects.filter(classified_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += _write(ids[start : start + BATCH])
        if progress:
            progress(f"已索引 {done}/{len(ids)} 个项目")
    return done
