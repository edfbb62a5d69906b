"""Funds (第二十二条, R4.9): a project's disbursements and the ledger for finance and audit."""

from datetime import date
from typing import Any

from ninja import Field, Schema

from govit.api.schemas.common import (
    KEY,
    YEAR,
    LocalDateTime,
    Money,
    OrganisationOut,
    PageQuery,
    ProjectRefOut,
)
from govit.construction.schemas import AmountIn


class DisbursementIn(Schema):
    paid_on: date = Field(title="拨付日期")
    amount: AmountIn = Field(title="金额")
    purpose: str = Field(title="用途", min_length=1, max_length=200)
    voucher: str = Field(title="凭证号", min_length=1, max_length=100)


class DisbursementOut(Schema):
    id: int
    paid_on: date
    amount: Money
    purpose: str
    voucher: str
    running_total: Money = Field(description="截至本笔的累计拨付")
    recorded_at: LocalDateTime


class DisbursementListOut(Schema):
    items: list[DisbursementOut]
    approved_total: Money | None = Field(description="现行批复总投资（含调整批复）")
    disbursed: Money
    remaining: Money | None


class FundsFilters(PageQuery):
    year: int | None = Field(None, **YEAR, title="拨付年度", description="按拨付日期；缺省为全部年度")
    unit: int | None = Field(None, **KEY, title="项目单位 id")


class FundsRowOut(Schema):
    project: ProjectRefOut
    unit: OrganisationOut
    approved_total: Money | None
    disbursed: Money = Field(description="所选年度内拨付（未选年度为全部）")
    disbursed_total: Money = Field(description="历年累计拨付")
    remaining: Money | None = Field(description="批复总投资减历年累计拨付")

    @staticmethod
    def resolve_project(project) -> Any:
        return project


class FundsTotalsOut(Schema):
    approved_total: Money
    disbursed: Money
    remaining: Money


class FundsOut(Schema):
    items: list[FundsRowOut]
    count: int
    page: int
    page_size: int
    totals: FundsTotalsOut
    classified: int = Field(0, description="另有已拨付资金的涉密项目个数（第二十七条：只计数量，不显示金额）")
