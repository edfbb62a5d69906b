"""Every set of states the code uses is derived from the declaration (a phase, an actor, or the
records a state keeps), and the declaration refuses names it does not know when it is built."""

from dataclasses import replace

import pytest

from govit.workflow import change, lifecycle, lines


def test_the_record_families_cover_the_life_as_the_rules_order_it():
    assert lifecycle.EDITABLE == {"draft", "returned"}
    assert lifecycle.keeping("baseline") == {"approved"}  # 第十七条: before building starts
    assert lifecycle.keeping("changes") == {"construction", "trial_run"}  # 第二十一条
    assert lifecycle.keeping("delivered_items") == {"construction"}  # 第二十三条: before 初验
    assert lifecycle.keeping("construction") == lifecycle.BUILDING
    assert lifecycle.keeping("funds") == lifecycle.BUILDING | lifecycle.IN_SERVICE
    assert lifecycle.keeping("operation") == (lifecycle.BUILDING - {"approved"}) | lifecycle.IN_SERVICE
    assert lifecycle.keeping("library") == {"delivered", "retired"}
    assert lifecycle.keeping("evaluation") == lifecycle.IN_SERVICE | lifecycle.ENDED


def test_the_scheme_sets_follow_who_acts():
    assert set(lifecycle.DRC_APPROVAL_STATES) == {
        "fsr_approval",
        "fsr_budget_approval",
        "design_budget_approval",
    }
    assert set(lifecycle.UNIT_SCHEME_STATES) == {
        "fsr_with_budget",
        "fsr",
        "preliminary_design",
        "budget_order87",
    }
    assert lifecycle.SCHEME_REVIEW_STATES == set(lifecycle.DRC_APPROVAL_STATES) | {"design_review"}
    assert lifecycle.ENDED == {"retired", "om_closed"}  # rejected and withdrawn were never listed


def test_an_unknown_record_is_refused():
    with pytest.raises(KeyError):
        lifecycle.keeping("contracts")


@pytest.mark.parametrize(
    "broken",
    [
        lambda: (replace(lifecycle.STATES[0], keeps=("nonsense",)), *lifecycle.STATES[1:]),
        lambda: (replace(lifecycle.STATES[0], actor="mayor"), *lifecycle.STATES[1:]),
    ],
)
def test_a_state_naming_an_unknown_record_or_role_fails_when_the_declaration_is_built(monkeypatch, broken):
    monkeypatch.setattr(lifecycle, "STATES", broken())
    with pytest.raises(ValueError):
        lifecycle._validate()


def test_a_transition_to_an_unknown_state_fails_when_the_declaration_is_built(monkeypatch):
    broken = (replace(lifecycle.TRANSITIONS[0], target="limbo"), *lifecycle.TRANSITIONS[1:])
    monkeypatch.setattr(lifecycle, "TRANSITIONS", broken)
    with pytest.raises(ValueError):
        lifecycle._validate()


def test_a_change_starts_with_the_bdb_only_above_the_ratio_and_moves_only_as_declared():
    assert change.start(requires_reapproval=False) == "recorded"
    assert change.start(requires_reapproval=True) == "bdb_review"
    assert change.move("bdb_review", "review_pass").target == "drc_review"
    assert change.move("bdb_review", "review_refuse").target == "refused"
    assert change.move("drc_review", "approve").target == "approved"
    assert change.move("recorded", "approve") is None
    assert change.move("bdb_review", "approve") is None
    assert change.PENDING == {"bdb_review", "drc_review"}
    assert change.waiting_for("drc") == {"drc_review"}


def test_a_change_step_taken_by_someone_else_than_the_state_waits_for_fails_when_declared(monkeypatch):
    broken = (replace(change.TRANSITIONS[0], actor="drc"), *change.TRANSITIONS[1:])
    monkeypatch.setattr(change, "TRANSITIONS", broken)
    with pytest.raises(ValueError):
        change._validate()


def test_the_approval_and_the_listing_gate_are_found_in_the_declaration():
    assert lifecycle.APPROVED == "approved"
    assert lifecycle.LISTING == "listing" and lifecycle.STATE_BY_CODE[lifecycle.LISTING].step == "listing"
    assert lifecycle.sources_of("apply_compliance") == {"trial_run"}
    assert lifecycle.sources_of("list") == {lifecycle.LISTING}
    with pytest.raises(KeyError):
        lifecycle.sources_of("levitate")


def test_the_steps_after_the_approval_follow_the_category():
    building = (
        "approved",
        "construction",
        "trial_run",
        "compliance_review",
        "final_acceptance",
        "final_filing",
    )
    assert lines.later_steps("construction") == (*building, "delivered")
    assert lines.later_steps("service") == lines.later_steps("construction")
    assert lines.later_steps("om") == ("approved", "om_service")
    assert set(lines.later_steps("construction")) <= lifecycle.BUILDING | lifecycle.IN_SERVICE


def test_the_steps_after_the_approval_must_be_one_line(monkeypatch):
    fork = lifecycle.Transition("fork", "分叉", ("approved",), "trial_run", "unit", 16)
    monkeypatch.setattr(lifecycle, "TRANSITIONS", (*lifecycle.TRANSITIONS, fork))
    with pytest.raises(ValueError, match="not one line at 'approved'"):
        lines.later_steps("om")


def test_a_settled_change_is_refused_or_accepted_as_its_steps_say():
    assert change.REFUSED == {"refused"}
    assert change.ACCEPTED == {"recorded", "approved"}
    assert change.start(requires_reapproval=False) in change.ACCEPTED
