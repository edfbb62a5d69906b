"""已建项目库's filters (第二十四条)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from govit.front.fields import ANY, required_error

FILTER_YES_NO = [ANY, ("yes", "是"), ("no", "否")]


class LibraryFilterForm(forms.Form):
    """已建项目库's filters (第二十四条)."""

    unit = forms.TypedChoiceField(label="使用单位", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="交付年度", required=False, coerce=int, empty_value=None)
    on_cloud = forms.ChoiceField(label="部署在政务云", required=False, choices=FILTER_YES_NO)
    shares_data = forms.ChoiceField(label="已共享数据", required=False, choices=FILTER_YES_NO)
    hub_connected = forms.ChoiceField(label="已接入智能中枢", required=False, choices=FILTER_YES_NO)
    retired = forms.ChoiceField(
        label="状态", required=False, choices=[ANY, ("no", "在用"), ("yes", "已停用")]
    )

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]], years: Iterable[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [ANY, *units]
        self.fields["year"].choices = [ANY, *((y, f"{y}年") for y in years)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        flag = {"yes": True, "no": False}
        return {
            "unit": data.get("unit"),
            "year": data.get("year"),
            **{
                name: flag.get(data.get(name) or "")
                for name in ("on_cloud", "shares_data", "hub_connected", "retired")
            },
        }


class AcceptanceBodyForm(forms.Form):
    """第二十四条: the third party the unit engages for the final acceptance."""

    name = forms.CharField(
        label="终验机构", max_length=200, error_messages=required_error("终验机构"),
        help_text="填写登记的第三方机构全称或简称的，该机构人员可查看本项目并上传终验报告。",
    )  # fmt: skip
