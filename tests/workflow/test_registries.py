"""The guards and effects are registered once, each guard with its article and whether it judges
only the action's typed inputs; what the engine needs of them is derived from the registries."""

import pytest

from govit.policy.versions import chinese_number
from govit.workflow import effects, guards
from govit.workflow.guards import GUARDS, INPUT_GUARDS, Guard, Unmet


def test_each_guard_is_registered_under_its_name_with_the_article_its_docstring_cites():
    for name, registered in GUARDS.items():
        assert registered.name == name == registered.check.__name__
        assert getattr(guards, name) is registered
        assert 1 <= registered.article <= 29
        assert f"第{chinese_number(registered.article)}条" in registered.check.__doc__, name


def test_the_guards_that_judge_only_the_typed_inputs_are_derived_from_the_registry():
    assert INPUT_GUARDS == {name for name, g in GUARDS.items() if g.inputs_only}
    assert INPUT_GUARDS == {
        "late_accepted",
        "budget_lines_add_up",
        "all_compliance_items_pass",
        "some_compliance_item_fails",
        # a reason typed in the form lifts them: judged on submission, the action stays on offer
        "proposal_outline_followed",
        "outline_followed",
        # what the review made of the similar projects, as typed (第四条)
        "overlap_explained",
        # whether the review heeds what the evaluations recommend, as typed (第二十六条)
        "steering_heeded",
    }


def test_a_reason_alone_is_unmet_at_the_guards_article_and_an_unmet_keeps_its_own():
    check = Guard("example", lambda project, inputs: ["why", Unmet(17, "other")], article=23)
    assert check(None, {}) == [Unmet(23, "why"), Unmet(17, "other")]


def test_a_guard_or_an_effect_is_registered_once():
    def application_complete(project, inputs):
        return []

    with pytest.raises(ValueError, match="application_complete"):
        guards.guard(article=9)(application_complete)
    with pytest.raises(ValueError, match="submit"):
        effects.effect("submit")(lambda project, user, inputs: None)
    assert GUARDS["application_complete"].check is not application_complete


def test_the_effects_are_those_of_the_transitions_that_record_something_besides_the_state():
    assert set(effects.EFFECTS) == {
        "submit", "confirm", "review_pass", "lg_approve", "lg_return", "lg_reject", "list", "approve_fsr",
        "approve_budget", "record_budget", "initial_acceptance", "compliance_pass", "compliance_fail",
        "confirm_delivery", "retire", "file_final_acceptance",
    }  # fmt: skip
    assert effects.EFFECTS["compliance_pass"] is effects.EFFECTS["compliance_fail"]
