"""The route before construction (Art. 9–15, 18), against POLICY-CLI.md's table typed out by hand."""

import re
from decimal import Decimal

import pytest
from tests.rules import YUZHONG

from govit.policy import PolicyError, funding_channel, route
from govit.policy.cli import run

# POLICY-CLI.md, "Step codes and actors" — copied from the spec, not from the code.
ACTORS = {
    "application": "unit",
    "list_review": "bdb",
    "leading_group_review": "lg_office",
    "listing": "bdb",
    "fsr_with_budget": "unit",
    "fsr": "unit",
    "fsr_approval": "drc",
    "preliminary_design": "unit",
    "design_review": "bdb",
    "fsr_budget_approval": "drc",
    "design_budget_approval": "drc",
    "budget_order87": "unit",
}
# 第九条 is the list; 第十三条 is the scheme and its approval.
ARTICLES = {code: 9 for code in ("application", "list_review", "leading_group_review", "listing")} | {
    code: 13
    for code in (
        "fsr_with_budget",
        "fsr",
        "fsr_approval",
        "preliminary_design",
        "design_review",
        "fsr_budget_approval",
        "design_budget_approval",
        "budget_order87",
    )
}

HEAD = ["application", "list_review", "listing"]
HEAD_NEW = ["application", "list_review", "leading_group_review", "listing"]
COMBINED = ["fsr_with_budget", "design_review", "fsr_budget_approval"]
SEPARATE = ["fsr", "fsr_approval", "preliminary_design", "design_review", "design_budget_approval"]
SERVICE = ["preliminary_design", "design_review", "budget_order87"]
EXTRA_APPROVALS = ["energy_assessment", "site_selection", "land_pre_review", "eia"]

# (id, category, amount, new, needs_procurement, steps, funding channel, third-party design, supervision)
DI, GP, DB = "district_investment", "government_procurement", "department_budget"
# fmt: off
ROUTES = [
    ("construction-at-limit",            "construction", "10000000",    False, False, HEAD + COMBINED,     DI, True,  True),
    ("construction-at-limit-new",        "construction", "10000000",    True,  False, HEAD_NEW + COMBINED, DI, True,  True),
    ("construction-fen-under",           "construction", "9999999.99",  False, False, HEAD + COMBINED,     DI, True,  True),
    ("construction-small",               "construction", "500000",      False, False, HEAD + COMBINED,     DI, True,  False),
    ("construction-small-new",           "construction", "500000",      True,  False, HEAD_NEW + COMBINED, DI, True,  False),
    ("construction-fen-over",            "construction", "10000000.01", False, False, HEAD + SEPARATE,     DI, True,  True),
    ("construction-fen-over-new",        "construction", "10000000.01", True,  False, HEAD_NEW + SEPARATE, DI, True,  True),
    ("construction-1200wan",             "construction", "12000000",    False, False, HEAD + SEPARATE,     DI, True,  True),
    ("construction-ignores-procurement", "construction", "500000",      False, True,  HEAD + COMBINED,     DI, True,  False),
    ("service",                          "service",      "500000",      False, False, HEAD + SERVICE,      GP, True,  False),
    ("service-new",                      "service",      "500000",      True,  False, HEAD_NEW + SERVICE,  GP, True,  False),
    ("service-large",                    "service",      "20000000",    False, False, HEAD + SERVICE,      GP, True,  True),
    ("om",                               "om",           "50000",       False, False, HEAD,                DB, False, False),
    ("om-new",                           "om",           "50000",       True,  False, HEAD_NEW,            DB, False, False),
    ("om-procurement",                   "om",           "50000",       False, True,  HEAD + SERVICE,      DB, True,  False),
    ("om-procurement-large",             "om",           "1000000",     False, True,  HEAD + SERVICE,      DB, True,  True),
]
# fmt: on


