"""Construction records (第十六至二十一条): the baseline, procurement, contracts and their filing,
supervision, owner decisions, changes and the compliance review's rounds."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema, field_validator

from govit import limits, policy
from govit.api.schemas.common import AMOUNT_HELP, KEY, CodedOut, LocalDateTime, Money, OrganisationOut
from govit.construction.models import BaselineItem, Contract, OwnerDecision, Procurement
from govit.construction.selectors import LineIn
from govit.workflow.guards import COMPLIANCE_ITEMS


def _amount(value: Any) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("请填写金额")
    try:
        return policy.parse_amount(value)
    except policy.AmountError as error:
        raise ValueError(str(error)) from None


# An amount as a request gives it: yuan ("8000000", "8000000.00") or 万元 ("800万").
AmountIn = Annotated[
    Decimal, BeforeValidator(_amount), WithJsonSchema({"type": "string", "description": AMOUNT_HELP})
]
# A ratio with four places, as a string ("0.1000"): exact, like money.
Ratio = Annotated[
    Decimal,
    PlainSerializer(lambda value: str(value.quantize(Decimal("0.0001"))), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+\.[0-9]{4}$", "examples": ["0.1000"]}),
]
Quantity = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value.normalize(), "f"), return_type=str),
    WithJsonSchema({"type": "string", "examples": ["10"]}),
]


def coded(value: str, label: str) -> dict[str, str]:
    return {"code": value, "label": label}


# --- The baseline (第十七条, R4.4) -----------------------------------------------------------------


class LineItemIn(Schema):
    """One line of the approved configuration list."""

    kind: BaselineItem.Kind = Field(BaselineItem.Kind.SOFTWARE, title="类别")
    name: str = Field(title="名称", min_length=1, max_length=200)
    specification: str = Field("", title="规格参数", max_length=500)
    quantity: Decimal = Field(title="数量", gt=0, max_digits=12, decimal_places=2)
    unit_price: AmountIn = Field(title="单价", description=AMOUNT_HELP)
    acceptance_terms: str = Field("", title="验收条款", max_length=500)

    def line(self) -> LineIn:
        return LineIn(
            name=self.name, quantity=self.quantity, unit_price=self.unit_price, kind=self.kind,
            specification=self.specification, acceptance_terms=self.acceptance_terms,
        )  # fmt: skip


class BaselineIn(Schema):
    items: list[LineItemIn] = Field(title="配置清单")


class BaselineItemOut(Schema):
    kind: CodedOut
    name: str
    specification: str
    quantity: Quantity
    unit_price: Money
    amount: Money
    acceptance_terms: str

    @staticmethod
    def resolve_kind(item) -> dict[str, str]:
        return coded(item.kind, item.get_kind_display())


class BaselineApprovalOut(Schema):
    kind: CodedOut
    document_number: str
    approved_on: date | None
    approved_total: Money
    approved_software: Money | None

    @staticmethod
    def resolve_kind(approval) -> dict[str, str]:
        return coded(approval.kind, approval.get_kind_display())


class BaselineVersionOut(Schema):
    version: int
    active: bool
    created_at: LocalDateTime
    approval: BaselineApprovalOut
    total: Money = Field(description="配置清单合计")
    items: list[BaselineItemOut]


class BaselineOut(Schema):
    """The active baseline, the plan (version 1), every version and what was actually delivered, so
    plan, current and actual compare (R9.7)."""

    active_version: int | None
    plan_total: Money | None = Field(description="第一版（原批复）配置清单合计")
    current_total: Money | None = Field(description="现行版本配置清单合计")
    approved_total: Money | None = Field(description="现行批复总投资")
    versions: list[BaselineVersionOut]
    actual_total: Money | None = Field(description="实际交付配置合计（初验前登记，第二十三条）")
    actual: list[BaselineItemOut] = Field(description="实际交付的配置清单")


# --- Procurement and contracts (第十六条、第十八条) --------------------------------------------------


class ProcurementIn(Schema):
    method: Procurement.Method = Field(title="采购方式")
    subject: str = Field(title="采购内容", min_length=1, max_length=200)
    announced_on: date | None = Field(None, title="公告日期")
    awarded_on: date = Field(title="中标（成交）日期")
    supplier: str = Field(title="中标（成交）供应商", min_length=1, max_length=200)
    amount: AmountIn = Field(title="中标（成交）金额", description=AMOUNT_HELP)


class ProcurementOut(Schema):
    id: int
    method: CodedOut
    subject: str
    announced_on: date | None
    awarded_on: date
    supplier: str
    amount: Money
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_method(procurement) -> dict[str, str]:
        return coded(procurement.method, procurement.get_method_display())


class ContractLineIn(Schema):
    """A contract line, compared with the baseline on every term of 第十七条."""

    name: str = Field(title="名称", min_length=1, max_length=200)
    specification: str = Field("", title="规格参数", max_length=500, description="留空即按批复的规格参数")
    quantity: Decimal = Field(title="数量", gt=0, max_digits=12, decimal_places=2)
    unit_price: AmountIn = Field(title="单价", description=AMOUNT_HELP)
    acceptance_terms: str = Field("", title="验收条款", max_length=500, description="留空即按批复的验收条款")

    def line(self) -> LineIn:
        return LineIn(
            name=self.name, quantity=self.quantity, unit_price=self.unit_price,
            specification=self.specification, acceptance_terms=self.acceptance_terms,
        )  # fmt: skip


class ContractIn(Schema):
    kind: Contract.Kind = Field(title="合同类型")
    number: str = Field(title="合同编号", min_length=1, max_length=100)
    title: str = Field(title="合同名称", min_length=1, max_length=200)
    supplier: str = Field(title="乙方", min_length=1, max_length=200)
    supplier_qualification: str = Field("", title="乙方资质", max_length=200)
    amount: AmountIn = Field(title="合同金额", description=AMOUNT_HELP)
    software_amount: AmountIn = Field(Decimal(0), title="其中软件", description=AMOUNT_HELP)
    signed_on: date = Field(title="签订日期")
    document_id: int | None = Field(None, **KEY, title="合同文本", description="本项目已上传的合同文件 id")
    items: list[ContractLineIn] = Field([], title="合同明细", description="与批复配置清单比对（第十七条）")

    def data(self) -> dict[str, Any]:
        return self.model_dump(exclude={"items"})


class ContractItemOut(Schema):
    # A contract line's specification and acceptance terms are the baseline's (第十七条 refuses any
    # other), so GET /baseline shows them.
    name: str
    quantity: Quantity
    unit_price: Money


class ContractOut(Schema):
    id: int
    project_id: int
    kind: CodedOut
    number: str
    title: str
    supplier: str
    supplier_qualification: str
    amount: Money
    software_amount: Money
    signed_on: date
    document_id: int | None
    filing_due: date = Field(
        description="备案截止日：签订当日不计入，按项目所适用政策版本的备案期限（第十六条第二款）数满的最后一个工作日"
    )
    filing_due_provisional: bool = Field(description="该年节假日安排未公布，截止日按周一至周五推算")
    filed_on: date | None
    filed_late: bool
    filing_confirmed_at: LocalDateTime | None
    filing_confirmed_by: str | None
    items: list[ContractItemOut]
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_kind(contract) -> dict[str, str]:
        return coded(contract.kind, contract.get_kind_display())

    @staticmethod
    def resolve_filing_confirmed_by(contract) -> str | None:
        return contract.filing_confirmed_by.name if contract.filing_confirmed_by else None

    @staticmethod
    def resolve_items(contract) -> list:
        return list(contract.items.all())


# --- Supervision (第十八条) and the owner (第十六条第一款) ------------------------------------------


class SupervisionWaiverIn(Schema):
    reason: str = Field(title="不引入监理的理由", min_length=1, max_length=limits.TEXT)


class BasisItemOut(Schema):
    article: int
    clause: int | None
    reason: str


class SupervisionOut(Schema):
    required: bool = Field(
        description="项目金额达到其政策版本的监理金额（第十八条）的，原则上应引入监理；金额与依据见 basis"
    )
    basis: list[BasisItemOut]
    contract: ContractOut | None = Field(description="监理合同")
    waiver_reason: str
    waiver_accepted: bool
    satisfied: bool = Field(description="不需要监理，或已有监理合同，或理由已经区大数据发展局认可")


class OwnerDecisionIn(Schema):
    kind: OwnerDecision.Kind = Field(title="类型")
    organisation: str = Field(title="代理单位或新业主的单位代码", max_length=64)
    decision_ref: str = Field(title="区政府决定文号", min_length=1, max_length=100)
    decided_on: date = Field(title="决定日期")


class OwnerDecisionOut(Schema):
    id: int
    kind: CodedOut
    organisation: OrganisationOut
    decision_ref: str
    decided_on: date
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_kind(decision) -> dict[str, str]:
        return coded(decision.kind, decision.get_kind_display())


# --- Changes (第二十一条) ---------------------------------------------------------------------------


class ChangeIn(Schema):
    description: str = Field(title="变更内容", min_length=1, max_length=limits.TEXT)
    software_amount: AmountIn = Field(title="软件功能变更金额", description=AMOUNT_HELP)


class ChangeOut(Schema):
    id: int
    project_id: int
    description: str
    software_amount: Money
    cumulative: Money = Field(description="本基线下累计变更金额（不含未通过的）")
    approved_software: Money
    ratio: Ratio = Field(description="累计变更金额占批准软件总金额的比例")
    requires_reapproval: bool = Field(
        description="累计超出项目所适用政策版本规定的比例（第二十一条），须区大数据发展局评估、区发改委重新批复"
    )
    status: CodedOut
    baseline_version: int = Field(alias="baseline.version")
    approval_document_number: str | None
    requested_at: LocalDateTime

    @staticmethod
    def resolve_status(change) -> dict[str, str]:
        return coded(change.status, change.get_status_display())

    @staticmethod
    def resolve_approval_document_number(change) -> str | None:
        return change.approval.document_number if change.approval else None


class ChangeReviewIn(Schema):
    passed: bool = Field(title="同意报区发改委")
    comment: str = Field("", title="评估意见", max_length=limits.TEXT)


class ChangeApproveIn(Schema):
    document_number: str = Field(title="调整批复文号", min_length=1, max_length=100)
    approved_on: date = Field(title="批复日期")
    approved_total: AmountIn = Field(title="批复总投资", description=AMOUNT_HELP)
    approved_software: AmountIn = Field(title="其中软件", description=AMOUNT_HELP)
    approved_hardware: AmountIn = Field(title="其中硬件", description=AMOUNT_HELP)
    approved_other: AmountIn = Field(title="其中其他", description=AMOUNT_HELP)
    items: list[LineItemIn] = Field(title="调整后的配置清单（新基线）", min_length=1)

    @field_validator("items")
    @classmethod
    def _names_unique(cls, items: list[LineItemIn]) -> list[LineItemIn]:
        # change_request_approve does not check this itself; the database would refuse it (a 500).
        names = [item.name.strip() for item in items]
        if len(set(names)) != len(names) or not all(names):
            raise ValueError("配置项名称不能为空或重复")
        return items


# --- The compliance review (第二十三条) -------------------------------------------------------------


class ComplianceItemOut(Schema):
    code: str
    label: str
    ok: bool
    finding: str


class ComplianceCheckOut(Schema):
    round: int
    passed: bool
    items: list[ComplianceItemOut]
    checked_by: str = Field(alias="checked_by.name")
    checked_at: LocalDateTime

    @staticmethod
    def resolve_items(check) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "label": label,
                "ok": getattr(check, f"{code}_ok"),
                "finding": getattr(check, f"{code}_finding"),
            }
            for code, label in COMPLIANCE_ITEMS
        ]
