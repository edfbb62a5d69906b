"""The declaration: every state and transition of a project's life (REQUIREMENTS §2–§5).

States that are steps of the policy route carry the route's step code, so a project's place on
its route is its state. Transitions that depend on the route's path say so with `paths`.
"""

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["text", "longtext", "date", "money", "bool", "document", "choice", "user"]


# What may be recorded beside the steps, and in which states (a state's `keeps`): every set of
# states the services, selectors and pages use is derived from these, never written out again.
RECORDS: dict[str, str] = {
    "application": "申报表和项目建议书（第九条）：单位经办人修改",
    "baseline": "批复配置清单（第十七条）：开工前登记",
    "construction": "采购、合同及备案、监理、建设单位决定（第十六至十八条）",
    "delivered_items": "实际交付配置清单（第二十三条）：初验前登记",
    "changes": "软件功能需求变更（第二十一条）",
    "funds": "资金拨付（第二十二条）",
    "operation": "网络安全测评、政务数据资源、智能中枢接入（第十九条、第二十条）",
    "final_account": "竣工财务决算（第二十六条）",
    "evaluation": "绩效评价（第二十六条）：交付使用后",
    "library": "已建项目库中的系统（第二十四条）：交付时纳入，停用时登记",
}

Phase = Literal["application", "scheme", "construction", "operation", "closed"]


@dataclass(frozen=True)
class State:
    code: str
    label: str
    actor: str | None  # the role that must act next; None for an end state
    phase: Phase
    listed: bool  # past 纳入清单: the 第十二条 gate has been passed
    step: str | None = None  # the policy route step this state is, if any
    final: bool = False
    keeps: tuple[str, ...] = ()  # the RECORDS that may be written in this state


@dataclass(frozen=True)
class Input:
    """One field a transition takes: drives the web form, the API's JSON Schema and validation."""

    name: str
    label: str
    type: FieldType = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    # A "document" input: the kinds it must be of and the office that must have uploaded it (R3.9).
    kinds: tuple[str, ...] = ()
    uploaded_as: str | None = None
    # A text's limit, when the record it fills holds less than its kind's (govit.limits).
    max_length: int | None = None


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: str
    article: int
    clause: int | None = None
    paths: tuple[str, ...] = ()  # empty: every path
    guards: tuple[str, ...] = ()  # names resolved by the engine's guard registry
    inputs: tuple[Input, ...] = ()
    documents: tuple[str, ...] = ()  # document kinds that must be on the project before it
    kind: Literal["forward", "return", "reject", "withdraw"] = "forward"
    only_new: bool | None = None  # True: new projects only; False: not new only
    only_urgent: bool | None = None
    categories: tuple[str, ...] = ()  # empty: every category


COMMENT = Input("comment", "意见", "longtext")
OPTIONAL_COMMENT = Input("comment", "意见", "longtext", required=False)
REASON = Input("comment", "理由", "longtext")
ACCEPT_LATE = Input("accept_late", "同意受理逾期申报", "bool", required=False)
# 第四条 (R9.1): what the review made of the similar projects shown beside it (相似项目).
OVERLAP = (
    Input("overlap", "重复建设审查", "choice", required=False, choices=(
        ("none", "未发现重复建设"), ("reuse", "可复用已有系统，已要求项目单位调整"),
        ("integrate", "与已有系统整合建设"), ("different", "与相似项目功能不同"))),
    Input("overlap_reason", "重复建设审查说明", "longtext", required=False,
          help="涉及哪些相似项目，如何复用、整合，或为何不同；除“未发现重复建设”外必填"),
)  # fmt: skip
# 第二十六条第二款 (R5.6): whether the review heeds what the evaluations beside it recommend (绩效评价结果运用).
STEERING = (
    Input("steering", "绩效评价结果运用建议", "choice", required=False,
          choices=(("heed", "采纳建议"), ("override", "不采纳建议"))),
    Input("steering_reason", "不采纳建议的理由", "longtext", required=False,
          help="页面显示绩效评价结果运用建议时须选择；不采纳的须写明理由"),
)  # fmt: skip
# 第九条、第十三条 (R9.3): why the uploaded proposal / FSR / design departs from its outline, if it does.
OUTLINE_REASON = Input("outline_reason", "提纲不符的说明", "longtext", required=False,
                       help="上传的 .docx 文件与附件2/附件3的提纲不符（缺章或顺序不对）时，请写明理由")  # fmt: skip