@pytest.mark.parametrize(
    ("category", "amount", "new", "procurement", "steps", "channel", "third_party", "supervision"),
    [r[1:] for r in ROUTES],
    ids=[r[0] for r in ROUTES],
)
def test_the_route_follows_the_contract_table(
    category, amount, new, procurement, steps, channel, third_party, supervision
):
    answer = route(
        policy=YUZHONG, category=category, amount=Decimal(amount), new=new, needs_procurement=procurement
    )

    assert answer.step_codes == steps
    assert [s.actor for s in answer.steps] == [ACTORS[code] for code in steps]
    assert [s.article for s in answer.steps] == [ARTICLES[code] for code in steps]
    assert answer.funding_channel == channel
    assert answer.needs_proposal is new
    assert answer.needs_leading_group is new
    assert answer.needs_third_party_design is third_party
    assert answer.supervision_required is supervision
    assert answer.extra_approvals == []
    assert answer.policy == "yuzhong-2021"


@pytest.mark.parametrize(
    ("category", "amount", "new", "procurement", "steps", "channel", "third_party", "supervision"),
    [r[1:] for r in ROUTES],
    ids=[r[0] for r in ROUTES],
)
def test_the_cli_prints_the_same_route(
    category, amount, new, procurement, steps, channel, third_party, supervision
):
    argv = ["route", "--category", category, "--amount", amount]
    argv += ["--new"] * new + ["--needs-procurement"] * procurement

    code, data = run(argv)

    assert code == 0
    assert [s["code"] for s in data["steps"]] == steps
    assert [s["actor"] for s in data["steps"]] == [ACTORS[c] for c in steps]
    assert [s["article"] for s in data["steps"]] == [ARTICLES[c] for c in steps]
    assert data["amount"] == str(Decimal(amount).quantize(Decimal("0.01")))
    assert data["funding_channel"] == channel
    assert (data["needs_proposal"], data["needs_leading_group"]) == (new, new)
    assert data["needs_third_party_design"] is third_party
    assert data["supervision_required"] is supervision
    assert data["extra_approvals"] == []


@pytest.mark.parametrize(
    ("civil_works", "high_energy", "extra"),
    [
        (True, False, EXTRA_APPROVALS),
        (False, True, EXTRA_APPROVALS),
        (True, True, EXTRA_APPROVALS),
        (False, False, []),
    ],
)
@pytest.mark.parametrize("category", ["construction", "service", "om"])
def test_new_civil_works_or_high_energy_bring_back_all_four_approvals(
    category, civil_works, high_energy, extra
):
    # 第十四条: none of the four, unless new civil works or a high-energy project — then all four.
    answer = route(
        policy=YUZHONG,
        category=category,
        amount=Decimal("3000000"),
        civil_works=civil_works,
        high_energy=high_energy,
    )

    assert answer.extra_approvals == extra
    article_14 = [b for b in answer.basis if b.article == 14]
    assert len(article_14) == (1 if extra else 0)


def test_the_article_14_reason_names_what_brought_the_approvals_back():
    answer = route(
        policy=YUZHONG, category="construction", amount=Decimal("1"), civil_works=True, high_energy=True
    )
    (basis,) = [b for b in answer.basis if b.article == 14]

    assert "新建土建工程" in basis.reason
    assert "高耗能" in basis.reason
    for name in ("节能评估", "规划选址", "用地预审", "环境影响评价"):
        assert name in basis.reason


def test_the_extra_approvals_do_not_change_the_steps():
    plain = route(policy=YUZHONG, category="construction", amount=Decimal("12000000"))
    with_civil_works = route(
        policy=YUZHONG, category="construction", amount=Decimal("12000000"), civil_works=True
    )

    assert with_civil_works.step_codes == plain.step_codes


def _reason(answer, article: int, clause: int | None = None) -> str:
    found = [b for b in answer.basis if b.article == article and (clause is None or b.clause == clause)]
    assert len(found) == 1, answer.basis
    return found[0].reason


def _comparison(reason: str) -> str:
    found = re.findall(r"[\d,.]+万元 [=<>] [\d,.]+万元", reason)
    assert len(found) == 1, reason
    return found[0]


