"""Construction (建设实施, 第十六至二十二条): the owner's decisions, procurement, contracts and their
filing, the approved baseline and its changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.accounts.models import Organisation
from govit.documents.models import Document
from govit.projects.models import (
    Project,
    ProjectRecord,
    document_number_validator,
    money_field,
    text_field,
)
from govit.workflow import change as change_lifecycle

USER = settings.AUTH_USER_MODEL


class OwnerDecisionKind(models.TextChoices):
    """What the district government decided about the owner (OwnerDecision.Kind)."""

    AGENT = "agent", "委托代理单位"
    OWNER_CHANGE = "owner_change", "变更项目业主"


class OwnerDecision(ProjectRecord):
    """第十六条第一款: an agent unit, or a change of owner, rests on a district-government decision."""

    Kind = OwnerDecisionKind

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="owner_decisions")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="代理单位或新业主", related_name="+"
    )
    decision_ref = models.CharField("区政府决定文号", max_length=100, validators=[document_number_validator])
    decided_on = models.DateField("决定日期")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "项目业主或代理决定"
        verbose_name_plural = "项目业主或代理决定"
        ordering = ["project", "decided_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.organisation}"


class Procurement(ProjectRecord):
    """第十八条: how the supplier was chosen (method, dates, winner, amount)."""

    class Method(models.TextChoices):
        OPEN = "open", "公开招标"
        INVITED = "invited", "邀请招标"
        NEGOTIATION = "negotiation", "竞争性谈判"
        CONSULTATION = "consultation", "竞争性磋商"
        SINGLE = "single", "单一来源采购"
        INQUIRY = "inquiry", "询价"
        FRAMEWORK = "framework", "框架协议采购"
        OTHER = "other", "其他"

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="procurements")
    method = models.CharField("采购方式", max_length=20, choices=Method.choices)
    subject = models.CharField("采购内容", max_length=200)
    announced_on = models.DateField("公告日期", null=True, blank=True)
    awarded_on = models.DateField("中标（成交）日期")
    supplier = models.CharField("中标（成交）供应商", max_length=200)
    amount = money_field("中标（成交）金额（元）")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "采购记录"
        verbose_name_plural = "采购记录"
        ordering = ["project", "awarded_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="procurement_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()}：{self.supplier}"


class ContractKind(models.TextChoices):
    """A contract's kind (Contract.Kind); its own name, so the OpenAPI names it apart."""

    CONSTRUCTION = "construction", "建设（采购）合同"
    SUPERVISION = "supervision", "监理合同"
    SERVICE = "service", "服务合同"
    OM = "om", "运维合同"


