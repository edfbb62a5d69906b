"""The similarity index, kept in the database so that it is current as projects are written.

`IndexedProject` is a project's entry (its length in terms, for counting the index); `Posting` is
the inverted index: one row per term of a project, with the term's BM25 weight in it
(govit.similar.text.bm25_weights). A query reads the postings of its own terms only, through the
(term, project, weight) index, and sums them per project; `Term` keeps each term's document
frequency beside them. `Synonym` holds the BDB's own thesaurus groups, added to the shipped one
(data/thesaurus.toml).

A classified project is not indexed: its entry and postings are deleted when it is classified.
"""

from django.conf import settings
from django.db import models

from govit import clock
from govit.projects.models import Project


class IndexedProject(models.Model):
    project = models.OneToOneField(
        Project, models.CASCADE, primary_key=True, verbose_name="项目", related_name="similar_entry"
    )
    length = models.PositiveIntegerField("词数", default=0)
    indexed_at = models.DateTimeField("索引时间", default=clock.now)

    class Meta:
        verbose_name = "查重索引项目"
        verbose_name_plural = "查重索引项目"

    def __str__(self) -> str:
        return f"{self.project_id}"


class Posting(models.Model):
    term = models.CharField("词", max_length=40)
    project = models.ForeignKey(
        Project, models.CASCADE, verbose_name="项目", related_name="+", db_index=False
    )
    weight = models.FloatField("权重")

    class Meta:
        verbose_name = "查重索引词"
        verbose_name_plural = "查重索引词"
        constraints = [models.UniqueConstraint(fields=["project", "term"], name="posting_project_term")]
        # Covering: a query's sums are read from the index alone, never from the table.
        indexes = [models.Index(fields=["term", "project", "weight"], name="posting_term_project_weight")]

    def __str__(self) -> str:
        return f"{self.term}@{self.project_id}"


class Synonym(models.Model):
    """One of the BDB's own words for a canonical term (伙房 for 食堂)."""

    variant = models.CharField("同义词", max_length=40, unique=True)
    term = models.CharField("标准词", max_length=40)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="添加人", related_name="+"
    )
    added_at = models.DateTimeField("添加时间", default=clock.now)

    class Meta:
        verbose_name = "查重同义词"
        verbose_name_plural = "查重同义词"
        ordering = ["term", "variant"]

    def __str__(self) -> str:
        return f"{self.variant} → {self.term}"


class Term(models.Model):
    """A term's document frequency: how many indexed projects have it (BM25's df), kept as the
    postings are written, so that a query reads its terms' counts by key instead of counting."""

    term = models.CharField("词", max_length=40, primary_key=True)
    df = models.IntegerField("项目数", default=0)

    class Meta:
        verbose_name = "查重索引词频"
        verbose_name_plural = "查重索引词频"

    def __str__(self) -> str:
        return f"{self.term}×{self.df}"
