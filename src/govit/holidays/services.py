"""The BDB's holiday schedules (R4.2): recording a year, importing the TOML file, and the one
working-day calendar every due date of GovIT is computed with.

Writes are keyword-only and atomic, refuse what is not the BDB's or not a schedule, and keep every
version (`HolidayRevision`). A year added or corrected recomputes the filing due date of every
open contract whose counting touches that year (第十六条第二款): the provisional mark goes, a
changed date is recorded on the project (old → new, with the notice, even when the old date had
passed) and the unit's people are reminded of the new date.
"""

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connections, transaction

from govit import clock, policy
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.models import Contract
from govit.holidays.models import (
    FIRST_YEAR,
    LAST_YEAR,
    DueDateChange,
    HolidayDay,
    HolidayRevision,
    HolidayYear,
    Source,
)
from govit.policy.dates import WorkCalendar, YearSchedule, package_schedules
from govit.projects import errors, policies
from govit.projects.audit import record_event
from govit.projects.models import Project
from govit.reminders.models import Kind, Reminder
from govit.reminders.selectors import cleared_people

NOT_BDB = "节假日安排由区大数据发展局维护，您只能查看。"
_ARTICLE, _CLAUSE = 16, 2  # the only working-day deadline of the Rules: the contract filing

# ---------------------------------------------------------------------------------------------
# The calendar


_cached: tuple[Any, WorkCalendar] | None = None


def work_calendar() -> WorkCalendar:
    """The working-day calendar of the database's schedules, for every due date GovIT computes.

    Built once per change: the newest revision's stamp keys the cache (one small query), so a
    schedule recorded in any process is used by every process from its next computation on."""
    global _cached
    stamp = HolidayRevision.objects.order_by("-pk").values_list("stamp", flat=True).first()
    if _cached is not None and _cached[0] == stamp:
        return _cached[1]
    holidays: dict[int, set[date]] = {}
    workdays: dict[int, set[date]] = {}
    for year in HolidayYear.objects.values_list("year", flat=True):
        holidays[year], workdays[year] = set(), set()
    for year, day, off in HolidayDay.objects.values_list("schedule__year", "day", "off"):
        (holidays if off else workdays)[year].add(day)
    calendar = WorkCalendar(
        {
            year: YearSchedule(year, frozenset(holidays[year]), frozenset(workdays[year]), source="database")
            for year in holidays
        }
    )
    _cached = (stamp, calendar)
    return calendar


# ---------------------------------------------------------------------------------------------
# Recording a year


@dataclass
class SaveResult:
    schedule: HolidayYear
    revision: HolidayRevision | None  # None: the schedule was already exactly this
    changes: list[DueDateChange] = field(default_factory=list)


_SEPARATORS = re.compile(r"[\s,，、;；]+")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:~|～|至)(\d{4}-\d{2}-\d{2})$")


def parse_days(text: str, *, field_name: str) -> list[date]:
    """Dates as the BDB types them: `2027-01-01`, separated by spaces, commas or new lines;
    `2027-02-05~2027-02-11` for every day of a span."""
    days: list[date] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        span = _RANGE.match(token)
        try:
            if span:
                first, last = date.fromisoformat(span[1]), date.fromisoformat(span[2])
                if last < first:
                    raise errors.InvalidInput(f"日期区间 {token} 的结束日早于开始日。", field=field_name)
                days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
                days.append(date.fromisoformat(token))
            else:
                raise ValueError(token)
        except ValueError:
            raise errors.InvalidInput(
                f"无法识别的日期“{token}”，应为 YYYY-MM-DD（区间写作 2027-02-05~2027-02-11）。",
                field=field_name,
            ) from None
    return days


