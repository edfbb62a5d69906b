"""The BDB's 立即发送提醒 form: the day to count from (today unless given)."""

from django import forms


class RunForm(forms.Form):
    date = forms.DateField(
        label="按这一天计算",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空为今天；只补发这一天应发而未发的提醒，已发的不会重复。",
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"},
    )
