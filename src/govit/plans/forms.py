"""The forms of the plan's pages: the BDB composes a version, the office records the leading group's
deliberation (with the key projects it designated) or a key project designated at another meeting."""

from django import forms

from govit import limits
from govit.front.fields import DateInput, required_error
from govit.plans.models import PlanDecision


class ComposeForm(forms.Form):
    year = forms.IntegerField(
        label="规划年度", min_value=1950, max_value=2100, error_messages=required_error("规划年度")
    )
    note = forms.CharField(
        label="编制说明", max_length=limits.TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本版与上一版的不同、编制依据等（可不填）。", error_messages=required_error("编制说明"),
    )  # fmt: skip


class MeetingForm(forms.Form):
    meeting = forms.CharField(label="会议名称", max_length=200, error_messages=required_error("会议名称"))
    meeting_on = forms.DateField(
        label="会议日期", widget=DateInput(), error_messages=required_error("会议日期")
    )
    minutes_ref = forms.CharField(
        label="会议纪要文号", max_length=100, help_text="如 渝中云长办〔2026〕5号。",
        error_messages=required_error("会议纪要文号"),
    )  # fmt: skip


class DecisionForm(MeetingForm):
    decision = forms.ChoiceField(
        label="审议结论", choices=PlanDecision.Decision.choices, widget=forms.RadioSelect,
        error_messages=required_error("审议结论"),
    )  # fmt: skip
    comment = forms.CharField(
        label="领导小组意见", max_length=limits.TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回修改时必填。", error_messages=required_error("领导小组意见"),
    )  # fmt: skip
    keys = forms.TypedMultipleChoiceField(
        label="确定为重点建设项目", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="审定通过时，勾选领导小组确定的重点建设项目（第五条）。",
    )  # fmt: skip

    def __init__(self, *args, lines=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [
            (
                line.project_id,
                f"{line.list_code or '（清单编号待定）'} {line.project.name}（{line.unit.display_name}）",
            )
            for line in lines
        ]


class DesignateForm(MeetingForm):
    list_code = forms.CharField(
        label="项目清单编号", max_length=20, help_text="已纳入清单的项目的编号（YZ-年度-序号）。",
        error_messages=required_error("项目清单编号"),
    )  # fmt: skip
