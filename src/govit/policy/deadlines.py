"""The Rules' dates: the yearly call's deadline (第九条), the contract's filing day (第十六条) and
the end of the trial run (第二十三条), each with its basis.
"""

from dataclasses import dataclass
from datetime import date

from govit.policy.answers import Basis, PolicyError
from govit.policy.dates import WorkCalendar, add_months
from govit.policy.versions import Policy

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
