"""The lifecycle's money inputs read an amount as every surface does (tests/amounts.py); a JSON
number is an amount only when whole, and a float is refused naming the field."""

import pytest
from tests.amounts import FLOATS, REFUSED_TEXT, SAME_AMOUNT

from govit.projects.errors import InvalidInput
from govit.workflow.inputs import clean_inputs
from govit.workflow.lifecycle import Input

TOTAL = (Input("approved_total", "批复总投资", "money"),)


def _clean(value):
    return clean_inputs(TOTAL, {"approved_total": value}, documents={})["approved_total"]


@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_an_action_input_reads_each_text_as_every_surface_does(text, yuan):
    assert _clean(text) == yuan
    assert _clean(f"  {text} ") == yuan


def test_a_whole_json_number_is_yuan():
    assert _clean(12000000) == "12000000.00"


@pytest.mark.parametrize("value", [*REFUSED_TEXT, *FLOATS, True])
def test_an_action_input_refuses_what_every_surface_refuses_naming_the_field(value):
    with pytest.raises(InvalidInput) as refusal:
        _clean(value)
    assert refusal.value.field == "approved_total"
    assert "批复总投资" in refusal.value.detail
