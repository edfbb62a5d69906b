"""The operation forms (第十九、二十、二十五、二十六条): security, data, the hub, O&M, incidents,
the final account and the evaluation."""

from collections.abc import Sequence
from typing import Any

from django import forms

from govit import limits
from govit.construction.forms import amount_of
from govit.front.fields import DateInput, MoneyField, required_error
from govit.operation.models import DataResource, Incident, OmPlan, SecurityAssessment


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _OperationForm(forms.Form):
    """The operation forms share the project page: each gets its own element ids (`id_prefix`),
    while the posted field names stay the plain ones the services take."""

    id_prefix = "op"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SecurityAssessmentForm(_OperationForm):
    """第十九条: a security test or risk assessment; the next is due after the policy's interval."""

    id_prefix = "security"
    kind = forms.ChoiceField(label="测评类型", error_messages=required_error("测评类型"))
    level = forms.TypedChoiceField(
        label="等级保护级别", coerce=int, empty_value=None, required=False,
        choices=[("", "不适用"), *((n, f"第{n}级") for n in range(1, 6))],
    )  # fmt: skip
    done_on = forms.DateField(label="测评日期", widget=DateInput(), error_messages=required_error("测评日期"))
    agency = forms.CharField(label="测评机构", max_length=200, error_messages=required_error("测评机构"))
    result = forms.ChoiceField(
        label="结论",
        choices=[("", "请选择"), *SecurityAssessment.Result.choices],
        error_messages=required_error("结论"),
    )
    findings = forms.CharField(
        label="发现的问题", widget=_textarea(), max_length=limits.TEXT, required=False,
        error_messages=required_error("发现的问题"),
        help_text="结论不是“符合”的，须写明发现的问题。",
    )  # fmt: skip
    rectification = forms.CharField(
        label="整改情况", widget=_textarea(), max_length=limits.TEXT, required=False,
        error_messages=required_error("整改情况"),
    )  # fmt: skip
    rectified_on = forms.DateField(label="整改完成日期", widget=DateInput(), required=False)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *kinds]


class DataResourceForm(_OperationForm):
    """第二十条: an entry of the data resource catalogue."""

    id_prefix = "resource"
    name = forms.CharField(label="资源名称", max_length=200, error_messages=required_error("资源名称"))
    items = forms.CharField(
        label="数据项", widget=_textarea(2), max_length=limits.TEXT, error_messages=required_error("数据项")
    )
    update_cycle = forms.CharField(
        label="更新周期",
        max_length=20,
        error_messages=required_error("更新周期"),
        help_text="如 实时、每日、每月",
    )
    sharing = forms.ChoiceField(
        label="共享类型", choices=[("", "请选择"), *DataResource.Sharing.choices],
        error_messages=required_error("共享类型"),
    )  # fmt: skip
    sharing_conditions = forms.CharField(
        label="共享条件", widget=_textarea(2), max_length=limits.TEXT, required=False,
        error_messages=required_error("共享条件"),
        help_text="有条件共享的，须写明共享条件。",
    )  # fmt: skip
    opening = forms.ChoiceField(
        label="开放类型", choices=[("", "请选择"), *DataResource.Opening.choices],
        error_messages=required_error("开放类型"),
    )  # fmt: skip
    legal_basis = forms.CharField(
        label="不予共享或开放的依据", widget=_textarea(2), max_length=limits.TEXT, required=False,
        error_messages=required_error("不予共享或开放的依据"),
        help_text="不予共享或不予开放的，须提供相应依据（第二十条）。",
    )  # fmt: skip


class SharingForm(_OperationForm):
    """第二十条: one sharing or exchange of a catalogued resource."""

    id_prefix = "sharing"
    organisation = forms.TypedChoiceField(
        label="使用单位", coerce=int, error_messages=required_error("使用单位")
    )
    shared_on = forms.DateField(
        label="共享日期", widget=DateInput(), error_messages=required_error("共享日期")
    )
    method = forms.CharField(
        label="方式", max_length=50, error_messages=required_error("方式"), help_text="如 接口、库表、文件"
    )
    purpose = forms.CharField(label="用途", max_length=200, error_messages=required_error("用途"))

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "请选择"), *organisations]


