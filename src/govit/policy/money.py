"""Money as the Rules count it: exact yuan to the fen, entered in 元 or 万元 (R1.6).

Never a float: a float cannot hold 0.1 yuan, and a threshold test one fen away from the limit
must be exact. `parse_amount` is the one reader of an amount a person types or sends: the web
forms, the services, the lifecycle's action inputs, the API's validators and `govit policy` all
call it, so the same text is the same amount everywhere. A JSON number is read only as a whole
number of yuan (an int); one written with a point or an exponent arrives as a float and is
refused everywhere, naming the field, never rounded.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
WAN = Decimal("10000")
# 10万亿元: far above any project. Below it an amount has at most 15 digits, which SQLite (whose
# decimals are binary floats) gives back exactly; a 16-digit amount such as 99999999999999.99 came
# back as 100000000000000.00, too long for the column, and every list that read it failed.
MAX_AMOUNT = Decimal("10000000000000")

# Digits with an optional decimal part, then an optional unit: 万 / 万元 / 元.
_AMOUNT = re.compile(r"^(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>万元|万|元)?$")


class AmountError(ValueError):
    """The text is not an amount of money GovIT accepts."""


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Read an amount in yuan ("12000000.50", "12000000元", "12,000,000.00") or 万元 ("1200万", "0.5万元").

    Text, an int or a Decimal; returns yuan as a Decimal with two places. A float (a JSON number
    with a point: 0.5, 1200.0) and a bool are refused, as are negative amounts, more precision than a fen,
    MAX_AMOUNT or more, and anything that is not a plain number, each with a Chinese message.
    """
    if isinstance(text, float | bool):
        raise AmountError(f"金额须以文字或 Decimal 给出，不能是 {type(text).__name__}：{text}")
    if isinstance(text, Decimal | int):
        return _exact_yuan(Decimal(text), str(text))
    if not isinstance(text, str):
        raise AmountError(f"无法识别的金额：{text}")
    raw = text.strip().replace(",", "").replace("，", "")
    if raw.startswith("-"):
        raise AmountError(f"金额不能为负数：{text}")
    match = _AMOUNT.match(raw)
    if not match:
        raise AmountError(f"无法识别的金额：{text}（应为元，如 12000000.50；或万元，如 1200万）")
    try:
        number = Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise AmountError(f"无法识别的金额：{text}") from exc
    yuan = number * WAN if match["unit"] in {"万", "万元"} else number
    return _exact_yuan(yuan, str(text))


def _exact_yuan(yuan: Decimal, original: str) -> Decimal:
    if not yuan.is_finite():
        raise AmountError(f"无法识别的金额：{original}")
    if yuan < 0:
        raise AmountError(f"金额不能为负数：{original}")
    if yuan >= MAX_AMOUNT:
        raise AmountError(f"金额过大：{original}")
    if yuan != yuan.quantize(FEN):
        raise AmountError(f"金额最多精确到分（0.01元）：{original}")
    # copy_abs: "-0" is zero, not a negative zero.
    return yuan.copy_abs().quantize(FEN)


def format_yuan(amount: Decimal) -> str:
    """ "12000000.00": the form the policy CLI and the API print."""
    return str(amount.quantize(FEN))


def to_wan(amount: Decimal) -> Decimal:
    """Yuan to 万元, exactly (a fen is 0.000001 万元)."""
    return amount / WAN


def format_wan(amount: Decimal, places: int = 4) -> str:
    """ "1,200.5 万元" style number without the unit: thousands separators, at most `places`
    decimals (government forms show 万元 to four), trailing zeros dropped but two kept."""
    wan = to_wan(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{wan:,.{places}f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"
