"""The Rules' questions, answered for one project, each with the articles it rests on.

Every function is pure: facts in, an answer with its `basis` out. The web application, the API
and `govit policy` all call these same functions; the numbers come from the policy data file.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from govit.policy.dates import WorkCalendar, add_months
from govit.policy.money import format_wan, to_wan
from govit.policy.versions import Policy, Threshold
from govit.policy.wording import figure, separate_term
from govit.workflow.lifecycle import route_steps

CATEGORIES = ("construction", "service", "om")
WORK_TYPES = ("new", "continuation", "expansion", "upgrade", "service_purchase", "maintenance")


class PolicyError(ValueError):
    """The facts given cannot be answered (e.g. a change against no approved software total)."""

    def __init__(self, message: str, article: int | None = None):
        super().__init__(message)
        self.article = article


@dataclass(frozen=True)
class Basis:
    """Why: the article (and paragraph) an answer rests on, and a Chinese sentence applying it."""

    article: int
    reason: str
    clause: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"article": self.article, "reason": self.reason}
        if self.clause:
            data["clause"] = self.clause
        return data


def _wan(amount: Decimal) -> str:
    # At least six places keep a fen visible (0.000001 万元): at a threshold one fen matters. A
    # computed limit (a share of 3,333,333.33) may be finer still and is shown unrounded.
    places = max(6, -to_wan(amount).normalize().as_tuple().exponent)
    return f"{format_wan(amount, places=places)}万元"


def _compare(threshold: Threshold, value: Decimal, shown: str, limit_shown: str) -> str:
    """ "<amount> > <limit>" (both in 万元) with the symbol the fact really has."""
    if value == threshold.limit:
        symbol = "="
    else:
        symbol = ">" if value > threshold.limit else "<"
    return f"{shown} {symbol} {limit_shown}"


# --- 第二条: scope -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeAnswer:
    in_scope: bool
    basis: list[Basis]


def scope(
    *,
    fiscal_funding: bool,
    it_system: bool,
    excluded_purchase: str | None = None,
    policy: Policy,
) -> ScopeAnswer:
    """Is this a government IT project under the Rules (R1.1)? Intake asks these facts first."""
    if excluded_purchase is not None and excluded_purchase not in policy.excluded_purchases:
        raise PolicyError(f"未知的购置类型：{excluded_purchase}", article=2)
    reasons: list[Basis] = []
    if not fiscal_funding:
        reasons.append(Basis(2, "未使用区级及以上财政资金投资，不属于本细则所称政务信息化项目"))
    if not it_system:
        reasons.append(
            Basis(2, "不是支撑单位履行管理和服务职能的信息化系统（非信息化项目中仅信息化部分适用本细则）")
        )
    if excluded_purchase:
        item = policy.excluded_purchases[excluded_purchase]
        reasons.append(Basis(2, f"购置{item}不属于政务信息化项目"))
    if reasons:
        return ScopeAnswer(in_scope=False, basis=reasons)
    return ScopeAnswer(
        in_scope=True,
        basis=[Basis(2, "使用区级及以上财政资金建设支撑管理和服务职能的信息化系统，适用本细则")],
    )


# --- 第三条: category ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    category: str
    basis: list[Basis]


def classify(*, work: str, amount: Decimal, changes_function: bool = False, policy: Policy) -> Classification:
    """Which of the three categories a project is (R1.2, R1.3)."""
    if work not in policy.work_types:
        raise PolicyError(f"未知的工作类型：{work}", article=3)
    work_type = policy.work_types[work]
    category = work_type["category"]
    if category != "by_amount":
        label = policy.categories[category]
        return Classification(category, [Basis(3, f"{work_type['label']}项目属于{label}项目")])

    limit = policy.thresholds["om_upgrade_limit"]
    within = limit.holds(amount)
    comparison = _compare(limit, amount, _wan(amount), _wan(limit.limit))
    if within and not changes_function:
        reason = f"升级改造金额 {comparison}，在{limit.term}且未改变系统功能用途，属于运维类项目"
        return Classification("om", [Basis(3, reason, limit.clause)])
    why = []
    if not within:
        why.append(f"金额 {comparison}，超过{limit.term}的运维类限额")
    if changes_function:
        why.append("改变了系统功能用途")
    reason = f"升级改造{'且'.join(why)}，属于建设类（改扩建）项目"
    return Classification("construction", [Basis(3, reason, limit.clause)])


# --- 第十条: funding channel ---------------------------------------------------------------------


@dataclass(frozen=True)
class FundingChannel:
    code: str
    label: str
    basis: list[Basis]


def funding_channel(*, category: str, policy: Policy) -> FundingChannel:
    """Where a listed project's money comes from (R2.6)."""
    _check_category(category)
    channel = policy.funding_channels[category]
    reason = f"纳入清单的{policy.categories[category]}项目{channel['label']}"
    return FundingChannel(channel["code"], channel["label"], [Basis(channel["article"], reason)])


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise PolicyError(f"未知的项目类别：{category}", article=3)


