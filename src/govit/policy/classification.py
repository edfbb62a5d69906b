"""Which projects the Rules govern and how they sort them: 第二条 (scope), 第三条 (the three
categories) and 第十条 (where a listed project's money comes from).
"""

from dataclasses import dataclass
from decimal import Decimal

from govit.policy.answers import Basis, PolicyError, compare, wan_text
from govit.policy.versions import Policy

CATEGORIES = ("construction", "service", "om")
WORK_TYPES = ("new", "continuation", "expansion", "upgrade", "service_purchase", "maintenance")


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
    comparison = compare(limit, amount, wan_text(amount), wan_text(limit.limit))
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
    check_category(category)
    channel = policy.funding_channels[category]
    reason = f"纳入清单的{policy.categories[category]}项目{channel['label']}"
    return FundingChannel(channel["code"], channel["label"], [Basis(channel["article"], reason)])


def check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise PolicyError(f"未知的项目类别：{category}", article=3)
