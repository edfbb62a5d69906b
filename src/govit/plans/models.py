"""The year's plan (政务信息化年度建设规划, 第五条) and the key projects (重点建设项目).

The BDB composes the plan of year Y from the projects of year Y that are listed or being listed:
each one a line whose figures (amount, unit, category, funding channel) are copied when the version
is composed, so an approved version never changes when its projects later do; each unit's latest
evaluation result (第二十六条) is copied beside it. The leading group deliberates it; its office
records the meeting and the decision. A new version supersedes the open ones, and its approval the
approved one: one approved version of a year at a time. The leading group designates key projects,
when it approves a plan or at another meeting; the BDB's key-project evaluation (第二十六条) is of them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.accounts.models import Organisation
from govit.projects.models import Category, Project, ProjectRecord, money_field, text_field

USER = settings.AUTH_USER_MODEL


class PlanState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交领导小组"
    APPROVED = "approved", "已审定"
    RETURNED = "returned", "退回"
    SUPERSEDED = "superseded", "被新版本取代"


class YearPlan(models.Model):
    """One version of a year's plan: composed by the BDB, put to the leading group, decided."""

    State = PlanState

    year = models.PositiveSmallIntegerField("规划年度")
    number = models.PositiveSmallIntegerField("版本号")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    note = text_field("编制说明", blank=True)
    composed_by = models.ForeignKey(USER, models.PROTECT, verbose_name="编制人", related_name="+")
    composed_at = models.DateTimeField("编制时间", default=clock.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # Each unit's latest evaluation when composed: {unit_id: {"score", "year", "by"}} (第二十六条).
    evaluations = models.JSONField("单位绩效评价结果", default=dict, blank=True)
    # 第二十七条: the classified projects of the year, counted, never listed.
    classified = models.PositiveIntegerField("涉密项目个数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "年度建设规划"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="plan_version_once"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(state=PlanState.APPROVED), name="plan_one_approved_a_year"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(state__in=[PlanState.DRAFT, PlanState.SUBMITTED]),
                name="plan_one_open_a_year",
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(state__in=PlanState.values), name="plan_state_known"),
        ]

    def __str__(self) -> str:
        return f"渝中区{self.year}年度政务信息化建设规划（第{self.number}版）"

    @property
    def anchor(self) -> str:
        return f"plan-{self.pk}"


class PlanLine(ProjectRecord):
    """A project in a version of the plan, with its figures as they were when it was composed. The
    name is the project's own (read live, so a project classified later shows its registered name)."""

    plan = models.ForeignKey(YearPlan, models.CASCADE, verbose_name="规划", related_name="lines")
    project = models.ForeignKey(Project, models.PROTECT, verbose_name="项目", related_name="plan_lines")
    list_code = models.CharField("清单编号", max_length=20, blank=True)
    unit = models.ForeignKey(Organisation, models.PROTECT, verbose_name="单位", related_name="+")
    category = models.CharField("项目类别", max_length=20, choices=Category.choices)
    funding_channel = models.CharField("资金渠道", max_length=30, blank=True)
    amount = money_field("投资估算（元）")
    state = models.CharField("编制时状态", max_length=30)

    class Meta:
        verbose_name = verbose_name_plural = "年度建设规划项目"
        ordering = ["plan", "unit", "list_code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "project"], name="plan_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="plan_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}：{self.list_code or self.project_id}"


class PlanDecision(models.Model):
    """The leading group's deliberation of a submitted version, as its office records it."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "审定通过"
        RETURNED = "returned", "退回修改"

    plan = models.OneToOneField(YearPlan, models.CASCADE, verbose_name="规划", related_name="decision")
    meeting = models.CharField("会议名称", max_length=200)
    meeting_on = models.DateField("会议日期")
    minutes_ref = models.CharField("会议纪要文号", max_length=100)
    decision = models.CharField("审议结论", max_length=10, choices=Decision.choices)
    comment = text_field("意见", blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "领导小组审议年度建设规划"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["approved", "returned"]), name="plan_decision_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.get_decision_display()}）"


class KeyDesignation(ProjectRecord):
    """第五条: the leading group made this project a key project — with a plan's approval (`plan`,
    `decision`) or at another of its meetings. Once a project; kept as the when and by which."""

    project = models.OneToOneField(
        Project, models.CASCADE, verbose_name="项目", related_name="key_designation"
    )
    plan = models.ForeignKey(
        YearPlan, models.PROTECT, verbose_name="随年度建设规划", null=True, blank=True, related_name="keys"
    )
    decision = models.ForeignKey(
        PlanDecision, models.PROTECT, verbose_name="审议", null=True, blank=True, related_name="keys"
    )
    meeting = models.CharField("会议名称", max_length=200)
    meeting_on = models.DateField("会议日期")
    minutes_ref = models.CharField("会议纪要文号", max_length=100)
    designated_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    designated_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "重点建设项目"
        ordering = ["-meeting_on", "pk"]

    def __str__(self) -> str:
        return f"重点建设项目：{self.project_id}（{self.minutes_ref}）"
