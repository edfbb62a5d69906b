"""第十七条 as a pure function: every fixed term of the approved configuration, at its boundaries."""

from decimal import Decimal

import pytest

from govit.policy.construction import Line, baseline_deviations

BASELINE = [
    Line("服务器", Decimal(10), Decimal("50000.00"), "2路32核", "72小时连续运行无故障"),
    Line("平台软件", Decimal(1), Decimal("3000000.00"), "", "第三方测评合格"),
]
SERVERS, SOFTWARE = BASELINE


def _with(**changes) -> Line:
    return Line(**{**SERVERS.__dict__, **changes})


def test_exactly_as_approved_conforms_as_a_contract_and_as_delivered():
    assert baseline_deviations(baseline=BASELINE, lines=[SERVERS]) == []
    assert baseline_deviations(baseline=BASELINE, lines=BASELINE, complete=True) == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (_with(quantity=Decimal("10.01")), "数量 10.01 超过批复的 10"),
        (_with(unit_price=Decimal("50000.01")), "单价 50000.01 元高于批复的 50000.00 元"),
        (_with(specification="2路16核"), "规格参数“2路16核”与批复的“2路32核”不符"),
        (_with(acceptance_terms="到货验收"), "验收条款“到货验收”与批复的“72小时连续运行无故障”不符"),
    ],
)
def test_each_term_one_step_over_is_a_deviation(line, reason):
    found = baseline_deviations(baseline=BASELINE, lines=[line])
    assert [b.article for b in found] == [17] and reason in found[0].reason


def test_a_lower_price_and_part_of_the_quantity_conform_in_a_contract():
    line = _with(quantity=Decimal(9), unit_price=Decimal("49999.99"))
    assert baseline_deviations(baseline=BASELINE, lines=[line]) == []


def test_contracts_together_may_reach_the_approved_quantity_and_not_one_hundredth_more():
    assert (
        baseline_deviations(
            baseline=BASELINE, lines=[_with(quantity=Decimal(4))], contracted={"服务器": Decimal(6)}
        )
        == []
    )
    found = baseline_deviations(
        baseline=BASELINE, lines=[_with(quantity=Decimal("4.01"))], contracted={"服务器": Decimal(6)}
    )
    assert [b.reason for b in found] == ["“服务器”数量 4.01 加已签合同的 6.00，超过批复的 10"]


def test_the_delivered_configuration_must_hold_every_item_in_full():
    short = baseline_deviations(baseline=BASELINE, lines=[_with(quantity=Decimal("9.99"))], complete=True)
    assert [b.reason for b in short] == ["“服务器”数量 9.99 少于批复的 10", "批复的“平台软件”未列入"]
    over = baseline_deviations(
        baseline=BASELINE, lines=[_with(quantity=Decimal("10.01")), SOFTWARE], complete=True
    )
    assert [b.reason for b in over] == ["“服务器”数量 10.01 超过批复的 10"]
