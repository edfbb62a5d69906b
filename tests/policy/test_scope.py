"""第二条: what is a government IT project under the Rules (R1.1)."""

import pytest
from tests.rules import YUZHONG

from govit.policy import PolicyError, scope
from govit.policy.cli import run

EXCLUDED = ["pc", "camera", "copier", "mobile_storage", "consumables", "off_the_shelf_software"]


def test_a_fiscally_funded_it_system_is_in_scope():
    answer = scope(policy=YUZHONG, fiscal_funding=True, it_system=True)

    assert answer.in_scope is True
    assert [b.article for b in answer.basis] == [2]


def test_a_project_without_district_fiscal_money_is_out_of_scope():
    answer = scope(policy=YUZHONG, fiscal_funding=False, it_system=True)

    assert answer.in_scope is False
    assert "财政资金" in answer.basis[0].reason
    assert answer.basis[0].article == 2


def test_something_that_is_not_an_it_system_is_out_of_scope():
    answer = scope(policy=YUZHONG, fiscal_funding=True, it_system=False)

    assert answer.in_scope is False
    assert answer.basis[0].article == 2


@pytest.mark.parametrize("purchase", EXCLUDED)
def test_buying_office_equipment_is_out_of_scope(purchase):
    answer = scope(policy=YUZHONG, fiscal_funding=True, it_system=True, excluded_purchase=purchase)

    assert answer.in_scope is False
    assert answer.basis[0].article == 2


def test_every_reason_to_be_out_of_scope_is_given():
    answer = scope(policy=YUZHONG, fiscal_funding=False, it_system=False, excluded_purchase="copier")

    assert answer.in_scope is False
    assert len(answer.basis) == 3
    assert "复印机" in answer.basis[2].reason


def test_it_refuses_an_unknown_kind_of_purchase():
    with pytest.raises(PolicyError) as refused:
        scope(policy=YUZHONG, fiscal_funding=True, it_system=True, excluded_purchase="yacht")

    assert refused.value.article == 2


def test_the_excluded_purchases_are_the_six_article_2_names(policy):
    assert sorted(policy.excluded_purchases) == sorted(EXCLUDED)


@pytest.mark.parametrize(
    ("argv", "in_scope"),
    [
        ([], True),
        (["--no-fiscal-funding"], False),
        (["--not-it-system"], False),
        (["--purchase", "pc"], False),
    ],
)
def test_the_cli_answers_the_scope_question(argv, in_scope):
    code, data = run(["scope", *argv])

    assert code == 0
    assert data["in_scope"] is in_scope
    assert data["basis"][0]["article"] == 2


def test_the_cli_refuses_an_unknown_purchase_naming_the_option():
    code, data = run(["scope", "--purchase", "yacht"])

    assert code == 2
    assert "--purchase" in data["error"]
