"""第三条: which of the three categories a project is (R1.2, R1.3), at the 20万元 boundary (R1.5)."""

import re
from decimal import Decimal

import pytest
from tests.rules import YUZHONG

from govit.policy import PolicyError, classify
from govit.policy.cli import run


def _comparison(reason: str) -> str:
    """The "A 万元 <symbol> B 万元" part of a reason: the one place the boundary shows."""
    found = re.findall(r"[\d,.]+万元 [=<>] [\d,.]+万元", reason)
    assert len(found) == 1, reason
    return found[0]


@pytest.mark.parametrize(
    ("work", "category"),
    [
        ("new", "construction"),
        ("continuation", "construction"),
        ("expansion", "construction"),
        ("service_purchase", "service"),
        ("maintenance", "om"),
    ],
)
@pytest.mark.parametrize("amount", ["0.01", "200000", "200000.01", "100000000"])
def test_every_kind_of_work_but_an_upgrade_has_one_category_whatever_the_amount(work, category, amount):
    answer = classify(policy=YUZHONG, work=work, amount=Decimal(amount))

    assert answer.category == category
    assert [b.article for b in answer.basis] == [3]


@pytest.mark.parametrize(
    ("amount", "category", "comparison"),
    [
        ("199999.99", "om", "19.999999万元 < 20.00万元"),
        ("200000.00", "om", "20.00万元 = 20.00万元"),
        ("200000.01", "construction", "20.000001万元 > 20.00万元"),
    ],
)
def test_an_upgrade_is_om_up_to_and_including_200000_yuan(amount, category, comparison):
    # 第三条 "20万元以下": 以下 includes the number itself (R1.5).
    answer = classify(policy=YUZHONG, work="upgrade", amount=Decimal(amount))

    assert answer.category == category
    (basis,) = answer.basis
    assert (basis.article, basis.clause) == (3, 1)
    assert _comparison(basis.reason) == comparison


def test_an_upgrade_of_exactly_200000_yuan_says_it_is_within_the_om_limit():
    (basis,) = classify(policy=YUZHONG, work="upgrade", amount=Decimal("200000")).basis

    assert "运维类" in basis.reason
    assert "20万元以下" in basis.reason


def test_an_upgrade_over_the_limit_says_it_exceeds_it():
    (basis,) = classify(policy=YUZHONG, work="upgrade", amount=Decimal("200000.01")).basis

    assert "建设类" in basis.reason
    assert "超过" in basis.reason


@pytest.mark.parametrize("amount", ["1", "199999.99", "200000", "200000.01"])
def test_an_upgrade_that_changes_the_function_is_construction_at_any_amount(amount):
    answer = classify(policy=YUZHONG, work="upgrade", amount=Decimal(amount), changes_function=True)

    assert answer.category == "construction"
    assert "改变了系统功能用途" in answer.basis[0].reason
    assert answer.basis[0].article == 3


def test_an_upgrade_of_nothing_is_om():
    assert classify(policy=YUZHONG, work="upgrade", amount=Decimal("0")).category == "om"


def test_it_refuses_an_unknown_kind_of_work():
    with pytest.raises(PolicyError) as refused:
        classify(policy=YUZHONG, work="demolition", amount=Decimal("1"))

    assert refused.value.article == 3


@pytest.mark.parametrize(
    ("argv", "category"),
    [
        (["--work", "upgrade", "--amount", "20万"], "om"),
        (["--work", "upgrade", "--amount", "200000.01"], "construction"),
        (["--work", "upgrade", "--amount", "199999.99"], "om"),
        (["--work", "upgrade", "--amount", "1", "--changes-function"], "construction"),
        (["--work", "new", "--amount", "1200万元"], "construction"),
        (["--work", "service_purchase", "--amount", "5"], "service"),
        (["--work", "maintenance", "--amount", "5"], "om"),
    ],
)
def test_the_cli_classifies_as_the_function_does(argv, category):
    code, data = run(["classify", *argv])

    assert code == 0
    assert data["category"] == category
    assert data["basis"][0]["article"] == 3
