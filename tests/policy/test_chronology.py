"""The declared order of a project's dates (govit.policy.chronology): each rule at its boundary —
the same day allowed, a day earlier refused; today allowed, tomorrow refused; 1950 the floor."""

import dataclasses
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from govit.policy import add_months, chronology, load_policy
from govit.policy.chronology import EARLIEST, MILESTONE, MILESTONES, ORDER, refusal, typed_refusal, violations
from govit.workflow.lifecycle import TRANSITIONS

POLICY = load_policy("yuzhong-2021")
TODAY = date(2027, 3, 10)
DAY = timedelta(days=1)


def test_every_rule_names_declared_milestones_an_article_and_a_label():
    for order in ORDER:
        assert order.later in MILESTONE and order.earlier in MILESTONE, order
        assert 1 <= order.article <= 29 and order.label, order
        assert order.period is None or order.period in POLICY.periods


def test_every_date_an_action_takes_is_a_declared_milestone():
    inputs = {(t.code, i.name) for t in TRANSITIONS for i in t.inputs if i.type == "date"}
    declared = {pair for m in MILESTONES for pair in m.inputs}
    assert inputs == declared


def test_the_order_runs_from_the_application_to_delivery_without_a_cycle():
    # Each milestone's earlier steps come first in a topological order: a rule can always be met.
    earlier = {m.code: {o.earlier for o in ORDER if o.later == m.code} for m in MILESTONES}
    placed: list[str] = []
    while len(placed) < len(earlier):
        ready = [c for c, before in earlier.items() if c not in placed and before <= set(placed)]
        assert ready, f"a cycle among {set(earlier) - set(placed)}"
        placed += ready
    chain = ["form_date", "submitted", "listed", "budget_approved", "contract_signed",
             "construction_started", "initial_accepted", "trial_started", "compliance_applied",
             "compliance_passed", "final_accepted", "delivered", "retired"]  # fmt: skip
    assert sorted(chain, key=placed.index) == chain


@pytest.mark.parametrize(
    ("value", "refused"),
    [(EARLIEST, False), (EARLIEST - DAY, True), (date(1, 1, 1), True), (TODAY, False), (TODAY + DAY, True)],
)
def test_a_typed_date_lies_between_1950_and_today(value, refused):
    reason = typed_refusal("拨付日期", value, today=TODAY)
    assert (reason is not None) is refused
    if value > TODAY:
        assert reason == "拨付日期不能晚于今天。"
    elif refused:
        assert reason == f"拨付日期 {value.isoformat()} 早于 1950-01-01，请核对日期。"


def test_a_trial_run_starts_on_or_after_the_initial_acceptance():
    recorded = {"initial_accepted": [date(2026, 3, 1)]}
    assert refusal("trial_started", date(2026, 3, 1), recorded, today=TODAY, policy=POLICY) is None
    found = refusal("trial_started", date(2026, 2, 28), recorded, today=TODAY, policy=POLICY)
    assert (found.article, found.reason) == (
        23,
        "试运行开始日期 2026-02-28 早于初验日期 2026-03-01（第二十三条）",
    )
    found = refusal("trial_started", date(2025, 1, 1), recorded, today=TODAY, policy=POLICY)
    assert found.reason == "试运行开始日期 2025-01-01 早于初验日期 2026-03-01（第二十三条）"


def test_a_new_date_follows_the_latest_occurrence_of_its_step():
    # Returned by the leading group and resubmitted: the next meeting follows the resubmission.
    recorded = {"submitted": [date(2026, 9, 1), date(2026, 10, 8)]}
    assert refusal("lg_meeting", date(2026, 10, 8), recorded, today=TODAY, policy=POLICY) is None
    found = refusal("lg_meeting", date(2026, 10, 7), recorded, today=TODAY, policy=POLICY)
    assert found.reason == "领导小组会议日期 2026-10-07 早于报送区大数据发展局日期 2026-10-08（第九条）"


@pytest.mark.parametrize(
    ("start", "allowed_from"),
    [(date(2026, 1, 15), date(2026, 3, 15)), (date(2025, 12, 31), date(2026, 2, 28)), (date(2028, 12, 31), date(2029, 2, 28))],
)  # fmt: skip
def test_the_compliance_review_is_applied_for_two_months_after_the_trial_run_starts(start, allowed_from):
    recorded = {"trial_started": [start]}
    applied = refusal("compliance_applied", allowed_from, recorded, today=date(2030, 1, 1), policy=POLICY)
    assert applied is None
    early = refusal("compliance_applied", allowed_from - DAY, recorded, today=date(2030, 1, 1), policy=POLICY)
    assert early.article == 23
    assert early.reason == (
        f"合规性审查申请日期 {(allowed_from - DAY).isoformat()} 早于试运行开始日期 {start.isoformat()} "
        f"满2个月之日 {allowed_from.isoformat()}（第二十三条）"
    )


