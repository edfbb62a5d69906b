"""The library of built systems (已建项目清单库, 第二十四条; retirement R5.7)."""

from datetime import date

from ninja import Field, Schema

from govit.api.schemas.common import KEY, YEAR, OrganisationOut, PageQuery, ProjectRefOut


class LibraryFilters(PageQuery):
    unit: int | None = Field(None, **KEY, title="使用单位 id")
    year: int | None = Field(None, **YEAR, title="交付使用年度")
    on_cloud: bool | None = Field(None, title="部署在政务云")
    shares_data: bool | None = Field(None, title="已共享数据资源")
    retired: bool | None = Field(None, title="已停用")


class BuiltSystemOut(Schema):
    id: int
    project: ProjectRefOut
    name: str
    unit: OrganisationOut
    delivered_on: date
    on_cloud: bool
    shares_data: bool
    hub_connected: bool
    retired_on: date | None
    retire_reason: str
    data_destination: str


class LibraryOut(Schema):
    items: list[BuiltSystemOut]
    count: int
    page: int
    page_size: int
    classified: int = Field(0, description="另有涉密项目的系统个数（第二十七条：只计数量，不显示明细）")
