"""The project pages' forms. They read and lay out input; the services and the engine decide.
The kit they share with every room's forms (dates, money, messages) is govit.front.fields.

Every form names its fields (no `__all__`). The action forms are built from the lifecycle's
`Input` declarations, so a new input declared there appears on the page without a change here.
Each form hands the services raw values (strings, ISO dates, "1200万"), as the API does.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from govit import policy
from govit.acceptance.models import BuiltSystem
from govit.front.fields import ANY, DateInput, MoneyField, required_error
from govit.policy.wording import terms
from govit.projects.models import Category, Project, Proposal, WorkType
from govit.projects.models.fields import national_code_validator, phone_validator
from govit.projects.models.project import NOT_EXCLUDED, State

PROJECT_ATTRIBUTES = frozenset(f.name for f in Project._meta.fields)


class ListFilterForm(forms.Form):
    """The list's filters; amounts are entered in 万元 as the list shows them."""

    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label="类别", required=False, choices=[ANY, *Category.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[ANY, *State.choices])
    work_type = forms.ChoiceField(label="建设性质", required=False, choices=[ANY, *WorkType.choices])
    listed = forms.ChoiceField(
        label="纳入清单", required=False, choices=[ANY, ("yes", "已纳入清单"), ("no", "未纳入清单")]
    )
    amount_min = forms.CharField(label="金额下限（万元）", required=False, max_length=20)
    amount_max = forms.CharField(label="金额上限（万元）", required=False, max_length=20)
    q = forms.CharField(label="搜索", required=False, max_length=100)

    def __init__(self, *args: Any, years: Iterable[int], units: Sequence[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [ANY, *((y, f"{y}年度") for y in years)]
        self.fields["unit"].choices = [ANY, *units]
        self.fields["amount_min"].widget.attrs.update(inputmode="decimal", placeholder="万元")
        self.fields["amount_max"].widget.attrs.update(inputmode="decimal", placeholder="万元")
        self.fields["q"].widget.attrs.update(placeholder="项目名称或清单编号")

    def _clean_wan(self, name: str) -> Decimal | None:
        value = self.cleaned_data.get(name, "").strip()
        if not value:
            return None
        try:
            return policy.parse_amount(f"{value}万")
        except policy.AmountError:
            raise ValidationError("请填写以万元计的金额，如 100 或 0.5。") from None

    def clean_amount_min(self) -> Decimal | None:
        return self._clean_wan("amount_min")

    def clean_amount_max(self) -> Decimal | None:
        return self._clean_wan("amount_max")

    def filters(self) -> dict[str, Any]:
        """The filters as `selectors.project_list` takes them (amounts in yuan)."""
        data = self.cleaned_data if self.is_valid() else {}
        listed = {"yes": True, "no": False}.get(data.get("listed") or "")
        return {
            "year": data.get("year"),
            "unit": data.get("unit"),
            "category": data.get("category"),
            "state": data.get("state"),
            "work_type": data.get("work_type"),
            "listed": listed,
            "amount_min": data.get("amount_min"),
            "amount_max": data.get("amount_max"),
            "q": (data.get("q") or "").strip(),
        }


def _label(name: str) -> str:
    return str(Project._meta.get_field(name).verbose_name)


def _text(name: str, *, long: bool = False, phone: bool = False, required: bool = False) -> forms.CharField:
    model_field = Project._meta.get_field(name)
    widget = forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput()
    if phone:
        widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    return forms.CharField(
        label=_label(name),
        required=required,
        max_length=model_field.max_length,
        widget=widget,
        help_text=model_field.help_text,
        validators=[phone_validator] if phone else [],
        error_messages=required_error(_label(name)),
    )


YES_NO = (("yes", "是"), ("no", "否"))


def _yes(value: str) -> bool:
    return value == "yes"


class ApplicationForm(forms.Form):
    """渝中区政务信息化项目申报表 (Attachment 1) plus the facts that decide the route.

    A draft may be saved with blanks; the `submit` action's guard says what is still missing
    (第九条). 单位名称 is the person's unit and 项目类别 is derived, so neither is a field here.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = _text("name", required=True)
    # Its help text names the deadline of the version the application follows (set in __init__).
    year = forms.TypedChoiceField(label="申报年度", coerce=int, error_messages=required_error("申报年度"))
    work_type = forms.ChoiceField(
        label="建设性质", choices=[("", "请选择"), *WorkType.choices], error_messages=required_error("建设性质"),
        help_text="项目类别由建设性质、金额和是否改变功能用途按第三条确定。",
    )  # fmt: skip
    amount = MoneyField(
        label="项目投资估算", error_messages=required_error("项目投资估算"),
        help_text="填写数字并选择单位：万元或元。金额精确到分。",
    )  # fmt: skip
    changes_function = forms.BooleanField(label="改变系统功能用途（升级改造项目填写）", required=False)
    leader_name = _text("leader_name")
    leader_phone = _text("leader_phone", phone=True)
    contact_name = _text("contact_name")
    contact_phone = _text("contact_phone", phone=True)
    reason = _text("reason", long=True)
    summary = _text("summary", long=True)
    expected_effect = _text("expected_effect", long=True)
    funding_source = _text("funding_source")
    progress = _text("progress", long=True)
    filler_name = _text("filler_name")
    filler_phone = _text("filler_phone", phone=True)
    form_date = forms.DateField(label="填表日期", required=False, widget=DateInput())
    civil_works = forms.BooleanField(label=_label("civil_works"), required=False)
    high_energy = forms.BooleanField(label=_label("high_energy"), required=False)
    needs_procurement = forms.BooleanField(
        label=_label("needs_procurement"),
        required=False,
        help_text="运维类项目需政府采购时，参照购买服务类流程。",
    )
    maintains = forms.TypedChoiceField(
        label="所运维的已建系统", required=False, coerce=int, empty_value=None,
        help_text="运行维护项目填写：本单位已建项目库中的系统（第二十五条）；已停用的系统不能再安排运维。",
    )  # fmt: skip
    # 第二条 (R1.1): asked first; the services refuse an answer that rules the project out.
    fiscal_funding = forms.TypedChoiceField(
        label="是否全部或部分使用区级及以上财政资金投资", choices=YES_NO, coerce=_yes,
        widget=forms.RadioSelect, error_messages=required_error("是否使用财政资金"),
    )  # fmt: skip
    it_system = forms.TypedChoiceField(
        label="是否使用计算机、通信和网络技术建设支撑本单位履行管理和服务职能的信息化系统",
        choices=YES_NO, coerce=_yes, widget=forms.RadioSelect, error_messages=required_error("是否为信息化系统"),
        help_text="非信息化项目中涉及信息化建设的部分，按“是”填写并只申报该部分。",
    )  # fmt: skip
    excluded_purchase = forms.ChoiceField(
        label="是否为下列购置", error_messages=required_error("是否为下列购置")
    )
    continues = forms.TypedChoiceField(
        label="续建的前期项目", required=False, coerce=int, empty_value=None,
        help_text="续建项目填写：本单位已批复、未停用的前期项目；前期已批复的资金不结转，本期资金重新审批。",
    )  # fmt: skip
    continues_outside = _text("continues_outside")
    urgent = forms.BooleanField(
        label="急需项目（第十一条：上级要求、应急抢险等）", required=False,
        help_text="须先按区委区政府议事规则提请研究审议，并登记审议情况。",
    )  # fmt: skip
    urgent_body = _text("urgent_body")
    urgent_on = forms.DateField(label=_label("urgent_on"), required=False, widget=DateInput())
    urgent_decision = _text("urgent_decision", long=True)
    urgent_ref = _text("urgent_ref")

    FACTS = (
        "work_type",
        "amount",
        "changes_function",
        "civil_works",
        "high_energy",
        "needs_procurement",
        "urgent",
    )
    URGENT = ("urgent_body", "urgent_on", "urgent_decision", "urgent_ref")

    def __init__(
        self,
        *args: Any,
        years: Iterable[int],
        rules: policy.Policy,
        systems: Iterable[BuiltSystem] = (),
        earlier: Iterable[Project] = (),
        **kwargs: Any,
    ) -> None:
        """`rules`: the project's own version, or for a new application the one in force today."""
        super().__init__(*args, **kwargs)
        words = terms(rules)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]
        # The excluded purchases are the policy version's own list (第二条), not written here.
        items = "、".join(rules.excluded_purchases.values())
        self.fields["excluded_purchase"].choices = [
            ("", "请选择"),
            (NOT_EXCLUDED, f"否，不属于{items}等的购置"),
            *((code, f"是：购置{label}") for code, label in rules.excluded_purchases.items()),
        ]
        self.fields["excluded_purchase"].help_text = f"第二条：{items}等的购置不属于政务信息化项目。"
        self.fields["continues"].choices = [
            ("", "不涉及或前期项目不在本平台"),
            *((p.pk, f"{p.list_code or p.year}　{p.name}（{p.get_state_display()}）") for p in earlier),
        ]
        self.fields[
            "year"
        ].help_text = f"{words.deadline}申报下一年度项目（{words.deadline_article}）；逾期申报须经区大数据发展局同意受理。"
        self.fields["maintains"].choices = [
            ("", "不涉及（非运维项目）"),
            *(
                (s.pk, f"{s.name}（已于 {s.retired_on:%Y-%m-%d} 停用）" if s.retired_on else s.name)
                for s in systems
            ),
        ]

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        initial = {name: getattr(project, name) for name in cls.base_fields if name in PROJECT_ATTRIBUTES}
        initial.update(maintains=project.maintains_id, continues=project.continues_id)
        for name in ("fiscal_funding", "it_system"):
            answer = getattr(project, name)
            initial[name] = None if answer is None else ("yes" if answer else "no")
        return initial

    def scope_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("fiscal_funding", "it_system", "excluded_purchase")]

    def data_for_service(self) -> dict[str, Any]:
        """cleaned_data as `services.project_create/update` take it: strings, ISO dates, booleans."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            data[name] = value.isoformat() if isinstance(value, date) else value
        return data

    def attachment_fields(self) -> list[forms.BoundField]:
        names = (
            "name", "leader_name", "leader_phone", "contact_name", "contact_phone", "reason", "summary",
            "expected_effect", "funding_source", "progress", "filler_name", "filler_phone", "form_date",
        )  # fmt: skip
        return [self[name] for name in names]

    def fact_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in (
                "year",
                "work_type",
                "amount",
                "changes_function",
                "civil_works",
                "high_energy",
                "needs_procurement",
            )
        ]

    def urgent_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.URGENT]


class ProposalForm(forms.Form):
    """项目建议书 in the chapters of the version's outline (附件2), each with the outline's guidance
    as help: `rules` is the project's version, or the one in force for a new application."""

    def __init__(self, *args: Any, rules: policy.Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for chapter in Proposal.chapters(rules):
            self.fields[chapter.code] = forms.CharField(
                label=chapter.title, required=False, help_text=chapter.guidance,
                error_messages=required_error(chapter.title), widget=forms.Textarea(attrs={"rows": 5}),
                max_length=Proposal._meta.get_field(chapter.code).max_length,
            )  # fmt: skip

    @staticmethod
    def initial_for(proposal: Proposal | None) -> dict[str, str]:
        if proposal is None:
            return {}
        return {code: getattr(proposal, code) for code in Proposal.CODES}


class RoutePreviewForm(forms.Form):
    """The facts of an unsaved application, read leniently to preview its category and route."""

    work_type = forms.ChoiceField(choices=WorkType.choices)
    amount = MoneyField(required=False)
    changes_function = forms.BooleanField(required=False)
    civil_works = forms.BooleanField(required=False)
    high_energy = forms.BooleanField(required=False)
    needs_procurement = forms.BooleanField(required=False)
    urgent = forms.BooleanField(required=False)


class PreparerForm(forms.Form):
    """第十三条第一款: the qualified third party that prepares the design and budget."""

    preparer = forms.TypedChoiceField(
        label="编制单位（第三方专业机构）", coerce=int, error_messages=required_error("编制单位")
    )
    qualification = forms.CharField(
        label="资质",
        max_length=200,
        error_messages=required_error("资质"),
        help_text="如 电子通信广电行业（电子系统工程）甲级",
    )
    contact = forms.CharField(
        label="联系人及电话", max_length=100, required=False, error_messages=required_error("联系人及电话")
    )

    def __init__(self, *args: Any, agencies: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preparer"].choices = [("", "请选择"), *agencies]


class NationalCodeForm(forms.Form):
    """R2.9: the 24-character code of the national online approval platform."""

    code = forms.CharField(
        label="全国投资项目代码", max_length=24, validators=[national_code_validator],
        error_messages=required_error("全国投资项目代码"), help_text="如 2101-500103-04-01-123456",
    )  # fmt: skip


class ImportUploadForm(forms.Form):
    """R2.10: a district's earlier list, as it keeps it in Excel."""

    file = forms.FileField(
        label="项目清单工作簿（.xlsx）",
        error_messages={"required": "请选择要导入的工作簿。", "empty": "文件为空。"},
        help_text="第一张工作表；表头可在标题行之下，金额以万元计（表头写明“（元）”的按元计）。",
    )


class ImportConfirmForm(forms.Form):
    digest = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        max_length=64,
        widget=forms.HiddenInput,
        error_messages=required_error("工作簿"),
    )
    file_name = forms.CharField(
        max_length=200, widget=forms.HiddenInput, error_messages=required_error("文件名")
    )
