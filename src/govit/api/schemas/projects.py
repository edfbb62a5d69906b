"""A project as the API shows it: in the list, on its own, its history and its versions."""

from datetime import date
from typing import Any

from ninja import Field, Schema

from govit.accounts.roles import Role
from govit.api.schemas.common import (
    KEY,
    YEAR,
    AmountQuery,
    CodedOut,
    LocalDateTime,
    Money,
    OrganisationOut,
    PageQuery,
    ProjectRefOut,
    state_of,
)
from govit.policy.wording import path_label
from govit.projects import policies, selectors
from govit.projects.models import Category, Proposal, WorkType
from govit.projects.models.project import State

# --- The list -----------------------------------------------------------------------------------


class ProjectFilters(PageQuery):
    year: int | None = Field(None, **YEAR, title="申报年度")
    unit: int | None = Field(None, **KEY, title="项目单位 id")
    category: Category | None = Field(None, title="项目类别")
    state: State | None = Field(None, title="状态")
    amount_min: AmountQuery = Field(None, title="投资估算下限（含）")
    amount_max: AmountQuery = Field(None, title="投资估算上限（含）")
    work_type: WorkType | None = Field(None, title="建设性质")
    listed: bool | None = Field(None, title="是否已纳入清单")
    q: str | None = Field(None, title="项目名称或清单编号包含", max_length=100)
    after: str | None = Field(
        None,
        title="翻页游标",
        max_length=200,  # a cursor is some 30 characters
        description=(
            "上一页返回的 next：取其后的一页（筛选条件和 page_size 与上一页相同，不带 page）。"
            "按游标翻页不计数：count、page、totals 为 null"
        ),
    )


class ProjectRowOut(Schema):
    id: int
    list_code: str | None
    name: str
    unit: OrganisationOut
    year: int
    category: CodedOut
    work_type: CodedOut
    state: CodedOut
    amount: Money
    urgent: bool
    late: bool
    key: bool = Field(description="区云长制领导小组确定的重点建设项目（第五条）")
    updated_at: LocalDateTime

    @staticmethod
    def resolve_key(project) -> bool:
        return project.key_project

    @staticmethod
    def resolve_category(project) -> dict[str, str]:
        return {"code": project.category, "label": project.get_category_display()}

    @staticmethod
    def resolve_work_type(project) -> dict[str, str]:
        return {"code": project.work_type, "label": project.get_work_type_display()}

    @staticmethod
    def resolve_state(project) -> dict[str, str]:
        return state_of(project.state)


class CategoryTotalOut(Schema):
    category: CodedOut
    count: int
    amount: Money


class TotalsOut(Schema):
    count: int
    amount: Money
    by_category: list[CategoryTotalOut]
    classified: int = Field(
        0, description="另有涉密项目个数（第二十七条：只计数量，不显示名称和金额，不计入上面的合计）"
    )

    @staticmethod
    def resolve_by_category(totals) -> list[dict[str, Any]]:
        return [
            {"category": {"code": code, "label": Category(code).label}, **values}
            for code, values in sorted(totals["by_category"].items())
        ]


class ProjectPageOut(Schema):
    items: list[ProjectRowOut]
    count: int
    page: int
    page_size: int


class WorkOut(Schema):
    """Work that waits beside the steps: a contract to file, a filing or waiver to confirm, a change
    to review or approve, a security assessment or a self-evaluation falling due."""

    project: ProjectRefOut
    label: str = Field(description="待办事项")
    detail: str = Field(description="内容")
    section: str = Field(description="项目页上办理它的栏目（锚点）")
    due: date | None = Field(description="期限")
    due_label: str | None = Field(description="期限的含义，如 备案截止、应测评、自评截止")
    provisional: bool = Field(description="期限按未公布的节假日安排推算")
    late: bool
    article: int | None = Field(description="期限所依据的条款")

    @staticmethod
    def resolve_section(item) -> str:
        return item.anchor

    @staticmethod
    def resolve_due_label(item) -> str | None:
        return item.due_label or None


class TodoOut(ProjectPageOut):
    work: list[WorkOut] = Field(description="建设运行待办（不分页）")


class ProjectListOut(ProjectPageOut):
    """The yearly list's page: by page number (counted, with the totals) or after a cursor (not)."""

    count: int | None = Field(description="符合条件的项目数；按游标翻页（after）时为 null（不计数）")
    page: int | None = Field(description="页码；按游标翻页（after）时为 null")
    totals: TotalsOut | None = Field(description="合计；按游标翻页（after）时为 null（不计数）")
    next: str | None = Field(
        description="下一页的游标：作为 ?after= 传回（筛选条件和 page_size 不变），取其后的一页；最后一页为 null"
    )


# --- One project ----------------------------------------------------------------------------------


class RouteStepOut(Schema):
    code: str
    label: str
    actor: str
    actor_label: str
    article: int
    status: str = Field(description="done / current / pending")


class BasisOut(Schema):
    article: int
    clause: int | None
    reason: str


class ApprovalOut(Schema):
    kind: CodedOut
    document_number: str
    approved_on: date | None
    approved_total: Money
    approved_software: Money | None
    approved_hardware: Money | None
    approved_other: Money | None
    document_id: int | None
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_kind(approval) -> dict[str, str]:
        return {"code": approval.kind, "label": approval.get_kind_display()}