MEETING = (
    Input("meeting", "会议名称", help="如 区云长制领导小组2026年第3次会议"),
    Input("meeting_on", "会议日期", "date"),
    Input("minutes_ref", "会议纪要文号", max_length=100),
)

# fmt: off
STATES: tuple[State, ...] = (
    State("draft",                  "草稿",                           "unit",        "application", False, step="application", keeps=("application",)),
    State("returned",               "退回修改",                       "unit",        "application", False, step="application", keeps=("application",)),
    State("unit_confirm",           "待单位负责人确认",               "unit_leader", "application", False, step="application"),
    State("list_review",            "区大数据发展局审核",             "bdb",         "application", False, step="list_review"),
    State("leading_group_review",   "待区云长制领导小组审议",         "lg_office",   "application", False, step="leading_group_review"),
    State("listing",                "待纳入清单",                     "bdb",         "application", False, step="listing"),
    State("fsr_with_budget",        "编制可研报告及概算（代初设）",   "unit",        "scheme",      True,  step="fsr_with_budget"),
    State("fsr",                    "编制可行性研究报告",             "unit",        "scheme",      True,  step="fsr"),
    State("fsr_approval",           "区发改委审批可研报告",           "drc",         "scheme",      True,  step="fsr_approval"),
    State("preliminary_design",     "编制初步设计及概算",             "unit",        "scheme",      True,  step="preliminary_design"),
    State("design_review",          "区大数据发展局审核初步设计",     "bdb",         "scheme",      True,  step="design_review"),
    State("fsr_budget_approval",    "区发改委审批可研及概算",         "drc",         "scheme",      True,  step="fsr_budget_approval"),
    State("design_budget_approval", "区发改委审批初设及概算",         "drc",         "scheme",      True,  step="design_budget_approval"),
    State("budget_order87",         "编审预算方案（财政部令第87号）", "unit",        "scheme",      True,  step="budget_order87"),
    State("approved",               "前期审批完成，待采购实施",       "unit",        "construction", True, keeps=("baseline", "construction", "funds")),
    State("construction",           "建设实施",                       "unit",        "construction", True, keeps=("construction", "delivered_items", "changes", "funds", "operation")),
    State("trial_run",              "试运行",                         "unit",        "construction", True, keeps=("construction", "changes", "funds", "operation")),
    State("compliance_review",      "区大数据发展局合规性审查",       "bdb",         "construction", True, keeps=("construction", "funds", "operation")),
    State("rectification",          "合规性审查整改",                 "unit",        "construction", True, keeps=("construction", "funds", "operation")),
    State("final_acceptance",       "委托第三方终验",                 "unit",        "construction", True, keeps=("construction", "funds", "operation")),
    State("final_filing",           "终验备案待确认",                 "bdb",         "construction", True, keeps=("construction", "funds", "operation")),
    State("delivered",              "已交付使用（已建项目库）",       "unit",        "operation",    True, keeps=("funds", "operation", "final_account", "evaluation", "library")),
    State("om_service",             "运维服务中",                     "unit",        "operation",    True, keeps=("funds", "operation", "evaluation")),
    State("retired",                "已停用",                         None,          "closed",       True,  final=True, keeps=("final_account", "evaluation", "library")),
    State("om_closed",              "运维服务期满",                   None,          "closed",       True,  final=True, keeps=("evaluation",)),
    State("rejected",               "未通过",                         None,          "closed",      False, final=True),
    State("withdrawn",              "已撤回",                         None,          "closed",      False, final=True),
)
# fmt: on

STATE_BY_CODE = {s.code: s for s in STATES}
START = STATES[0].code
# The approval: where the policy route ends and the building begins (the construction phase's first).
APPROVED = next(s.code for s in STATES if s.phase == "construction")


