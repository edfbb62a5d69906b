"""The funds' forms (第二十二条): a payment, the ledger's filters."""

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from govit.front.fields import ANY, DateInput, MoneyField, required_error


class DisbursementForm(forms.Form):
    paid_on = forms.DateField(label="拨付日期", widget=DateInput(), error_messages=required_error("拨付日期"))
    amount = MoneyField(label="拨付金额", error_messages=required_error("拨付金额"))
    purpose = forms.CharField(label="用途", max_length=200, error_messages=required_error("用途"))
    voucher = forms.CharField(label="凭证号", max_length=100, error_messages=required_error("凭证号"))


class FundsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="拨付年度", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]], years: Iterable[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [ANY, *units]
        self.fields["year"].choices = [ANY, *((y, f"{y}年") for y in years)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "unit": data.get("unit")}
