"""Construction's forms (第十六至二十一条): the configuration lines, procurement, contracts,
the owner's decisions, supervision and changes."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms

from govit import limits, policy
from govit.construction.models import BaselineItem, Contract, OwnerDecision, Procurement
from govit.construction.selectors import LineIn
from govit.front.fields import DateInput, MoneyField, YuanField, required_error
from govit.policy.wording import terms
from govit.workflow.inputs import REQUIRED


def amount_of(text: str) -> Decimal:
    """A MoneyField's text ("1200万" / "12000000") as yuan, for the construction services."""
    return policy.parse_amount(text)


class LineForm(forms.Form):
    """One row of a configuration or contract list; a row left blank is skipped."""

    kind = forms.ChoiceField(label="类别", choices=BaselineItem.Kind.choices, required=False)
    name = forms.CharField(
        label="名称", max_length=200, required=False, error_messages=required_error("名称")
    )
    specification = forms.CharField(
        label="规格参数", max_length=500, required=False, error_messages=required_error("规格参数")
    )
    quantity = forms.DecimalField(label="数量", max_digits=12, decimal_places=2, min_value=0, required=False)
    unit_price = YuanField(label="单价（元）", max_digits=14, decimal_places=2, min_value=0, required=False)
    acceptance_terms = forms.CharField(
        label="验收条款", max_length=500, required=False, error_messages=required_error("验收条款")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A row of a table: each cell says its row and column to a screen reader (the header says
        # only the column).
        row = (self.prefix or "").rpartition("-")[2]
        for field in self.fields.values():
            named = f"第{int(row) + 1}行{field.label}" if row.isdigit() else str(field.label)
            field.widget.attrs.setdefault("aria-label", named)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("name") or "").strip():
            for name, label in (("quantity", "数量"), ("unit_price", "单价")):
                if data.get(name) is None:
                    self.add_error(name, REQUIRED.format(label=label))
        return data

    def line(self) -> LineIn | None:
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            return None
        return LineIn(
            name=data["name"].strip(), quantity=data["quantity"], unit_price=data["unit_price"],
            kind=data.get("kind") or BaselineItem.Kind.SOFTWARE,
            specification=data.get("specification", ""), acceptance_terms=data.get("acceptance_terms", ""),
        )  # fmt: skip


class ContractLineForm(LineForm):
    """A contract line, compared with the baseline on every term of 第十七条; a specification or
    acceptance terms left blank are the approved ones."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["specification"].help_text = "留空即按批复的规格参数"
        self.fields["acceptance_terms"].help_text = "留空即按批复的验收条款"


LineFormSet = forms.formset_factory(LineForm, extra=6, max_num=200)


ContractLineFormSet = forms.formset_factory(ContractLineForm, extra=3, max_num=200)


def lines_of(formset: forms.BaseFormSet) -> list[LineIn]:
    return [line for form in formset.forms if (line := form.line()) is not None]


def baseline_formset(data: Any = None, *, items: Iterable[Any] = (), prefix: str = "lines") -> Any:
    """The line editor, filled with `items` (e.g. the active baseline) and six blank rows."""
    initial = [
        {"kind": i.kind, "name": i.name, "specification": i.specification, "quantity": i.quantity,
         "unit_price": i.unit_price, "acceptance_terms": i.acceptance_terms}
        for i in items
    ]  # fmt: skip
    return LineFormSet(data, initial=initial or None, prefix=prefix)


class ProcurementForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own element ids: the contract form beside it on the page has fields of the same names.
        kwargs.setdefault("auto_id", "id_procurement_%s")
        super().__init__(*args, **kwargs)

    method = forms.ChoiceField(
        label="采购方式",
        choices=[("", "请选择"), *Procurement.Method.choices],
        error_messages=required_error("采购方式"),
    )
    subject = forms.CharField(label="采购内容", max_length=200, error_messages=required_error("采购内容"))
    announced_on = forms.DateField(label="公告日期", required=False, widget=DateInput())
    awarded_on = forms.DateField(
        label="中标（成交）日期", widget=DateInput(), error_messages=required_error("中标日期")
    )
    supplier = forms.CharField(
        label="中标（成交）供应商", max_length=200, error_messages=required_error("供应商")
    )
    amount = MoneyField(label="中标（成交）金额", error_messages=required_error("中标金额"))

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class ContractForm(forms.Form):
    """第十六条、第十八条: a signed contract; its copy (an uploaded 合同 document) is filed later."""

    kind = forms.ChoiceField(
        label="合同类型",
        choices=[("", "请选择"), *Contract.Kind.choices],
        error_messages=required_error("合同类型"),
    )
    number = forms.CharField(label="合同编号", max_length=100, error_messages=required_error("合同编号"))
    title = forms.CharField(label="合同名称", max_length=200, error_messages=required_error("合同名称"))
    supplier = forms.CharField(label="乙方", max_length=200, error_messages=required_error("乙方"))
    supplier_qualification = forms.CharField(
        label="乙方资质",
        max_length=200,
        required=False,
        help_text="监理合同请填写监理单位资质。",
        error_messages=required_error("乙方资质"),
    )
    amount = MoneyField(label="合同金额", error_messages=required_error("合同金额"))
    software_amount = MoneyField(label="其中软件", required=False)
    signed_on = forms.DateField(
        label="签订日期", widget=DateInput(), error_messages=required_error("签订日期")
    )
    document = forms.TypedChoiceField(
        label="合同文本", coerce=int, empty_value=None, required=False,
        help_text="请先在“项目文件”中以“合同”类型上传合同复印件；报备时须有合同文本。",
    )  # fmt: skip

    def __init__(
        self, *args: Any, rules: policy.Policy, documents: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        """`rules`: the project's own version, whose filing period the help text names."""
        kwargs.setdefault("auto_id", "id_contract_%s")  # its own ids beside the other forms'
        super().__init__(*args, **kwargs)
        words = terms(rules)
        self.fields[
            "signed_on"
        ].help_text = f"{words.filing}报区大数据发展局备案（{words.filing_article}），签订当日不计入。"
        self.fields["document"].choices = [("", "暂不选择"), *documents]

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount"] = amount_of(data["amount"])
        data["software_amount"] = (
            amount_of(data["software_amount"]) if data["software_amount"] else Decimal(0)
        )
        data["document_id"] = data.pop("document")
        return data


class WaiverForm(forms.Form):
    reason = forms.CharField(
        label="不引入监理的理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.TEXT,
        error_messages=required_error("理由"),
    )  # fmt: skip


class OwnerDecisionForm(forms.Form):
    """第十六条第一款: the district government's decision on an agent unit or a new owner."""

    kind = forms.ChoiceField(
        label="决定类型",
        choices=[("", "请选择"), *OwnerDecision.Kind.choices],
        error_messages=required_error("决定类型"),
    )
    organisation = forms.TypedChoiceField(
        label="代理单位或新业主", coerce=int, error_messages=required_error("代理单位或新业主")
    )
    decision_ref = forms.CharField(
        label="区政府决定文号", max_length=100, error_messages=required_error("决定文号"),
        help_text="如 渝中府〔2027〕12号",
    )  # fmt: skip
    decided_on = forms.DateField(
        label="决定日期", widget=DateInput(), error_messages=required_error("决定日期")
    )

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "请选择"), *organisations]


