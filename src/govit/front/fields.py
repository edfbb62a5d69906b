"""The form kit every room's forms share: the date and money inputs, the "全部" choice, the
"please fill in" message, and a service's refusal shown beside its field.

An amount is read here as text and parsed by the one parser, `govit.policy.parse_amount`, as the
services, the lifecycle's inputs and the API parse it.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from govit import clock, limits, policy
from govit.policy.chronology import EARLIEST
from govit.projects.errors import ActionError
from govit.workflow.inputs import REQUIRED

WAN = "wan"
YUAN = "yuan"
UNITS = ((WAN, "万元"), (YUAN, "元"))

# A filter's first choice: no filter.
ANY = ("", "全部")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        # Every date typed in GovIT tells what happened: the browser offers 1950 to today (the
        # services refuse anything else, govit.policy.chronology), judged when the page is drawn.
        attrs = {"min": EARLIEST.isoformat(), "max": clock.today().isoformat(), **(attrs or {})}
        return super().get_context(name, value, attrs)


class MoneyWidget(forms.MultiWidget):
    """A number and its unit (万元 or 元) side by side: an amount is never ambiguous (R1.6)."""

    template_name = "front/widgets/money.html"

    def __init__(self, attrs: dict | None = None) -> None:
        number = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        super().__init__([number, forms.Select(choices=UNITS, attrs={"aria-label": "金额单位"})], attrs)

    def id_for_label(self, id_: str) -> str:
        # The field's label names the number (Django's MultiWidget labels none of its parts); the
        # unit beside it says what it is itself.
        return f"{id_}_0" if id_ else id_

    def decompress(self, value: Any) -> list[Any]:
        # A stored amount (yuan) is shown back in 万元, exactly: 12000000.00 → "1200".
        if value in (None, ""):
            return ["", WAN]
        if isinstance(value, Decimal):
            wan = policy.to_wan(value).normalize()
            return [f"{wan:f}", WAN]
        return [str(value), WAN]


class MoneyField(forms.MultiValueField):
    """Reads a number and its unit as the text the services parse: the number followed by "万" for
    万元, the number alone for 元."""

    widget = MoneyWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(required=False), forms.ChoiceField(choices=UNITS, required=False))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> str:
        if not data_list or not (data_list[0] or "").strip():
            # The unit select always has a value, so Django's own "required" check never fires.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return ""
        number, unit = data_list[0].strip(), data_list[1] or WAN
        text = f"{number}万" if unit == WAN else number
        try:
            policy.parse_amount(text)
        except policy.AmountError as error:
            raise ValidationError(str(error)) from None
        return text


class YuanField(forms.DecimalField):
    """An amount in 元 typed in a number box (a unit price): read by the one parser, so it means what
    the same text means in a MoneyField, a service or the API; a Decimal, or None when blank."""

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            return policy.parse_amount(value)
        except policy.AmountError as error:
            raise ValidationError(str(error), code="invalid") from None


def required_error(label: str) -> dict[str, str]:
    """A field's error_messages, each naming the field: "请填写“<label>”。" when it is left blank,
    "“<label>”不能超过 N 个字（现有 M 个字）。" when it is longer than its max_length."""
    return {"required": REQUIRED.format(label=label), "max_length": f"“{label}”{limits.TOO_LONG_VALIDATOR}"}


def error_message(error: ActionError) -> str:
    """A refusal as people read it: the reason, then the article it rests on."""
    if error.article:
        return f"{error.detail}（依据{policy.cite(error.article)}）"
    return error.detail


def add_error(form: forms.Form, error: ActionError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    if field is None and error.field and f"{error.field}_0" in form.data:
        field = error.field
    form.add_error(field, error_message(error))