def validate(*, year: int, holidays: list[date], workdays: list[date]) -> None:
    """A schedule of one year: its days in that year, none both off and working, and an adjusted
    working day only on a weekend (Monday–Friday are working days already)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise errors.InvalidInput(f"年度应在 {FIRST_YEAR}–{LAST_YEAR} 之间：{year}", field="year")
    for name, days, label in (("holidays", holidays, "放假日期"), ("workdays", workdays, "调休上班日期")):
        stray = sorted(d for d in days if d.year != year)
        if stray:
            raise errors.InvalidInput(
                f"{label} {stray[0].isoformat()} 不属于 {year} 年：每一年的安排只含该年的日期。", field=name
            )
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise errors.InvalidInput(f"{both[0].isoformat()} 不能既是放假日又是调休上班日。", field="workdays")
    weekday = sorted(d for d in workdays if d.weekday() < 5)
    if weekday:
        raise errors.InvalidInput(
            f"调休上班日 {weekday[0].isoformat()} 是周一至周五，本就是工作日；调休上班日应为周六或周日。",
            field="workdays",
        )


@transaction.atomic
def schedule_save(
    *,
    user: User,
    year: int,
    holidays: list[date],
    workdays: list[date],
    notice: str,
    source: str = Source.PAGE,
    note: str = "",
) -> SaveResult:
    """The BDB records (adds or corrects) one year's schedule; the open contracts are recomputed."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted(NOT_BDB)
    notice = notice.strip()
    if len(notice) > HolidayYear._meta.get_field("notice").max_length:
        raise errors.InvalidInput("依据通知的文号过长。", field="notice")
    validate(year=year, holidays=holidays, workdays=workdays)
    off, on = sorted(set(holidays)), sorted(set(workdays))
    schedule = HolidayYear.objects.select_for_update().filter(year=year).first()
    if schedule is not None:
        current = _days_of(schedule)
        if current == (off, on) and schedule.notice == notice:
            return SaveResult(schedule, None)
        schedule.revision += 1
        schedule.notice, schedule.source, schedule.recorded_by, schedule.recorded_at = (
            notice,
            source,
            user,
            clock.now(),
        )
        schedule.save()
        schedule.days.all().delete()
    else:
        schedule = HolidayYear.objects.create(year=year, notice=notice, source=source, recorded_by=user)
    HolidayDay.objects.bulk_create(
        [HolidayDay(schedule=schedule, day=d, off=True) for d in off]
        + [HolidayDay(schedule=schedule, day=d, off=False) for d in on]
    )
    revision = HolidayRevision.objects.create(
        schedule=schedule, revision=schedule.revision, notice=notice, source=source, note=note[:200],
        holidays=[d.isoformat() for d in off], workdays=[d.isoformat() for d in on], recorded_by=user,
    )  # fmt: skip
    return SaveResult(schedule, revision, contracts_recompute(revision=revision, user=user))


def _days_of(schedule: HolidayYear) -> tuple[list[date], list[date]]:
    days = list(schedule.days.order_by("day").values_list("day", "off"))
    return [d for d, off in days if off], [d for d, off in days if not off]


def schedules_seed(*, using: str = "default") -> int:
    """Record each year the `chinese-calendar` package knows and the database does not; idempotent.
    A year already in the database (the BDB's or an earlier seed) is left as it is."""
    if HolidayYear._meta.db_table not in connections[using].introspection.table_names():
        return 0  # migrated back past this app
    known = set(HolidayYear.objects.using(using).values_list("year", flat=True))
    missing = [s for s in package_schedules() if s.year not in known]
    with transaction.atomic(using=using):
        for schedule in missing:
            year = HolidayYear.objects.using(using).create(year=schedule.year, source=Source.PACKAGE)
            HolidayDay.objects.using(using).bulk_create(
                [HolidayDay(schedule=year, day=d, off=True) for d in sorted(schedule.holidays)]
                + [HolidayDay(schedule=year, day=d, off=False) for d in sorted(schedule.workdays)]
            )
            HolidayRevision.objects.using(using).create(
                schedule=year, revision=1, source=Source.PACKAGE,
                holidays=sorted(d.isoformat() for d in schedule.holidays),
                workdays=sorted(d.isoformat() for d in schedule.workdays),
            )  # fmt: skip
    return len(missing)


# ---------------------------------------------------------------------------------------------
# Recomputing the open due dates


def contracts_recompute(*, revision: HolidayRevision, user: User) -> list[DueDateChange]:
    """Every unfiled contract whose counting of working days touches the revised year: its due date
    and provisional mark again, from the new calendar. A filed contract keeps its recorded lateness.

    The counting touches year Y when it starts (the day after signing) by 12-31 of Y and ends (the
    due date) on 01-01 of Y or later; a counting that ended before Y cannot change with Y."""
    year = revision.schedule.year
    contracts = list(
        Contract.objects.filter(
            filed_on__isnull=True, signed_on__lt=date(year, 12, 31), filing_due__gte=date(year, 1, 1)
        ).order_by("project_id", "pk")
    )
    if not contracts:
        return []
    calendar, today = work_calendar(), clock.today()
    projects = Project.objects.select_for_update().in_bulk({c.project_id for c in contracts})
    units = _unit_people({p.unit_id for p in projects.values()})
    changes, reminders = [], []
    for contract in contracts:
        project = projects[contract.project_id]
        due = policy.contract_due(signed=contract.signed_on, calendar=calendar, policy=policies.of(project))
        if (due.due, due.provisional) == (contract.filing_due, contract.filing_due_provisional):
            continue
        change = DueDateChange(
            contract=contract, revision=revision, old_due=contract.filing_due, new_due=due.due,
            old_provisional=contract.filing_due_provisional, new_provisional=due.provisional,
            passed=contract.filing_due < today,
        )  # fmt: skip
        changes.append(change)
        Contract.objects.filter(pk=contract.pk).update(
            filing_due=due.due, filing_due_provisional=due.provisional
        )
        if change.old_due != change.new_due:
            _record(project, contract, change, user)
            # A classified project's reminder goes to the people cleared for it alone (第二十七条).
            people = cleared_people(project) if project.is_classified else units.get(project.unit_id, [])
            reminders += _reminders(project, contract, change, people, today)
    DueDateChange.objects.bulk_create(changes)
    # The unique key of reminders drops one the same person already holds for that day and date.
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    return changes


