"""The expert pool and the reviews experts are assigned (第六条、第十五条, R3.8)."""

from django.conf import settings
from django.db import models

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
    """One expert's review of a project's design and budget (第十五条)."""

    class Conclusion(models.TextChoices):
        PASS = "pass", "同意"
        REVISE = "revise", "修改后同意"
        FAIL = "fail", "不同意"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="expert_reviews")
    expert = models.ForeignKey(Expert, models.PROTECT, verbose_name="专家", related_name="reviews")
    state = models.CharField("评审环节", max_length=30)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="分配人", related_name="+"
    )
    assigned_at = models.DateTimeField("分配时间", default=clock.now)
    opinion = text_field("评审意见", limits.REPORT, blank=True)
    conclusion = models.CharField("结论", max_length=10, choices=Conclusion.choices, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        ordering = ["project", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "expert", "state"], name="expert_review_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} 评审 {self.project}"
