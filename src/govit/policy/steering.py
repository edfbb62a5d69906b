"""第二十六条第二款 (R5.6): 强化绩效评价结果运用 — a built system's evaluation steers next year's
money. Its score falls in a band of the version's `[steering]` table (our reading), and the band
recommends what its O&M application may ask (held at last year's, a capped rise, or more) and
what its unit's new applications meet in the list review.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from govit.policy.answers import Basis, PolicyError, wan_text
from govit.policy.versions import Band, Policy

SCORE_MAX = Decimal(100)  # the evaluation's scores are out of a hundred (the model's constraint)


def band_of(score: Decimal, policy: Policy) -> Band:
    """The band `score` falls in: the last whose lower bound it reaches (at or above)."""
    if not Decimal(0) <= score <= SCORE_MAX:
        raise PolicyError(f"绩效评价得分应在 0 至 {SCORE_MAX} 之间", article=policy.steering.article)
    return [band for band in policy.steering.bands if score >= band.lower][-1]


def score_text(score: Decimal) -> str:
    """ "72.25" — a mean of four whole scores, its trailing zeros dropped."""
    text = f"{score:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class OmAdvice:
    """What a system's score recommends for its O&M application of the year (R5.6)."""

    score: Decimal
    band: Band
    last_year: Decimal | None  # last year's O&M amount, if any is known
    requested: Decimal | None
    cap: Decimal | None  # the most the band recommends this year; None: no cap, or nothing to cap
    exceeds: bool  # the requested amount is above the cap
    text: str
    basis: Basis


def om_advice(
    *, score: Decimal, last_year: Decimal | None, requested: Decimal | None, policy: Policy
) -> OmAdvice:
    """The recommendation for the O&M application of a system scored `score`: its band's, with the
    cap on last year's amount the band sets, and whether `requested` is above it (exactly the cap
    is within it)."""
    band, steering = band_of(score, policy), policy.steering
    cap = None
    if band.om_rise is not None and last_year is not None:
        cap = (last_year * (1 + band.om_rise)).quantize(Decimal("0.01"))
    exceeds = cap is not None and requested is not None and requested > cap
    text = f"绩效评价得分 {score_text(score)}（{band.label}）：{band.om}"
    if cap is not None:
        text += f"，本年度运维经费不超过{wan_text(cap)}（上年度{wan_text(last_year)}）"  # type: ignore[arg-type]
    elif band.om_rise is not None:
        text += "；上年度无运维经费记录，请按上年度实际支出核定"
    if exceeds:
        text += f"；本次申报{wan_text(requested)}，超出建议额度"  # type: ignore[arg-type]
    return OmAdvice(score, band, last_year, requested, cap, exceeds, text,
                    Basis(steering.article, text, steering.clause))  # fmt: skip


@dataclass(frozen=True)
class NewAdvice:
    """What the unit's built systems' evaluations recommend for its new applications (R5.6)."""

    score: Decimal  # the lowest of its systems' latest scores
    band: Band
    text: str
    basis: Basis


def new_application_advice(*, scores: Sequence[Decimal], policy: Policy) -> NewAdvice | None:
    """The recommendation the unit's lowest-scored built system makes for its new applications, or
    None when it has no evaluated system or that band asks nothing."""
    if not scores:
        return None
    lowest = min(scores)
    band, steering = band_of(lowest, policy), policy.steering
    if not band.new:
        return None
    text = f"本单位已建系统最低绩效评价得分 {score_text(lowest)}（{band.label}）：{band.new}"
    return NewAdvice(lowest, band, text, Basis(steering.article, text, steering.clause))
