"""A project with contracts (as in tests/reminders), the BDB's 2027 schedule, and helpers."""

from datetime import date

from tests.fixtures.api import api  # noqa: F401  (fixture)
from tests.fixtures.projects import act, new_project, to_listing  # noqa: F401  (fixtures)
from tests.reminders.conftest import approved, at, run, sign  # noqa: F401  (fixtures)

from govit.holidays import services

# A made-up notice number: the tests need a notice, not the real one.
NOTICE = "国办发明电〔2026〕99号"

# Only what the tests need of a 2027 schedule: New Year's Day off (a Friday), and the Spring
# Festival's days off with its adjusted working Sunday.
TOML_2027 = """
[[years]]
year = 2027
notice = "国办发明电〔2026〕99号"
holidays = [2027-01-01, "2027-02-08", 2027-02-09]
workdays = [2027-02-14]
"""


def add_2027(user, *, holidays=(date(2027, 1, 1),), notice=NOTICE, day="2026-12-29"):
    """The BDB records 2027 on `day` (09:00 Beijing time)."""
    with at(day):
        return services.schedule_save(
            user=user, year=2027, holidays=list(holidays), workdays=[], notice=notice
        )