@pytest.mark.parametrize(
    ("amount", "path", "comparison"),
    [
        ("9999999.99", "combined", "999.999999万元 < 1,000.00万元"),
        ("10000000.00", "combined", "1,000.00万元 = 1,000.00万元"),
        ("10000000.01", "separate", "1,000.000001万元 > 1,000.00万元"),
    ],
)
def test_the_combined_path_takes_construction_up_to_and_including_10000000_yuan(amount, path, comparison):
    # 第十三条第二款 "1000万以下（含1000万）": exactly 1000万 is the combined path (R1.5).
    answer = route(policy=YUZHONG, category="construction", amount=Decimal(amount))

    assert answer.path == path
    assert _comparison(_reason(answer, 13, 2)) == comparison


@pytest.mark.parametrize(
    ("amount", "supervised", "comparison"),
    [
        ("999999.99", False, "99.999999万元 < 100.00万元"),
        ("1000000.00", True, "100.00万元 = 100.00万元"),
        ("1000000.01", True, "100.000001万元 > 100.00万元"),
    ],
)
@pytest.mark.parametrize("category", ["construction", "service", "om"])
def test_supervision_is_required_from_1000000_yuan_inclusive(category, amount, supervised, comparison):
    # 第十八条 "100万元以上": 以上 includes the number itself (R1.5).
    answer = route(policy=YUZHONG, category=category, amount=Decimal(amount))

    assert answer.supervision_required is supervised
    assert _comparison(_reason(answer, 18)) == comparison


def test_a_new_project_cites_article_9_for_its_proposal_and_the_leading_group():
    reason = _reason(route(policy=YUZHONG, category="service", amount=Decimal("1"), new=True), 9)

    assert "项目建议书" in reason
    assert "领导小组" in reason


def test_the_route_cites_article_10_for_its_funding_channel():
    assert "区级投资项目" in _reason(route(policy=YUZHONG, category="construction", amount=Decimal("1")), 10)


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("construction", "district_investment"),
        ("service", "government_procurement"),
        ("om", "department_budget"),
    ],
)
def test_the_funding_channel_follows_from_the_category(category, code):
    # 第十条 (R2.6).
    answer = funding_channel(policy=YUZHONG, category=category)

    assert answer.code == code
    assert [b.article for b in answer.basis] == [10]


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("construction", "district_investment"),
        ("service", "government_procurement"),
        ("om", "department_budget"),
    ],
)
def test_the_funding_command_prints_the_channel(category, code):
    exit_code, data = run(["funding", "--category", category])

    assert exit_code == 0
    assert data["code"] == code
    assert [b["article"] for b in data["basis"]] == [10]


def test_it_refuses_an_unknown_category():
    with pytest.raises(PolicyError) as refused:
        route(policy=YUZHONG, category="consulting", amount=Decimal("1"))

    assert refused.value.article == 3


def test_it_refuses_an_unknown_category_for_the_funding_channel():
    with pytest.raises(PolicyError):
        funding_channel(policy=YUZHONG, category="consulting")


def test_the_cli_prints_the_extra_approvals_in_the_contract_order():
    code, data = run(
        ["route", "--category", "construction", "--amount", "1200万", "--civil-works", "--high-energy"]
    )

    assert code == 0
    assert data["extra_approvals"] == EXTRA_APPROVALS
    assert 14 in [b["article"] for b in data["basis"]]


def test_an_urgent_new_project_skips_the_leading_group_by_article_11():
    answer = route(category="construction", amount=Decimal("8000000"), new=True, urgent=True, policy=YUZHONG)
    assert "leading_group_review" not in answer.step_codes and not answer.needs_leading_group
    assert answer.needs_proposal  # 第九条 still asks a new project for its proposal
    assert any(b.article == 11 for b in answer.basis)


def test_the_route_is_read_from_the_lifecycle_the_engine_executes(monkeypatch):
    from dataclasses import replace

    from govit.workflow import lifecycle

    # Were the declaration to send a combined-path project straight from listing to the DRC's
    # approval, the route would say so: there is no second list of steps to keep in step.
    changed = tuple(
        replace(t, target="fsr_budget_approval") if (t.code, t.paths) == ("list", ("combined",)) else t
        for t in lifecycle.TRANSITIONS
    )
    monkeypatch.setattr(lifecycle, "TRANSITIONS", changed)
    answer = route(category="construction", amount=Decimal("8000000"), policy=YUZHONG)
    assert answer.step_codes[-2:] == ["listing", "fsr_budget_approval"]
