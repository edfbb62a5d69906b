"""The action form, built from the lifecycle's `Input` declarations: an input declared there
appears on the page without a change here."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from govit.front.fields import DateInput, MoneyField, required_error
from govit.workflow.inputs import DocumentFacts, fits, limit_of
from govit.workflow.lifecycle import Input, Transition


def _fitting(declared: Input, documents: Sequence[Any]) -> list[tuple[int, str]]:
    """The documents a document input may take (R3.9): of its kinds, uploaded by its office.
    A plain (id, label) pair carries no facts and is offered as it is."""
    choices = []
    for document in documents:
        if isinstance(document, tuple):
            choices.append(document)
        elif fits(declared, DocumentFacts(document.kind, document.uploaded_as)):
            choices.append((document.pk, str(document)))
    return choices


def _input_field(declared: Input, documents: Sequence[Any]) -> forms.Field:
    common: dict[str, Any] = {
        "label": declared.label,
        "required": declared.required and declared.type != "bool",
        "help_text": declared.help,
        "error_messages": required_error(declared.label),
    }
    if declared.type == "longtext":
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=limit_of(declared), **common
        )
    if declared.type == "date":
        return forms.DateField(widget=DateInput(), **common)
    if declared.type == "money":
        return MoneyField(**common)
    if declared.type == "bool":
        return forms.BooleanField(**common)
    if declared.type == "document":
        choices = [("", "请选择本项目已上传的文件"), *_fitting(declared, documents)]
        if not declared.help:
            common["help_text"] = "请先在“项目文件”中上传，再在此选择。"
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, **common)
    if declared.type == "choice":
        return forms.ChoiceField(choices=[("", "请选择"), *declared.choices], **common)
    return forms.CharField(max_length=limit_of(declared), **common)


class ActionForm(forms.Form):
    """One action's form, its fields built from the transition's declared inputs. The version
    the person saw travels with it, so a second, concurrent change is refused (409)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, transition: Transition, documents: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", transition.code)
        super().__init__(*args, **kwargs)
        self.transition = transition
        for declared in transition.inputs:
            self.fields[declared.name] = _input_field(declared, documents)

    def rows(self) -> list[dict[str, Any]]:
        """The fields as the page lays them out: an item's pass box and its finding side by side
        (the compliance review, 第二十三条: `cloud_ok` + `cloud_finding`), any other field alone."""
        rows: list[dict[str, Any]] = []
        for name in self.fields:
            stem = name.removesuffix("_ok")
            if name.endswith("_ok") and f"{stem}_finding" in self.fields:
                label = str(self.fields[name].label).removesuffix("：通过")
                rows.append(
                    {"pair": True, "label": label, "ok": self[name], "finding": self[f"{stem}_finding"]}
                )
            elif not (name.endswith("_finding") and f"{name.removesuffix('_finding')}_ok" in self.fields):
                rows.append({"pair": False, "field": self[name]})
        return rows

    def inputs(self) -> dict[str, Any]:
        """The declared inputs as raw values for `engine.perform`, which validates them again."""
        raw: dict[str, Any] = {}
        for declared in self.transition.inputs:
            value = self.cleaned_data.get(declared.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif value is None:
                value = ""
            raw[declared.name] = value
        return raw
