"""Security, data, O&M and evaluation of a built system (第十九、二十、二十五、二十六条)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.accounts.models import Organisation
from govit.projects.models import Project, ProjectRecord, money_field, text_field

USER = settings.AUTH_USER_MODEL


class SecurityAssessment(ProjectRecord):
    """第十九条: periodic security testing and risk assessment (R4.7); the next one is due after the
    interval the policy file gives for its kind."""

    class Result(models.TextChoices):
        PASS = "pass", "符合"
        BASIC = "basic", "基本符合"
        FAIL = "fail", "不符合"

    project = models.ForeignKey(
        Project, models.CASCADE, verbose_name="项目", related_name="security_assessments"
    )
    kind = models.CharField("测评类型", max_length=20)
    level = models.PositiveSmallIntegerField("等级保护级别", null=True, blank=True)
    done_on = models.DateField("测评日期")
    agency = models.CharField("测评机构", max_length=200)
    result = models.CharField("结论", max_length=10, choices=Result.choices)
    findings = text_field("发现的问题", blank=True)
    rectification = text_field("整改情况", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    next_due = models.DateField("下次应测评日期")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "网络安全测评"
        verbose_name_plural = "网络安全测评"
        ordering = ["project", "-done_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5), name="security_level_1_to_5"
            ),
        ]
        indexes = [
            # Reminders: the latest assessment of each kind, by when the next is due.
            models.Index(fields=["next_due"], name="security_next_due"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.kind} {self.done_on}"


class DataResource(ProjectRecord):
    """第二十条: one entry of the project's government data resource catalogue (R4.8). Not sharing
    it, or not opening it, rests on a stated legal basis."""

    class Sharing(models.TextChoices):
        UNCONDITIONAL = "unconditional", "无条件共享"
        CONDITIONAL = "conditional", "有条件共享"
        NONE = "none", "不予共享"

    class Opening(models.TextChoices):
        OPEN = "open", "无条件开放"
        CONDITIONAL = "conditional", "有条件开放"
        NONE = "none", "不予开放"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="data_resources")
    name = models.CharField("资源名称", max_length=200)
    items = text_field("数据项")
    update_cycle = models.CharField("更新周期", max_length=20)
    sharing = models.CharField("共享类型", max_length=20, choices=Sharing.choices)
    sharing_conditions = text_field("共享条件", blank=True)
    opening = models.CharField("开放类型", max_length=20, choices=Opening.choices)
    legal_basis = text_field("不予共享或开放的依据", blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "政务数据资源"
        verbose_name_plural = "政务数据资源目录"
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="data_resource_name_unique"),
            # 第二十条: 不予共享 … 须提供相应依据.
            models.CheckConstraint(
                condition=~Q(sharing="none") | ~Q(legal_basis=""), name="unshared_resource_has_legal_basis"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SharingRecord(ProjectRecord):
    """A sharing or exchange of a data resource with another organisation (第二十条)."""

    project_path = "resource__project"

    resource = models.ForeignKey(
        DataResource, models.CASCADE, verbose_name="数据资源", related_name="sharings"
    )
    organisation = models.ForeignKey(Organisation, models.PROTECT, verbose_name="使用单位", related_name="+")
    shared_on = models.DateField("共享日期")
    method = models.CharField("方式", max_length=50)
    purpose = models.CharField("用途", max_length=200)
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "共享交换记录"
        verbose_name_plural = "共享交换记录"
        ordering = ["resource", "shared_on"]

    def __str__(self) -> str:
        return f"{self.resource} → {self.organisation}"


class HubConnection(ProjectRecord):
    """第二十条: whether the project's typical scenarios are connected to the district's smart-city
    hub (智能中枢); not connecting rests on a stated basis."""

    project = models.OneToOneField(
        Project, models.CASCADE, verbose_name="项目", related_name="hub_connection"
    )
    connected = models.BooleanField("已接入智能中枢")
    scenarios = text_field("接入的典型应用场景", blank=True)
    legal_basis = text_field("不接入的依据", blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "智能中枢接入"
        verbose_name_plural = "智能中枢接入"
        constraints = [
            models.CheckConstraint(
                condition=Q(connected=True) | ~Q(legal_basis=""), name="unconnected_hub_has_legal_basis"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {'已接入' if self.connected else '未接入'}"


class OmPlan(ProjectRecord):
    """第二十五条 and Attachment 3 ch. 12: how the system is operated, and the design's five-year
    O&M budget that yearly costs are compared with (R5.5)."""

    class Mechanism(models.TextChoices):
        SELF = "self", "自行运维"
        OUTSOURCED = "outsourced", "运维外包"

    project = models.OneToOneField(Project, models.CASCADE, verbose_name="项目", related_name="om_plan")
    mechanism = models.CharField("运维方式", max_length=20, choices=Mechanism.choices)
    scope = text_field("运维范围、内容及边界")
    service_levels = text_field("运维服务级别")
    five_year_budget = money_field("5年运维费预算（元）")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "运维机制"
        verbose_name_plural = "运维机制"
        constraints = [
            models.CheckConstraint(condition=Q(five_year_budget__gte=0), name="om_budget_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_mechanism_display()}"


class OmCost(ProjectRecord):
    """A year's O&M spending on a built system."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="om_costs")
    year = models.PositiveSmallIntegerField("年度")
    amount = money_field("金额（元）")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "年度运维费用"
        verbose_name_plural = "年度运维费用"
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="om_cost_once_a_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="om_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class Incident(ProjectRecord):
    """An operating incident of a built system and its resolution (第二十五条)."""

    class Severity(models.TextChoices):
        MINOR = "minor", "一般"
        MAJOR = "major", "较大"
        SEVERE = "severe", "重大"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="incidents")
    occurred_at = models.DateTimeField("发生时间")
    severity = models.CharField("级别", max_length=10, choices=Severity.choices)
    description = text_field("情况")
    resolved_at = models.DateTimeField("处置完成时间", null=True, blank=True)
    resolution = text_field("处置情况", blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")

    class Meta:
        verbose_name = "运行事件"
        verbose_name_plural = "运行事件"
        ordering = ["project", "-occurred_at"]

    def __str__(self) -> str:
        return f"{self.project} {self.occurred_at:%Y-%m-%d}"


class FinalAccount(ProjectRecord):
    """第二十六条: the completed project's final financial accounts (竣工财务决算)."""

    project = models.OneToOneField(Project, models.CASCADE, verbose_name="项目", related_name="final_account")
    amount = money_field("决算金额（元）")
    approved_on = models.DateField("决算批复日期")
    document_ref = models.CharField("决算批复文号", max_length=100)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "竣工财务决算"
        verbose_name_plural = "竣工财务决算"
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="final_account_not_negative")]

    def __str__(self) -> str:
        return f"{self.project} 决算"


