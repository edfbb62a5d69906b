"""The one parser of an amount (govit.policy.parse_amount): the edges every surface relies on."""

from decimal import Decimal

import pytest
from tests.amounts import FLOATS, REFUSED_TEXT, SAME_AMOUNT

from govit.policy import AmountError, parse_amount
from govit.policy.money import MAX_AMOUNT


@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_it_reads_each_text_as_its_yuan_to_the_fen(text, yuan):
    assert str(parse_amount(text)) == yuan


def test_it_reads_thousands_separators_half_or_full_width():
    assert parse_amount("12,000,000.00") == parse_amount("12，000，000") == Decimal("12000000.00")
    assert parse_amount("1,200万") == Decimal("12000000.00")


@pytest.mark.parametrize(
    ("value", "yuan"), [(12000000, "12000000.00"), (0, "0.00"), (Decimal("1E+3"), "1000.00")]
)
def test_it_reads_an_int_or_a_decimal(value, yuan):
    assert str(parse_amount(value)) == yuan


@pytest.mark.parametrize("value", [*FLOATS, 1e7, float("nan"), float("inf")])
def test_it_refuses_every_float_even_a_whole_one(value):
    with pytest.raises(AmountError, match="float"):
        parse_amount(value)


@pytest.mark.parametrize("value", [None, [1], {"amount": "1"}, b"12"])
def test_it_refuses_what_is_neither_text_nor_an_int_nor_a_decimal(value):
    with pytest.raises(AmountError, match="无法识别"):
        parse_amount(value)


@pytest.mark.parametrize("value", ["-1200万", "-12,000,000.00", "-0.01元", -1, Decimal("-0.01")])
def test_it_refuses_a_negative_amount_however_written(value):
    with pytest.raises(AmountError, match="负数"):
        parse_amount(value)


@pytest.mark.parametrize("value", ["12,000,000.001", "0.0000001万元", "1.005元", Decimal("0.001")])
def test_it_refuses_more_decimals_than_a_fen_however_written(value):
    with pytest.raises(AmountError, match="分"):
        parse_amount(value)


@pytest.mark.parametrize(
    "value",
    [
        "10000000000000",
        "10,000,000,000,000.00",
        "99999999999999.99",
        "1000000000万",
        "1000000000.01万",
        int(MAX_AMOUNT),
        MAX_AMOUNT + 1,
    ],
)
def test_it_refuses_max_amount_and_above_however_written(value):
    with pytest.raises(AmountError, match="金额过大"):
        parse_amount(value)


def test_just_under_max_amount_is_an_amount_in_yuan_and_in_wan():
    assert parse_amount("9999999999999.99") == MAX_AMOUNT - Decimal("0.01")
    assert parse_amount("999999999.999999万") == MAX_AMOUNT - Decimal("0.01")


@pytest.mark.parametrize("text", REFUSED_TEXT)
def test_the_texts_every_surface_refuses_are_refused_here(text):
    with pytest.raises(AmountError):
        parse_amount(text)
