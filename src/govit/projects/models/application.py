"""The application's own records: its proposal (项目建议书) and each submitted version (R2.5)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from govit import clock, limits
from govit.policy import Policy, available_policies, load_policy
from govit.projects.models.fields import text_field
from govit.projects.models.project import Project
from govit.projects.models.record import ProjectRecord

# The one mapping of the model's chapter fields to the policy's outline of the proposal (附件2):
# by order, the n-th code is the outline's n-th chapter. Titles and guidance are the policy's; the
# fields' verbose_names repeat the titles only because a verbose_name is fixed at import (a test
# holds them equal to the version in force).
CHAPTER_CODES = ("purpose", "necessity", "requirements", "plan", "investment")
PROPOSAL_OUTLINE = "proposal"  # the outline's key in a version's [outlines]


@dataclass(frozen=True)
class ProposalChapter:
    """One chapter of the proposal as a version words it: the field it is kept in, its heading
    (第一章 项目建设目的和背景) and the outline's guidance under it."""

    code: str
    title: str
    guidance: str


def proposal_chapters(rules: Policy) -> tuple[ProposalChapter, ...]:
    """The proposal's chapters under version `rules`, keyed by the model's field codes; refused
    loudly when the version's outline does not have exactly one chapter per field."""
    outline = rules.outlines.get(PROPOSAL_OUTLINE)
    chapters = outline.chapters if outline is not None else ()
    if len(chapters) != len(CHAPTER_CODES):
        raise ImproperlyConfigured(
            f"政策版本 {rules.id} 的项目建议书大纲有 {len(chapters)} 章，"
            f"而项目建议书有 {len(CHAPTER_CODES)} 个章节字段（{'、'.join(CHAPTER_CODES)}）"
        )
    return tuple(
        ProposalChapter(code, chapter.heading, chapter.guidance)
        for code, chapter in zip(CHAPTER_CODES, chapters, strict=True)
    )


class Proposal(ProjectRecord):
    """A new project's proposal (项目建议书) in the outline's chapters (附件2, R2.4): one text field per
    chapter, its code in CHAPTER_CODES; the titles are the project's version's (`chapters`)."""

    CODES = CHAPTER_CODES

    project = models.OneToOneField(Project, models.CASCADE, verbose_name="项目", related_name="proposal")
    purpose = text_field("第一章 项目建设目的和背景", limits.REPORT, blank=True)
    necessity = text_field("第二章 项目建设的必要性", limits.REPORT, blank=True)
    requirements = text_field("第三章 项目需求分析", limits.REPORT, blank=True)
    plan = text_field("第四章 项目建设方案", limits.REPORT, blank=True)
    investment = text_field("第五章 项目投资估算和资金筹措", limits.REPORT, blank=True)

    class Meta:
        verbose_name = "项目建议书"
        verbose_name_plural = "项目建议书"

    def __str__(self) -> str:
        return f"{self.project}的项目建议书"

    chapters = staticmethod(proposal_chapters)  # Proposal.chapters(rules)

    def missing_chapters(self, rules: Policy | None = None) -> list[str]:
        """The titles of the chapters left empty, as `rules` (by default the project's own version,
        the one it is decided under) words them."""
        rules = rules if rules is not None else load_policy(self.project.policy_id)
        return [c.title for c in proposal_chapters(rules) if not getattr(self, c.code).strip()]


def _check_outlines() -> None:
    """At import: the proposal's text fields are exactly the codes, and every version's outline
    has one chapter per code (a version read later, from a folder named afterwards, is checked
    when it is used)."""
    fields = tuple(f.name for f in Proposal._meta.fields if isinstance(f, models.TextField))
    if fields != CHAPTER_CODES:
        raise ImproperlyConfigured(f"项目建议书的章节字段 {fields} 与 CHAPTER_CODES {CHAPTER_CODES} 不一致")
    for rules in available_policies():
        proposal_chapters(rules)


_check_outlines()


class ApplicationVersion(ProjectRecord):
    """What the unit submitted, each time it submitted (R2.5: every version kept and diffable)."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="versions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("申报内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="提交人", related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", default=clock.now)

    class Meta:
        verbose_name = "申报版本"
        verbose_name_plural = "申报版本"
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="application_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project} 第{self.number}版"
