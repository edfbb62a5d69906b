"""第二十六条第二款 (R5.6), as pure Python: a score's band, at, just under and just over each edge
(a score is the mean of four whole scores, so the nearest scores either side are a quarter away),
and what the band recommends for the O&M budget (the cap at, a fen under and a fen over) and for the
unit's other applications — under each policy version's own numbers."""

from decimal import Decimal
from pathlib import Path

import pytest

from govit.policy import PolicyError, load_policy
from govit.policy.steering import band_of, new_application_advice, om_advice, score_text
from govit.policy.versions import _load

# test-2031 is read from the tests' data folder, as GOVIT_POLICY_DIRS would name it.
YUZHONG = load_policy("yuzhong-2021")
TEST = _load("test-2031", str(Path(__file__).resolve().parent.parent / "policy" / "data"))
Q = Decimal("0.25")  # the step between two scores


def _edges(policy):
    return [band.lower for band in policy.steering.bands[1:]]


def test_the_bands_are_the_versions_own_and_marked_as_our_reading():
    assert _edges(YUZHONG) == [Decimal(60), Decimal(85)]
    assert _edges(TEST) == [Decimal(50), Decimal(80)]  # a second version moves them without code
    assert YUZHONG.steering.article == 26 and YUZHONG.steering.clause == 2


@pytest.mark.parametrize("policy", [YUZHONG, TEST], ids=["yuzhong-2021", "test-2031"])
def test_a_score_at_an_edge_is_in_the_band_above_and_a_quarter_under_in_the_band_below(policy):
    labels = [band.label for band in policy.steering.bands]
    for index, edge in enumerate(_edges(policy), start=1):
        assert band_of(edge, policy).label == labels[index]
        assert band_of(edge + Q, policy).label == labels[index]
        assert band_of(edge - Q, policy).label == labels[index - 1]
    assert band_of(Decimal(0), policy).label == labels[0]
    assert band_of(Decimal(100), policy).label == labels[-1]


@pytest.mark.parametrize("score", [Decimal("-0.25"), Decimal("100.25")])
def test_a_score_outside_0_to_100_is_refused_with_its_article(score):
    with pytest.raises(PolicyError) as refused:
        band_of(score, YUZHONG)
    assert refused.value.article == 26 and "0 至 100" in str(refused.value)


LAST = Decimal("250000.00")


def _om(score: str, requested: str | None, last_year: Decimal | None = LAST, policy=YUZHONG):
    return om_advice(
        score=Decimal(score),
        last_year=last_year,
        requested=Decimal(requested) if requested else None,
        policy=policy,
    )


def test_below_the_low_edge_the_budget_is_held_at_last_years_to_the_fen():
    held = _om("59.75", "250000.00")
    assert held.band.label == "较差" and held.cap == LAST and not held.exceeds
    assert "不得增加" in held.text and "本年度运维经费不超过25.00万元（上年度25.00万元）" in held.text
    assert _om("59.75", "250000.01").exceeds and "超出建议额度" in _om("59.75", "250000.01").text
    assert not _om("59.75", "249999.99").exceeds


def test_between_the_edges_the_budget_may_rise_by_the_versions_share_and_no_more():
    for score in ("60", "60.25", "84.75"):
        advice = _om(score, "275000.00")  # 250,000 × (1 + 0.10)
        assert advice.band.label == "合格" and advice.cap == Decimal("275000.00") and not advice.exceeds
    assert _om("60", "275000.01").exceeds and not _om("60", "274999.99").exceeds
    assert _om("59.75", "275000.00").exceeds  # a quarter lower, the same request is above the cap
    assert _om("60", "262500.00", policy=TEST).cap == Decimal("262500.00")  # test-2031: 0.05
    assert _om("60", "262500.01", policy=TEST).exceeds


def test_at_and_above_the_high_edge_there_is_no_cap():
    for score in ("85", "85.25", "100"):
        advice = _om(score, "9000000.00")
        assert advice.band.label == "优秀" and advice.cap is None and not advice.exceeds
        assert advice.text.endswith("运维经费可适当增加")
    assert _om("84.75", "9000000.00").exceeds


def test_without_last_years_amount_nothing_is_capped_and_the_advice_says_so():
    advice = _om("59.75", "300000.00", last_year=None)
    assert advice.cap is None and not advice.exceeds and "上年度无运维经费记录" in advice.text
    assert _om("90", None, last_year=None).text == "绩效评价得分 90（优秀）：运维经费可适当增加"


def test_the_units_lowest_score_steers_its_other_applications_only_below_the_low_edge():
    assert new_application_advice(scores=[], policy=YUZHONG) is None
    assert new_application_advice(scores=[Decimal(60), Decimal(95)], policy=YUZHONG) is None
    strict = new_application_advice(scores=[Decimal("59.75"), Decimal(95)], policy=YUZHONG)
    assert strict is not None and strict.score == Decimal("59.75") and "从严审核" in strict.text
    assert strict.basis.article == 26 and strict.basis.clause == 2
    assert new_application_advice(scores=[Decimal("50")], policy=TEST) is None  # test-2031's edge
    assert new_application_advice(scores=[Decimal("49.75")], policy=TEST) is not None


def test_a_score_is_shown_without_trailing_zeros():
    assert [score_text(Decimal(x)) for x in ("65.75", "60.50", "60", "100.00")] == [
        "65.75",
        "60.5",
        "60",
        "100",
    ]
