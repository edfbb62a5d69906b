"""Working days and calendar months as the Rules count them (R4.2, R4.3, R5.2).

Working days follow the State Council's yearly holiday schedule, with its adjusted working
weekends (调休), as kept by the `chinese-calendar` package. The BDB can add a year the package
does not know yet, or correct one, with a `YearSchedule` (from its own data: a TOML file or the
database): no code change. For a year nobody has published, Monday–Friday are working days and
every answer that counted such a day says `provisional`, never an error.
"""

import calendar as _calendar
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

# Far more than any deadline of the Rules needs; it bounds the loop on absurd input.
MAX_WORKING_DAYS = 10_000


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off on weekdays (holidays) and weekend working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str = "chinese-calendar"

    def __post_init__(self) -> None:
        stray = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if stray:
            raise ValueError(f"{self.year} 年的节假日安排中有不属于该年的日期：{stray[0].isoformat()}")
        both = sorted(self.holidays & self.workdays)
        if both:
            raise ValueError(f"{both[0].isoformat()} 不能既是假日又是调休工作日")


@dataclass(frozen=True)
class WorkdayCount:
    """The answer to "the Nth working day after D"."""

    start: date
    days: int
    due: date
    provisional: bool


class WorkCalendar:
    """Which days are working days, from official schedules per year."""

    def __init__(self, schedules: Mapping[int, YearSchedule]):
        self._schedules = dict(schedules)

    @classmethod
    def official(cls, extra: Iterable[YearSchedule] = ()) -> "WorkCalendar":
        """The package's schedules, then `extra` on top: a year in `extra` replaces the package's."""
        schedules = dict(_package_schedules())
        for schedule in extra:
            schedules[schedule.year] = schedule
        return cls(schedules)

    def knows(self, year: int) -> bool:
        return year in self._schedules

    @property
    def known_years(self) -> list[int]:
        return sorted(self._schedules)

    def is_workday(self, day: date) -> bool:
        schedule = self._schedules.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> WorkdayCount:
        """The `days`-th working day after `start`; `start` itself is not counted (民法典第二百零一条)."""
        if not 0 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"工作日数应在 0 到 {MAX_WORKING_DAYS} 之间：{days}")
        day, counted, provisional = start, 0, False
        while counted < days:
            day += timedelta(days=1)
            provisional = provisional or not self.knows(day.year)
            if self.is_workday(day):
                counted += 1
        return WorkdayCount(start=start, days=days, due=day, provisional=provisional)


def package_schedules() -> list[YearSchedule]:
    """The years the `chinese-calendar` package knows, oldest first (what seeds the BDB's data)."""
    return list(_package_schedules().values())


@cache
def _package_schedules() -> dict[int, YearSchedule]:
    from chinese_calendar import constants

    holidays: dict[int, set[date]] = defaultdict(set)
    workdays: dict[int, set[date]] = defaultdict(set)
    for day in constants.holidays:
        holidays[day.year].add(day)
    for day in constants.workdays:
        workdays[day.year].add(day)
    return {
        year: YearSchedule(year, frozenset(holidays[year]), frozenset(workdays[year]))
        for year in sorted(holidays.keys() | workdays.keys())
    }


def load_schedules(path: str | Path) -> list[YearSchedule]:
    """Read the BDB's own schedules from a TOML file:

    [[years]]
    year = 2027
    holidays = ["2027-01-01", …]   # days off (weekends inside a holiday may be listed too)
    workdays = ["2027-02-07", …]   # adjusted working weekends
    """
    raw = tomllib.loads(Path(path).read_text("utf-8"))
    return [
        YearSchedule(
            year=int(entry["year"]),
            holidays=frozenset(_as_date(d) for d in entry.get("holidays", [])),
            workdays=frozenset(_as_date(d) for d in entry.get("workdays", [])),
            source=str(path),
        )
        for entry in raw.get("years", [])
    ]


def _as_date(value: object) -> date:
    # TOML has a native date type; a quoted ISO date is accepted too.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def add_months(start: date, months: int) -> date:
    """The day `months` calendar months after `start` (民法典第二百零二条): the same day of that
    month, or its last day when it has no such day (2025-12-31 + 2 months → 2026-02-28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
