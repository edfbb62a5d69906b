"""Working days under the State Council's schedules, the BDB's own schedules, and unknown years (R4.2, R4.3).

Expectations are worked out by hand from the published schedules:
2025 — 春节 01-28..02-04 (work 01-26 Sun, 02-08 Sat); 劳动节 05-01..05-05 (work 04-27 Sun);
       国庆中秋 10-01..10-08 (work 09-28 Sun, 10-11 Sat).
2026 — 元旦 01-01..01-03 (work 01-04 Sun); 春节 02-15..02-23 (work 02-14 Sat, 02-28 Sat);
       劳动节 05-01..05-05 (work 05-09 Sat); 中秋 09-25..09-27; 国庆 10-01..10-07 (work 09-20 Sun, 10-10 Sat).
"""

from datetime import date, timedelta

import pytest

from govit.policy import WorkCalendar, YearSchedule, load_schedules
from govit.policy.cli import run
from govit.policy.dates import MAX_WORKING_DAYS

ADJUSTED_WORKING_WEEKENDS = [
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


WEEKDAY_HOLIDAYS = [
    day
    for first, last in [
        (date(2025, 1, 1), date(2025, 1, 1)),
        (date(2025, 1, 28), date(2025, 2, 4)),
        (date(2025, 5, 1), date(2025, 5, 5)),
        (date(2025, 10, 1), date(2025, 10, 8)),
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 2, 16), date(2026, 2, 23)),
        (date(2026, 5, 1), date(2026, 5, 5)),
        (date(2026, 9, 25), date(2026, 9, 25)),
        (date(2026, 10, 1), date(2026, 10, 7)),
    ]
    for day in _days(first, last)
    if day.weekday() < 5
]

# A schedule the BDB might add for 2027 before the package knows it (made up for the test):
# 元旦 01-01 (Fri); 春节 02-06 (Sat) .. 02-14 (Sun); 02-20 (Sat) is a working day.
BDB_2027 = """
[[years]]
year = 2027
holidays = ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
            "2027-02-10", "2027-02-11", "2027-02-12", "2027-02-13", "2027-02-14"]
workdays = ["2027-02-20"]
"""

BDB_2027_NATIVE_DATES = """
[[years]]
year = 2027
holidays = [2027-01-01, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09,
            2027-02-10, 2027-02-11, 2027-02-12, 2027-02-13, 2027-02-14]
workdays = [2027-02-20]
"""

# A correction of 2026 that replaces the package's 2026 entirely.
BDB_2026_OVERRIDE = """
[[years]]
year = 2026
holidays = ["2026-03-02"]
"""


@pytest.fixture
def bdb_2027(tmp_path):
    path = tmp_path / "bdb-2027.toml"
    path.write_text(BDB_2027, "utf-8")
    return path


@pytest.fixture
def bdb_2026(tmp_path):
    path = tmp_path / "bdb-2026.toml"
    path.write_text(BDB_2026_OVERRIDE, "utf-8")
    return path


def test_the_package_knows_2004_to_2026_and_not_2027(official):
    assert official.known_years == list(range(2004, 2027))
    assert not official.knows(2027)


@pytest.mark.parametrize("day", ADJUSTED_WORKING_WEEKENDS, ids=str)
def test_an_adjusted_working_weekend_is_a_working_day(official, day):
    assert day.weekday() >= 5
    assert official.is_workday(day)


@pytest.mark.parametrize("day", WEEKDAY_HOLIDAYS, ids=str)
def test_a_holiday_on_a_weekday_is_not_a_working_day(official, day):
    assert not official.is_workday(day)


def test_an_ordinary_weekend_is_off_and_an_ordinary_weekday_is_on(official):
    assert not official.is_workday(date(2026, 3, 7))  # Saturday
    assert not official.is_workday(date(2026, 3, 8))  # Sunday
    assert official.is_workday(date(2026, 3, 9))  # Monday


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # 春节 2025
        (date(2025, 1, 24), 1, date(2025, 1, 26)),
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
        (date(2025, 2, 7), 2, date(2025, 2, 10)),
        # 劳动节 2025
        (date(2025, 4, 25), 1, date(2025, 4, 27)),
        (date(2025, 4, 30), 1, date(2025, 5, 6)),
        # 国庆中秋 2025
        (date(2025, 9, 26), 1, date(2025, 9, 28)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 9, 30), 3, date(2025, 10, 11)),
        (date(2025, 9, 30), 4, date(2025, 10, 13)),
        # 元旦 2026
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        # 春节 2026
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 13), 2, date(2026, 2, 24)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        (date(2026, 2, 27), 2, date(2026, 3, 2)),
        # 劳动节 2026
        (date(2026, 4, 30), 1, date(2026, 5, 6)),
        (date(2026, 5, 8), 1, date(2026, 5, 9)),
        # 中秋、国庆 2026
        (date(2026, 9, 19), 1, date(2026, 9, 20)),
        (date(2026, 9, 24), 1, date(2026, 9, 28)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
    ],
)
def test_it_counts_working_days_across_the_official_holidays(official, start, days, due):
    count = official.add_working_days(start, days)

    assert count.due == due
    assert count.provisional is False


