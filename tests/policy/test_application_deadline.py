"""第九条: by the end of September, units apply for the next year's projects (R2.2)."""

from datetime import date

import pytest
from tests.rules import YUZHONG

from govit.policy import PolicyError, application_deadline
from govit.policy.cli import run


@pytest.mark.parametrize(
    ("year", "deadline"), [(2027, date(2026, 9, 30)), (2026, date(2025, 9, 30)), (2030, date(2029, 9, 30))]
)
def test_the_deadline_is_30_september_of_the_year_before(year, deadline):
    answer = application_deadline(policy=YUZHONG, year=year)

    assert answer.deadline == deadline
    assert answer.year == year


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        (date(2026, 1, 2), False),
        (date(2026, 9, 29), False),
        (date(2026, 9, 30), False),  # "9月底前" includes 30 September itself
        (date(2026, 10, 1), True),
        (date(2027, 3, 1), True),
    ],
)
def test_an_application_after_30_september_is_late(submitted, late):
    answer = application_deadline(policy=YUZHONG, year=2027, submitted=submitted)

    assert answer.late is late
    assert len(answer.basis) == 2
    assert all(b.article == 9 for b in answer.basis)
    assert submitted.isoformat() in answer.basis[1].reason


def test_a_late_application_is_told_where_to_go_next():
    reason = application_deadline(policy=YUZHONG, year=2027, submitted=date(2026, 10, 1)).basis[1].reason

    assert "逾期" in reason
    assert "第十一条" in reason


def test_without_a_submission_date_late_is_unknown():
    answer = application_deadline(policy=YUZHONG, year=2027)

    assert answer.late is None
    (basis,) = answer.basis
    assert basis.article == 9
    assert "2026-09-30" in basis.reason


def test_it_refuses_a_year_whose_deadline_cannot_exist():
    with pytest.raises(PolicyError) as refused:
        application_deadline(policy=YUZHONG, year=1)

    assert refused.value.article == 9


def test_the_cli_prints_late_as_null_without_a_submission_date():
    code, data = run(["application-deadline", "--year", "2027"])

    assert code == 0
    assert data["year"] == 2027
    assert data["deadline"] == "2026-09-30"
    assert "late" in data and data["late"] is None


@pytest.mark.parametrize(("submitted", "late"), [("2026-09-30", False), ("2026-10-01", True)])
def test_the_cli_says_whether_a_submission_is_late(submitted, late):
    code, data = run(["application-deadline", "--year", "2027", "--submitted", submitted])

    assert code == 0
    assert data["late"] is late
