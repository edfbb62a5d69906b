"""What a unit writes (the application, proposal, preparer, national code) and what an action takes."""

from datetime import date
from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, field_validator

from govit import clock
from govit.api.schemas.common import AMOUNT_HELP, KEY, YEAR
from govit.policy.versions import policy_in_force
from govit.projects.models import Project, Proposal, WorkType

# An amount as typed, in yuan or in 万元 (govit.policy.parse_amount reads it).
AMOUNT_LENGTH = 40


def _limit(name: str, model: type = Project) -> int:
    """As many characters as the model's field holds (govit.limits for its free text)."""
    return model._meta.get_field(name).max_length


class _ApplicationIn(Schema):
    """Attachment 1's fields, the route facts and 第十一条's deliberation."""

    name: str | None = Field(None, title="项目名称", max_length=_limit("name"))
    leader_name: str | None = Field(None, title="项目负责人", max_length=_limit("leader_name"))
    leader_phone: str | None = Field(None, title="项目负责人联系电话", max_length=_limit("leader_phone"))
    contact_name: str | None = Field(None, title="项目联系人", max_length=_limit("contact_name"))
    contact_phone: str | None = Field(None, title="项目联系人联系电话", max_length=_limit("contact_phone"))
    reason: str | None = Field(None, title="项目建设理由", max_length=_limit("reason"))
    summary: str | None = Field(None, title="项目内容简介", max_length=_limit("summary"))
    expected_effect: str | None = Field(None, title="预期效果描述", max_length=_limit("expected_effect"))
    amount: str | None = Field(None, title="项目投资估算", description=AMOUNT_HELP, max_length=AMOUNT_LENGTH)
    funding_source: str | None = Field(None, title="资金来源", max_length=_limit("funding_source"))
    progress: str | None = Field(None, title="项目进展", max_length=_limit("progress"))
    filler_name: str | None = Field(None, title="填表人", max_length=_limit("filler_name"))
    filler_phone: str | None = Field(None, title="填表人联系电话", max_length=_limit("filler_phone"))
    form_date: date | None = Field(None, title="填表日期", description="缺省为今天")
    year: int | None = Field(None, **YEAR, title="申报年度", description="缺省为明年")
    work_type: WorkType | None = Field(None, title="建设性质")
    changes_function: bool | None = Field(None, title="改变系统功能用途")
    civil_works: bool | None = Field(None, title="涉及新建土建工程")
    high_energy: bool | None = Field(None, title="属高耗能项目")
    needs_procurement: bool | None = Field(None, title="需进行政府采购")
    urgent: bool | None = Field(None, title="急需项目（第十一条）")
    urgent_body: str | None = Field(None, title="审议机构", max_length=_limit("urgent_body"))
    urgent_on: date | None = Field(None, title="审议日期")
    urgent_decision: str | None = Field(None, title="审议结论", max_length=_limit("urgent_decision"))
    urgent_ref: str | None = Field(None, title="会议纪要或文件文号", max_length=_limit("urgent_ref"))
    maintains: int | None = Field(None, **KEY, title="运维的已建系统（已建项目库中本单位系统的 id）")
    fiscal_funding: bool | None = Field(
        None,
        title="全部或部分使用区级及以上财政资金",
        description="第二条；提交前必答，答“否”不属于本细则范围，不予申报",
    )
    it_system: bool | None = Field(
        None, title="建设支撑本单位履行管理和服务职能的信息化系统", description="第二条；提交前必答"
    )
    excluded_purchase: str | None = Field(
        None,
        title="是否为第二条所列购置",
        max_length=_limit("excluded_purchase"),
        description="第二条；提交前必答：none（不属于），或政策文件所列购置的代码（如 pc），后者不予申报",
    )
    continues: int | None = Field(
        None, title="续建的前期项目（本单位项目的 id）", description="第三条；续建项目填写"
    )
    continues_outside: str | None = Field(
        None,
        title="前期项目（未在本平台登记）",
        max_length=_limit("continues_outside"),
        description="平台启用前的前期项目：名称和批复文号",
    )

    @field_validator("name", "amount", "work_type")
    @classmethod
    def _not_blank(cls, value: Any) -> Any:
        # These can be left out of a change, never emptied: a project always has them.
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("不能为空")
        return value

    def data(self) -> dict[str, Any]:
        """What the service receives: the fields given, in the form's names."""
        return self.model_dump(exclude_unset=True, exclude={"version"})


class ProjectCreateIn(_ApplicationIn):
    name: str = Field(title="项目名称", min_length=1, max_length=_limit("name"))
    amount: str = Field(title="项目投资估算", description=AMOUNT_HELP, max_length=AMOUNT_LENGTH)
    work_type: WorkType = Field(title="建设性质")


class ProjectUpdateIn(_ApplicationIn):
    version: int | None = Field(
        None, ge=0, le=KEY["le"], description="看到的版本号；项目已被他人改动则返回 409"
    )

    @field_validator("form_date", "year")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("不能为空")
        return value


def _chapter(code: str) -> Any:
    """A proposal chapter's field, titled and explained as the version in force words it (the
    policy's outline: one source); a project's own version words its page and its refusals."""
    chapter = next(c for c in Proposal.chapters(policy_in_force(clock.today())) if c.code == code)
    return Field("", title=chapter.title, description=chapter.guidance, max_length=_limit(code, Proposal))


class ProposalIn(Schema):
    """The chapters of Attachment 2; a chapter left out is saved empty."""

    purpose: str = _chapter("purpose")
    necessity: str = _chapter("necessity")
    requirements: str = _chapter("requirements")
    plan: str = _chapter("plan")
    investment: str = _chapter("investment")


class PreparerIn(Schema):
    preparer: str = Field(
        title="编制单位代码", description="第三方机构的单位代码，如 shancheng_design", max_length=64
    )
    qualification: str = Field(title="资质", max_length=_limit("preparer_qualification"))
    contact: str = Field("", title="联系人及电话", max_length=_limit("preparer_contact"))


class NationalCodeIn(Schema):
    code: str = Field(
        title="全国投资项目代码",
        description="24 位，如 2101-500103-04-01-123456",
        max_length=_limit("national_code"),
    )


# --- Actions --------------------------------------------------------------------------------------


class BlockedOut(Schema):
    article: int
    reason: str


class ActionOut(Schema):
    code: str
    label: str
    article: int
    blocked: list[BlockedOut] = Field(description="还缺什么：每项附条款；为空则可以办理")
    input_schema: dict[str, Any] = Field(description="办理时要提交的字段（JSON Schema）")


class ActionIn(BaseModel):
    """The action's inputs as its input_schema describes them, and optionally the version seen.

    A plain pydantic model: ninja's Schema reads only declared fields, and the inputs are not
    declared here but by the action (GET /actions gives each one's JSON Schema)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    version: int | None = Field(
        None, ge=0, le=KEY["le"], description="看到的版本号；项目已被他人改动则返回 409"
    )

    def inputs(self) -> dict[str, Any]:
        return dict(self.model_extra or {})
