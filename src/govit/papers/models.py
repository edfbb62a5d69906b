"""公文: the official documents that carry a project's decisions (R8.4), each with its 文号.

A `Paper` is one document of one decision (the BDB's opinion on an application, the DRC's approval,
a contract's filing …): numbered when its office takes the number, written from the decision's
record whenever it is asked for until it is signed, and then frozen beside the signed, stamped scan
uploaded back (`scan`, a project document of kind 正式公文). `NumberSequence` keeps each office's
numbers per year: a number once taken is never given again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.accounts.models import Organisation
from govit.documents.models import Document
from govit.projects.models import Project, ProjectRecord

USER = settings.AUTH_USER_MODEL


class PaperKind(models.TextChoices):
    REVIEW_OPINION = "review_opinion", "项目申报审核意见"
    DESIGN_OPINION = "design_opinion", "方案审核意见"
    APPROVAL = "approval", "项目批复"
    FILING_RECEIPT = "filing_receipt", "合同备案回执"
    COMPLIANCE_OPINION = "compliance_opinion", "合规性审查意见"
    RECTIFICATION_NOTICE = "rectification_notice", "整改通知书"
    FINAL_FILING = "final_filing", "终验备案确认"
    EVALUATION_REPORT = "evaluation_report", "重点项目绩效评价报告"


# 发文机关代字 of the offices, as a sequence starts with them; the system administrator may change
# a year's in the admin (a district's own 代字), before its first number is taken.
DEFAULT_PREFIXES = {"bdb": "渝中大数据", "drc": "渝中发改投"}


class NumberSequence(models.Model):
    """One office's 文号 of one year: 渝中大数据〔2026〕1号, 2号 … (`last` is the last one taken)."""

    office = models.ForeignKey(Organisation, models.PROTECT, verbose_name="发文机关", related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    prefix = models.CharField("发文机关代字", max_length=20)
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "发文字号"
        verbose_name_plural = "发文字号"
        ordering = ["office", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="number_sequence_per_office_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕（已用至{self.last}号）"

    def number(self, serial: int) -> str:
        return f"{self.prefix}〔{self.year}〕{serial}号"


class Paper(ProjectRecord):
    """One official document of one decision (`subject`: the record it carries, e.g. approval:3)."""

    Kind = PaperKind

    project = models.ForeignKey(Project, models.PROTECT, verbose_name="项目", related_name="papers")
    kind = models.CharField("公文种类", max_length=30, choices=PaperKind.choices)
    subject = models.CharField("所载决定", max_length=40)
    office = models.ForeignKey(Organisation, models.PROTECT, verbose_name="发文机关", related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("顺序号", null=True, blank=True)  # None: the decision's own 文号
    number = models.CharField("发文字号", max_length=100)
    deadline = models.DateField("整改期限", null=True, blank=True)
    numbered_by = models.ForeignKey(USER, models.PROTECT, verbose_name="取号人", related_name="+")
    numbered_at = models.DateTimeField("取号时间", default=clock.now)
    # What the document said when last written (SM3 of its text): a change of the record is seen.
    digest = models.CharField("内容摘要", max_length=64, blank=True)
    signed = models.FileField("签发稿（.docx）", upload_to="papers/", max_length=200, blank=True)
    scan = models.ForeignKey(
        Document, models.PROTECT, verbose_name="签章扫描件", null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(USER, models.PROTECT, verbose_name="签发登记人", null=True, blank=True,
                                  related_name="+")  # fmt: skip
    signed_at = models.DateTimeField("签发登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        ordering = ["project", "numbered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject"], name="paper_one_per_decision"),
            models.UniqueConstraint(
                fields=["office", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="paper_number_once",
            ),
            models.CheckConstraint(condition=Q(kind__in=PaperKind.values), name="paper_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def is_signed(self) -> bool:
        return self.scan_id is not None