class Evaluation(ProjectRecord):
    """第二十六条: a performance evaluation — the unit's own, or the BDB's of a key project — scoring
    operation, use, collaboration and sharing, and economic and social benefit (R5.6)."""

    class By(models.TextChoices):
        UNIT = "unit", "单位自评"
        BDB = "bdb", "区大数据发展局重点评价"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="evaluations")
    by = models.CharField("评价方", max_length=10, choices=By.choices)
    year = models.PositiveSmallIntegerField("评价年度")
    operation = models.PositiveSmallIntegerField("运行情况得分")
    use = models.PositiveSmallIntegerField("应用情况得分")
    sharing = models.PositiveSmallIntegerField("协同共享得分")
    benefit = models.PositiveSmallIntegerField("经济和社会效益得分")
    conclusion = text_field("评价结论及建议")
    evaluated_on = models.DateField("评价日期")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    # The project's unit, kept beside the evaluation (set on save, moved with the project's owner,
    # 第十六条) so that a unit's latest evaluation is one step down an index (R5.6, the list review).
    unit = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="项目单位", related_name="+", null=True, editable=False,
        db_index=False,
    )  # fmt: skip

    class Meta:
        verbose_name = "绩效评价"
        verbose_name_plural = "绩效评价"
        ordering = ["project", "-evaluated_on"]
        indexes = [models.Index(fields=["unit", "-evaluated_on", "-id"], name="evaluation_latest_of_unit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(operation__lte=100, use__lte=100, sharing__lte=100, benefit__lte=100),
                name="evaluation_scores_out_of_100",
            ),
            models.UniqueConstraint(fields=["project", "by", "year"], name="evaluation_once_a_year_by_each"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year} {self.get_by_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.unit_id is None:
            self.unit_id = self.project.unit_id
        super().save(*args, **kwargs)

    @property
    def score(self) -> float:
        # Equal weights: 第二十六条 names the four aspects without weighting them.
        return (self.operation + self.use + self.sharing + self.benefit) / 4
