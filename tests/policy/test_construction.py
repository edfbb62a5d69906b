"""第十六至二十三条 as functions: contract filing status, supervision, funds, security, reminders."""

from datetime import date
from decimal import Decimal

import pytest
from tests.rules import OFFICIAL, YUZHONG

from govit.policy import PolicyError
from govit.policy.construction import (
    contract_filing_status,
    disbursement_check,
    reminder_dates,
    security_next_due,
    supervision,
)


@pytest.mark.parametrize(
    ("filed", "late"),
    [(date(2026, 10, 15), False), (date(2026, 10, 16), True), (date(2026, 10, 8), False)],
)
def test_a_contract_signed_before_national_day_2026_is_due_on_15_october(filed, late):
    status = contract_filing_status(
        policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 30), filed=filed, today=date(2026, 11, 1)
    )
    assert status.due == date(2026, 10, 15)
    assert status.late is late
    assert status.basis[0].article == 16


def test_an_unfiled_contract_is_late_only_after_its_due_day():
    assert not contract_filing_status(
        policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 30), filed=None, today=date(2026, 10, 15)
    ).late
    assert contract_filing_status(
        policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 30), filed=None, today=date(2026, 10, 16)
    ).late


@pytest.mark.parametrize(
    ("amount", "required"),
    [("999999.99", False), ("1000000.00", True), ("1000000.01", True)],
)
def test_supervision_is_required_from_one_million_yuan_inclusive(amount, required):
    answer = supervision(policy=YUZHONG, amount=Decimal(amount))
    assert answer.required is required
    assert answer.basis[0].article == 18


@pytest.mark.parametrize(
    ("amount", "allowed"),
    [("99.99", True), ("100.00", True), ("100.01", False)],
)
def test_a_disbursement_may_reach_the_approved_total_but_not_pass_it(amount, allowed):
    answer = disbursement_check(
        approved_total=Decimal("1000.00"), disbursed=Decimal("900.00"), amount=Decimal(amount)
    )
    assert answer.allowed is allowed
    assert answer.basis[0].article == 22


def test_a_disbursement_of_nothing_is_refused():
    with pytest.raises(PolicyError):
        disbursement_check(approved_total=Decimal(1), disbursed=Decimal(0), amount=Decimal(0))


def test_the_next_security_assessment_is_due_a_year_later_clamped_to_month_end():
    assert security_next_due(policy=YUZHONG, kind="mlps", last=date(2024, 2, 29)).next_due == date(
        2025, 2, 28
    )
    with pytest.raises(PolicyError):
        security_next_due(policy=YUZHONG, kind="astrology", last=date(2026, 1, 1))


def test_reminders_go_out_a_week_three_days_and_a_day_before_and_on_the_day():
    assert reminder_dates(policy=YUZHONG, due=date(2026, 10, 15)) == [
        date(2026, 10, 8),
        date(2026, 10, 12),
        date(2026, 10, 14),
        date(2026, 10, 15),
    ]


def test_a_contract_within_the_baseline_conforms_and_each_departure_is_named():
    from govit.policy.construction import Line, baseline_deviations

    baseline = [
        Line("服务器", Decimal(10), Decimal("50000.00")),
        Line("平台软件", Decimal(1), Decimal("3000000.00")),
    ]
    assert (
        baseline_deviations(baseline=baseline, lines=[Line("服务器", Decimal(10), Decimal("50000.00"))]) == []
    )
    found = baseline_deviations(
        baseline=baseline,
        lines=[
            Line("服务器", Decimal(11), Decimal("50000.01")),
            Line("大屏", Decimal(1), Decimal("1.00")),
        ],
    )
    assert [b.article for b in found] == [17, 17, 17]
    assert "数量 11 超过批复的 10" in found[0].reason
    assert "单价 50000.01 元高于批复的 50000.00 元" in found[1].reason
    assert "“大屏”不在批复的配置清单中" in found[2].reason
