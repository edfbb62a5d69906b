"""The application's own records: its proposal (项目建议书) and each submitted version (R2.5)."""

from django.conf import settings
from django.db import models

from govit import clock, limits
from govit.projects.models.fields import text_field
from govit.projects.models.project import Project
from govit.projects.models.record import ProjectRecord


class Proposal(ProjectRecord):
    """A new project's proposal (项目建议书) in Attachment 2's five chapters (第九条, R2.4)."""

    CHAPTERS = (
        ("purpose", "第一章 项目建设目的和背景", "项目单位，项目名称，项目建设的目的、背景、依据等"),
        (
            "necessity",
            "第二章 项目建设的必要性",
            "现有信息化项目应用情况，新建项目的意义、必要性、可行性和现有项目的区别联系",
        ),
        (
            "requirements",
            "第三章 项目需求分析",
            "业务功能，业务流程和业务量分析，系统功能和性能需求，是否满足系统整合要求，与智能中枢对接需求",
        ),
        ("plan", "第四章 项目建设方案", "项目建设任务，主要建设内容，项目建设时间、实施进度"),
        ("investment", "第五章 项目投资估算和资金筹措", "项目总投资估算、资金来源与落实情况"),
    )

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

    def missing_chapters(self) -> list[str]:
        return [title for code, title, _ in self.CHAPTERS if not getattr(self, code).strip()]


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
