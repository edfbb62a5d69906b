"""A built system's records (第十九、二十、二十五、二十六条): security assessments, the data resource
catalogue and its sharings, the smart-city hub, O&M, incidents, final accounts and evaluations."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from govit import limits
from govit.api.schemas.common import (
    AMOUNT_HELP,
    CodedOut,
    LocalDateTime,
    Money,
    OrganisationOut,
    ProjectRefOut,
)
from govit.construction.schemas import AmountIn, coded
from govit.operation.models import DataResource, Incident, OmPlan, SecurityAssessment

# --- Security assessments (第十九条) ----------------------------------------------------------------


class SecurityAssessmentIn(Schema):
    kind: str = Field(
        title="测评类型", description="mlps、risk、crypto 或 penetration（见政策文件）", max_length=20
    )
    level: int | None = Field(None, title="等级保护级别", ge=1, le=5)
    done_on: date = Field(title="测评日期")
    agency: str = Field(title="测评机构", min_length=1, max_length=200)
    result: SecurityAssessment.Result = Field(title="结论")
    findings: str = Field("", title="发现的问题", description="结论不是“符合”时必填", max_length=limits.TEXT)
    rectification: str = Field("", title="整改情况", max_length=limits.TEXT)
    rectified_on: date | None = Field(None, title="整改完成日期")


class SecurityAssessmentOut(Schema):
    id: int
    kind: CodedOut
    level: int | None
    done_on: date
    agency: str
    result: CodedOut
    findings: str
    rectification: str
    rectified_on: date | None
    next_due: date = Field(description="下次应测评日期（第十九条，间隔见政策文件）")
    overdue: bool = Field(description="该类型最近一次测评的下次应测评日期已过（以今天计）")
    recorded_at: LocalDateTime


# --- Data resources and their sharing (第二十条) ----------------------------------------------------


class DataResourceIn(Schema):
    name: str = Field(title="资源名称", min_length=1, max_length=200)
    items: str = Field(title="数据项", min_length=1, max_length=limits.TEXT)
    update_cycle: str = Field(title="更新周期", min_length=1, max_length=20)
    sharing: DataResource.Sharing = Field(title="共享类型")
    sharing_conditions: str = Field(
        "", title="共享条件", description="有条件共享时必填", max_length=limits.TEXT
    )
    opening: DataResource.Opening = Field(title="开放类型")
    legal_basis: str = Field(
        "",
        title="不予共享或开放的依据",
        description="不予共享或不予开放时必填（第二十条）",
        max_length=limits.TEXT,
    )


class SharingIn(Schema):
    organisation: str = Field(title="使用单位的单位代码", max_length=64)
    shared_on: date = Field(title="共享日期")
    method: str = Field(title="方式", min_length=1, max_length=50)
    purpose: str = Field(title="用途", min_length=1, max_length=200)


class SharingOut(Schema):
    id: int
    resource_id: int
    organisation: OrganisationOut
    shared_on: date
    method: str
    purpose: str
    recorded_at: LocalDateTime


class DataResourceOut(Schema):
    id: int
    project_id: int
    name: str
    items: str
    update_cycle: str
    sharing: CodedOut
    sharing_conditions: str
    opening: CodedOut
    legal_basis: str
    sharings: list[SharingOut]
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_sharing(resource) -> dict[str, str]:
        return coded(resource.sharing, resource.get_sharing_display())

    @staticmethod
    def resolve_opening(resource) -> dict[str, str]:
        return coded(resource.opening, resource.get_opening_display())

    @staticmethod
    def resolve_sharings(resource) -> list:
        return list(resource.sharings.all())


# --- The smart-city hub (第二十条) ------------------------------------------------------------------


class HubIn(Schema):
    connected: bool = Field(title="已接入智能中枢")
    scenarios: str = Field("", title="接入的典型应用场景", description="接入时必填", max_length=limits.TEXT)
    legal_basis: str = Field(
        "", title="不接入的依据", description="不接入时必填（第二十条）", max_length=limits.TEXT
    )


class HubOut(Schema):
    """null until the unit records it."""

    connected: bool
    scenarios: str
    legal_basis: str
    recorded_by: str = Field(alias="recorded_by.name")
    recorded_at: LocalDateTime


# --- O&M (第二十五条) -------------------------------------------------------------------------------


class OmPlanIn(Schema):
    mechanism: OmPlan.Mechanism = Field(title="运维方式")
    scope: str = Field(title="运维范围、内容及边界", min_length=1, max_length=limits.TEXT)
    service_levels: str = Field(title="运维服务级别", min_length=1, max_length=limits.TEXT)
    five_year_budget: AmountIn = Field(title="5年运维费预算", description=AMOUNT_HELP)


class OmPlanFieldsOut(Schema):
    mechanism: CodedOut
    scope: str
    service_levels: str
    five_year_budget: Money
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_mechanism(plan) -> dict[str, str]:
        return coded(plan.mechanism, plan.get_mechanism_display())


class OmSpendingOut(Schema):
    budget: Money | None = Field(description="5年运维费预算；未登记运维机制时为 null")
    spent: Money = Field(description="已登记的年度运维费用合计")
    remaining: Money | None


class OmPlanOut(Schema):
    plan: OmPlanFieldsOut | None = Field(description="未登记时为 null")
    om_spending: OmSpendingOut


class OmCostIn(Schema):
    year: int = Field(title="年度", ge=2000, le=2100)
    amount: AmountIn = Field(title="金额", description=AMOUNT_HELP)
    note: str = Field("", title="说明", max_length=200)


class OmCostOut(Schema):
    id: int
    year: int
    amount: Money
    note: str


# --- Incidents (第二十五条) -------------------------------------------------------------------------


def _aware(value: datetime | None) -> datetime | None:
    # A time without an offset is Beijing time, as GovIT shows every time.
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class IncidentIn(Schema):
    occurred_at: datetime = Field(title="发生时间", description="ISO 时间；不带时区时按北京时间")
    severity: Incident.Severity = Field(title="级别")
    description: str = Field(title="情况", min_length=1, max_length=limits.TEXT)
    resolved_at: datetime | None = Field(None, title="处置完成时间")
    resolution: str = Field("", title="处置情况", max_length=limits.TEXT)

    @field_validator("occurred_at", "resolved_at")
    @classmethod
    def _beijing(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


class IncidentOut(Schema):
    id: int
    occurred_at: LocalDateTime
    severity: CodedOut
    description: str
    resolved_at: LocalDateTime | None
    resolution: str
    recorded_by: str = Field(alias="recorded_by.name")

    @staticmethod
    def resolve_severity(incident) -> dict[str, str]:
        return coded(incident.severity, incident.get_severity_display())


# --- Final accounts and evaluations (第二十六条) ----------------------------------------------------


class FinalAccountIn(Schema):
    amount: AmountIn = Field(title="决算金额", description=AMOUNT_HELP)
    approved_on: date = Field(title="决算批复日期")
    document_ref: str = Field(title="决算批复文号", min_length=1, max_length=100)


class FinalAccountOut(Schema):
    """null until the unit records it."""

    amount: Money
    approved_on: date
    document_ref: str
    recorded_by: str = Field(alias="recorded_by.name")
    recorded_at: LocalDateTime


class EvaluationIn(Schema):
    year: int = Field(title="评价年度", ge=2000, le=2100)
    operation: int = Field(title="运行情况得分", ge=0, le=100)
    use: int = Field(title="应用情况得分", ge=0, le=100)
    sharing: int = Field(title="协同共享得分", ge=0, le=100)
    benefit: int = Field(title="经济和社会效益得分", ge=0, le=100)
    conclusion: str = Field(title="评价结论及建议", min_length=1, max_length=limits.TEXT)
    evaluated_on: date = Field(title="评价日期")


class EvaluationOut(Schema):
    id: int
    project: ProjectRefOut
    by: CodedOut = Field(description="单位自评，或区大数据发展局重点评价")
    year: int
    operation: int
    use: int
    sharing: int
    benefit: int
    average: float = Field(description="四项得分的平均（等权，第二十六条未规定权重）")
    conclusion: str
    evaluated_on: date
    recorded_by: str = Field(alias="recorded_by.name")

    @staticmethod
    def resolve_by(evaluation) -> dict[str, str]:
        return coded(evaluation.by, evaluation.get_by_display())

    @staticmethod
    def resolve_average(evaluation) -> float:
        return evaluation.score
