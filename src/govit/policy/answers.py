"""What every answer of the Rules carries: its basis (the article it rests on, and why), the
error for facts that cannot be answered, the amounts as the sentences show them, and the JSON the
CLI and the API print.
"""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from govit.policy.money import format_wan, to_wan
from govit.policy.versions import Threshold


class PolicyError(ValueError):
    """The facts given cannot be answered (e.g. a change against no approved software total)."""

    def __init__(self, message: str, article: int | None = None):
        super().__init__(message)
        self.article = article


@dataclass(frozen=True)
class Basis:
    """Why: the article (and paragraph) an answer rests on, and a Chinese sentence applying it."""

    article: int
    reason: str
    clause: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"article": self.article, "reason": self.reason}
        if self.clause:
            data["clause"] = self.clause
        return data


def wan_text(amount: Decimal) -> str:
    """An amount in 万元 as the basis sentences show it, with its unit: to the fen at least."""
    # At least six places keep a fen visible (0.000001 万元): at a threshold one fen matters. A
    # computed limit (a share of 3,333,333.33) may be finer still and is shown unrounded.
    places = max(6, -to_wan(amount).normalize().as_tuple().exponent)
    return f"{format_wan(amount, places=places)}万元"


def compare(threshold: Threshold, value: Decimal, shown: str, limit_shown: str) -> str:
    """ "<amount> > <limit>" (both in 万元) with the symbol the fact really has."""
    if value == threshold.limit:
        symbol = "="
    else:
        symbol = ">" if value > threshold.limit else "<"
    return f"{shown} {symbol} {limit_shown}"


# --- JSON ---------------------------------------------------------------------------------------


def as_json(answer: Any) -> dict[str, Any]:
    """An answer as the JSON the CLI and the API print: dates ISO, money "12000000.00", basis dicts."""
    data = asdict(answer)
    if hasattr(answer, "basis"):
        data["basis"] = [b.as_dict() for b in answer.basis]
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Amounts are kept to the fen ("12000000.00"), ratios to four places ("0.1000").
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