class ChangeRequestForm(forms.Form):
    description = forms.CharField(
        label="变更内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.TEXT,
        error_messages=required_error("变更内容"),
    )  # fmt: skip
    software_amount = MoneyField(label="软件功能变更金额", error_messages=required_error("变更金额"))

    def __init__(self, *args: Any, rules: policy.Policy, **kwargs: Any) -> None:
        """`rules`: the project's own version, whose share of 第二十一条 the help text names."""
        kwargs.setdefault("auto_id", "id_change_%s")  # its own ids beside the contract form's
        super().__init__(*args, **kwargs)
        words = terms(rules)
        self.fields[
            "software_amount"
        ].help_text = f"累计超过批复软件总金额{words.change}的，报区大数据发展局评估、区发改委重新批复（{words.change_article}）。"


class ChangeReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="评估结论", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "同意，报区发改委审核"), ("no", "不同意")], error_messages=required_error("评估结论"),
    )  # fmt: skip
    comment = forms.CharField(
        label="评估意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.TEXT,
        error_messages=required_error("评估意见"),
    )  # fmt: skip


class ChangeApproveForm(forms.Form):
    """方案及概算调整批复: its number, date and amounts; the new configuration is the line editor."""

    document_number = forms.CharField(
        label="批复文号",
        max_length=100,
        error_messages=required_error("批复文号"),
        help_text="如 渝中发改投〔2027〕3号",
    )
    approved_on = forms.DateField(
        label="批复日期", widget=DateInput(), error_messages=required_error("批复日期")
    )
    approved_total = MoneyField(label="调整后总投资", error_messages=required_error("调整后总投资"))
    approved_software = MoneyField(label="其中软件", error_messages=required_error("软件金额"))
    approved_hardware = MoneyField(label="其中硬件", error_messages=required_error("硬件金额"))
    approved_other = MoneyField(label="其中其他", error_messages=required_error("其他金额"))

    def amounts(self) -> dict[str, Decimal]:
        names = ("approved_total", "approved_software", "approved_hardware", "approved_other")
        return {name: amount_of(self.cleaned_data[name]) for name in names}
