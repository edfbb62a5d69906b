"""Money as the Rules count it: exact to the fen, entered in 元 or 万元 (R1.6, POLICY-CLI.md)."""

from decimal import Decimal

import pytest

from govit.policy import AmountError, format_wan, format_yuan, parse_amount, to_wan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("12000000", "12000000.00"),
        ("12000000.50", "12000000.50"),
        ("12000000元", "12000000.00"),
        ("1200万", "12000000.00"),
        ("0.5万", "5000.00"),
        ("1200万元", "12000000.00"),
        ("0.000001万", "0.01"),
        ("0.01", "0.01"),
        ("0", "0.00"),
        ("200000.01", "200000.01"),
        (" 7 ", "7.00"),
    ],
)
def test_it_reads_an_amount_in_yuan_or_wan_exactly_to_the_fen(text, yuan):
    amount = parse_amount(text)

    assert amount == Decimal(yuan)
    assert str(amount) == yuan


def test_it_reads_a_fen_written_in_wan_as_one_fen():
    assert parse_amount("0.000001万") == Decimal("0.01")


@pytest.mark.parametrize(
    ("value", "yuan"), [(200000, "200000.00"), (Decimal("0.01"), "0.01"), (Decimal("5"), "5.00")]
)
def test_it_accepts_an_int_or_a_decimal_and_keeps_two_places(value, yuan):
    assert str(parse_amount(value)) == yuan


@pytest.mark.parametrize("text", ["-1", "-0.01", "-5万", "-0", " -3"])
def test_it_refuses_a_negative_amount(text):
    with pytest.raises(AmountError, match="负数"):
        parse_amount(text)


@pytest.mark.parametrize("value", [Decimal("-1"), Decimal("-0.01"), -5])
def test_it_refuses_a_negative_decimal_or_int(value):
    with pytest.raises(AmountError, match="负数"):
        parse_amount(value)


@pytest.mark.parametrize("text", ["0.001", "0.0000001万", "12000000.005", "0.0000005万元"])
def test_it_refuses_more_precision_than_a_fen(text):
    with pytest.raises(AmountError, match="分"):
        parse_amount(text)


@pytest.mark.parametrize(
    "text",
    ["abc", "1e5", "1E5", "", "   ", "万", ".5", "5.", "1.2.3", "12 000", "NaN", "inf", "+5", "0x10", "十万"],
)
def test_it_refuses_anything_that_is_not_a_plain_number(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), True])
def test_it_refuses_a_decimal_that_is_not_a_finite_number_and_a_bool(value):
    with pytest.raises(AmountError):
        parse_amount(value)


def test_an_amount_error_is_a_value_error():
    # The CLI and the forms catch ValueError; an AmountError must be one.
    assert issubclass(AmountError, ValueError)


def test_it_refuses_an_absurdly_long_amount_with_an_amount_error():
    with pytest.raises(AmountError):
        parse_amount("9" * 27)


def test_it_reads_a_negative_zero_decimal_as_plain_zero():
    assert str(parse_amount(Decimal("-0"))) == "0.00"


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        ("12000000", "1,200.00"),
        ("5000", "0.50"),
        ("15000", "1.50"),
        ("200000", "20.00"),
        ("12345.67", "1.2346"),
        ("123456789.99", "12,345.679"),
        ("1.23", "0.0001"),
        ("0.01", "0.00"),
        ("0", "0.00"),
    ],
)
def test_it_shows_wan_to_at_most_four_places_with_thousands_separators(yuan, wan):
    assert format_wan(Decimal(yuan)) == wan


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [("0.01", "0.000001"), ("200000.01", "20.000001"), ("999999.99", "99.999999"), ("1000000", "100.00")],
)
def test_it_shows_a_fen_in_wan_with_six_places(yuan, wan):
    assert format_wan(Decimal(yuan), places=6) == wan


def test_it_rounds_half_a_ten_thousandth_of_a_wan_up():
    assert format_wan(Decimal("0.50")) == "0.0001"
    assert format_wan(Decimal("0.49")) == "0.00"


def test_it_converts_yuan_to_wan_exactly():
    assert to_wan(Decimal("0.01")) == Decimal("0.000001")
    assert to_wan(Decimal("12000000.00")) == Decimal("1200")


def test_it_prints_yuan_with_two_decimals():
    assert format_yuan(Decimal("12000000")) == "12000000.00"
    assert format_yuan(Decimal("0.5")) == "0.50"


def test_it_refuses_an_amount_of_ten_trillion_yuan_or_more():
    assert parse_amount("9999999999999.99") == Decimal("9999999999999.99")
    with pytest.raises(AmountError, match="金额过大"):
        parse_amount("10000000000000")
    with pytest.raises(AmountError, match="金额过大"):
        parse_amount("99999999999999.99")


def test_it_refuses_a_float_because_a_float_cannot_hold_a_fen_exactly():
    with pytest.raises(AmountError):
        parse_amount(1.5)
