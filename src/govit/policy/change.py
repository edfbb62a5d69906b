"""Change control (第二十一条): does the cumulative software-function change exceed the version's
share of the approved software total?
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from govit.policy.answers import Basis, PolicyError, compare, wan_text
from govit.policy.versions import Policy
from govit.policy.wording import figure


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
    comparison = compare(
        threshold,
        exact_ratio,
        wan_text(cumulative),
        f"{wan_text(limit_amount)}（批准软件总额的{figure(threshold)}）",
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
