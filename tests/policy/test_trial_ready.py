"""第二十三条: the compliance review may be applied for after two months or more of trial run (R5.2).

Months follow 民法典第二百零二条: the corresponding day two months later, or that month's last day.
"""

from datetime import date

import pytest
from tests.rules import YUZHONG

from govit.policy import add_months, trial_ready, trial_ready_refusal

CASES = [
    (date(2026, 1, 15), date(2026, 3, 15)),
    (date(2025, 12, 31), date(2026, 2, 28)),
    (date(2026, 12, 31), date(2027, 2, 28)),
    (date(2027, 12, 31), date(2028, 2, 29)),  # 2028 is a leap year
    (date(2027, 12, 29), date(2028, 2, 29)),
    (date(2027, 12, 30), date(2028, 2, 29)),
    (date(2028, 12, 29), date(2029, 2, 28)),
    (date(2026, 1, 31), date(2026, 3, 31)),
    (date(2026, 8, 31), date(2026, 10, 31)),
    (date(2026, 7, 31), date(2026, 9, 30)),
    (date(2026, 11, 30), date(2027, 1, 30)),
    (date(2026, 2, 28), date(2026, 4, 28)),
]


@pytest.mark.parametrize(("start", "earliest"), CASES, ids=[str(s) for s, _ in CASES])
def test_the_earliest_application_is_two_calendar_months_after_the_start(start, earliest):
    answer = trial_ready(policy=YUZHONG, start=start)

    assert answer.earliest_application == earliest
    assert answer.months == 2


@pytest.mark.parametrize(("start", "earliest"), CASES, ids=[str(s) for s, _ in CASES])
def test_adding_two_months_clamps_to_the_last_day_of_the_month(start, earliest):
    assert add_months(start, 2) == earliest


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 5, 31), 12, date(2027, 5, 31)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),
        (date(2026, 12, 31), 14, date(2028, 2, 29)),
    ],
)
def test_adding_months_crosses_years_and_leap_days(start, months, result):
    assert add_months(start, months) == result


def test_the_basis_cites_article_23_and_names_the_date():
    (basis,) = trial_ready(policy=YUZHONG, start=date(2025, 12, 31)).basis

    assert (basis.article, basis.clause) == (23, 1)
    assert "2026-02-28" in basis.reason
    assert "2025-12-31" in basis.reason


@pytest.mark.parametrize(("start", "earliest"), CASES, ids=[str(s) for s, _ in CASES])
def test_an_application_the_day_before_is_refused_naming_the_date(start, earliest):
    refusal = trial_ready_refusal(
        policy=YUZHONG, start=start, applied=date.fromordinal(earliest.toordinal() - 1)
    )

    assert refusal is not None
    assert refusal.article == 23
    assert earliest.isoformat() in refusal.reason


@pytest.mark.parametrize(("start", "earliest"), CASES, ids=[str(s) for s, _ in CASES])
def test_an_application_on_the_earliest_day_itself_is_allowed(start, earliest):
    # "2个月以上" includes exactly two months (R1.5).
    assert trial_ready_refusal(policy=YUZHONG, start=start, applied=earliest) is None


def test_an_application_long_after_the_trial_is_allowed():
    assert trial_ready_refusal(policy=YUZHONG, start=date(2026, 1, 15), applied=date(2027, 1, 1)) is None


def test_an_application_on_the_first_day_of_the_trial_is_refused():
    refusal = trial_ready_refusal(policy=YUZHONG, start=date(2026, 1, 15), applied=date(2026, 1, 15))

    assert refusal is not None
    assert "2026-03-15" in refusal.reason