def _unit_people(unit_ids: set[int]) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for person in (
        User.objects.with_role(Role.UNIT).filter(is_active=True, organisation_id__in=unit_ids).order_by("pk")
    ):
        people.setdefault(person.organisation_id, []).append(person)
    return people


def change_reason(change: DueDateChange) -> str:
    """Why the date moved, as the project page, the audit trail and the reminder say it."""
    revision = change.revision
    notice = f"（{revision.notice}）" if revision.notice else ""
    return f"{revision.schedule.year}年节假日安排第{revision.revision}版{notice}"


def _record(project: Project, contract: Contract, change: DueDateChange, user: User) -> None:
    # Recorded on the project whatever the dates: a due date that had passed never moves silently.
    record_event(
        project=project, actor=user, role=Role.BDB, action="recompute_filing_due",
        label=f"合同备案截止日随节假日安排调整：{change.old_due.isoformat()} → {change.new_due.isoformat()}",
        from_state=project.state, to_state=project.state, article=_ARTICLE, clause=_CLAUSE,
        inputs={
            "contract": contract.pk, "number": contract.number, "old_due": change.old_due.isoformat(),
            "new_due": change.new_due.isoformat(), "year": change.revision.schedule.year,
            "revision": change.revision.revision, "notice": change.revision.notice, "old_due_passed": change.passed,
        },
    )  # fmt: skip


def _reminders(
    project: Project, contract: Contract, change: DueDateChange, people: list[User], today: date
) -> list[Reminder]:
    passed = "（原截止日已过）" if change.passed else ""
    body = (
        f"项目《{project.name}》的合同《{contract.title}》（{contract.number}）于 {contract.signed_on.isoformat()} 签订，"
        f"因{change_reason(change)}，报区大数据发展局备案的截止日由 {change.old_due.isoformat()}{passed} "
        f"调整为 {change.new_due.isoformat()}（第十六条第二款）。"
    )
    return [
        Reminder(
            recipient=person,
            project=project,
            kind=Kind.CONTRACT_FILING,
            subject=f"contract:{contract.pk}",
            due=change.new_due,
            lead_days=(change.new_due - today).days,
            title=f"合同备案截止日调整为 {change.new_due.isoformat()}：《{contract.title}》",
            body=body,
            created_at=clock.now(),
        )  # fmt: skip
        for person in people
    ]


# ---------------------------------------------------------------------------------------------
# The TOML file


@dataclass
class ImportLine:
    """One `[[years]]` entry of a file: taken (with what it changed) or refused (with why)."""

    year: int | None
    taken: bool
    message: str
    result: SaveResult | None = None


def schedules_import(*, user: User, content: bytes, name: str = "") -> list[ImportLine]:
    """The README's TOML format, one `[[years]]` entry per year (an optional `notice` names the
    notice). Each year is taken or refused on its own: a refused year leaves the others taken."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted(NOT_BDB)
    try:
        raw = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise errors.InvalidInput(f"文件不是有效的 UTF-8 TOML 节假日数据：{exc}", field="file") from None
    entries = raw.get("years")
    if not isinstance(entries, list) or not entries:
        raise errors.InvalidInput("文件中没有 [[years]] 年度安排。", field="file")
    lines, seen = [], set()
    for entry in entries:
        year = entry.get("year") if isinstance(entry, dict) else None
        year = year if isinstance(year, int) and not isinstance(year, bool) else None
        try:
            if year is None:
                raise errors.InvalidInput("缺少年度（year = 2027）或年度不是整数。", field="year")
            if year in seen:
                raise errors.InvalidInput(f"文件中 {year} 年出现了不止一次，只取第一次。", field="year")
            seen.add(year)
            result = schedule_save(
                user=user, year=year, holidays=_toml_days(entry, "holidays"), workdays=_toml_days(entry, "workdays"),
                notice=str(entry.get("notice", "")), source=Source.IMPORT, note=f"导入 {name}".strip(),
            )  # fmt: skip
        except errors.ActionError as error:
            lines.append(ImportLine(year, False, error.detail))
            continue
        if result.revision is None:
            lines.append(ImportLine(year, True, "与现有安排相同，未改动。", result))
        else:
            lines.append(ImportLine(year, True, f"已记为第{result.revision.revision}版。", result))
    return lines


def _toml_days(entry: dict, key: str) -> list[date]:
    values = entry.get(key, [])
    if not isinstance(values, list):
        raise errors.InvalidInput(f"{key} 应为日期列表。", field=key)
    days = []
    for value in values:
        if isinstance(value, date):  # TOML's own date type; a quoted ISO date is taken too
            days.append(value)
            continue
        try:
            days.append(
                date.fromisoformat(str(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else None
            )
        except ValueError:
            days.append(None)
        if days[-1] is None:
            raise errors.InvalidInput(f"{key} 中的“{value}”不是 YYYY-MM-DD 日期。", field=key)
    return days
