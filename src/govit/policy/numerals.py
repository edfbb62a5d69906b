"""Chinese numerals as the Rules write them: 第十三条, 第五章, 一、 (both ways)."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals: 9 → 九, 13 → 十三, 21 → 二十一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def number_of(text: str) -> int | None:
    """ "十三" → 13, "二十一" → 21, "13" → 13; None for what is not a number from 1 to 99."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS + "十" for c in text) or text.count("十") > 1:
        return None
    tens, ten, ones = text.partition("十")
    if not ten:
        return (_DIGITS.index(tens) or None) if len(tens) == 1 else None
    if len(tens) > 1 or len(ones) > 1:
        return None
    value = (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)
    return value or None
