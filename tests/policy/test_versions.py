"""The regulation as data: every number names its article, clause and boundary side (R1.5, R9.4)."""

import re
import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from tests.rules import OFFICIAL, YUZHONG

from govit.policy import (
    Threshold,
    application_deadline,
    available_policies,
    change_check,
    classify,
    contract_due,
    funding_channel,
    load_policy,
    policy_in_force,
    route,
    scope,
    trial_ready,
)
from govit.policy.versions import chinese_number

BOUNDARIES = {"at_or_below", "at_or_above", "above", "below"}
SEED = Path("/work/shared/seed/yuzhong-rules-2021.md")


@pytest.fixture(scope="module")
def raw():
    text = (resources.files("govit.policy") / "data" / "yuzhong-2021.toml").read_text("utf-8")
    return tomllib.loads(text)


def _normalised(text: str) -> str:
    # The published text mixes half- and full-width punctuation and spaces around numbers.
    text = re.sub(r"\s+", "", text)
    for half, full in ((",", "，"), ("(", "（"), (")", "）"), (";", "；"), (":", "：")):
        text = text.replace(half, full)
    return text


def test_every_threshold_names_its_article_clause_boundary_and_term(raw):
    assert raw["thresholds"], "no thresholds in the data file"
    for code, threshold in raw["thresholds"].items():
        assert isinstance(threshold["article"], int) and 1 <= threshold["article"] <= 29, code
        assert isinstance(threshold["clause"], int) and threshold["clause"] >= 1, code
        assert threshold["boundary"] in BOUNDARIES, code
        assert threshold["term"].strip(), code
        assert threshold["text"].strip(), code
        assert ("amount" in threshold) != ("ratio" in threshold), code


def test_every_period_names_its_article_clause_boundary_and_term(raw):
    assert set(raw["periods"]) >= {"contract_filing", "trial_run", "application_deadline"}
    for code, period in raw["periods"].items():
        assert isinstance(period["article"], int) and 1 <= period["article"] <= 29, code
        assert isinstance(period["clause"], int) and period["clause"] >= 1, code
        assert period["boundary"] in BOUNDARIES, code
        assert period["term"].strip(), code


@pytest.mark.parametrize(
    ("code", "limit", "boundary", "article", "clause"),
    [
        ("om_upgrade_limit", "200000", "at_or_below", 3, 1),  # 20万元以下
        ("combined_path_limit", "10000000", "at_or_below", 13, 2),  # 1000万以下（含1000万）
        ("supervision", "1000000", "at_or_above", 18, 1),  # 100万元以上
        ("change_reapproval", "0.10", "above", 21, 1),  # 超出…10%
    ],
)
def test_each_threshold_has_the_number_and_side_the_rules_give_it(
    policy, code, limit, boundary, article, clause
):
    threshold = policy.thresholds[code]

    assert threshold.limit == Decimal(limit)
    assert threshold.boundary == boundary
    assert (threshold.article, threshold.clause) == (article, clause)


def test_each_period_has_the_length_the_rules_give_it(policy):
    assert policy.periods["contract_filing"]["working_days"] == 7
    assert policy.periods["contract_filing"]["article"] == 16
    assert policy.periods["trial_run"]["months"] == 2
    assert policy.periods["trial_run"]["article"] == 23
    deadline = policy.periods["application_deadline"]
    assert (deadline["month"], deadline["day"], deadline["year_offset"], deadline["article"]) == (
        9,
        30,
        -1,
        9,
    )


def test_every_quoted_text_is_in_the_article_it_cites(policy):
    quoted = [(t.code, t.text, t.article) for t in policy.thresholds.values()]
    quoted += [(code, p["text"], p["article"]) for code, p in policy.periods.items()]
    for code, text, article in quoted:
        article_text = _normalised(policy.article_text(article))
        for piece in text.split("……"):
            assert _normalised(piece) in article_text, f"{code}: {piece!r} is not in 第{article}条"


def test_the_articles_table_holds_all_twenty_nine_articles(policy):
    assert sorted(policy.articles) == list(range(1, 30))
    assert all(text.strip() for text in policy.articles.values())


@pytest.mark.skipif(not SEED.exists(), reason="the Rules' seed text is not on this machine")
def test_the_articles_table_matches_the_published_rules(policy):
    seed = SEED.read_text("utf-8")
    for number, text in policy.articles.items():
        match = re.search(rf"\*\*第{chinese_number(number)}条\*\*(.*?)(?=\*\*第|\n#|\n- |\Z)", seed, re.S)
        assert match, f"第{number}条 not found in the seed"
        assert _normalised(match.group(1)) == _normalised(text), (
            f"第{number}条 differs from the published text"
        )