def test_the_waiting_period_comes_from_the_policy_version():
    three = dataclasses.replace(
        POLICY, periods={**POLICY.periods, "trial_run": {**POLICY.periods["trial_run"], "months": 3}}
    )
    recorded = {"trial_started": [date(2026, 1, 15)]}
    assert refusal("compliance_applied", date(2026, 3, 15), recorded, today=TODAY, policy=POLICY) is None
    found = refusal("compliance_applied", date(2026, 3, 15), recorded, today=TODAY, policy=three)
    assert "满3个月之日 2026-04-15" in found.reason
    assert refusal("compliance_applied", date(2026, 4, 15), recorded, today=TODAY, policy=three) is None


def test_a_payment_follows_the_budget_approval_and_has_happened():
    recorded = {"budget_approved": [date(2026, 9, 15)], "listed": [date(2026, 9, 1)]}
    assert refusal("paid", date(2026, 9, 15), recorded, today=TODAY, policy=POLICY) is None
    assert refusal("paid", date(2026, 9, 14), recorded, today=TODAY, policy=POLICY).article == 22
    assert refusal("paid", TODAY, recorded, today=TODAY, policy=POLICY) is None
    assert (
        refusal("paid", date(2099, 1, 1), recorded, today=TODAY, policy=POLICY).reason
        == "拨付日期不能晚于今天。"
    )


STORY = {
    "form_date": [date(2026, 9, 1)],
    "submitted": [date(2026, 9, 2)],
    "lg_meeting": [date(2026, 9, 10)],
    "listed": [date(2026, 9, 11)],
    "budget_approved": [date(2026, 10, 8)],
    "contract_signed": [date(2026, 10, 20), date(2026, 11, 20)],
    "contract_filed": [date(2026, 10, 21)],
    "construction_started": [date(2026, 11, 1)],
    "initial_accepted": [date(2027, 1, 5)],
    "trial_started": [date(2027, 1, 5)],
    "compliance_applied": [date(2027, 3, 5)],
    "compliance_passed": [date(2027, 3, 6)],
    "final_accepted": [date(2027, 3, 8)],
    "delivered": [date(2027, 3, 9)],
    "paid": [date(2026, 10, 8), TODAY],
}


def _bound(order, story):
    dates = story[order.earlier]
    start = min(dates) if order.earlier_occurrence == "first" else max(dates)
    return add_months(start, POLICY.periods[order.period]["months"]) if order.period else start


def test_a_true_story_has_no_violation_and_each_step_a_day_before_its_bound_has_one():
    assert violations(STORY, today=TODAY, policy=POLICY) == []
    for code in STORY:
        bounds = [(_bound(o, STORY), o.article) for o in ORDER if o.later == code and o.earlier in STORY]
        if not bounds:
            continue
        bound, article = max(bounds)
        at_bound = {**STORY, code: [bound]}
        assert violations(at_bound, today=TODAY, policy=POLICY) == [], code
        moved = {**STORY, code: [bound - DAY]}
        found = [v for v in violations(moved, today=TODAY, policy=POLICY) if v.milestone == code]
        assert [v.article for v in found] == [article], code


def test_a_recorded_date_in_the_future_is_a_violation():
    found = violations({**STORY, "paid": [TODAY + DAY]}, today=TODAY, policy=POLICY)
    assert [(v.milestone, v.value) for v in found] == [("paid", TODAY + DAY)]


def test_the_trial_run_of_the_issue_is_found():
    # 第二十三条 bypassed: a trial run started before the initial acceptance and the building.
    story = {**STORY, "trial_started": [date(2025, 1, 1)], "compliance_applied": [date(2026, 12, 1)]}
    found = violations(story, today=TODAY, policy=POLICY)
    assert [(v.milestone, v.article) for v in found] == [("trial_started", 23)]


def test_the_declaration_stays_without_django():
    program = "import sys, govit.policy.chronology; print(any(m.startswith('django') for m in sys.modules))"
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment)
    assert done.stdout.strip() == "False", done.stderr
    assert chronology.MILESTONE["trial_started"].article == 23
