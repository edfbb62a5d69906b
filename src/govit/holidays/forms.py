"""The BDB's forms for the holiday schedules: one year's days, and a TOML file to import."""

from django import forms

from govit import limits
from govit.front.fields import required_error
from govit.holidays.models import FIRST_YEAR, LAST_YEAR

_DAYS_HELP = "每个日期写作 YYYY-MM-DD，用空格、逗号或换行分隔；连续几天可写作 2027-02-05~2027-02-11。"


class ScheduleForm(forms.Form):
    notice = forms.CharField(
        label="依据通知",
        max_length=100,
        required=False,
        help_text="国务院办公厅通知的文号，如 国办发明电〔2026〕N号",
        error_messages=required_error("依据通知"),
    )
    holidays = forms.CharField(
        label="放假日期", required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=limits.TEXT,
        error_messages=required_error("放假日期"),
        help_text="放假的日子（含假期中的周末）。" + _DAYS_HELP,
    )  # fmt: skip
    workdays = forms.CharField(
        label="调休上班日期", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.TEXT,
        error_messages=required_error("调休上班日期"),
        help_text="调休上班的周六、周日。" + _DAYS_HELP,
    )  # fmt: skip


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR, max_value=LAST_YEAR)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="节假日数据文件（TOML）",
        help_text="每年一个 [[years]]：year、holidays、workdays，可加 notice（依据通知）。",
    )