class HubConnectionForm(_OperationForm):
    """第二十条: connected to the smart-city hub, or the basis for not connecting."""

    id_prefix = "hub"
    connected = forms.TypedChoiceField(
        label="是否接入智能中枢", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "已接入"), ("no", "不接入")], error_messages=required_error("是否接入"),
    )  # fmt: skip
    scenarios = forms.CharField(
        label="接入的典型应用场景",
        widget=_textarea(2),
        max_length=limits.TEXT,
        required=False,
        error_messages=required_error("接入的典型应用场景"),
    )
    legal_basis = forms.CharField(
        label="不接入的依据", widget=_textarea(2), max_length=limits.TEXT, required=False,
        error_messages=required_error("不接入的依据"),
        help_text="不予系统整合接入的，须提供相应依据（第二十条）。",
    )  # fmt: skip


class OmPlanForm(_OperationForm):
    """第二十五条: the O&M mechanism and the design's five-year O&M budget (附件3第十二章)."""

    id_prefix = "omplan"
    mechanism = forms.ChoiceField(
        label="运维方式", choices=[("", "请选择"), *OmPlan.Mechanism.choices],
        error_messages=required_error("运维方式"),
    )  # fmt: skip
    scope = forms.CharField(
        label="运维范围、内容及边界",
        widget=_textarea(),
        max_length=limits.TEXT,
        error_messages=required_error("运维范围"),
    )
    service_levels = forms.CharField(
        label="运维服务级别",
        widget=_textarea(2),
        max_length=limits.TEXT,
        error_messages=required_error("服务级别"),
    )
    five_year_budget = MoneyField(label="5年运维费预算", error_messages=required_error("5年运维费预算"))

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "five_year_budget": amount_of(self.cleaned_data["five_year_budget"])}


class OmCostForm(_OperationForm):
    id_prefix = "omcost"
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, error_messages=required_error("年度")
    )
    amount = MoneyField(label="运维费用", error_messages=required_error("运维费用"))
    note = forms.CharField(
        label="说明", max_length=200, required=False, error_messages=required_error("说明")
    )

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class IncidentForm(_OperationForm):
    id_prefix = "incident"
    occurred_at = forms.DateTimeField(
        label="发生时间", widget=DateTimeInput(), error_messages=required_error("发生时间")
    )
    severity = forms.ChoiceField(
        label="级别",
        choices=[("", "请选择"), *Incident.Severity.choices],
        error_messages=required_error("级别"),
    )
    description = forms.CharField(
        label="情况", widget=_textarea(), max_length=limits.TEXT, error_messages=required_error("情况")
    )
    resolved_at = forms.DateTimeField(label="处置完成时间", widget=DateTimeInput(), required=False)
    resolution = forms.CharField(
        label="处置情况", widget=_textarea(2), max_length=limits.TEXT, required=False,
        error_messages=required_error("处置情况"),
    )  # fmt: skip


class FinalAccountForm(_OperationForm):
    """第二十六条: the final financial accounts (竣工财务决算), recorded once."""

    id_prefix = "final"
    amount = MoneyField(label="决算金额", error_messages=required_error("决算金额"))
    approved_on = forms.DateField(
        label="决算批复日期", widget=DateInput(), error_messages=required_error("决算批复日期")
    )
    document_ref = forms.CharField(
        label="决算批复文号", max_length=100, error_messages=required_error("决算批复文号")
    )

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class EvaluationForm(_OperationForm):
    """第二十六条: the four aspects scored out of 100, with the conclusion."""

    id_prefix = "evaluation"
    year = forms.IntegerField(
        label="评价年度", min_value=2000, max_value=2100, error_messages=required_error("评价年度")
    )
    operation = forms.IntegerField(label="运行情况得分", error_messages=required_error("运行情况得分"))
    use = forms.IntegerField(label="应用情况得分", error_messages=required_error("应用情况得分"))
    sharing = forms.IntegerField(label="协同共享得分", error_messages=required_error("协同共享得分"))
    benefit = forms.IntegerField(
        label="经济和社会效益得分", error_messages=required_error("经济和社会效益得分")
    )
    conclusion = forms.CharField(
        label="评价结论及建议",
        widget=_textarea(),
        max_length=limits.TEXT,
        error_messages=required_error("评价结论"),
    )
    evaluated_on = forms.DateField(
        label="评价日期", widget=DateInput(), error_messages=required_error("评价日期")
    )
