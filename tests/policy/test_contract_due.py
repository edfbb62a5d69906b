"""第十六条第二款: the contract copy is filed with the BDB within 7 working days of signing (R4.2).

The signing day is not counted (民法典第二百零一条); "7个工作日内" includes the seventh (R1.5).
Each expected date below was counted by hand on the State Council's schedule.
"""

from datetime import date

import pytest
from tests.rules import OFFICIAL, YUZHONG

from govit.policy import WorkCalendar, YearSchedule, contract_due


@pytest.mark.parametrize(
    ("signed", "due"),
    [
        # 国庆 2026 (10-01..10-07 off, 10-10 Sat on): 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15.
        (date(2026, 9, 30), date(2026, 10, 15)),
        # 中秋 2026-09-25 is itself a holiday: 09-28, 29, 30, 10-08, 10-09, 10-10, 10-12.
        (date(2026, 9, 25), date(2026, 10, 12)),
        # 09-20 (Sun) is a working day: 09-20, 21, 22, 23, 24, 28, 29.
        (date(2026, 9, 18), date(2026, 9, 29)),
        # 春节 2026 (02-15..02-23 off; 02-14, 02-28 Sat on): 02-13, 14, 24, 25, 26, 27, 28.
        (date(2026, 2, 12), date(2026, 2, 28)),
        # 02-14, 24, 25, 26, 27, 28, 03-02.
        (date(2026, 2, 13), date(2026, 3, 2)),
        # 劳动节 2026 (05-01..05-05 off, 05-09 Sat on): 05-06, 07, 08, 09, 11, 12, 13.
        (date(2026, 4, 30), date(2026, 5, 13)),
        # 元旦 2026 (01-01..01-03 off, 01-04 Sun on): 01-04, 05, 06, 07, 08, 09, 12.
        (date(2025, 12, 31), date(2026, 1, 12)),
        # 春节 2025 (01-28..02-04 off; 01-26 Sun, 02-08 Sat on): 01-26, 27, 02-05, 06, 07, 08, 10.
        (date(2025, 1, 24), date(2025, 2, 10)),
        # 劳动节 2025 (05-01..05-05 off, 04-27 Sun on): 04-27, 28, 29, 30, 05-06, 07, 08.
        (date(2025, 4, 25), date(2025, 5, 8)),
        # 国庆中秋 2025 (10-01..10-08 off; 09-28 Sun, 10-11 Sat on): 09-28, 29, 30, 10-09, 10, 11, 13.
        (date(2025, 9, 26), date(2025, 10, 13)),
        # An ordinary week: Monday → the Wednesday of the next week.
        (date(2026, 3, 9), date(2026, 3, 18)),
        # Signed on a Saturday: 03-16..03-20, 03-23, 03-24.
        (date(2026, 3, 14), date(2026, 3, 24)),
    ],
)
def test_the_contract_is_due_on_the_seventh_working_day_after_signing(official, signed, due):
    answer = contract_due(policy=YUZHONG, signed=signed, calendar=official)

    assert answer.due == due
    assert answer.working_days == 7
    assert answer.provisional is False


def test_the_basis_cites_article_16_clause_2_and_names_the_due_date(official):
    answer = contract_due(policy=YUZHONG, signed=date(2026, 9, 30), calendar=official)

    (basis,) = answer.basis
    assert (basis.article, basis.clause) == (16, 2)
    assert "2026-10-15" in basis.reason
    assert "2026-09-30" in basis.reason
    assert "不计入" in basis.reason


def test_the_official_calendar_is_the_default(official):
    assert contract_due(policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 30)).due == date(2026, 10, 15)


def test_a_contract_signed_in_2027_is_due_monday_to_friday_and_provisional(official):
    # 2027-03-01 (Mon): 03-02..03-05, 03-08..03-10.
    answer = contract_due(policy=YUZHONG, signed=date(2027, 3, 1), calendar=official)

    assert answer.due == date(2027, 3, 10)
    assert answer.provisional is True
    assert len(answer.basis) == 2
    assert all(b.article == 16 for b in answer.basis)
    assert "临时" in answer.basis[1].reason


def test_a_contract_signed_in_december_2026_and_due_in_2027_is_provisional(official):
    # 2026-12-24 (Thu): 12-25, 28, 29, 30, 31, 2027-01-01 (Fri, no schedule yet), 01-04.
    answer = contract_due(policy=YUZHONG, signed=date(2026, 12, 24), calendar=official)

    assert answer.due == date(2027, 1, 4)
    assert answer.provisional is True


def test_a_contract_due_on_new_years_eve_2026_is_not_provisional(official):
    answer = contract_due(policy=YUZHONG, signed=date(2026, 12, 22), calendar=official)

    assert answer.due == date(2026, 12, 31)
    assert answer.provisional is False
    assert len(answer.basis) == 1


def test_a_contract_signed_in_2027_is_final_once_the_bdb_adds_2027():
    calendar = WorkCalendar.official([YearSchedule(2027, frozenset({date(2027, 3, 3)}), frozenset())])

    answer = contract_due(policy=YUZHONG, signed=date(2027, 3, 1), calendar=calendar)

    # 03-03 is now a holiday: 03-02, 04, 05, 08, 09, 10, 11.
    assert answer.due == date(2027, 3, 11)
    assert answer.provisional is False
