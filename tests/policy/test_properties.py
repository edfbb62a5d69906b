"""Properties that hold for every input, checked by Hypothesis against oracles written apart from the code.

The working-day oracle asks the chinese-calendar package day by day (Monday–Friday where it has no
data); the change oracle works in integer fen; the route oracle is POLICY-CLI.md's table.
"""

import calendar as month_lengths
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import chinese_calendar
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.rules import OFFICIAL, YUZHONG

from govit.policy import (
    add_months,
    change_check,
    classify,
    contract_due,
    format_wan,
    parse_amount,
    route,
)

KNOWN_YEARS = range(2004, 2027)  # what chinesecalendar 1.11.0 publishes

ACTORS = {
    "application": "unit",
    "list_review": "bdb",
    "leading_group_review": "lg_office",
    "listing": "bdb",
    "fsr_with_budget": "unit",
    "fsr": "unit",
    "fsr_approval": "drc",
    "preliminary_design": "unit",
    "design_review": "bdb",
    "fsr_budget_approval": "drc",
    "design_budget_approval": "drc",
    "budget_order87": "unit",
}
COMBINED = ["fsr_with_budget", "design_review", "fsr_budget_approval"]
SEPARATE = ["fsr", "fsr_approval", "preliminary_design", "design_review", "design_budget_approval"]
SERVICE = ["preliminary_design", "design_review", "budget_order87"]
CHANNELS = {
    "construction": "district_investment",
    "service": "government_procurement",
    "om": "department_budget",
}

FEN = Decimal("0.01")


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) * FEN


def _is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no schedule for
        return day.weekday() < 5


starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
# Amounts cluster where the Rules draw lines, and range widely elsewhere.
boundary_fen = st.sampled_from([20_000_000, 100_000_000, 1_000_000_000]).flatmap(
    lambda limit: st.integers(min_value=limit - 3, max_value=limit + 3)
)
amount_fen = st.one_of(boundary_fen, st.integers(min_value=0, max_value=10**12))


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=30))
@example(start=date(2026, 9, 30), days=7)
@example(start=date(2026, 12, 31), days=1)
@example(start=date(2026, 12, 24), days=5)
def test_the_nth_working_day_is_a_working_day_after_exactly_n_working_days(start, days):
    count = OFFICIAL.add_working_days(start, days)

    counted = [start + timedelta(days=n) for n in range(1, (count.due - start).days + 1)]
    assert count.due > start
    assert _is_workday(count.due)
    assert sum(_is_workday(day) for day in counted) == days
    assert count.provisional is any(day.year not in KNOWN_YEARS for day in counted)


@settings(max_examples=150, deadline=None)
@given(signed=starts)
def test_the_contract_is_always_due_on_the_seventh_working_day(signed):
    answer = contract_due(policy=YUZHONG, signed=signed, calendar=OFFICIAL)
    count = OFFICIAL.add_working_days(signed, 7)

    assert (answer.due, answer.provisional) == (count.due, count.provisional)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), months=st.integers(0, 36))
@example(start=date(2025, 12, 31), months=2)
@example(start=date(2027, 12, 31), months=2)
def test_adding_months_lands_on_the_same_day_or_the_months_last_day(start, months):
    result = add_months(start, months)

    assert result >= start
    assert result.year * 12 + result.month == start.year * 12 + start.month + months
    assert result.day == min(start.day, month_lengths.monthrange(result.year, result.month)[1])


@settings(max_examples=300, deadline=None)
@given(fen=amount_fen)
def test_an_upgrade_is_om_exactly_when_it_is_at_most_200000_yuan(fen):
    amount = _yuan(fen)

    assert (classify(policy=YUZHONG, work="upgrade", amount=amount).category == "om") is (fen <= 20_000_000)
    assert (
        classify(policy=YUZHONG, work="upgrade", amount=amount, changes_function=True).category
        == "construction"
    )


