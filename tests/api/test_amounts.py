"""The API reads an amount as every surface does (tests/amounts.py): a project's 投资估算, the
records' amounts (AmountIn) and the list's filters (AmountQuery); a float is refused."""

import pytest
from pydantic import TypeAdapter, ValidationError
from tests.amounts import FLOATS, REFUSED_TEXT, SAME_AMOUNT
from tests.fixtures.api import FORM, ok, refused

from govit.api.schemas.common import AmountQuery
from govit.construction.schemas import AmountIn

AMOUNT_IN = TypeAdapter(AmountIn)
AMOUNT_QUERY = TypeAdapter(AmountQuery)


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_a_project_created_through_the_api_reads_each_text_as_every_surface_does(api, text, yuan):
    assert ok(api("jiaowei_unit").post("/projects", {**FORM, "amount": text}), 201)["amount"] == yuan


@pytest.mark.parametrize(("text", "yuan"), SAME_AMOUNT)
def test_the_api_validators_read_each_text_as_every_surface_does(text, yuan):
    assert str(AMOUNT_IN.validate_python(text)) == yuan
    assert str(AMOUNT_QUERY.validate_python(text)) == yuan


@pytest.mark.parametrize("value", [*REFUSED_TEXT, *FLOATS, True])
def test_the_api_validators_refuse_what_every_surface_refuses(value):
    with pytest.raises(ValidationError):
        AMOUNT_IN.validate_python(value)
    with pytest.raises(ValidationError):
        AMOUNT_QUERY.validate_python(value)


def test_a_whole_json_number_is_yuan_for_a_record():
    assert str(AMOUNT_IN.validate_python(12000000)) == "12000000.00"


@pytest.mark.django_db
@pytest.mark.usefixtures("during_the_call")
@pytest.mark.parametrize("value", ["八百万", *FLOATS])
def test_a_project_amount_that_is_not_an_amount_is_refused_naming_the_field(api, value):
    refused(api("jiaowei_unit").post("/projects", {**FORM, "amount": value}), 422, field="amount")
