"""The expert pool and the reviews experts are assigned (第六条、第十五条, R3.8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock, limits
from govit.accounts.models import Organisation
from govit.projects.models import Project, ProjectRecord, text_field


class Expert(models.Model):
    """A member of the BDB's expert pool. `conflicts` lists organisations the expert is tied to
    (a former employer, a vendor) besides their own: they may not review those projects."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="账号", related_name="expert"
    )
    field = models.CharField("专业领域", max_length=100)
    title = models.CharField("职称", max_length=50, blank=True)
    conflicts = models.ManyToManyField(
        Organisation, verbose_name="利害关系单位", blank=True, related_name="+"
    )
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家库"
        ordering = ["user__name"]

    def __str__(self) -> str:
        return f"{self.user.name}（{self.field}）"


class ExpertReview(ProjectRecord):
    """One reviewer's review of a project's design and budget (第十五条): an expert from the pool,
    or a third-party evaluation agency (第三方专业评估机构), whose evaluation report is kept with it."""

    class Conclusion(models.TextChoices):
        PASS = "pass", "同意"
        REVISE = "revise", "修改后同意"
        FAIL = "fail", "不同意"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="expert_reviews")
    expert = models.ForeignKey(
        Expert, models.PROTECT, verbose_name="专家", related_name="reviews", null=True, blank=True
    )
    agency = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="第三方评估机构", related_name="design_reviews",
        null=True, blank=True,
    )  # fmt: skip
    state = models.CharField("评审环节", max_length=30)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="分配人", related_name="+"
    )
    assigned_at = models.DateTimeField("分配时间", default=clock.now)
    opinion = text_field("评审意见", limits.REPORT, blank=True)
    conclusion = models.CharField("结论", max_length=10, choices=Conclusion.choices, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        verbose_name="提交人",
        related_name="+",
        null=True,
        blank=True,
    )
    report = models.ForeignKey(
        "documents.Document",
        models.SET_NULL,
        verbose_name="评估报告",
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        ordering = ["project", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "expert", "state"], name="expert_review_once_per_step"
            ),
            models.UniqueConstraint(
                fields=["project", "agency", "state"], name="agency_review_once_per_step"
            ),
            models.CheckConstraint(
                condition=Q(expert__isnull=False, agency__isnull=True)
                | Q(expert__isnull=True, agency__isnull=False),
                name="review_by_an_expert_or_an_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} 评审 {self.project}"

    @property
    def reviewer(self) -> str:
        """Who was asked: the expert's name, or the agency's."""
        return self.expert.user.name if self.expert_id else self.agency.display_name


class ReviewConclusion(ProjectRecord):
    """The panel's consolidated conclusion (专家组评审结论, 第十五条): once the experts and agencies
    asked in a step have answered, the bureau that decides the step sums their opinions up."""

    class Conclusion(models.TextChoices):
        PASS = "pass", "通过"
        REVISE = "revise", "修改后通过"
        FAIL = "fail", "不通过"

    project = models.ForeignKey(
        Project, models.CASCADE, verbose_name="项目", related_name="review_conclusions"
    )
    state = models.CharField("评审环节", max_length=30)
    conclusion = models.CharField("评审结论", max_length=10, choices=Conclusion.choices)
    opinion = text_field("专家组综合意见", limits.REPORT)
    concluded_on = models.DateField("评审日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="登记人", related_name="+"
    )
    recorded_as = models.CharField("登记人身份", max_length=20)
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "专家组评审结论"
        verbose_name_plural = "专家组评审结论"
        ordering = ["project", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "state"], name="review_conclusion_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.project} 专家组结论：{self.get_conclusion_display()}"
