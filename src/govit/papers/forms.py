"""The forms of the 公文 page: taking a number (with a rectification notice's deadline) and
registering the signed, stamped scan."""

from django import forms

from govit.front.fields import DateInput


class NumberForm(forms.Form):
    # Only the rectification notice asks for it (the service says so when it is missing).
    deadline = forms.DateField(
        label="整改期限", required=False, widget=DateInput(attrs={"max": "2099-12-31"}),
        help_text="整改通知书要求完成整改的日期。",
    )  # fmt: skip


class SignForm(forms.Form):
    file = forms.FileField(
        label="签章扫描件", error_messages={"required": "请选择签章后的扫描件。", "empty": "文件为空。"},
        help_text="签发、盖章后的公文扫描件：PDF、OFD 或图片，不超过 50 MB。",
    )  # fmt: skip
