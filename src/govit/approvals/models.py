"""Decisions recorded on a project: the leading group's (第九条) and the approvals (第十三条, R3.9)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from govit import clock
from govit.documents.models import Document
from govit.projects.models import Project, ProjectRecord, document_number_validator, money_field, text_field


class LeadingGroupDecision(ProjectRecord):
    """区云长制领导小组's deliberation of a new project's proposal (第九条)."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="lg_decisions")
    meeting = models.CharField("会议名称", max_length=200)
    meeting_on = models.DateField("会议日期")
    minutes_ref = models.CharField("会议纪要文号", max_length=100)

    class Decision(models.TextChoices):
        APPROVED = "approved", "审议通过"
        RETURNED = "returned", "要求修改"
        REJECTED = "rejected", "未通过"

    decision = models.CharField("审议结论", max_length=10, choices=Decision.choices)
    comment = text_field("意见", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="登记人", related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "领导小组审议"
        verbose_name_plural = "领导小组审议"
        ordering = ["project", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.get_decision_display()}）"

    @property
    def approved(self) -> bool:
        return self.decision == self.Decision.APPROVED


class ApprovalKind(models.TextChoices):
    """Which approval this is (Approval.Kind)."""

    FSR = "fsr", "可行性研究报告批复"
    FSR_BUDGET = "fsr_budget", "可研报告及概算方案（代初设）批复"
    DESIGN_BUDGET = "design_budget", "初步设计及概算方案批复"
    ORDER87 = "order87", "预算方案（财政部令第87号）"
    CHANGE = "change", "项目方案及概算调整批复"


class Approval(ProjectRecord):
    """An approval of the FSR, or of the design and budget (区发改委), or the unit's Order 87
    budget: its document number, date and the approved amounts (R3.9). The software amount is
    what 第二十一条's share is measured against."""

    Kind = ApprovalKind

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="approvals")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    document_number = models.CharField(
        "文号", max_length=100, blank=True, validators=[document_number_validator]
    )
    approved_on = models.DateField("批复日期", null=True, blank=True)
    approved_total = money_field("批复总投资（元）")
    approved_software = money_field("其中：软件（元）", null=True, blank=True)
    approved_hardware = money_field("其中：硬件（元）", null=True, blank=True)
    approved_other = money_field("其中：其他（元）", null=True, blank=True)
    document = models.ForeignKey(
        Document, models.PROTECT, verbose_name="批复文件", null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="登记人", related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "批复"
        verbose_name_plural = "批复"
        ordering = ["project", "recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(approved_total__gte=0), name="approval_total_not_negative"),
            # The lines, when given, add up to the total (the budget's 软件/硬件/其他).
            models.CheckConstraint(
                condition=Q(approved_software__isnull=True)
                | Q(approved_total=F("approved_software") + F("approved_hardware") + F("approved_other")),
                name="approval_lines_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}"
