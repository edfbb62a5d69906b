"""The audit page's filters."""

from django import forms

from govit.audit.models import Kind


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *Kind.choices], required=False)
    who = forms.CharField(label="用户名", max_length=150, required=False)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> dict:
        """The chosen filters; a bad value is dropped (the page shows its message)."""
        if not self.is_bound or not self.is_valid():
            return {"kind": "", "who": "", "since": None, "until": None}
        return self.cleaned_data
