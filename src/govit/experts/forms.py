"""The expert pool's and the expert review's forms (第六、十五条)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from govit import limits
from govit.experts.models import ExpertReview, ReviewConclusion
from govit.front.fields import DateInput, required_error

ONE_REVIEWER = "请选择一位专家或一家第三方评估机构（二选一）。"


class ExpertAssignForm(forms.Form):
    """第十五条: an expert from the pool, or a third-party evaluation agency, instead or beside."""

    expert = forms.TypedChoiceField(label="评审专家", coerce=int, required=False, empty_value=None)
    agency = forms.TypedChoiceField(
        label="或第三方专业评估机构", coerce=int, required=False, empty_value=None,
        help_text="可委托第三方专业评估机构代替或与专家共同评审（每次分配选一项）。",
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        experts: Sequence[tuple[int, str]],
        agencies: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "请选择专家库中的专家"), *experts]
        self.fields["agency"].choices = [("", "请选择第三方专业评估机构"), *agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("expert") is None) == (data.get("agency") is None) and not self.errors:
            raise forms.ValidationError(ONE_REVIEWER)
        return data


class ExpertForm(forms.Form):
    """A person with the expert role joins the pool, with their field and declared ties."""

    person = forms.TypedChoiceField(label="专家账号", coerce=int, error_messages=required_error("专家账号"))
    field = forms.CharField(label="专业领域", max_length=100, error_messages=required_error("专业领域"))
    title = forms.CharField(
        label="职称", max_length=50, required=False, error_messages=required_error("职称")
    )
    conflicts = forms.TypedMultipleChoiceField(
        label="利害关系单位", coerce=int, required=False,
        help_text="专家本人所在单位自动回避；此处另选曾任职、有业务往来等须回避的单位（可多选）。",
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        people: Sequence[tuple[int, str]],
        organisations: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "请选择具有专家角色的账号"), *people]
        self.fields["conflicts"].choices = list(organisations)
        self.fields["conflicts"].widget.attrs["size"] = 8


class ExpertReviewForm(forms.Form):
    opinion = forms.CharField(
        label="评审意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=limits.REPORT,
        error_messages=required_error("评审意见"),
    )  # fmt: skip
    conclusion = forms.ChoiceField(
        label="评审结论", choices=ExpertReview.Conclusion.choices, widget=forms.RadioSelect,
        error_messages=required_error("评审结论"),
    )  # fmt: skip

    def __init__(self, *args: Any, reports: Sequence[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reports is not None:  # an agency's review: its evaluation report, uploaded to the project
            self.fields["report"] = forms.TypedChoiceField(
                label="评估报告", coerce=int, choices=[("", "请选择已上传的评估报告"), *reports],
                help_text="请先在项目页以“专家评审意见”类型上传本机构的评估报告。",
                error_messages=required_error("评估报告"),
            )  # fmt: skip


class ReviewConclusionForm(forms.Form):
    """第十五条: the panel's consolidated conclusion, after every opinion of the step is in."""

    conclusion = forms.ChoiceField(
        label="专家组评审结论", choices=ReviewConclusion.Conclusion.choices, widget=forms.RadioSelect,
        error_messages=required_error("专家组评审结论"),
    )  # fmt: skip
    opinion = forms.CharField(
        label="专家组综合意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=limits.REPORT,
        error_messages=required_error("专家组综合意见"),
    )  # fmt: skip
    concluded_on = forms.DateField(
        label="评审日期", widget=DateInput(), error_messages=required_error("评审日期")
    )