class ProposalOut(Schema):
    purpose: str
    necessity: str
    requirements: str
    plan: str
    investment: str
    missing: list[str] = Field(description="尚未填写的章节（附件2）")

    @staticmethod
    def resolve_missing(proposal) -> list[str]:
        return proposal.missing_chapters()


class EarlierOut(Schema):
    """The earlier project a continuation continues: GET /projects/{id} gives its whole history."""

    id: int
    name: str
    list_code: str | None
    year: int
    state: CodedOut

    @staticmethod
    def resolve_state(project) -> dict[str, str]:
        return {"code": project.state, "label": project.get_state_display()}


class ProjectOut(ProjectRowOut):
    """A project as its detail page shows it: the form, where it stands on its route and why."""

    path: CodedOut
    leader_name: str
    leader_phone: str
    contact_name: str
    contact_phone: str
    reason: str
    summary: str
    expected_effect: str
    funding_source: str
    progress: str
    filler_name: str
    filler_phone: str
    form_date: date
    changes_function: bool
    civil_works: bool
    high_energy: bool
    needs_procurement: bool
    urgent_body: str
    urgent_on: date | None
    urgent_decision: str
    urgent_ref: str
    funding_channel: str
    national_code: str
    submitted_at: LocalDateTime | None
    late_accepted: bool
    preparer: OrganisationOut | None
    preparer_qualification: str
    preparer_contact: str
    policy_id: str
    fiscal_funding: bool | None = Field(description="第二条：全部或部分使用区级及以上财政资金（未答为 null）")
    it_system: bool | None = Field(description="第二条：建设支撑本单位履行管理和服务职能的信息化系统")
    excluded_purchase: str = Field(description="第二条：none 为不属于所列购置；空为未答")
    continues: EarlierOut | None = Field(description="续建的前期项目（第三条）；涉密项目不显示（第二十七条）")
    continues_outside: str
    version: int = Field(description="乐观锁版本号：修改或办理时可带上，项目已被他人改动则返回 409")
    classified: bool = Field(
        alias="is_classified",
        description="涉密项目（第二十七条）：只登记编号、单位、类别、年度、批准文号和状态",
    )
    secrecy_ref: str = Field(description="保密主管部门批准文号（涉密项目）")
    secrecy_on: date | None = Field(description="保密主管部门批准日期（涉密项目）")
    created_at: LocalDateTime
    route: list[RouteStepOut] = Field(description="审批路径（govit policy route 的各步骤）")
    after_approval: list[RouteStepOut] = Field(
        description="批复之后：建设、试运行、合规性审查、终验、交付（或运维）"
    )
    basis: list[BasisOut] = Field(description="为什么走这条路径：条款及理由")
    approval: ApprovalOut | None = Field(description="最近一次批复")
    proposal: ProposalOut | None

    @staticmethod
    def resolve_path(project) -> dict[str, str]:
        # The path's amounts are the project's own version's (第十三条第二款, R9.4).
        return {
            "code": project.path,
            "label": path_label(project.path, project.get_path_display(), policies.of(project)),
        }

    # The three read one route, worked out once for the project (selectors.project_route).
    @staticmethod
    def resolve_route(project) -> list:
        return selectors.project_route(project).route_steps

    @staticmethod
    def resolve_after_approval(project) -> list:
        return selectors.project_route(project).later_steps

    @staticmethod
    def resolve_basis(project) -> list:
        return selectors.project_route(project).basis

    @staticmethod
    def resolve_continues(project):
        earlier = project.continues
        return None if earlier is None or earlier.is_classified else earlier

    @staticmethod
    def resolve_approval(project):
        return project.approvals.order_by("-recorded_at", "-pk").first()

    @staticmethod
    def resolve_proposal(project):
        return Proposal.objects.filter(project=project).first()


# --- History and versions ------------------------------------------------------------------------


class EventOut(Schema):
    seq: int
    action: str
    label: str
    from_state: CodedOut
    to_state: CodedOut
    actor: str = Field(alias="actor.name")
    organisation: str = Field(alias="organisation.display_name")
    role: CodedOut
    at: LocalDateTime
    inputs: dict[str, Any]
    article: int | None
    clause: int | None
    policy_id: str
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_inputs(event) -> dict[str, Any]:
        return event.shown_inputs  # a classified project's texts withheld (第二十七条)

    @staticmethod
    def resolve_from_state(event) -> dict[str, str]:
        return state_of(event.from_state)

    @staticmethod
    def resolve_to_state(event) -> dict[str, str]:
        return state_of(event.to_state)

    @staticmethod
    def resolve_role(event) -> dict[str, str]:
        label = Role(event.role).label if event.role in Role.values else event.role
        return {"code": event.role, "label": label}


class ChangeOut(Schema):
    field: str
    before: Any
    after: Any


class VersionOut(Schema):
    number: int
    submitted_at: LocalDateTime
    submitted_by: str
    data: dict[str, Any]
    changes: list[ChangeOut] = Field(description="与上一版相比的改动；第一版为空")
