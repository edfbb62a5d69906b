"""The expert pool's and the expert review's forms (第六、十五条)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from govit import limits
from govit.experts.models import ExpertReview
from govit.front.fields import required_error


class ExpertAssignForm(forms.Form):
    expert = forms.TypedChoiceField(label="评审专家", coerce=int, error_messages=required_error("评审专家"))

    def __init__(self, *args: Any, experts: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "请选择专家库中的专家"), *experts]


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