def test_zero_working_days_is_the_start_itself(official):
    assert official.add_working_days(date(2026, 10, 1), 0).due == date(2026, 10, 1)


@pytest.mark.parametrize("days", [-1, MAX_WORKING_DAYS + 1])
def test_it_refuses_a_number_of_working_days_out_of_range(official, days):
    with pytest.raises(ValueError):
        official.add_working_days(date(2026, 1, 5), days)


def test_a_2027_date_is_counted_monday_to_friday_and_is_provisional(official):
    # 2027-03-01 is a Monday: 03-02..03-05 and 03-08..03-10 are the seven working days.
    count = official.add_working_days(date(2027, 3, 1), 7)

    assert count.due == date(2027, 3, 10)
    assert count.provisional is True


def test_new_years_day_2027_is_a_working_day_until_someone_publishes_2027(official):
    assert official.is_workday(date(2027, 1, 1))  # a Friday
    assert not official.is_workday(date(2027, 1, 2))  # a Saturday


@pytest.mark.parametrize(
    "start", [date(1990, 6, 1), date(2003, 12, 30), date(2100, 2, 1), date(2999, 12, 20)]
)
def test_a_year_nobody_knows_never_raises(official, start):
    count = official.add_working_days(start, 7)

    assert count.provisional is True
    assert count.due > start


def test_a_span_from_2026_into_2027_is_provisional(official):
    # 2026-12-30 (Wed): 12-31 (1), 2027-01-01 Fri (2), 01-04..01-08 (3..7).
    count = official.add_working_days(date(2026, 12, 30), 7)

    assert count.due == date(2027, 1, 8)
    assert count.provisional is True


def test_a_span_ending_on_new_years_eve_2026_is_not_provisional(official):
    # 2026-12-22 (Tue): 12-23, 24, 25, 28, 29, 30, 31 — all in 2026.
    count = official.add_working_days(date(2026, 12, 22), 7)

    assert count.due == date(2026, 12, 31)
    assert count.provisional is False


def test_a_bdb_schedule_for_2027_makes_2027_known_and_its_holidays_count(bdb_2027):
    calendar = WorkCalendar.official(load_schedules(bdb_2027))

    assert calendar.knows(2027)
    assert not calendar.is_workday(date(2027, 1, 1))
    assert not calendar.is_workday(date(2027, 2, 8))
    assert calendar.is_workday(date(2027, 2, 20))
    # 2026-12-30: 12-31 (1), 01-04..01-08 (2..6), 01-11 (7).
    assert calendar.add_working_days(date(2026, 12, 30), 7).due == date(2027, 1, 11)
    assert calendar.add_working_days(date(2026, 12, 30), 7).provisional is False
    # 2027-02-04: 02-05 (1), 02-15..02-19 (2..6), 02-20 Sat (7).
    count = calendar.add_working_days(date(2027, 2, 4), 7)
    assert (count.due, count.provisional) == (date(2027, 2, 20), False)


def test_without_the_bdb_schedule_the_same_2027_span_is_provisional(official):
    count = official.add_working_days(date(2027, 2, 4), 7)

    assert (count.due, count.provisional) == (date(2027, 2, 15), True)


def test_a_span_past_the_bdb_year_is_still_provisional(bdb_2027):
    calendar = WorkCalendar.official(load_schedules(bdb_2027))

    count = calendar.add_working_days(date(2027, 12, 28), 7)

    assert (count.due, count.provisional) == (date(2028, 1, 6), True)


def test_a_bdb_schedule_may_write_toml_dates_unquoted(tmp_path):
    path = tmp_path / "native.toml"
    path.write_text(BDB_2027_NATIVE_DATES, "utf-8")

    (schedule,) = load_schedules(path)

    assert schedule.year == 2027
    assert date(2027, 1, 1) in schedule.holidays
    assert schedule.workdays == frozenset({date(2027, 2, 20)})
    assert schedule.source == str(path)