def keeping(record: str) -> frozenset[str]:
    """The states in which `record` (a key of RECORDS) may be written."""
    if record not in RECORDS:
        raise KeyError(f"unknown record {record!r}")
    return frozenset(s.code for s in STATES if record in s.keeps)


def in_phase(*phases: Phase, actor: str | None = None, listed: bool | None = None) -> frozenset[str]:
    """The states of `phases`, of the next actor `actor` and listed or not, when those are given."""
    return frozenset(
        s.code
        for s in STATES
        if s.phase in phases
        and (actor is None or s.actor == actor)
        and (listed is None or s.listed == listed)
    )


# The unit's editing states: the application form and proposal can be changed only here.
EDITABLE = keeping("application")
# A listed project's unit may still give it up while the next step is its own; the DRC may refuse
# at its approvals; the BDB and the DRC review the scheme in theirs.
UNIT_SCHEME_STATES = tuple(s.code for s in STATES if s.code in in_phase("scheme", actor="unit"))
DRC_APPROVAL_STATES = tuple(s.code for s in STATES if s.code in in_phase("scheme", actor="drc"))
SCHEME_REVIEW_STATES = in_phase("scheme", actor="bdb") | in_phase("scheme", actor="drc")
# Building (from the approval to the final filing), in service, and after the end of a listed life.
BUILDING = in_phase("construction")
IN_SERVICE = in_phase("operation")
ENDED = in_phase("closed", listed=True)


def _approval_inputs(*, with_budget: bool) -> tuple[Input, ...]:
    fields = [
        Input("document_number", "批复文号", help="如 渝中发改投〔2026〕123号", max_length=100),
        Input("approved_on", "批复日期", "date"),
        Input("approved_total", "批复总投资", "money"),
    ]
    if with_budget:
        fields += [
            Input("approved_software", "其中：软件", "money"),
            Input("approved_hardware", "其中：硬件", "money"),
            Input("approved_other", "其中：其他", "money"),
        ]
    fields += [
        Input("approval_document", "批复文件", "document", kinds=("approval",), uploaded_as="drc",
              help="区发改委上传的批复文件"),
        OPTIONAL_COMMENT,
    ]  # fmt: skip
    return tuple(fields)


BUDGET_INPUTS = (
    Input("approved_total", "预算总金额", "money"),
    Input("approved_software", "其中：软件", "money"),
    Input("approved_hardware", "其中：硬件", "money"),
    Input("approved_other", "其中：其他", "money"),
    Input("approval_document", "预算方案", "document", kinds=("budget",)),
    OPTIONAL_COMMENT,
)
# 第十三条: the BDB's review opinion (审核意见). Its text is the required comment, kept in the audit
# chain; the signed opinion document is attached when there is one, and must be the BDB's own.
DESIGN_OPINION = (
    COMMENT,
    Input("opinion_document", "审核意见文件", "document", required=False, kinds=("opinion",), uploaded_as="bdb",
          help="区大数据发展局上传的审核意见（可选；意见内容见上）"),
)  # fmt: skip
APPROVAL_GUARDS = ("expert_reviews_done", "extra_approvals_present", "budget_lines_add_up")


def _compliance_inputs() -> tuple[Input, ...]:
    items = (("cloud", "政务云部署"), ("sharing", "数据资源共享"), ("integration", "系统整合"))
    fields: list[Input] = []
    for code, label in items:
        fields += [
            Input(f"{code}_ok", f"{label}：通过", "bool", required=False),
            Input(f"{code}_finding", f"{label}：审查意见", "longtext", required=False),
        ]
    return tuple(fields)


