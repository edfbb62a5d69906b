"""Free text has a length limit everywhere it comes in (issue 10 §5): each model's text fields, each
form's and each API schema's, one limit for each kind of text (govit.limits); over it, a Chinese 4xx
naming the field. Each kind is tried at, just under and just over its limit."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from tests.fixtures.api import CHAPTERS, FORM, ok, refused
from tests.fixtures.projects import FORM as PAGE_FORM

import govit
from govit import limits
from govit.api.api import api as govit_api
from govit.projects.errors import InvalidInput
from govit.projects.models import Proposal
from govit.workflow import lifecycle
from govit.workflow.inputs import clean_inputs

KINDS = (limits.TEXT, limits.REPORT)


def _govit_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("govit.")]


def _govit_forms() -> list[type[forms.BaseForm]]:
    found: set[type[forms.BaseForm]] = set()
    for module in pkgutil.walk_packages(govit.__path__, "govit."):
        if module.name.rsplit(".", 1)[-1] == "forms":
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__.startswith("govit."):
                    found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


# --- Every place text comes in has a limit --------------------------------------------------------


def test_every_text_field_of_every_model_has_a_limit_of_its_kind_that_its_validator_enforces():
    text_fields = [
        (model, field)
        for model in _govit_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    ]
    assert len(text_fields) > 30
    for model, field in text_fields:
        where = f"{model.__name__}.{field.name}"
        assert field.max_length in KINDS, where
        limit = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        assert limit == [field.max_length], where


def test_every_char_field_of_every_model_has_a_max_length():
    for model in _govit_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField):
                assert field.max_length, f"{model.__name__}.{field.name}"


def test_every_text_field_of_every_form_has_a_limit_and_a_message_naming_it():
    # Django's own sign-in and password fields excepted: the accounts' forms keep Django's.
    text_fields = [
        (cls, name, field)
        for cls in _govit_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
        if cls.__module__ not in {"govit.accounts.forms", "govit.front.forms"}
    ]
    assert len(text_fields) > 50
    for cls, name, field in text_fields:
        where = f"{cls.__name__}.{name}"
        assert field.max_length, where
        if not cls.__name__.endswith("FilterForm"):  # a filter too long is ignored, not reported
            assert field.error_messages["max_length"].startswith("“"), where


def test_every_text_a_request_may_carry_has_a_max_length_in_the_openapi_description():
    spec = govit_api.get_openapi_schema()
    components = spec["components"]["schemas"]
    missing: list[str] = []

    def walk(schema: dict, where: str, seen: frozenset = frozenset()) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(components[name], name, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            options = schema.get(key, ())
            numeric = any(option.get("type") in ("number", "integer") for option in options)
            for option in options:
                if not (numeric and option.get("type") == "string"):  # a decimal, as a number or text
                    walk(option, where, seen)
        for name, value in schema.get("properties", {}).items():
            walk(value, f"{where}.{name}", seen)
        if "items" in schema:
            walk(schema["items"], f"{where}[]", seen)
        # An amount is read by the one parser (its own checks); a date has its format.
        free = schema.get("type") == "string" and not (
            {"enum", "format", "pattern", "maxLength"} & set(schema)
        )
        if free and "万" not in schema.get("description", ""):
            missing.append(where)

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", ()):
                if parameter["in"] != "path":
                    walk(parameter["schema"], f"{method} {path} {parameter['name']}")
            for content in operation.get("requestBody", {}).get("content", {}).values():
                walk(content["schema"], f"{method} {path}")
    assert missing == []


def test_every_text_input_of_the_lifecycle_fits_the_record_it_fills():
    # A meeting's minutes number goes to a column of 100: the input takes no more.
    inputs = {i.name: i for t in lifecycle.TRANSITIONS for i in t.inputs}
    assert inputs["minutes_ref"].max_length == 100
    assert inputs["document_number"].max_length == 100


# --- Each kind at, just under and just over its limit ----------------------------------------------


@pytest.fixture
def unit_api(api, demo, during_the_call):
    return api("jiaowei_unit")


@pytest.mark.django_db
@pytest.mark.parametrize("length", [limits.TEXT - 1, limits.TEXT])
def test_a_paragraph_at_its_limit_is_kept(unit_api, length):
    created = ok(unit_api.post("/projects", {**FORM, "reason": "理" * length}), 201)
    assert len(ok(unit_api.get(f"/projects/{created['id']}"))["reason"]) == length


@pytest.mark.django_db
def test_a_paragraph_just_over_its_limit_is_refused_naming_the_field(unit_api):
    body = refused(
        unit_api.post("/projects", {**FORM, "reason": "理" * (limits.TEXT + 1)}), 422, field="reason"
    )
    assert body["detail"] == f"“reason”不能超过 {limits.TEXT} 个字。"
    assert ok(unit_api.get("/projects"))["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("length", [limits.REPORT - 1, limits.REPORT])
def test_a_chapter_at_its_limit_is_kept(unit_api, length):
    project_id = ok(unit_api.post("/projects", FORM), 201)["id"]
    saved = ok(unit_api.put(f"/projects/{project_id}/proposal", {**CHAPTERS, "plan": "案" * length}))
    assert len(saved["plan"]) == length


@pytest.mark.django_db
def test_a_chapter_just_over_its_limit_is_refused_naming_the_field(unit_api):
    project_id = ok(unit_api.post("/projects", FORM), 201)["id"]
    too_long = {**CHAPTERS, "plan": "案" * (limits.REPORT + 1)}
    body = refused(unit_api.put(f"/projects/{project_id}/proposal", too_long), 422, field="plan")
    assert str(limits.REPORT) in body["detail"]
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_a_name_over_its_column_is_refused_before_the_database_sees_it(unit_api):
    ok(unit_api.post("/projects", {**FORM, "leader_name": "陈" * 50}), 201)
    refused(unit_api.post("/projects", {**FORM, "leader_name": "陈" * 51}), 422, field="leader_name")


@pytest.mark.parametrize(
    ("name", "limit"), [("meeting", limits.LINE), ("minutes_ref", 100), ("comment", limits.TEXT)]
)
def test_an_actions_text_at_just_under_and_over_its_limit(name, limit):
    declared = next(t for t in lifecycle.TRANSITIONS if t.code == "lg_approve").inputs
    field = next(i for i in declared if i.name == name)
    for length in (limit - 1, limit):
        assert clean_inputs((field,), {name: "会" * length}, documents={})[name] == "会" * length
    with pytest.raises(InvalidInput) as refusal:
        clean_inputs((field,), {name: "会" * (limit + 1)}, documents={})
    assert refusal.value.field == name
    assert refusal.value.detail == limits.too_long(field.label, limit, limit + 1)


@pytest.mark.django_db
def test_the_application_page_refuses_a_paragraph_over_its_limit_beside_the_field(
    client_for, before_deadline
):
    data = {k: v for k, v in PAGE_FORM.items() if k != "amount"}
    data.update(amount_0="800", amount_1="wan", fiscal_funding="yes", it_system="yes")
    client = client_for("jiaowei_unit")
    response = client.post("/projects/new/", {**data, "summary": "简" * (limits.TEXT + 1)})
    assert response.status_code == 422
    assert response.context["form"].errors["summary"] == [
        f"“项目内容简介”不能超过 {limits.TEXT} 个字（现有 {limits.TEXT + 1} 个字）。"
    ]
    assert client.post("/projects/new/", {**data, "summary": "简" * limits.TEXT}).status_code == 302


def test_the_model_refuses_a_chapter_over_its_limit_where_it_is_cleaned():
    proposal = Proposal(plan="案" * (limits.REPORT + 1))
    with pytest.raises(ValidationError) as refusal:
        proposal.clean_fields(exclude=[f.name for f in Proposal._meta.fields if f.name != "plan"])
    assert refusal.value.message_dict["plan"] == [
        f"不能超过 {limits.REPORT} 个字（现有 {limits.REPORT + 1} 个字）。"
    ]
    Proposal(plan="案" * limits.REPORT).clean_fields(
        exclude=[f.name for f in Proposal._meta.fields if f.name != "plan"]
    )
