"""The forms of the 监督意见 page: a bureau opens a finding, the unit answers it, the bureau closes it
or sends it back."""

from django import forms

from govit import limits
from govit.front.fields import DateInput, required_error


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label="意见类型", error_messages=required_error("意见类型"))
    issued_on = forms.DateField(
        label="出具日期", widget=DateInput(), error_messages=required_error("出具日期")
    )
    reference = forms.CharField(
        label="文号", max_length=100, required=False, help_text="如 渝中审〔2026〕15号（可不填）。",
        error_messages=required_error("文号"),
    )  # fmt: skip
    content = forms.CharField(
        label="意见内容", max_length=limits.REPORT, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=required_error("意见内容"),
    )  # fmt: skip
    rectification = forms.CharField(
        label="整改要求", max_length=limits.REPORT, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_error("整改要求"),
    )  # fmt: skip
    due_on = forms.DateField(
        label="整改期限", required=False, widget=DateInput(), help_text="出具日期之后一年以内（可不填）。"
    )

    def __init__(self, *args, kinds: list[tuple[str, str]] = (), **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="整改答复", max_length=limits.REPORT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="整改了什么、如何整改；未整改的说明理由。", error_messages=required_error("整改答复"),
    )  # fmt: skip


class CloseForm(forms.Form):
    decision = forms.ChoiceField(
        label="审阅结果", choices=[("close", "整改到位，办结"), ("return", "退回，继续整改")],
        widget=forms.RadioSelect, error_messages=required_error("审阅结果"),
    )  # fmt: skip
    note = forms.CharField(
        label="审阅意见", max_length=limits.TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="退回时必填。", error_messages=required_error("审阅意见"),
    )  # fmt: skip