# --- 第九至十五条、第十八条: the route before construction -----------------------------------------


@dataclass(frozen=True)
class RouteStep:
    code: str
    actor: str
    article: int
    label: str
    actor_label: str


@dataclass(frozen=True)
class Route:
    category: str
    amount: Decimal
    policy: str
    path: str
    funding_channel: str
    needs_proposal: bool
    needs_leading_group: bool
    needs_third_party_design: bool
    supervision_required: bool
    extra_approvals: list[str]
    steps: list[RouteStep]
    basis: list[Basis] = field(default_factory=list)

    @property
    def step_codes(self) -> list[str]:
        return [s.code for s in self.steps]


def route(
    *,
    category: str,
    amount: Decimal,
    new: bool = False,
    civil_works: bool = False,
    high_energy: bool = False,
    needs_procurement: bool = False,
    urgent: bool = False,
    policy: Policy,
) -> Route:
    """Everything a project must go through from application to the approval that releases it.
    The steps are the lifecycle's (declared once, in govit.workflow.lifecycle) for these facts."""
    _check_category(category)
    basis: list[Basis] = []

    channel = funding_channel(category=category, policy=policy)
    basis += channel.basis

    if urgent:
        basis.append(
            Basis(11, "急需项目已按区委区政府议事规则审议，由区大数据发展局列入清单，无需领导小组审议")
        )
    elif new:
        basis.append(Basis(9, "新建项目须编制项目建议书，经区云长制领导小组审议通过后纳入清单"))
    else:
        basis.append(Basis(9, "非新建项目填报申报表，由区大数据发展局审核汇总后纳入清单，无需项目建议书"))

    path, path_basis = _path(policy, category, amount, needs_procurement)
    basis += path_basis
    third_party = bool(policy.paths[path]["steps"])
    if third_party:
        why = "纳入区级投资项目" if category == "construction" else "需进行政府采购"
        basis.append(Basis(13, f"{why}，须委托具有资质的第三方专业机构编制初步设计及概（预）算方案", 1))

    supervised = supervision(amount=amount, policy=policy)
    basis += supervised.basis

    extra: list[str] = []
    if civil_works or high_energy:
        extra = list(policy.extra_approvals)
        why = "、".join(x for x, on in (("新建土建工程", civil_works), ("高耗能", high_energy)) if on)
        names = "、".join(policy.extra_approvals.values())
        basis.append(Basis(policy.extra_approvals_article, f"项目涉及{why}，须办理{names}审批"))

    steps = [
        RouteStep(s.code, s.actor, s.article, s.label, policy.actors[s.actor])
        for s in (policy.steps[code] for code in route_steps(path=path, new=new, urgent=urgent))
    ]
    return Route(
        category=category,
        amount=amount,
        policy=policy.id,
        path=path,
        funding_channel=channel.code,
        needs_proposal=new,
        needs_leading_group=new and not urgent,
        needs_third_party_design=third_party,
        supervision_required=supervised.required,
        extra_approvals=extra,
        steps=steps,
        basis=basis,
    )


