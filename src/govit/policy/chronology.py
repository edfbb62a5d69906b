"""The order of a project's dates, declared once (第九条至第二十六条): records tell what happened,
so a date is never in the future and never before the step it follows.

Pure Python, as the rest of the policy package: `MILESTONES` are the dates a project records
(typed by a person, or the day an action was taken), `ORDER` says which may not precede which and
on which article. The Django side (`govit.projects.chronology`) reads a project's recorded dates
and asks `refusal` before it records a new one; `violations` is the invariant the tests check on
every project.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from govit.policy.dates import add_months
from govit.policy.versions import Policy, cite

# [Product] No date anyone types is earlier than this: a slip such as 0001-01-01 or 0202-10-01 is
# caught at once rather than recorded. No project of the district predates it.
EARLIEST = date(1950, 1, 1)


@dataclass(frozen=True)
class Milestone:
    """A date a project records; `inputs` names the (transition, input) where a person types it."""

    code: str
    label: str
    article: int
    inputs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Order:
    """`later` may not precede `earlier` (plus a policy `period` in months, when one is named).

    A step may be recorded more than once (a leading-group meeting after a return, several
    contracts): `earlier_occurrence` says which of its dates bounds the later one — the first
    (the later step follows the first occurrence), or the last; `later_occurrence` whether each
    date of the later step is bound, or only its last (a form date re-filled after a return is
    bound by the latest submission only).
    """

    later: str
    earlier: str
    article: int
    label: str
    period: str | None = None
    earlier_occurrence: Literal["first", "last"] = "first"
    later_occurrence: Literal["each", "last"] = "each"


LG_INPUTS = tuple((code, "meeting_on") for code in ("lg_approve", "lg_return", "lg_reject"))

M = Milestone
# fmt: off
MILESTONES: tuple[Milestone, ...] = (
    M("form_date",           "填表日期",                 9),
    M("urgent_on",           "急需项目审议日期",         11),
    M("submitted",           "报送区大数据发展局日期",   9),
    M("lg_meeting",          "领导小组会议日期",         9, LG_INPUTS),
    M("listed",              "纳入清单日期",             9),
    M("fsr_approved",        "可行性研究报告批复日期",   13, (("approve_fsr", "approved_on"),)),
    M("budget_approved",     "概（预）算批复日期",       13, (("approve_budget", "approved_on"),)),
    M("change_requested",    "变更申请日期",             21),
    M("change_approved",     "调整批复日期",             21),
    M("procurement",         "采购公告或中标日期",       17),
    M("contract_signed",     "合同签订日期",             16),
    M("contract_filed",      "合同备案日期",             16),
    M("owner_decided",       "项目业主或代理单位决定日期", 16),
    M("construction_started", "开工日期",                18),
    M("initial_accepted",    "初验日期",                 23, (("initial_acceptance", "accepted_on"),)),
    M("trial_started",       "试运行开始日期",           23, (("initial_acceptance", "trial_started_on"),)),
    M("compliance_applied",  "合规性审查申请日期",       23),
    M("compliance_passed",   "合规性审查通过日期",       24),
    M("final_accepted",      "终验日期",                 24, (("file_final_acceptance", "final_accepted_on"),)),
    M("delivered",           "交付使用日期",             24),
    M("service_started",     "开始运维服务日期",         25),
    M("retired",             "停用日期",                 24, (("retire", "retired_on"),)),
    M("paid",                "拨付日期",                 22),
    M("security_assessed",   "测评日期",                 19),
    M("shared",              "数据共享日期",             20),
    M("incident",            "运行事件发生时间",         25),
    M("final_account",       "决算批复日期",             26),
    M("evaluated",           "绩效评价日期",             26),
)
MILESTONE = {m.code: m for m in MILESTONES}

After = Order
ORDER: tuple[Order, ...] = (
    # 第九条、第十一条: the application, the leading group, the list
    After("submitted", "form_date", 9, "先填表，后报送", later_occurrence="last"),
    After("submitted", "urgent_on", 11, "急需项目先按议事规则审议，后报区大数据发展局", later_occurrence="last"),
    After("lg_meeting", "submitted", 9, "申报报送区大数据发展局后，领导小组方可审议"),
    After("listed", "submitted", 9, "报送审核后纳入清单"),
    After("listed", "lg_meeting", 9, "新建项目经领导小组审议通过后纳入清单", earlier_occurrence="last"),
    # 第十二条、第十三条: approvals follow the listing, the design follows the approved FSR
    After("fsr_approved", "listed", 12, "纳入清单后方可审批"),
    After("budget_approved", "listed", 12, "纳入清单后方可审批"),
    After("budget_approved", "fsr_approved", 13, "根据批复的可行性研究报告编制、审批初步设计及概算"),
    # 第十六至十八条、第二十一条: procurement, contracts and their filing, the start of building
    After("procurement", "listed", 12, "纳入清单后方可采购"),
    After("procurement", "budget_approved", 17, "按照概（预）算批复进行招投标"),
    After("contract_signed", "listed", 12, "纳入清单后方可签订合同"),
    After("contract_signed", "budget_approved", 17, "按照概（预）算批复签订合同"),
    After("contract_filed", "contract_signed", 16, "签订合同后报备"),
    After("construction_started", "contract_signed", 18, "签订合同后开工"),
    After("change_requested", "construction_started", 21, "开工后提出的变更"),
    After("change_approved", "budget_approved", 21, "调整批复在原批复之后"),
    After("change_approved", "change_requested", 21, "先提出变更，后下达调整批复", earlier_occurrence="last"),
    # 第二十三条、第二十四条: initial acceptance, trial run, compliance review, final acceptance
    After("initial_accepted", "construction_started", 23, "建成后初验"),
    After("trial_started", "initial_accepted", 23, "先初验，后试运行"),
    After("compliance_applied", "trial_started", 23, "试运行满期后申请合规性审查", period="trial_run"),
    After("compliance_passed", "compliance_applied", 23, "申请后审查"),
    After("final_accepted", "compliance_passed", 24, "通过合规性审查后终验"),
    After("delivered", "final_accepted", 24, "通过终验后交付使用", earlier_occurrence="last"),
    After("retired", "delivered", 24, "交付使用后方可停用"),
    After("service_started", "listed", 12, "纳入清单后开始运维服务"),
    # 第二十二条: funds follow the budget approval
    After("paid", "budget_approved", 22, "按照概算批复拨付资金"),
    # 第十九、二十、二十五、二十六条: what a system being built or in service records
    # No order for security assessments (第十九条): they are of the system, which for a continuation
    # or an O&M project predates this project; they are only never in the future.
    After("shared", "construction_started", 20, "开工后共享"),
    After("shared", "service_started", 20, "开始运维服务后共享"),
    After("incident", "delivered", 25, "交付使用后的运行事件"),
    After("incident", "service_started", 25, "开始运维服务后的运行事件"),
    After("final_account", "delivered", 26, "交付使用后决算"),
    After("evaluated", "delivered", 26, "交付使用后评价"),
    After("evaluated", "service_started", 26, "开始运维服务后评价"),
)
# fmt: on

# The style of the records of operation (第十九至二十六条), kept everywhere.
FUTURE = "{label}不能晚于今天。"
LATER_THAN_NOW = "{label}不能晚于当前时间。"
TOO_EARLY = "{label} {value} 早于 {earliest}，请核对日期。"
PRECEDES = "{label} {value} 早于{earlier}{bound}（{cite}）"
PRECEDES_PERIOD = "{label} {value} 早于{earlier} {start} 满{months}个月之日{bound}（{cite}）"


@dataclass(frozen=True)
class Violation:
    """A recorded (or proposed) date that breaks the declared order; `reason` says which."""

    milestone: str
    value: date
    article: int
    reason: str


def typed_refusal(label: str, value: date, *, today: date) -> str | None:
    """A date a person typed: not before `EARLIEST`, not after today."""
    if value < EARLIEST:
        return TOO_EARLY.format(label=label, value=value.isoformat(), earliest=EARLIEST.isoformat())
    if value > today:
        return FUTURE.format(label=label)
    return None


def _bound(order: Order, dates: Sequence[date], *, policy: Policy) -> tuple[date, date] | None:
    """(the earlier step's date, the first day the later step may have) or None if not recorded."""
    if not dates:
        return None
    start = min(dates) if order.earlier_occurrence == "first" else max(dates)
    if order.period is None:
        return start, start
    return start, add_months(start, policy.periods[order.period]["months"])


def _reason(order: Order, value: date, start: date, bound: date, *, policy: Policy) -> str:
    label, earlier = MILESTONE[order.later].label, MILESTONE[order.earlier].label
    if order.period is None:
        return PRECEDES.format(
            label=label, value=value.isoformat(), earlier=earlier, bound=f" {bound.isoformat()}",
            cite=cite(order.article),
        )  # fmt: skip
    return PRECEDES_PERIOD.format(
        label=label, value=value.isoformat(), earlier=earlier, start=start.isoformat(),
        months=policy.periods[order.period]["months"], bound=f" {bound.isoformat()}", cite=cite(order.article),
    )  # fmt: skip


def refusal(
    milestone: str,
    value: date,
    recorded: Mapping[str, Sequence[date]],
    *,
    today: date,
    policy: Policy,
    typed: bool = True,
) -> Violation | None:
    """Why `value` may not be recorded as `milestone`, given the project's `recorded` dates.

    A new date follows what has happened: it is bound by the latest recorded date of each step
    it follows (a meeting after a return follows the resubmission), and, when typed, by
    `EARLIEST` and today."""
    declared = MILESTONE[milestone]
    if typed:
        reason = typed_refusal(declared.label, value, today=today)
        if reason:
            return Violation(milestone, value, declared.article, reason)
    for order in ORDER:
        if order.later != milestone:
            continue
        latest = Order(order.later, order.earlier, order.article, order.label, order.period, "last")
        bound = _bound(latest, recorded.get(order.earlier, ()), policy=policy)
        if bound and value < bound[1]:
            return Violation(milestone, value, order.article, _reason(order, value, *bound, policy=policy))
    return None


def violations(recorded: Mapping[str, Sequence[date]], *, today: date, policy: Policy) -> list[Violation]:
    """Every way the `recorded` dates of one project break the declared order (the invariant)."""
    found: list[Violation] = []
    for code, dates in recorded.items():
        for value in dates:
            if value > today:
                reason = f"{MILESTONE[code].label} {value.isoformat()} 晚于今天 {today.isoformat()}"
                found.append(Violation(code, value, MILESTONE[code].article, reason))
    for order in ORDER:
        later = list(recorded.get(order.later, ()))
        bound = _bound(order, recorded.get(order.earlier, ()), policy=policy)
        if not later or bound is None:
            continue
        for value in later if order.later_occurrence == "each" else [max(later)]:
            if value < bound[1]:
                found.append(
                    Violation(order.later, value, order.article, _reason(order, value, *bound, policy=policy))
                )
    return found


def milestone_for_input(transition: str, name: str) -> Milestone | None:
    """The milestone a transition's date input records, if it is one."""
    for milestone in MILESTONES:
        if (transition, name) in milestone.inputs:
            return milestone
    return None