def _every_basis_and_step_article() -> set[int]:
    cited: set[int] = set()
    answers = [
        classify(policy=YUZHONG, work="upgrade", amount=Decimal("1")),
        classify(policy=YUZHONG, work="upgrade", amount=Decimal("300000"), changes_function=True),
        classify(policy=YUZHONG, work="new", amount=Decimal("1")),
        change_check(policy=YUZHONG, approved_software=Decimal("1000000"), changes=[Decimal("200000")]),
        change_check(policy=YUZHONG, approved_software=Decimal("1000000"), changes=[Decimal("1")]),
        contract_due(policy=YUZHONG, calendar=OFFICIAL, signed=date(2026, 9, 30)),
        contract_due(policy=YUZHONG, calendar=OFFICIAL, signed=date(2027, 3, 1)),
        trial_ready(policy=YUZHONG, start=date(2026, 1, 15)),
        application_deadline(policy=YUZHONG, year=2027, submitted=date(2026, 10, 1)),
        application_deadline(policy=YUZHONG, year=2027, submitted=date(2026, 9, 1)),
        scope(policy=YUZHONG, fiscal_funding=True, it_system=True),
        scope(policy=YUZHONG, fiscal_funding=False, it_system=False, excluded_purchase="pc"),
        funding_channel(policy=YUZHONG, category="om"),
    ]
    for category in ("construction", "service", "om"):
        for amount in ("1", "10000000", "10000000.01"):
            for new in (False, True):
                for procurement in (False, True):
                    answer = route(
                        policy=YUZHONG,
                        category=category,
                        amount=Decimal(amount),
                        new=new,
                        civil_works=True,
                        needs_procurement=procurement,
                    )
                    answers.append(answer)
                    cited |= {step.article for step in answer.steps}
    for answer in answers:
        cited |= {basis.article for basis in answer.basis}
    return cited


def test_every_article_an_answer_or_step_cites_is_in_the_articles_table(policy):
    cited = _every_basis_and_step_article()

    assert cited >= {2, 3, 9, 10, 13, 14, 16, 18, 21, 23}
    for article in cited:
        assert policy.article_text(article).strip(), article


def test_every_route_step_has_an_actor_the_policy_knows(policy):
    for step in policy.steps.values():
        assert step.actor in policy.actors
        assert step.article in policy.articles
    for path in policy.paths.values():
        assert all(code in policy.steps for code in path["steps"])


def test_the_2021_rules_are_still_in_force_in_2030():
    assert policy_in_force(date(2030, 1, 1)).id == "yuzhong-2021"


def test_the_2021_rules_take_effect_on_the_day_they_are_published():
    # 第二十九条：本细则自发布之日起施行 — issued 2021-08-25.
    assert load_policy("yuzhong-2021").effective == date(2021, 8, 25)
    assert policy_in_force(date(2021, 8, 25)).id == "yuzhong-2021"


def test_a_day_before_any_version_gets_the_oldest_version():
    assert policy_in_force(date(2000, 1, 1)).id == available_policies()[0].id


def test_it_refuses_an_unknown_policy_version():
    with pytest.raises(KeyError):
        load_policy("yuzhong-1999")


def test_the_policy_carries_its_document_number(policy):
    assert policy.document_number == "渝中府办〔2021〕19号"


NUMERALS = {
    1: "一",
    2: "二",
    3: "三",
    4: "四",
    5: "五",
    6: "六",
    7: "七",
    8: "八",
    9: "九",
    10: "十",
    11: "十一",
    12: "十二",
    13: "十三",
    14: "十四",
    15: "十五",
    16: "十六",
    17: "十七",
    18: "十八",
    19: "十九",
    20: "二十",
    21: "二十一",
    22: "二十二",
    23: "二十三",
    24: "二十四",
    25: "二十五",
    26: "二十六",
    27: "二十七",
    28: "二十八",
    29: "二十九",
}


@pytest.mark.parametrize(("number", "numeral"), sorted(NUMERALS.items()))
def test_it_writes_article_numbers_as_chinese_numerals(number, numeral):
    assert chinese_number(number) == numeral


def test_it_cites_an_article_and_clause_the_chinese_way(policy):
    assert policy.cite(13, 2) == "第十三条第二款"
    assert policy.cite(9) == "第九条"
    assert policy.cite(21) == "第二十一条"


def _threshold(boundary: str) -> Threshold:
    return Threshold("t", "t", Decimal("100"), boundary, "t", 1, 1, "t")


@pytest.mark.parametrize(
    ("boundary", "symbol", "under", "at", "over"),
    [
        ("at_or_below", "≤", True, True, False),
        ("at_or_above", "≥", False, True, True),
        ("above", ">", False, False, True),
        ("below", "<", True, False, False),
    ],
)
def test_a_threshold_holds_on_the_side_its_boundary_names(boundary, symbol, under, at, over):
    threshold = _threshold(boundary)

    assert threshold.symbol == symbol
    assert threshold.holds(Decimal("99.99")) is under
    assert threshold.holds(Decimal("100")) is at
    assert threshold.holds(Decimal("100.01")) is over