class Contract(ProjectRecord):
    """A contract of the project (第十六条第二款: its copy is filed with the BDB within the version's
    working days of signing; 第十八条: a supervision contract with a qualified agency)."""

    Kind = ContractKind

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="contracts")
    kind = models.CharField("合同类型", max_length=20, choices=Kind.choices)
    number = models.CharField("合同编号", max_length=100)
    title = models.CharField("合同名称", max_length=200)
    supplier = models.CharField("乙方", max_length=200)
    supplier_qualification = models.CharField("乙方资质", max_length=200, blank=True)
    amount = money_field("合同金额（元）")
    software_amount = money_field("其中软件（元）", default=0)
    signed_on = models.DateField("签订日期")
    document = models.ForeignKey(
        Document, models.PROTECT, verbose_name="合同文本", null=True, blank=True, related_name="+"
    )
    # The registered third party the contract engages (a supervision company), found by the
    # supplier's name: it sees the project, and uploads its reports there.
    agency = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="在册第三方机构", null=True, blank=True,
        related_name="engaged_contracts",
    )  # fmt: skip
    filing_due = models.DateField("备案截止日")
    filing_due_provisional = models.BooleanField("截止日为临时推算", default=False)
    filed_on = models.DateField("报备日期", null=True, blank=True)
    filed_late = models.BooleanField("逾期备案", default=False)
    filing_confirmed_by = models.ForeignKey(
        USER, models.PROTECT, verbose_name="备案确认人", null=True, blank=True, related_name="+"
    )
    filing_confirmed_at = models.DateTimeField("备案确认时间", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同"
        ordering = ["project", "signed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
            models.UniqueConstraint(fields=["project", "number"], name="contract_number_unique_per_project"),
        ]
        indexes = [
            # Reminders: contracts not yet filed, by due date.
            models.Index(fields=["filed_on", "filing_due"], name="contract_filing_due"),
            # The BDB's to-do: filings awaiting its confirmation, oldest filing first (only those rows).
            models.Index(
                fields=["filed_on", "id"],
                condition=Q(filed_on__isnull=False, filing_confirmed_at__isnull=True),
                name="contract_awaiting_confirmation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class ContractItem(ProjectRecord):
    """A line of a contract, compared with the approved baseline (第十七条)."""

    project_path = "contract__project"

    contract = models.ForeignKey(Contract, models.CASCADE, verbose_name="合同", related_name="items")
    name = models.CharField("名称", max_length=200)
    specification = models.CharField("规格参数", max_length=500, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    unit_price = money_field("单价（元）")
    acceptance_terms = models.CharField("验收条款", max_length=500, blank=True)

    class Meta:
        verbose_name = "合同明细"
        verbose_name_plural = "合同明细"
        ordering = ["contract", "id"]

    def __str__(self) -> str:
        return self.name


class Baseline(ProjectRecord):
    """The approved configuration (第十七条, R4.4): what the approval fixed. A change above 第二十一条's
    share ends in a new approval and a new baseline; earlier ones stay, so plan, current and
    actual remain comparable (R9.7). One baseline per project is active."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="baselines")
    version = models.PositiveIntegerField("版本")
    approval = models.ForeignKey(
        "approvals.Approval", models.PROTECT, verbose_name="依据批复", related_name="+"
    )
    active = models.BooleanField("现行", default=True)
    created_at = models.DateTimeField("建立时间", default=clock.now)

    class Meta:
        verbose_name = "批复基线"
        verbose_name_plural = "批复基线"
        ordering = ["project", "version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="baseline_version_unique"),
            models.UniqueConstraint(fields=["project"], condition=Q(active=True), name="one_active_baseline"),
        ]

    def __str__(self) -> str:
        return f"{self.project} 基线第{self.version}版"


class LineKind(models.TextChoices):
    """A configuration line's category (ConfigurationLine.Kind)."""

    SOFTWARE = "software", "软件"
    HARDWARE = "hardware", "硬件"
    OTHER = "other", "其他"


class ConfigurationLine(ProjectRecord):
    """A line of a configuration list: what, how many, at what unit price, accepted how."""

    Kind = LineKind

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=200)
    specification = models.CharField("规格参数", max_length=500, blank=True)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)
    unit_price = money_field("单价（元）")
    acceptance_terms = models.CharField("验收条款", max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def amount(self):
        return (self.quantity * self.unit_price).quantize(self.unit_price)


class BaselineItem(ConfigurationLine):
    """One line of the approved configuration list."""

    project_path = "baseline__project"

    baseline = models.ForeignKey(Baseline, models.CASCADE, verbose_name="基线", related_name="items")

    class Meta:
        verbose_name = "基线配置项"
        verbose_name_plural = "基线配置项"
        ordering = ["baseline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0), name="baseline_item_positive"
            ),
            models.UniqueConstraint(fields=["baseline", "name"], name="baseline_item_name_unique"),
        ]


class ChangeRequest(ProjectRecord):
    """第二十一条: a change of the software's functional requirements and its money. Cumulative
    changes above the project's version's share of the approved software total go to the BDB and
    the DRC and end in a new approval (a rebaseline); at or under it the change is recorded and work
    goes on. The labels carry no number: the page adds the version's share."""

    # Drawn from the change's declared lifecycle (govit.workflow.change), which alone moves it.
    Status = models.TextChoices(
        "Status", [(s.code.upper(), (s.code, s.label)) for s in change_lifecycle.STATES]
    )

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="change_requests")
    description = text_field("变更内容")
    software_amount = money_field("软件功能变更金额（元）")
    cumulative = money_field("累计变更金额（元）")
    approved_software = money_field("批准的软件总金额（元）")
    ratio = models.DecimalField("累计比例", max_digits=9, decimal_places=4)
    requires_reapproval = models.BooleanField("须重新审批")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    baseline = models.ForeignKey(
        Baseline, models.PROTECT, verbose_name="所依据的基线", related_name="changes"
    )
    approval = models.ForeignKey(
        "approvals.Approval", models.PROTECT, verbose_name="调整批复", null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(USER, models.PROTECT, verbose_name="申请人", related_name="+")
    requested_at = models.DateTimeField("申请时间", default=clock.now)

    class Meta:
        verbose_name = "变更申请"
        verbose_name_plural = "变更申请"
        ordering = ["project", "requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(software_amount__gte=0), name="change_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project} 变更（{self.get_status_display()}）"
