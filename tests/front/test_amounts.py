"""The web forms read an amount as every surface does (tests/amounts.py): the application's
MoneyField, a MoneyField's text as the construction services take it, and a unit price's box."""

from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from tests.amounts import REFUSED_TEXT, SAME_AMOUNT
from tests.projects.test_application_form import _post

from govit.construction.forms import amount_of
from govit.front.fields import MoneyField, YuanField
from govit.projects.models import Project


class _AmountForm(forms.Form):
    amount = MoneyField()


@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_the_application_form_reads_each_text_as_every_surface_does(client_for, text, yuan):
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        # The text typed as it is, with the unit select left at 元: the text says its own unit.
        client_for("jiaowei_unit").post("/projects/new/", _post(amount_0=text, amount_1="yuan"))
    assert str(Project.objects.get().amount) == yuan


@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_a_money_field_and_a_unit_price_read_each_text_as_every_surface_does(text, yuan):
    form = _AmountForm({"amount_0": text, "amount_1": "yuan"})
    assert form.is_valid(), form.errors
    assert amount_of(form.cleaned_data["amount"]) == Decimal(yuan)
    assert YuanField(max_digits=16, decimal_places=2, min_value=0).clean(text) == Decimal(yuan)


@pytest.mark.parametrize("text", REFUSED_TEXT)
def test_a_money_field_and_a_unit_price_refuse_what_every_surface_refuses(text):
    assert not _AmountForm({"amount_0": text, "amount_1": "yuan"}).is_valid()
    with pytest.raises(ValidationError):
        YuanField(max_digits=16, decimal_places=2, min_value=0).clean(text)