def test_a_bdb_schedule_for_2026_replaces_the_packages_2026(bdb_2026):
    calendar = WorkCalendar.official(load_schedules(bdb_2026))

    assert calendar.is_workday(date(2026, 10, 1))  # no longer National Day
    assert not calendar.is_workday(date(2026, 10, 10))  # no longer an adjusted working Saturday
    assert not calendar.is_workday(date(2026, 3, 2))
    assert calendar.add_working_days(date(2026, 9, 30), 1).due == date(2026, 10, 1)
    # 02-28 (Sat) is no longer a working day, 03-01 is Sunday, 03-02 is the new holiday.
    assert calendar.add_working_days(date(2026, 2, 27), 1).due == date(2026, 3, 3)


def test_the_package_schedules_are_untouched_by_a_bdb_schedule(bdb_2026):
    WorkCalendar.official(load_schedules(bdb_2026))

    assert not WorkCalendar.official().is_workday(date(2026, 10, 1))


def test_a_schedule_with_a_date_outside_its_year_is_refused():
    with pytest.raises(ValueError, match="2026-12-31"):
        YearSchedule(2027, frozenset({date(2026, 12, 31)}), frozenset())
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset(), frozenset({date(2028, 1, 1)}))


def test_a_day_cannot_be_both_a_holiday_and_a_working_day():
    with pytest.raises(ValueError, match="2027-02-20"):
        YearSchedule(2027, frozenset({date(2027, 2, 20)}), frozenset({date(2027, 2, 20)}))


@pytest.mark.parametrize(
    "text",
    [
        '[[years]]\nyear = 2027\nholidays = ["2026-12-31"]\n',
        '[[years]]\nyear = 2027\nholidays = ["2027-02-20"]\nworkdays = ["2027-02-20"]\n',
        '[[years]]\nyear = 2027\nholidays = ["2027-02-30"]\n',
    ],
)
def test_an_invalid_schedule_file_is_refused(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")

    with pytest.raises(ValueError):
        load_schedules(path)


def test_the_cli_takes_the_bdb_schedule_from_the_calendar_option(bdb_2027):
    code, data = run(["workdays", "--from", "2027-02-04", "--days", "7", "--calendar", str(bdb_2027)])

    assert code == 0
    assert data == {"from": "2027-02-04", "days": 7, "due": "2027-02-20", "provisional": False}


def test_the_cli_takes_the_bdb_schedule_from_govit_calendar(bdb_2027, monkeypatch):
    monkeypatch.setenv("GOVIT_CALENDAR", str(bdb_2027))

    code, data = run(["contract-due", "--signed", "2026-12-30"])

    assert code == 0
    assert (data["due"], data["provisional"]) == ("2027-01-11", False)


def test_the_calendar_option_wins_over_govit_calendar(bdb_2027, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVIT_CALENDAR", str(tmp_path / "missing.toml"))

    code, data = run(["contract-due", "--signed", "2026-12-30", "--calendar", str(bdb_2027)])

    assert code == 0
    assert data["due"] == "2027-01-11"


@pytest.mark.parametrize(
    "text",
    [
        '[[years]]\nyear = 2027\nholidays = ["2026-12-31"]\n',
        '[[years]]\nyear = 2027\nholidays = ["2027-02-20"]\nworkdays = ["2027-02-20"]\n',
        "[[years]]\nholidays = []\n",
        "this is not toml = = =",
    ],
)
def test_the_cli_refuses_a_bad_calendar_file_naming_the_option(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")

    code, data = run(["workdays", "--from", "2027-02-04", "--days", "7", "--calendar", str(path)])

    assert code == 2
    assert "--calendar" in data["error"]


def test_the_cli_refuses_a_calendar_file_that_is_not_there(tmp_path):
    code, data = run(["contract-due", "--signed", "2026-12-30", "--calendar", str(tmp_path / "missing.toml")])

    assert code == 2
    assert "--calendar" in data["error"]


def test_the_govit_command_honours_the_calendar_option(govit, bdb_2027):
    answer = govit("contract-due", "--signed", "2026-12-30", "--calendar", str(bdb_2027))

    assert answer.code == 0
    assert (answer.data["due"], answer.data["provisional"]) == ("2027-01-11", False)


def test_the_govit_command_honours_govit_calendar(govit, bdb_2027):
    answer = govit("workdays", "--from", "2027-02-04", "--days", "7", env={"GOVIT_CALENDAR": str(bdb_2027)})

    assert answer.code == 0
    assert answer.data == {"from": "2027-02-04", "days": 7, "due": "2027-02-20", "provisional": False}


def test_the_govit_command_without_a_bdb_schedule_says_provisional(govit):
    answer = govit("workdays", "--from", "2027-02-04", "--days", "7")

    assert answer.code == 0
    assert answer.data == {"from": "2027-02-04", "days": 7, "due": "2027-02-15", "provisional": True}
