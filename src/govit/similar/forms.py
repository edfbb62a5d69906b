"""The BDB's form for one of its own thesaurus groups (第四条): a canonical term and its words."""

from django import forms

from govit.front.fields import required_error
from govit.similar import text


class SynonymGroupForm(forms.Form):
    term = forms.CharField(
        label="标准词", max_length=text.MAX_TERM, required=False, error_messages=required_error("标准词"),
        help_text="查重比对时使用的词，如 食堂。",
    )  # fmt: skip
    same = forms.CharField(
        label="同义词", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_error("同义词"),
        help_text="各单位对同一事物的其他说法，用空格、逗号或顿号分隔，如 伙房、饭堂、职工餐厅。",
    )  # fmt: skip
