"""Each enumeration in the OpenAPI description has a name of its own (issue 10 §5).

django-ninja gathers every schema's definitions into one `components.schemas` by name: two enums
called `Kind` (a contract's, an owner decision's, a configuration line's) left one of them, and the
published values of ContractIn.kind were another model's. The test records every definition as the
description is built, so a collision shows even though the document keeps only the last one.
"""

from typing import Any

import pytest
from ninja.openapi.schema import OpenAPISchema

from govit.api.api import api
from govit.construction.models import Contract


@pytest.fixture
def definitions(monkeypatch) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """The OpenAPI description, and every (name, definition) added to it on the way."""
    seen: list[tuple[str, dict[str, Any]]] = []
    add = OpenAPISchema.add_schema_definitions

    def recording(self, found: dict) -> None:
        seen.extend(found.items())
        add(self, found)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    return api.get_openapi_schema(), seen


def _enums(seen: list[tuple[str, dict[str, Any]]]) -> dict[str, set[tuple[str, ...]]]:
    values: dict[str, set[tuple[str, ...]]] = {}
    for name, definition in seen:
        if "enum" in definition:
            values.setdefault(name, set()).add(tuple(definition["enum"]))
    return values


def test_no_two_different_enumerations_share_a_name(definitions):
    spec, seen = definitions
    enums = _enums(seen)
    assert enums, "the description has enumerations to check"
    shared = {name: sorted(values) for name, values in enums.items() if len(values) > 1}
    assert shared == {}
    for name, values in enums.items():  # and the document keeps the one each name stands for
        assert {tuple(spec["components"]["schemas"][name]["enum"])} == values


def test_the_check_would_see_two_enumerations_of_one_name(definitions):
    # The recorder itself: two definitions of one name with different values are reported.
    _, seen = definitions
    assert _enums([*seen, ("ContractKind", {"enum": ["x"]})])["ContractKind"] == {
        tuple(Contract.Kind.values),
        ("x",),
    }


def test_contract_in_kind_lists_the_contract_kinds(client):
    spec = client.get("/api/v1/openapi.json").json()
    kind = spec["components"]["schemas"]["ContractIn"]["properties"]["kind"]
    name = kind["$ref"].rsplit("/", 1)[-1]
    assert spec["components"]["schemas"][name]["enum"] == Contract.Kind.values
    assert Contract.Kind.values == ["construction", "supervision", "service", "om"]


def test_every_reference_in_the_description_resolves(client):
    spec = client.get("/api/v1/openapi.json").json()
    names = set(spec["components"]["schemas"])

    def refs(node: Any):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    found = set(refs(spec))
    assert found and {ref.removeprefix("#/components/schemas/") for ref in found} <= names
