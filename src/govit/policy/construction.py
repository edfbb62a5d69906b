"""The Rules from the contract on (第十六至二十三条): filing, supervision, funds, security.

Pure functions like those of `rules`: facts in, an answer with its basis out.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from govit.policy.answers import Basis, PolicyError, wan_text
from govit.policy.dates import WorkCalendar, add_months
from govit.policy.deadlines import contract_due
from govit.policy.route import Supervision, supervision

__all__ = ["Supervision", "supervision"]  # re-exported: 第十八条 is part of construction too
from govit.policy.versions import Policy


@dataclass(frozen=True)
class FilingStatus:
    signed: date
    due: date
    filed: date | None
    late: bool
    provisional: bool
    basis: list[Basis]


def contract_filing_status(
    *,
    signed: date,
    filed: date | None,
    today: date,
    calendar: WorkCalendar,
    policy: Policy,
) -> FilingStatus:
    """第十六条第二款: filed by the seventh working day after signing? A late filing is still
    accepted, and marked late (R4.2). Unfiled and past the due day is late too."""
    answer = contract_due(signed=signed, calendar=calendar, policy=policy)
    basis = list(answer.basis)
    moment = filed or today
    late = moment > answer.due
    if filed and late:
        basis.append(
            Basis(16, f"合同复印件于 {filed.isoformat()} 报备，晚于 {answer.due.isoformat()}，为逾期备案", 2)
        )
    elif not filed and late:
        basis.append(Basis(16, f"已超过备案期限 {answer.due.isoformat()}，合同复印件尚未报备", 2))
    return FilingStatus(signed, answer.due, filed, late, answer.provisional, basis)


@dataclass(frozen=True)
class DisbursementCheck:
    allowed: bool
    approved_total: Decimal
    disbursed: Decimal
    amount: Decimal
    remaining: Decimal
    basis: list[Basis]


def disbursement_check(*, approved_total: Decimal, disbursed: Decimal, amount: Decimal) -> DisbursementCheck:
    """第二十一条、第二十二条: money goes out according to the approval and never above it. Reaching
    the approved total exactly is allowed; one fen over is refused (R4.9)."""
    if amount <= 0:
        raise PolicyError("拨付金额必须大于 0", article=22)
    after = disbursed + amount
    remaining = approved_total - disbursed
    if after > approved_total:
        reason = (
            f"本次拨付 {wan_text(amount)} 后累计 {wan_text(after)}，超过批复概（预）算 {wan_text(approved_total)}，"
            f"尚可拨付 {wan_text(max(remaining, Decimal(0)))}"
        )
        return DisbursementCheck(
            False,
            approved_total,
            disbursed,
            amount,
            remaining,
            [Basis(22, reason), Basis(21, "项目总投资应严格控制在批准的概（预）算内")],
        )
    reason = f"本次拨付 {wan_text(amount)} 后累计 {wan_text(after)}，未超过批复概（预）算 {wan_text(approved_total)}"
    return DisbursementCheck(True, approved_total, disbursed, amount, remaining - amount, [Basis(22, reason)])


@dataclass(frozen=True)
class SecurityDue:
    kind: str
    label: str
    last: date
    next_due: date
    basis: list[Basis]


def security_next_due(*, kind: str, last: date, policy: Policy) -> SecurityDue:
    """第十九条: periodic security testing and risk assessment; the interval per kind is our reading (R4.7)."""
    if kind not in policy.security_assessments:
        raise PolicyError(f"未知的安全评估类型：{kind}", article=19)
    spec = policy.security_assessments[kind]
    due = add_months(last, spec["interval_months"])
    reason = f"上次{spec['label']}于 {last.isoformat()} 完成，应每 {spec['interval_months']} 个月开展一次，下次应于 {due.isoformat()} 前完成"
    return SecurityDue(kind, spec["label"], last, due, [Basis(19, reason)])


def reminder_dates(*, due: date, policy: Policy) -> list[date]:
    """The days reminders go out for a due date (R8.2): a week, three days and a day before, and on it."""
    return sorted({due - timedelta(days=days) for days in policy.reminder_lead_days})


@dataclass(frozen=True)
class Line:
    """A line of a configuration list: the baseline's, a contract's or the delivered one's, with
    every term 第十七条 fixes: item, quantity, unit price, performance parameters, acceptance terms."""

    name: str
    quantity: Decimal
    unit_price: Decimal
    specification: str = ""
    acceptance_terms: str = ""


def _same_text(a: str, b: str) -> bool:
    # Whitespace is layout, not a term: "2路 8核" and "2路  8核 " say the same.
    return " ".join(a.split()) == " ".join(b.split())


def baseline_deviations(
    *,
    baseline: list[Line],
    lines: list[Line],
    contracted: Mapping[str, Decimal] | None = None,
    complete: bool = False,
) -> list[Basis]:
    """第十七条: what `lines` change of the approved configuration. Each difference is one basis
    line; none means they conform. On every line: an item the approval does not list, a changed
    specification (性能参数) or acceptance terms (履约验收条款), a higher unit price (a lower one is
    a saving, within the budget of 第二十一条).

    Quantities: a contract may cover part of the baseline (a project may sign several), so its
    quantity together with those `contracted` before may not exceed the approved one. The
    delivered configuration (`complete`) is the whole of it: each quantity equals the approved
    one, up or down, and no approved item is missing."""
    approved = {line.name: line for line in baseline}
    contracted = contracted or {}
    found: list[Basis] = []
    for line in lines:
        base = approved.get(line.name)
        if base is None:
            found.append(Basis(17, f"“{line.name}”不在批复的配置清单中"))
            continue
        before = Decimal(0) if complete else contracted.get(line.name, Decimal(0))
        if complete and line.quantity < base.quantity:
            found.append(Basis(17, f"“{line.name}”数量 {line.quantity} 少于批复的 {base.quantity}"))
        elif line.quantity + before > base.quantity:
            found.append(
                Basis(17, f"“{line.name}”数量 {line.quantity} 超过批复的 {base.quantity}")
                if not before
                else Basis(
                    17,
                    f"“{line.name}”数量 {line.quantity} 加已签合同的 {before:.2f}，超过批复的 {base.quantity}",
                )
            )
        if line.unit_price > base.unit_price:
            found.append(Basis(17, f"“{line.name}”单价 {line.unit_price} 元高于批复的 {base.unit_price} 元"))
        if not _same_text(line.specification, base.specification):
            found.append(
                Basis(17, f"“{line.name}”规格参数“{line.specification}”与批复的“{base.specification}”不符")
            )
        if not _same_text(line.acceptance_terms, base.acceptance_terms):
            found.append(
                Basis(
                    17,
                    f"“{line.name}”验收条款“{line.acceptance_terms}”与批复的“{base.acceptance_terms}”不符",
                )
            )
    if complete:
        present = {line.name for line in lines}
        for name in approved:
            if name not in present:
                found.append(Basis(17, f"批复的“{name}”未列入"))
    return found