def _path(policy: Policy, category: str, amount: Decimal, needs_procurement: bool) -> tuple[str, list[Basis]]:
    """Which sentence of 第十三条 the project follows."""
    if category == "construction":
        limit = policy.thresholds["combined_path_limit"]
        comparison = _compare(limit, amount, _wan(amount), _wan(limit.limit))
        if limit.holds(amount):
            reason = (
                f"总投资 {comparison}，属{limit.term}的建设类项目：编制可研报告及概算方案（代初步设计），"
                "区大数据发展局审核，区发改委审批"
            )
            return "combined", [Basis(13, reason, limit.clause)]
        reason = (
            f"总投资 {comparison}，属{separate_term(policy)}的建设类项目：区发改委先批可研报告，"
            "再编初步设计及概算方案，区大数据发展局审核后由区发改委审批"
        )
        return "separate", [Basis(13, reason, limit.clause)]
    if category == "service":
        reason = "购买服务类项目：区大数据发展局审核初步设计，项目单位按财政部令第87号编审预算方案，无需区发改委审批"
        return "service", [Basis(13, reason, 3)]
    if needs_procurement and policy.om_procurement_follows_service:
        reason = "运维类项目需进行政府采购，参照购买服务类流程：编制初步设计并由区大数据发展局审核，按财政部令第87号编审预算"
        return "service", [Basis(13, reason, 1)]
    return "om_budget", [
        Basis(10, "运维类项目资金从部门预算中列支，不需第三方编制初步设计，纳入清单后即可实施")
    ]


@dataclass(frozen=True)
class Supervision:
    required: bool
    basis: list[Basis]


def supervision(*, amount: Decimal, policy: Policy) -> Supervision:
    """第十八条: at or above the version's amount, a qualified IT supervision agency in principle."""
    threshold = policy.thresholds["supervision"]
    comparison = _compare(threshold, amount, _wan(amount), _wan(threshold.limit))
    if threshold.holds(amount):
        reason = f"金额 {comparison}，原则上应引入具有资质的信息化专业监理机构；确不引入的须说明理由并经区大数据发展局认可"
        return Supervision(True, [Basis(18, reason)])
    return Supervision(False, [Basis(18, f"金额 {comparison}，未达{threshold.term}，不强制引入监理")])


# --- 第十六条: contract filing -------------------------------------------------------------------


@dataclass(frozen=True)
class ContractDue:
    signed: date
    due: date
    working_days: int
    provisional: bool
    basis: list[Basis]


def contract_due(*, signed: date, calendar: WorkCalendar, policy: Policy) -> ContractDue:
    """The last day to file the contract copy with the BDB: the version's working days after
    signing, the day of signing not counted (R4.2)."""
    period = policy.periods["contract_filing"]
    count = calendar.add_working_days(signed, period["working_days"])
    reason = (
        f"合同于 {signed.isoformat()} 签订，签订当日不计入，应在{period['term'].split('（')[0]}即 "
        f"{count.due.isoformat()} 前（含当日）将合同复印件报区大数据发展局备案"
    )
    basis = [Basis(period["article"], reason, period["clause"])]
    if count.provisional:
        basis.append(
            Basis(
                period["article"],
                "所计日期所在年份尚无国务院公布的节假日安排，暂按周一至周五计算，结果为临时结果",
            )
        )
    return ContractDue(signed, count.due, period["working_days"], count.provisional, basis)


# --- 第二十三条: trial run -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrialReady:
    start: date
    earliest_application: date
    months: int
    basis: list[Basis]


def trial_ready(*, start: date, policy: Policy) -> TrialReady:
    """The first day the compliance review may be applied for: trial start + the version's months (R5.2)."""
    period = policy.periods["trial_run"]
    earliest = add_months(start, period["months"])
    reason = (
        f"试运行自 {start.isoformat()} 开始，满{period['months']}个月之日为 {earliest.isoformat()}"
        f"（无对应日的取该月末日），{period['term']}方可向区大数据发展局提出合规性审查申请"
    )
    return TrialReady(start, earliest, period["months"], [Basis(period["article"], reason, period["clause"])])


