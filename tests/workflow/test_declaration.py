"""The declaration is checked against the registries it names when the engine is imported: a guard,
an effect, a role, a state or a document kind that does not exist fails with the transition and
the unknown name, not when a person first meets it."""

from dataclasses import replace

import pytest

from govit.accounts.roles import Role
from govit.workflow import change, effects, engine, lifecycle
from govit.workflow.guards import GUARDS


def _with_first(monkeypatch, **changes):
    """The declaration with its first transition (submit, draft/returned → unit_confirm) changed."""
    broken = (replace(lifecycle.TRANSITIONS[0], **changes), *lifecycle.TRANSITIONS[1:])
    monkeypatch.setattr(lifecycle, "TRANSITIONS", broken)
    return broken[0]


def test_the_real_declaration_validates():
    engine.validate_declaration()
    lifecycle._validate()
    change._validate()


def test_every_guard_a_transition_names_is_registered_and_every_effect_follows_a_declared_transition():
    named = {name for t in lifecycle.TRANSITIONS for name in t.guards}
    assert named <= GUARDS.keys()
    assert set(effects.EFFECTS) <= {t.code for t in lifecycle.TRANSITIONS}


def test_an_unknown_guard_fails_naming_the_transition_and_the_guard(monkeypatch):
    _with_first(monkeypatch, guards=(*lifecycle.TRANSITIONS[0].guards, "moon_is_full"))
    with pytest.raises(
        ValueError, match=r"transition submit \(draft/returned → unit_confirm\).*'moon_is_full'"
    ):
        engine.validate_declaration()


def test_an_effect_for_no_declared_transition_fails_naming_it(monkeypatch):
    monkeypatch.setitem(effects.EFFECTS, "levitate", lambda project, user, inputs: None)
    with pytest.raises(ValueError, match="effect 'levitate'"):
        engine.validate_declaration()


def test_an_unknown_role_of_a_transition_fails_in_the_pure_declaration_and_in_the_engine(monkeypatch):
    _with_first(monkeypatch, actor="mayor")
    with pytest.raises(ValueError, match=r"transition submit .*'mayor'"):
        lifecycle._validate()
    with pytest.raises(ValueError, match=r"transition submit .*'mayor'"):
        engine.validate_declaration()


def test_a_role_the_declaration_allows_but_accounts_do_not_know_fails_in_the_engine(monkeypatch):
    monkeypatch.setattr(lifecycle, "ROLES", lifecycle.ROLES | {"mayor"})
    _with_first(monkeypatch, actor="mayor")
    lifecycle._validate()  # the pure floor cannot know Role
    with pytest.raises(ValueError) as failure:
        engine.validate_declaration()
    assert "lifecycle.ROLES: unknown role 'mayor'" in str(failure.value)
    assert "transition submit (draft/returned → unit_confirm): unknown role 'mayor'" in str(failure.value)


def test_an_unknown_role_of_a_change_step_fails_naming_it(monkeypatch):
    states = tuple(replace(s, actor="mayor") if s.code == "bdb_review" else s for s in change.STATES)
    steps = tuple(replace(t, actor="mayor") if t.source == "bdb_review" else t for t in change.TRANSITIONS)
    monkeypatch.setattr(change, "STATES", states)
    monkeypatch.setattr(change, "TRANSITIONS", steps)
    change._validate()  # consistent in itself
    with pytest.raises(ValueError) as failure:
        engine.validate_declaration()
    assert "change transition review_pass (bdb_review → drc_review): unknown role 'mayor'" in str(
        failure.value
    )
    assert "state bdb_review: unknown role 'mayor'" in str(failure.value)


def test_an_unknown_state_fails_naming_the_transition_and_the_state(monkeypatch):
    _with_first(monkeypatch, target="limbo")
    with pytest.raises(
        ValueError, match=r"transition submit \(draft/returned → limbo\): unknown state 'limbo'"
    ):
        engine.validate_declaration()


def test_an_unknown_state_of_a_change_step_fails_naming_it(monkeypatch):
    monkeypatch.setattr(
        change, "TRANSITIONS", (replace(change.TRANSITIONS[0], target="limbo"), *change.TRANSITIONS[1:])
    )
    with pytest.raises(ValueError, match="change transition review_pass: unknown state 'limbo'"):
        engine.validate_declaration()


def test_an_unknown_record_fails_naming_the_state_and_the_record(monkeypatch):
    monkeypatch.setattr(
        lifecycle, "STATES", (replace(lifecycle.STATES[0], keeps=("nonsense",)), *lifecycle.STATES[1:])
    )
    with pytest.raises(ValueError, match="state draft: unknown record 'nonsense'"):
        engine.validate_declaration()


def test_an_unknown_document_kind_or_uploader_fails_naming_them(monkeypatch):
    upload = lifecycle.Input("scan", "扫描件", "document", kinds=("papyrus",), uploaded_as="pharaoh")
    _with_first(monkeypatch, documents=("tablet",), inputs=(upload,))
    with pytest.raises(ValueError) as failure:
        engine.validate_declaration()
    for name in (
        "unknown document kind 'tablet'",
        "unknown document kind 'papyrus'",
        "input scan: unknown role 'pharaoh'",
    ):
        assert name in str(failure.value)


def test_every_problem_is_named_at_once(monkeypatch):
    _with_first(monkeypatch, guards=("moon_is_full", "stars_align"))
    monkeypatch.setitem(effects.EFFECTS, "levitate", lambda project, user, inputs: None)
    with pytest.raises(ValueError) as failure:
        engine.validate_declaration()
    assert all(name in str(failure.value) for name in ("'moon_is_full'", "'stars_align'", "'levitate'"))


def test_the_roles_the_declaration_may_name_are_the_business_roles_that_act_or_read():
    assert lifecycle.ROLES <= set(Role.values)
    assert {t.actor for t in lifecycle.TRANSITIONS} <= lifecycle.ROLES