@settings(max_examples=300, deadline=None)
@given(
    category=st.sampled_from(["construction", "service", "om"]),
    fen=amount_fen,
    new=st.booleans(),
    civil_works=st.booleans(),
    high_energy=st.booleans(),
    procurement=st.booleans(),
)
def test_every_route_follows_the_contract_table(category, fen, new, civil_works, high_energy, procurement):
    answer = route(
        policy=YUZHONG,
        category=category,
        amount=_yuan(fen),
        new=new,
        civil_works=civil_works,
        high_energy=high_energy,
        needs_procurement=procurement,
    )

    codes = answer.step_codes
    assert codes[:2] == ["application", "list_review"]
    assert "listing" in codes
    assert ("leading_group_review" in codes) is new
    assert codes.index("listing") == (3 if new else 2)
    assert all(step.actor == ACTORS[step.code] for step in answer.steps)
    assert len(set(codes)) == len(codes)
    if category == "construction":
        tail = COMBINED if fen <= 1_000_000_000 else SEPARATE
    elif category == "service" or procurement:
        tail = SERVICE
    else:
        tail = []
    assert codes[codes.index("listing") + 1 :] == tail
    assert answer.needs_third_party_design is bool(tail)
    assert answer.needs_proposal is answer.needs_leading_group is new
    assert answer.supervision_required is (fen >= 100_000_000)
    assert answer.funding_channel == CHANNELS[category]
    assert bool(answer.extra_approvals) is (civil_works or high_energy)


def _split(total: int, cuts: list[int]) -> list[int]:
    points = sorted(c % (total + 1) for c in cuts)
    bounds = [0, *points, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def changes_near_ten_percent(draw):
    """An approved total in fen and changes that add up to within a few fen of its 10%."""
    approved = draw(st.integers(min_value=1, max_value=10**13))
    total = max(0, approved // 10 + draw(st.integers(min_value=-2, max_value=2)))
    cuts = draw(st.lists(st.integers(min_value=0, max_value=10**13), max_size=4))
    return approved, _split(total, cuts)


@st.composite
def any_changes(draw):
    approved = draw(st.integers(min_value=1, max_value=10**13))
    changes = draw(st.lists(st.integers(min_value=0, max_value=10**12), max_size=6))
    return approved, changes


@settings(max_examples=400, deadline=None)
@given(case=st.one_of(changes_near_ten_percent(), any_changes()))
@example(case=(100_000_000, [10_000_000]))
@example(case=(100_000_000, [10_000_001]))
@example(case=(333_333_333, [33_333_334]))
@example(case=(333_333_333, [33_333_333]))
def test_reapproval_is_needed_exactly_when_ten_times_the_changes_exceed_the_approved_total(case):
    approved, changes = case

    answer = change_check(
        policy=YUZHONG, approved_software=_yuan(approved), changes=[_yuan(c) for c in changes]
    )

    cumulative = sum(changes)
    assert answer.cumulative == _yuan(cumulative)
    assert answer.requires_reapproval is (cumulative * 10 > approved)
    assert abs(Fraction(answer.ratio) - Fraction(cumulative, approved)) <= Fraction(1, 20_000)


@settings(max_examples=300, deadline=None)
# Up to just under 10万亿元, the largest amount GovIT accepts (money.MAX_AMOUNT).
@given(fen=st.integers(min_value=0, max_value=10**15 - 1))
def test_an_amount_written_in_yuan_or_wan_reads_back_to_the_same_fen(fen):
    expected = _yuan(fen)

    assert parse_amount(f"{fen // 100}.{fen % 100:02d}") == expected
    assert parse_amount(f"{fen // 100}.{fen % 100:02d}元") == expected
    assert parse_amount(f"{fen // 1_000_000}.{fen % 1_000_000:06d}万") == expected
    assert str(parse_amount(str(expected))) == f"{fen // 100}.{fen % 100:02d}"


@settings(max_examples=200, deadline=None)
@given(yuan=st.integers(min_value=0, max_value=10**12))
def test_a_whole_yuan_amount_shown_in_wan_reads_back_exactly(yuan):
    assert parse_amount(format_wan(Decimal(yuan)) + "万") == Decimal(yuan)