T = Transition
# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    # --- 第九条、第十一条: the application ----------------------------------------------------------
    T("submit", "提交单位负责人确认", ("draft", "returned"), "unit_confirm", "unit", 9,
      guards=("in_scope", "application_complete", "proposal_complete", "urgent_deliberation_recorded",
              "continuation_named", "maintained_system_in_service", "one_om_application_a_year",
              "proposal_outline_followed"),
      inputs=(OPTIONAL_COMMENT, OUTLINE_REASON)),
    T("withdraw", "撤回申报", ("draft", "returned"), "withdrawn", "unit", 9, kind="withdraw", inputs=(REASON,)),
    T("confirm", "确认并报送区大数据发展局", ("unit_confirm",), "list_review", "unit_leader", 9, inputs=(OPTIONAL_COMMENT,)),
    T("send_back", "退回经办人修改", ("unit_confirm",), "draft", "unit_leader", 9, kind="return", inputs=(COMMENT,)),
    # 审核汇总: a new project goes to the leading group; an urgent one (第十一条) was deliberated by
    # the district already and is listed at once; any other is listed after the review.
    T("review_pass", "审核通过，报领导小组审议", ("list_review",), "leading_group_review", "bdb", 9,
      only_new=True, only_urgent=False, guards=("late_accepted", "overlap_explained", "steering_heeded"),
      inputs=(OPTIONAL_COMMENT, ACCEPT_LATE, *OVERLAP, *STEERING)),
    T("review_pass", "审核通过，待纳入清单", ("list_review",), "listing", "bdb", 9,
      only_new=False, only_urgent=False, guards=("late_accepted", "overlap_explained", "steering_heeded"),
      inputs=(OPTIONAL_COMMENT, ACCEPT_LATE, *OVERLAP, *STEERING)),
    T("review_pass", "审核通过（第十一条急需项目），待纳入清单", ("list_review",), "listing", "bdb", 11,
      only_urgent=True, guards=("overlap_explained", "steering_heeded"),
      inputs=(OPTIONAL_COMMENT, *OVERLAP, *STEERING)),
    T("review_return", "退回修改", ("list_review",), "returned", "bdb", 9, kind="return", inputs=(COMMENT,)),
    T("review_reject", "不予通过", ("list_review",), "rejected", "bdb", 9, kind="reject", inputs=(REASON,)),
    T("lg_approve", "领导小组审议通过", ("leading_group_review",), "listing", "lg_office", 9,
      inputs=(*MEETING, OPTIONAL_COMMENT)),
    T("lg_return", "领导小组要求修改", ("leading_group_review",), "returned", "lg_office", 9, kind="return",
      inputs=(*MEETING, COMMENT)),
    T("lg_reject", "领导小组审议未通过", ("leading_group_review",), "rejected", "lg_office", 9, kind="reject",
      inputs=(*MEETING, REASON)),
    # --- 第九条: listing, the 第十二条 gate; where it leads is the path of 第十三条 ---------------------
    T("list", "纳入项目清单", ("listing",), "fsr_with_budget", "bdb", 9, paths=("combined",)),
    T("list", "纳入项目清单", ("listing",), "fsr", "bdb", 9, paths=("separate",)),
    T("list", "纳入项目清单", ("listing",), "preliminary_design", "bdb", 9, paths=("service",)),
    T("list", "纳入项目清单", ("listing",), "approved", "bdb", 9, paths=("om_budget",)),
    # --- 第十三条第二款: construction ≤ the combined limit — FSR with budget (代初设), BDB review, DRC ---
    T("submit_fsr_budget", "提交可研报告及概算方案（代初设）", ("fsr_with_budget",), "design_review", "unit", 13, 2,
      paths=("combined",), guards=("preparer_recorded", "outline_followed"), documents=("fsr", "budget"),
      inputs=(OUTLINE_REASON,)),
    T("design_pass", "审核通过，出具审核意见", ("design_review",), "fsr_budget_approval", "bdb", 13, 2,
      paths=("combined",), guards=("expert_reviews_done",), inputs=DESIGN_OPINION),
    T("design_return", "退回修改初步设计", ("design_review",), "fsr_with_budget", "bdb", 13, 2,
      paths=("combined",), kind="return", inputs=(COMMENT,)),
    T("approve_budget", "批复可研报告及概算方案（代初设）", ("fsr_budget_approval",), "approved", "drc", 13, 2,
      paths=("combined",), guards=APPROVAL_GUARDS, inputs=_approval_inputs(with_budget=True)),
    T("return_budget", "退回修改", ("fsr_budget_approval",), "fsr_with_budget", "drc", 13, 2,
      paths=("combined",), kind="return", inputs=(COMMENT,)),
    # --- 第十三条第二款: construction > the combined limit — FSR approved first, then design and budget
    T("submit_fsr", "提交可行性研究报告", ("fsr",), "fsr_approval", "unit", 13, 2,
      paths=("separate",), guards=("preparer_recorded", "outline_followed"), documents=("fsr",),
      inputs=(OUTLINE_REASON,)),
    T("approve_fsr", "批复可行性研究报告", ("fsr_approval",), "preliminary_design", "drc", 13, 2,
      paths=("separate",), guards=("expert_reviews_done",), inputs=_approval_inputs(with_budget=False)),
    T("return_fsr", "退回可研报告", ("fsr_approval",), "fsr", "drc", 13, 2,
      paths=("separate",), kind="return", inputs=(COMMENT,)),
    T("submit_design", "提交初步设计及概（预）算方案", ("preliminary_design",), "design_review", "unit", 13,
      paths=("separate", "service"), guards=("preparer_recorded", "outline_followed"),
      documents=("design", "budget"), inputs=(OUTLINE_REASON,)),
    T("design_pass", "审核通过，出具审核意见", ("design_review",), "design_budget_approval", "bdb", 13, 2,
      paths=("separate",), guards=("expert_reviews_done",), inputs=DESIGN_OPINION),
    T("design_return", "退回修改初步设计", ("design_review",), "preliminary_design", "bdb", 13,
      paths=("separate", "service"), kind="return", inputs=(COMMENT,)),
    T("approve_budget", "批复初步设计及概算方案", ("design_budget_approval",), "approved", "drc", 13, 2,
      paths=("separate",), guards=APPROVAL_GUARDS, inputs=_approval_inputs(with_budget=True)),
    T("return_budget", "退回修改", ("design_budget_approval",), "preliminary_design", "drc", 13, 2,
      paths=("separate",), kind="return", inputs=(COMMENT,)),
    # --- 第十三条第三款: service (and O&M that needs procurement, R3.5) — no DRC approval -------------
    T("design_pass", "审核通过，出具审核意见", ("design_review",), "budget_order87", "bdb", 13, 3,
      paths=("service",), guards=("expert_reviews_done",), inputs=DESIGN_OPINION),
    T("record_budget", "登记预算方案（财政部令第87号）", ("budget_order87",), "approved", "unit", 13, 3,
      paths=("service",), guards=("extra_approvals_present", "budget_lines_add_up"), inputs=BUDGET_INPUTS),
    # --- Ends of the scheme phase: the DRC may refuse, the unit may give the project up ---------------
    T("reject_scheme", "不予批复", DRC_APPROVAL_STATES, "rejected", "drc", 13, kind="reject", inputs=(REASON,)),
    T("withdraw_listed", "撤回项目", UNIT_SCHEME_STATES, "withdrawn", "unit", 9, kind="withdraw", inputs=(REASON,)),
    # --- 第十六至二十二条: construction -----------------------------------------------------------------
    T("start_construction", "开工建设", ("approved",), "construction", "unit", 16,
      categories=("construction", "service"), guards=("baseline_recorded", "contract_recorded", "supervision_in_place")),
    T("initial_acceptance", "完成初验，开始试运行", ("construction",), "trial_run", "unit", 23,
      guards=("contracts_filed", "delivered_configuration_conforms", "no_pending_change"), documents=("acceptance",),
      inputs=(Input("accepted_on", "初验日期", "date"), Input("trial_started_on", "试运行开始日期", "date"),
              OPTIONAL_COMMENT)),
    # --- 第二十三条: the compliance review after a trial run of two months or more ---------------------
    T("apply_compliance", "申请合规性审查", ("trial_run",), "compliance_review", "unit", 23,
      guards=("trial_run_long_enough",), inputs=(OPTIONAL_COMMENT,)),
    T("compliance_pass", "合规性审查通过", ("compliance_review",), "final_acceptance", "bdb", 23,
      guards=("all_compliance_items_pass",), inputs=_compliance_inputs()),
    T("compliance_fail", "审查未通过，限期整改", ("compliance_review",), "rectification", "bdb", 23, kind="return",
      guards=("some_compliance_item_fails",), inputs=_compliance_inputs()),
    T("resubmit_compliance", "整改完成，重新申请审查", ("rectification",), "compliance_review", "unit", 23,
      documents=("rectification",), inputs=(COMMENT,)),
    # --- 第二十四条: third-party final acceptance, filed with the BDB; then delivery -------------------
    T("file_final_acceptance", "终验报区大数据发展局备案", ("final_acceptance",), "final_filing", "unit", 24,
      documents=("final_acceptance",),
      inputs=(Input("acceptance_agency", "终验机构"), Input("final_accepted_on", "终验日期", "date"), OPTIONAL_COMMENT)),
    T("confirm_delivery", "确认备案，交付使用并纳入已建项目库", ("final_filing",), "delivered", "bdb", 24,
      inputs=(OPTIONAL_COMMENT,)),
    T("return_final_filing", "退回终验材料", ("final_filing",), "final_acceptance", "bdb", 24, kind="return",
      inputs=(COMMENT,)),
    # --- 第二十五条: O&M, and the end of a system's life (R5.7) ----------------------------------------
    T("start_service", "开始运维服务", ("approved",), "om_service", "unit", 25,
      categories=("om",), guards=("maintained_system_in_service",)),
    T("close_service", "运维服务期满", ("om_service",), "om_closed", "unit", 25, inputs=(OPTIONAL_COMMENT,)),
    # R5.7 [Product]: the Rules say nothing of retirement; it is part of managing the library (第二十四条).
    T("retire", "停用系统", ("delivered",), "retired", "unit", 24,
      inputs=(Input("retired_on", "停用日期", "date"), Input("retire_reason", "停用原因", "longtext"),
              Input("data_destination", "数据去向", "longtext"))),
)
# fmt: on


