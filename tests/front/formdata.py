"""Arbitrary input for GovIT's forms, shared by the form fuzz (tests/front/test_form_fuzz.py) and the
page fuzz (tests/fuzz/test_pages_fuzz.py): every form class discovered, the arguments their
constructors require made by name, and Hypothesis strategies for what may be posted to them."""

import importlib
import inspect
import pkgutil
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import strategies as st

import govit
from govit import policy
from govit.workflow import lifecycle

CHOICES = [(1, "渝中区教育委员会"), (2, "渝中区大数据发展局"), (9223372036854775807, "最后一个")]
TRANSITIONS = [t for t in lifecycle.TRANSITIONS if t.inputs]
BUILDERS: dict[str, st.SearchStrategy[Any]] = {
    "years": st.just([2026, 2027]),
    "units": st.just(CHOICES),
    "organisations": st.just(CHOICES),
    "agencies": st.just(CHOICES),
    "experts": st.just(CHOICES),
    "people": st.just(CHOICES),
    "rules": st.sampled_from(policy.available_policies()),
    "transition": st.sampled_from(TRANSITIONS),
}


# The sign-in, password and account forms are Django's own (django.contrib.auth.forms) underneath,
# and take the person they are about as a positional argument: Django tests them; GovIT's password
# policy has its own tests (tests/accounts).
def _djangos(cls: type) -> bool:
    return any(klass.__module__ == "django.contrib.auth.forms" for klass in cls.__mro__)


TEXT = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "0.001",
            "1e309",
            "NaN",
            "9" * 40,
            "2026-02-30",
            "0000-00-00",
            "１２０万",
            "1,200万",
            "800万元",
            "万",
            "yes",
            "no",
            "on",
            "true",
            "None",
            "[]",
            "{}",
            "\\",
            "'\"<>&",
        ]
    ),  # fmt: skip
)


def govit_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in pkgutil.walk_packages(govit.__path__, "govit."):
        if module.name.rsplit(".", 1)[-1] != "forms":
            continue
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            name = f"{cls.__module__}.{cls.__name__}"
            if issubclass(cls, forms.BaseForm) and name.startswith("govit.") and not _djangos(cls):
                found[name] = cls
    return [found[name] for name in sorted(found)]


FORMS = govit_forms()


def required_arguments(cls: type[forms.BaseForm]) -> list[str]:
    base = set(inspect.signature(forms.BaseForm.__init__).parameters)
    parameters = inspect.signature(cls.__init__).parameters.values()
    return [
        p.name
        for p in parameters
        if p.name not in base and p.default is p.empty and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


def values(field: forms.Field, key: str) -> st.SearchStrategy[list[Any]]:
    """Anything at all, and sometimes what the field expects: one of its choices, its limit and one over."""
    options = [TEXT]
    choices = [
        str(value) for value, _ in getattr(field, "choices", ()) if not isinstance(value, list | tuple)
    ]
    if choices:
        options.append(st.sampled_from(choices))
    if getattr(field, "max_length", None):
        options.append(st.sampled_from(["字" * field.max_length, "字" * (field.max_length + 1)]))
    many = isinstance(field, forms.MultipleChoiceField)
    return st.lists(st.one_of(*options), min_size=0, max_size=3 if many else 1)


@st.composite
def posted(draw, form: forms.BaseForm) -> tuple[MultiValueDict, MultiValueDict]:
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.FileField):
            if draw(st.booleans()):
                files[key] = SimpleUploadedFile(draw(TEXT) or "x", draw(st.binary(max_size=64)))
            continue
        widget = field.widget
        keys = (
            [f"{key}{suffix}" for suffix in widget.widgets_names]
            if isinstance(widget, forms.MultiWidget)
            else [key]
        )
        for each in keys:
            if draw(st.integers(0, 5)):  # now and then a field is left out altogether
                data.setlist(each, draw(values(field, each)))
    return data, files


def what_its_views_call(cls: type[forms.BaseForm]) -> list[str]:
    return [
        name
        for klass in cls.__mro__
        if klass.__module__.startswith("govit.")
        for name, member in vars(klass).items()
        if inspect.isfunction(member) and not name.startswith(("_", "clean"))
        if len(inspect.signature(member).parameters) == 1
    ]