def trial_ready_refusal(*, start: date, applied: date, policy: Policy) -> Basis | None:
    """Why an application for the compliance review on `applied` is too early, or None if it is not."""
    answer = trial_ready(start=start, policy=policy)
    if applied >= answer.earliest_application:
        return None
    period = policy.periods["trial_run"]
    return Basis(
        period["article"],
        f"试运行未满{answer.months}个月，自 {answer.earliest_application.isoformat()} 起方可申请合规性审查",
        period["clause"],
    )


# --- 第二十一条: change control ------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeCheck:
    approved_software: Decimal
    cumulative: Decimal
    ratio: Decimal
    threshold: Decimal
    requires_reapproval: bool
    basis: list[Basis]


def change_check(*, approved_software: Decimal, changes: Sequence[Decimal], policy: Policy) -> ChangeCheck:
    """Does the cumulative software-function change exceed the version's share of the approved
    software total (R4.6)?

    The comparison is exact (cumulative > share × approved); `ratio` is only shown to four places,
    so a change a hair above the share reads as the share yet does exceed.
    """
    threshold = policy.thresholds["change_reapproval"]
    if approved_software <= 0:
        raise PolicyError("批准的软件系统总金额必须大于 0", article=21)
    if any(c < 0 for c in changes):
        raise PolicyError("变更金额不能为负数", article=21)
    cumulative = sum(changes, Decimal("0.00"))
    exact_ratio = cumulative / approved_software
    ratio = exact_ratio.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    exceeds = threshold.holds(exact_ratio)
    limit_amount = approved_software * threshold.limit
    comparison = _compare(
        threshold, exact_ratio, _wan(cumulative), f"{_wan(limit_amount)}（批准软件总额的{figure(threshold)}）"
    )
    if exceeds:
        reason = (
            f"软件功能需求变更累计 {comparison}，{threshold.term}：应报区大数据发展局，"
            "会同区发改委评估审核后重新下达方案及概算调整批复"
        )
    else:
        reason = f"软件功能需求变更累计 {comparison}，未超出{figure(threshold)}：记录变更后继续实施"
    return ChangeCheck(
        approved_software=approved_software,
        cumulative=cumulative,
        ratio=ratio,
        threshold=threshold.limit,
        requires_reapproval=exceeds,
        basis=[Basis(threshold.article, reason, threshold.clause)],
    )


# --- 第九条: the yearly call ---------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationDeadline:
    year: int
    deadline: date
    late: bool | None
    basis: list[Basis]


def application_deadline(*, year: int, submitted: date | None = None, policy: Policy) -> ApplicationDeadline:
    """The deadline for applying for year `year`'s projects: the version's day of the year before (R2.2)."""
    period = policy.periods["application_deadline"]
    if not 1 <= year + period["year_offset"] <= 9999:
        raise PolicyError(f"无效的年度：{year}", article=9)
    deadline = date(year + period["year_offset"], period["month"], period["day"])
    basis = [
        Basis(
            9,
            f"申报 {year} 年度项目，应于{period['term'].split('（')[0]}即 {deadline.isoformat()} 前（含当日）填报申报表",
        )
    ]
    late = None
    if submitted is not None:
        late = submitted > deadline
        if late:
            basis.append(
                Basis(
                    9,
                    f"于 {submitted.isoformat()} 提交，晚于截止日，为逾期申报：须经区大数据发展局同意受理，或按第十一条办理",
                )
            )
        else:
            basis.append(Basis(9, f"于 {submitted.isoformat()} 提交，在截止日前"))
    return ApplicationDeadline(year, deadline, late, basis)


# --- JSON ---------------------------------------------------------------------------------------


def as_json(answer: Any) -> dict[str, Any]:
    """An answer as the JSON the CLI and the API print: dates ISO, money "12000000.00", basis dicts."""
    data = asdict(answer)
    if hasattr(answer, "basis"):
        data["basis"] = [b.as_dict() for b in answer.basis]
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Amounts are kept to the fen ("12000000.00"), ratios to four places ("0.1000").
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