# The roles the declaration may name. They are govit.accounts.roles.Role's business roles, which
# this pure module cannot import (Role needs Django): the engine checks them against Role at import.
ROLES = frozenset({"unit", "unit_leader", "bdb", "lg_office", "drc", "finance", "audit", "cac", "expert", "agency"})  # fmt: skip


def _validate() -> None:
    """The declaration is checked when it is built: a state, a record or a role it names that does
    not exist fails at import; the engine checks its guards, effects and document kinds."""
    codes = {s.code for s in STATES}
    for state in STATES:
        if unknown := sorted(set(state.keeps) - set(RECORDS)):
            raise ValueError(f"state {state.code}: unknown record {', '.join(map(repr, unknown))}")
        if state.actor is not None and state.actor not in ROLES:
            raise ValueError(f"state {state.code}: unknown role {state.actor!r}")
    for t in TRANSITIONS:
        where = f"transition {t.code} ({'/'.join(t.sources)} → {t.target})"
        if unknown := [code for code in (*t.sources, t.target) if code not in codes]:
            raise ValueError(f"{where}: unknown state {', '.join(map(repr, unknown))}")
        if t.actor not in ROLES:
            raise ValueError(f"{where}: unknown role {t.actor!r}")


_validate()


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def applicable(t: Transition, *, path: str, new: bool, urgent: bool, category: str | None = None) -> bool:
    """Whether a declared transition applies to a project with these route facts."""
    if t.paths and path not in t.paths:
        return False
    if t.categories and category is not None and category not in t.categories:
        return False
    if t.only_new is not None and t.only_new != new:
        return False
    return t.only_urgent is None or t.only_urgent == urgent


def sources_of(*codes: str) -> frozenset[str]:
    """The states the transitions `codes` are taken from (`apply_compliance`: the trial run)."""
    if unknown := set(codes) - {t.code for t in TRANSITIONS}:
        raise KeyError(f"unknown transition {sorted(unknown)}")
    return frozenset(s for t in TRANSITIONS if t.code in codes for s in t.sources)


# 纳入清单 (第十二条's gate): the one state from which a project enters the listed states.
(LISTING,) = {
    s
    for t in TRANSITIONS
    for s in t.sources
    if STATE_BY_CODE[t.target].listed and not STATE_BY_CODE[s].listed
}
# 退回修改: where a reviewer sends an application back to its unit (the other editing state is the start).
(RETURNED,) = {t.target for t in TRANSITIONS if t.kind == "return" and t.target in EDITABLE} - {START}
