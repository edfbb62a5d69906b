"""第二十一条: software-function changes that exceed 10% of the approved software total need re-approval (R4.6).

"超出…10%" excludes exactly 10% (R1.5); the sum is over all of a project's changes.
"""

import re
from decimal import Decimal

import pytest
from tests.rules import YUZHONG

from govit.policy import PolicyError, change_check
from govit.policy.cli import run


def _symbol(reason: str) -> str:
    found = re.findall(r"万元 ([=<>]) [\d,.]+万元", reason)
    assert len(found) == 1, reason
    return found[0]


def _check(approved: str, *changes: str):
    return change_check(
        policy=YUZHONG, approved_software=Decimal(approved), changes=[Decimal(c) for c in changes]
    )


@pytest.mark.parametrize(
    ("cumulative", "requires", "comparison"),
    [
        ("99999.99", False, "9.999999万元 < 10.00万元"),
        ("100000.00", False, "10.00万元 = 10.00万元"),
        ("100000.01", True, "10.000001万元 > 10.00万元"),
    ],
)
def test_a_change_of_exactly_ten_percent_does_not_need_reapproval(cumulative, requires, comparison):
    answer = _check("1000000.00", cumulative)

    assert answer.requires_reapproval is requires
    assert answer.ratio == Decimal("0.1000")
    assert answer.threshold == Decimal("0.10")
    (basis,) = answer.basis
    assert (basis.article, basis.clause) == (21, 1)
    assert re.search(r"[\d,.]+万元 [=<>] [\d,.]+万元", basis.reason).group(0) == comparison


@pytest.mark.parametrize(
    ("changes", "requires", "symbol"),
    [
        # 10% of 3,333,333.33 is 333,333.333: 333,333.34 exceeds it, 333,333.33 does not —
        # and both show a ratio of 0.1000.
        (["333333.34"], True, ">"),
        (["333333.33"], False, "<"),
        (["100000.00", "133333.33", "100000.01"], True, ">"),
        (["100000.00", "133333.33", "100000.00"], False, "<"),
    ],
)
def test_the_comparison_is_exact_even_when_the_ratio_rounds_to_ten_percent(changes, requires, symbol):
    answer = _check("3333333.33", *changes)

    assert answer.ratio == Decimal("0.1000")
    assert answer.requires_reapproval is requires
    assert _symbol(answer.basis[0].reason) == symbol


@pytest.mark.parametrize(
    ("changes", "cumulative", "requires", "symbol"),
    [
        (["40000", "60000"], "100000.00", False, "="),
        (["40000", "60000", "0.01"], "100000.01", True, ">"),
        (["30000", "30000", "30000"], "90000.00", False, "<"),
        (["30000", "30000", "30000", "30000"], "120000.00", True, ">"),
    ],
)
def test_changes_add_up_over_the_whole_project(changes, cumulative, requires, symbol):
    answer = _check("1000000", *changes)

    assert answer.cumulative == Decimal(cumulative)
    assert answer.requires_reapproval is requires
    assert _symbol(answer.basis[0].reason) == symbol


def test_the_reason_says_what_happens_next():
    over = _check("1000000", "100000.01").basis[0].reason
    within = _check("1000000", "100000").basis[0].reason

    assert "重新下达" in over
    assert "未超出" in within


def test_no_changes_at_all_need_no_reapproval():
    answer = change_check(policy=YUZHONG, approved_software=Decimal("1000000"), changes=[])

    assert answer.cumulative == Decimal("0")
    assert answer.requires_reapproval is False
    assert answer.ratio == Decimal("0")


@pytest.mark.parametrize("approved", ["0", "-1"])
def test_it_refuses_an_approved_software_total_that_is_not_positive(approved):
    with pytest.raises(PolicyError) as refused:
        _check(approved, "1")

    assert refused.value.article == 21


def test_it_refuses_a_negative_change():
    with pytest.raises(PolicyError) as refused:
        _check("1000000", "50000", "-1")

    assert refused.value.article == 21


@pytest.mark.parametrize(
    ("argv", "cumulative", "ratio", "requires"),
    [
        (
            ["--approved-software", "100万", "--change", "5万", "--change", "5万"],
            "100000.00",
            "0.1000",
            False,
        ),
        (["--approved-software", "1000000", "--change", "100000.01"], "100000.01", "0.1000", True),
        (["--approved-software", "1000000", "--change", "99999.99"], "99999.99", "0.1000", False),
        (["--approved-software", "3333333.33", "--change", "333333.34"], "333333.34", "0.1000", True),
        (["--approved-software", "1000000", "--change", "250000"], "250000.00", "0.2500", True),
        (["--approved-software", "1000000", "--change", "0"], "0.00", "0.0000", False),
    ],
)
def test_the_cli_prints_the_cumulative_ratio_and_threshold_as_strings(argv, cumulative, ratio, requires):
    code, data = run(["change", *argv])

    assert code == 0
    assert data["cumulative"] == cumulative
    assert data["ratio"] == ratio
    assert data["threshold"] == "0.10"
    assert data["requires_reapproval"] is requires
    assert re.fullmatch(r"\d+\.\d\d", data["approved_software"])
    assert data["basis"][0]["article"] == 21
