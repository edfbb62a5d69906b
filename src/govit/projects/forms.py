"""The project pages' forms. They read and lay out input; the services and the engine decide.

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

from govit import clock, policy
from govit.policy.chronology import EARLIEST
from govit.policy.wording import terms
from govit.projects.construction import LineIn
from govit.projects.errors import ActionError
from govit.projects.inputs import REQUIRED, DocumentFacts, fits
from govit.projects.models import (
    BaselineItem,
    BuiltSystem,
    Category,
    Contract,
    DataResource,
    DocumentKind,
    ExpertReview,
    Incident,
    OmPlan,
    OwnerDecision,
    Procurement,
    Project,
    Proposal,
    SecurityAssessment,
    WorkType,
)
from govit.projects.models.fields import national_code_validator, phone_validator
from govit.projects.models.project import NOT_EXCLUDED, State
from govit.workflow.lifecycle import Input, Transition

PROJECT_ATTRIBUTES = frozenset(f.name for f in Project._meta.fields)
WAN = "wan"
YUAN = "yuan"
UNITS = ((WAN, "万元"), (YUAN, "元"))
ANY = ("", "全部")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        # Every date typed in GovIT tells what happened: the browser offers 1950 to today (the
        # services refuse anything else, govit.policy.chronology), judged when the page is drawn.
        attrs = {"min": EARLIEST.isoformat(), "max": clock.today().isoformat(), **(attrs or {})}
        return super().get_context(name, value, attrs)


class MoneyWidget(forms.MultiWidget):
    """A number and its unit (万元 or 元) side by side: an amount is never ambiguous (R1.6)."""

    template_name = "projects/widgets/money.html"

    def __init__(self, attrs: dict | None = None) -> None:
        number = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        super().__init__([number, forms.Select(choices=UNITS)], attrs)

    def decompress(self, value: Any) -> list[Any]:
        # A stored amount (yuan) is shown back in 万元, exactly: 12000000.00 → "1200".
        if value in (None, ""):
            return ["", WAN]
        if isinstance(value, Decimal):
            wan = policy.to_wan(value).normalize()
            return [f"{wan:f}", WAN]
        return [str(value), WAN]


class MoneyField(forms.MultiValueField):
    """Reads "1200" + 万元 or "12000000" + 元 as the text the services parse ("1200万" / "12000000")."""

    widget = MoneyWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(required=False), forms.ChoiceField(choices=UNITS, required=False))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> str:
        if not data_list or not (data_list[0] or "").strip():
            # The unit select always has a value, so Django's own "required" check never fires.
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return ""
        number, unit = data_list[0].strip(), data_list[1] or WAN
        text = f"{number}万" if unit == WAN else number
        try:
            policy.parse_amount(text)
        except policy.AmountError as error:
            raise ValidationError(str(error)) from None
        return text


def _required(label: str) -> dict[str, str]:
    return {"required": REQUIRED.format(label=label)}


def error_message(error: ActionError) -> str:
    """A refusal as people read it: the reason, then the article it rests on."""
    if error.article:
        return f"{error.detail}（依据{policy.cite(error.article)}）"
    return error.detail


def add_error(form: forms.Form, error: ActionError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    if field is None and error.field and f"{error.field}_0" in form.data:
        field = error.field
    form.add_error(field, error_message(error))


# --- The yearly list (R2.10) -------------------------------------------------------------------


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


# --- The application form (Attachment 1) and the proposal (Attachment 2) ------------------------


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
        max_length=None if long else model_field.max_length,
        widget=widget,
        help_text=model_field.help_text,
        validators=[phone_validator] if phone else [],
        error_messages=_required(_label(name)),
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
    year = forms.TypedChoiceField(label="申报年度", coerce=int, error_messages=_required("申报年度"))
    work_type = forms.ChoiceField(
        label="建设性质", choices=[("", "请选择"), *WorkType.choices], error_messages=_required("建设性质"),
        help_text="项目类别由建设性质、金额和是否改变功能用途按第三条确定。",
    )  # fmt: skip
    amount = MoneyField(
        label="项目投资估算", error_messages=_required("项目投资估算"),
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
        widget=forms.RadioSelect, error_messages=_required("是否使用财政资金"),
    )  # fmt: skip
    it_system = forms.TypedChoiceField(
        label="是否使用计算机、通信和网络技术建设支撑本单位履行管理和服务职能的信息化系统",
        choices=YES_NO, coerce=_yes, widget=forms.RadioSelect, error_messages=_required("是否为信息化系统"),
        help_text="非信息化项目中涉及信息化建设的部分，按“是”填写并只申报该部分。",
    )  # fmt: skip
    excluded_purchase = forms.ChoiceField(label="是否为下列购置", error_messages=_required("是否为下列购置"))
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
    """项目建议书 in Attachment 2's five chapters, each with the outline's text as help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, title, outline in Proposal.CHAPTERS:
            self.fields[code] = forms.CharField(
                label=title, required=False, help_text=f"包含{outline}",
                widget=forms.Textarea(attrs={"rows": 5}), max_length=20000,
            )  # fmt: skip

    @staticmethod
    def initial_for(proposal: Proposal | None) -> dict[str, str]:
        if proposal is None:
            return {}
        return {code: getattr(proposal, code) for code, _, _ in Proposal.CHAPTERS}


class RoutePreviewForm(forms.Form):
    """The facts of an unsaved application, read leniently to preview its category and route."""

    work_type = forms.ChoiceField(choices=WorkType.choices)
    amount = MoneyField(required=False)
    changes_function = forms.BooleanField(required=False)
    civil_works = forms.BooleanField(required=False)
    high_energy = forms.BooleanField(required=False)
    needs_procurement = forms.BooleanField(required=False)
    urgent = forms.BooleanField(required=False)


# --- Actions from the lifecycle's declarations -------------------------------------------------


def _fitting(declared: Input, documents: Sequence[Any]) -> list[tuple[int, str]]:
    """The documents a document input may take (R3.9): of its kinds, uploaded by its office.
    A plain (id, label) pair carries no facts and is offered as it is."""
    choices = []
    for document in documents:
        if isinstance(document, tuple):
            choices.append(document)
        elif fits(declared, DocumentFacts(document.kind, document.uploaded_as)):
            choices.append((document.pk, str(document)))
    return choices


def _input_field(declared: Input, documents: Sequence[Any]) -> forms.Field:
    common: dict[str, Any] = {
        "label": declared.label,
        "required": declared.required and declared.type != "bool",
        "help_text": declared.help,
        "error_messages": _required(declared.label),
    }
    if declared.type == "longtext":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=20000, **common)
    if declared.type == "date":
        return forms.DateField(widget=DateInput(), **common)
    if declared.type == "money":
        return MoneyField(**common)
    if declared.type == "bool":
        return forms.BooleanField(**common)
    if declared.type == "document":
        choices = [("", "请选择本项目已上传的文件"), *_fitting(declared, documents)]
        if not declared.help:
            common["help_text"] = "请先在“项目文件”中上传，再在此选择。"
        return forms.TypedChoiceField(choices=choices, coerce=int, empty_value=None, **common)
    if declared.type == "choice":
        return forms.ChoiceField(choices=[("", "请选择"), *declared.choices], **common)
    return forms.CharField(max_length=200, **common)


class ActionForm(forms.Form):
    """One action's form, its fields built from the transition's declared inputs. The version
    the person saw travels with it, so a second, concurrent change is refused (409)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, transition: Transition, documents: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", transition.code)
        super().__init__(*args, **kwargs)
        self.transition = transition
        for declared in transition.inputs:
            self.fields[declared.name] = _input_field(declared, documents)

    def rows(self) -> list[dict[str, Any]]:
        """The fields as the page lays them out: an item's pass box and its finding side by side
        (the compliance review, 第二十三条: `cloud_ok` + `cloud_finding`), any other field alone."""
        rows: list[dict[str, Any]] = []
        for name in self.fields:
            stem = name.removesuffix("_ok")
            if name.endswith("_ok") and f"{stem}_finding" in self.fields:
                label = str(self.fields[name].label).removesuffix("：通过")
                rows.append(
                    {"pair": True, "label": label, "ok": self[name], "finding": self[f"{stem}_finding"]}
                )
            elif not (name.endswith("_finding") and f"{name.removesuffix('_finding')}_ok" in self.fields):
                rows.append({"pair": False, "field": self[name]})
        return rows

    def inputs(self) -> dict[str, Any]:
        """The declared inputs as raw values for `engine.perform`, which validates them again."""
        raw: dict[str, Any] = {}
        for declared in self.transition.inputs:
            value = self.cleaned_data.get(declared.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif value is None:
                value = ""
            raw[declared.name] = value
        return raw


# --- Documents, the preparer, the national code ------------------------------------------------


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类型", choices=DocumentKind.choices, error_messages=_required("文件类型")
    )
    file = forms.FileField(
        label="文件", error_messages={"required": "请选择要上传的文件。", "empty": "文件为空。"},
        help_text="PDF、OFD、Word、WPS、Excel、图片或 ZIP，不超过 50 MB。",
    )  # fmt: skip


class PreparerForm(forms.Form):
    """第十三条第一款: the qualified third party that prepares the design and budget."""

    preparer = forms.TypedChoiceField(
        label="编制单位（第三方专业机构）", coerce=int, error_messages=_required("编制单位")
    )
    qualification = forms.CharField(
        label="资质",
        max_length=200,
        error_messages=_required("资质"),
        help_text="如 电子通信广电行业（电子系统工程）甲级",
    )
    contact = forms.CharField(label="联系人及电话", max_length=100, required=False)

    def __init__(self, *args: Any, agencies: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preparer"].choices = [("", "请选择"), *agencies]


class NationalCodeForm(forms.Form):
    """R2.9: the 24-character code of the national online approval platform."""

    code = forms.CharField(
        label="全国投资项目代码", max_length=24, validators=[national_code_validator],
        error_messages=_required("全国投资项目代码"), help_text="如 2101-500103-04-01-123456",
    )  # fmt: skip


# --- Experts (第六条、第十五条) ---------------------------------------------------------------------


class ExpertAssignForm(forms.Form):
    expert = forms.TypedChoiceField(label="评审专家", coerce=int, error_messages=_required("评审专家"))

    def __init__(self, *args: Any, experts: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [("", "请选择专家库中的专家"), *experts]


class ExpertForm(forms.Form):
    """A person with the expert role joins the pool, with their field and declared ties."""

    person = forms.TypedChoiceField(label="专家账号", coerce=int, error_messages=_required("专家账号"))
    field = forms.CharField(label="专业领域", max_length=100, error_messages=_required("专业领域"))
    title = forms.CharField(label="职称", max_length=50, required=False)
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
        label="评审意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000,
        error_messages=_required("评审意见"),
    )  # fmt: skip
    conclusion = forms.ChoiceField(
        label="评审结论", choices=ExpertReview.Conclusion.choices, widget=forms.RadioSelect,
        error_messages=_required("评审结论"),
    )  # fmt: skip


# --- From the approval on (第十六至二十二条) ----------------------------------------------------


def amount_of(text: str) -> Decimal:
    """A MoneyField's text ("1200万" / "12000000") as yuan, for the construction services."""
    return policy.parse_amount(text)


class LineForm(forms.Form):
    """One row of a configuration or contract list; a row left blank is skipped."""

    kind = forms.ChoiceField(label="类别", choices=BaselineItem.Kind.choices, required=False)
    name = forms.CharField(label="名称", max_length=200, required=False)
    specification = forms.CharField(label="规格参数", max_length=500, required=False)
    quantity = forms.DecimalField(label="数量", max_digits=12, decimal_places=2, min_value=0, required=False)
    unit_price = forms.DecimalField(
        label="单价（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    acceptance_terms = forms.CharField(label="验收条款", max_length=500, required=False)

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
    method = forms.ChoiceField(
        label="采购方式",
        choices=[("", "请选择"), *Procurement.Method.choices],
        error_messages=_required("采购方式"),
    )
    subject = forms.CharField(label="采购内容", max_length=200, error_messages=_required("采购内容"))
    announced_on = forms.DateField(label="公告日期", required=False, widget=DateInput())
    awarded_on = forms.DateField(
        label="中标（成交）日期", widget=DateInput(), error_messages=_required("中标日期")
    )
    supplier = forms.CharField(label="中标（成交）供应商", max_length=200, error_messages=_required("供应商"))
    amount = MoneyField(label="中标（成交）金额", error_messages=_required("中标金额"))

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class ContractForm(forms.Form):
    """第十六条、第十八条: a signed contract; its copy (an uploaded 合同 document) is filed later."""

    kind = forms.ChoiceField(
        label="合同类型",
        choices=[("", "请选择"), *Contract.Kind.choices],
        error_messages=_required("合同类型"),
    )
    number = forms.CharField(label="合同编号", max_length=100, error_messages=_required("合同编号"))
    title = forms.CharField(label="合同名称", max_length=200, error_messages=_required("合同名称"))
    supplier = forms.CharField(label="乙方", max_length=200, error_messages=_required("乙方"))
    supplier_qualification = forms.CharField(
        label="乙方资质", max_length=200, required=False, help_text="监理合同请填写监理单位资质。"
    )
    amount = MoneyField(label="合同金额", error_messages=_required("合同金额"))
    software_amount = MoneyField(label="其中软件", required=False)
    signed_on = forms.DateField(label="签订日期", widget=DateInput(), error_messages=_required("签订日期"))
    document = forms.TypedChoiceField(
        label="合同文本", coerce=int, empty_value=None, required=False,
        help_text="请先在“项目文件”中以“合同”类型上传合同复印件；报备时须有合同文本。",
    )  # fmt: skip

    def __init__(
        self, *args: Any, rules: policy.Policy, documents: Sequence[tuple[int, str]] = (), **kwargs: Any
    ) -> None:
        """`rules`: the project's own version, whose filing period the help text names."""
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
        label="不引入监理的理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages=_required("理由"),
    )  # fmt: skip


class OwnerDecisionForm(forms.Form):
    """第十六条第一款: the district government's decision on an agent unit or a new owner."""

    kind = forms.ChoiceField(
        label="决定类型",
        choices=[("", "请选择"), *OwnerDecision.Kind.choices],
        error_messages=_required("决定类型"),
    )
    organisation = forms.TypedChoiceField(
        label="代理单位或新业主", coerce=int, error_messages=_required("代理单位或新业主")
    )
    decision_ref = forms.CharField(
        label="区政府决定文号", max_length=100, error_messages=_required("决定文号"),
        help_text="如 渝中府〔2027〕12号",
    )  # fmt: skip
    decided_on = forms.DateField(label="决定日期", widget=DateInput(), error_messages=_required("决定日期"))

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "请选择"), *organisations]


class ChangeRequestForm(forms.Form):
    description = forms.CharField(
        label="变更内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages=_required("变更内容"),
    )  # fmt: skip
    software_amount = MoneyField(label="软件功能变更金额", error_messages=_required("变更金额"))

    def __init__(self, *args: Any, rules: policy.Policy, **kwargs: Any) -> None:
        """`rules`: the project's own version, whose share of 第二十一条 the help text names."""
        super().__init__(*args, **kwargs)
        words = terms(rules)
        self.fields[
            "software_amount"
        ].help_text = f"累计超过批复软件总金额{words.change}的，报区大数据发展局评估、区发改委重新批复（{words.change_article}）。"


class ChangeReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="评估结论", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "同意，报区发改委审核"), ("no", "不同意")], error_messages=_required("评估结论"),
    )  # fmt: skip
    comment = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ChangeApproveForm(forms.Form):
    """方案及概算调整批复: its number, date and amounts; the new configuration is the line editor."""

    document_number = forms.CharField(
        label="批复文号",
        max_length=100,
        error_messages=_required("批复文号"),
        help_text="如 渝中发改投〔2027〕3号",
    )
    approved_on = forms.DateField(label="批复日期", widget=DateInput(), error_messages=_required("批复日期"))
    approved_total = MoneyField(label="调整后总投资", error_messages=_required("调整后总投资"))
    approved_software = MoneyField(label="其中软件", error_messages=_required("软件金额"))
    approved_hardware = MoneyField(label="其中硬件", error_messages=_required("硬件金额"))
    approved_other = MoneyField(label="其中其他", error_messages=_required("其他金额"))

    def amounts(self) -> dict[str, Decimal]:
        names = ("approved_total", "approved_software", "approved_hardware", "approved_other")
        return {name: amount_of(self.cleaned_data[name]) for name in names}


class DisbursementForm(forms.Form):
    paid_on = forms.DateField(label="拨付日期", widget=DateInput(), error_messages=_required("拨付日期"))
    amount = MoneyField(label="拨付金额", error_messages=_required("拨付金额"))
    purpose = forms.CharField(label="用途", max_length=200, error_messages=_required("用途"))
    voucher = forms.CharField(label="凭证号", max_length=100, error_messages=_required("凭证号"))


YES_NO = [ANY, ("yes", "是"), ("no", "否")]


class LibraryFilterForm(forms.Form):
    """已建项目库's filters (第二十四条)."""

    unit = forms.TypedChoiceField(label="使用单位", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="交付年度", required=False, coerce=int, empty_value=None)
    on_cloud = forms.ChoiceField(label="部署在政务云", required=False, choices=YES_NO)
    shares_data = forms.ChoiceField(label="已共享数据", required=False, choices=YES_NO)
    hub_connected = forms.ChoiceField(label="已接入智能中枢", required=False, choices=YES_NO)
    retired = forms.ChoiceField(
        label="状态", required=False, choices=[ANY, ("no", "在用"), ("yes", "已停用")]
    )

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]], years: Iterable[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [ANY, *units]
        self.fields["year"].choices = [ANY, *((y, f"{y}年") for y in years)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        flag = {"yes": True, "no": False}
        return {
            "unit": data.get("unit"),
            "year": data.get("year"),
            **{
                name: flag.get(data.get(name) or "")
                for name in ("on_cloud", "shares_data", "hub_connected", "retired")
            },
        }


class FundsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="拨付年度", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: Sequence[tuple[int, str]], years: Iterable[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [ANY, *units]
        self.fields["year"].choices = [ANY, *((y, f"{y}年") for y in years)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "unit": data.get("unit")}


# --- Security, data, O&M and evaluation (第十九、二十、二十五、二十六条) ---------------------------


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
    kind = forms.ChoiceField(label="测评类型", error_messages=_required("测评类型"))
    level = forms.TypedChoiceField(
        label="等级保护级别", coerce=int, empty_value=None, required=False,
        choices=[("", "不适用"), *((n, f"第{n}级") for n in range(1, 6))],
    )  # fmt: skip
    done_on = forms.DateField(label="测评日期", widget=DateInput(), error_messages=_required("测评日期"))
    agency = forms.CharField(label="测评机构", max_length=200, error_messages=_required("测评机构"))
    result = forms.ChoiceField(
        label="结论",
        choices=[("", "请选择"), *SecurityAssessment.Result.choices],
        error_messages=_required("结论"),
    )
    findings = forms.CharField(
        label="发现的问题", widget=_textarea(), max_length=5000, required=False,
        help_text="结论不是“符合”的，须写明发现的问题。",
    )  # fmt: skip
    rectification = forms.CharField(label="整改情况", widget=_textarea(), max_length=5000, required=False)
    rectified_on = forms.DateField(label="整改完成日期", widget=DateInput(), required=False)

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *kinds]


class DataResourceForm(_OperationForm):
    """第二十条: an entry of the data resource catalogue."""

    id_prefix = "resource"
    name = forms.CharField(label="资源名称", max_length=200, error_messages=_required("资源名称"))
    items = forms.CharField(
        label="数据项", widget=_textarea(2), max_length=5000, error_messages=_required("数据项")
    )
    update_cycle = forms.CharField(
        label="更新周期", max_length=20, error_messages=_required("更新周期"), help_text="如 实时、每日、每月"
    )
    sharing = forms.ChoiceField(
        label="共享类型", choices=[("", "请选择"), *DataResource.Sharing.choices],
        error_messages=_required("共享类型"),
    )  # fmt: skip
    sharing_conditions = forms.CharField(
        label="共享条件", widget=_textarea(2), max_length=5000, required=False,
        help_text="有条件共享的，须写明共享条件。",
    )  # fmt: skip
    opening = forms.ChoiceField(
        label="开放类型", choices=[("", "请选择"), *DataResource.Opening.choices],
        error_messages=_required("开放类型"),
    )  # fmt: skip
    legal_basis = forms.CharField(
        label="不予共享或开放的依据", widget=_textarea(2), max_length=5000, required=False,
        help_text="不予共享或不予开放的，须提供相应依据（第二十条）。",
    )  # fmt: skip


class SharingForm(_OperationForm):
    """第二十条: one sharing or exchange of a catalogued resource."""

    id_prefix = "sharing"
    organisation = forms.TypedChoiceField(label="使用单位", coerce=int, error_messages=_required("使用单位"))
    shared_on = forms.DateField(label="共享日期", widget=DateInput(), error_messages=_required("共享日期"))
    method = forms.CharField(
        label="方式", max_length=50, error_messages=_required("方式"), help_text="如 接口、库表、文件"
    )
    purpose = forms.CharField(label="用途", max_length=200, error_messages=_required("用途"))

    def __init__(self, *args: Any, organisations: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "请选择"), *organisations]


class HubConnectionForm(_OperationForm):
    """第二十条: connected to the smart-city hub, or the basis for not connecting."""

    id_prefix = "hub"
    connected = forms.TypedChoiceField(
        label="是否接入智能中枢", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "已接入"), ("no", "不接入")], error_messages=_required("是否接入"),
    )  # fmt: skip
    scenarios = forms.CharField(
        label="接入的典型应用场景", widget=_textarea(2), max_length=5000, required=False
    )
    legal_basis = forms.CharField(
        label="不接入的依据", widget=_textarea(2), max_length=5000, required=False,
        help_text="不予系统整合接入的，须提供相应依据（第二十条）。",
    )  # fmt: skip


class OmPlanForm(_OperationForm):
    """第二十五条: the O&M mechanism and the design's five-year O&M budget (附件3第十二章)."""

    id_prefix = "omplan"
    mechanism = forms.ChoiceField(
        label="运维方式", choices=[("", "请选择"), *OmPlan.Mechanism.choices],
        error_messages=_required("运维方式"),
    )  # fmt: skip
    scope = forms.CharField(
        label="运维范围、内容及边界",
        widget=_textarea(),
        max_length=5000,
        error_messages=_required("运维范围"),
    )
    service_levels = forms.CharField(
        label="运维服务级别", widget=_textarea(2), max_length=5000, error_messages=_required("服务级别")
    )
    five_year_budget = MoneyField(label="5年运维费预算", error_messages=_required("5年运维费预算"))

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "five_year_budget": amount_of(self.cleaned_data["five_year_budget"])}


class OmCostForm(_OperationForm):
    id_prefix = "omcost"
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=_required("年度"))
    amount = MoneyField(label="运维费用", error_messages=_required("运维费用"))
    note = forms.CharField(label="说明", max_length=200, required=False)

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class IncidentForm(_OperationForm):
    id_prefix = "incident"
    occurred_at = forms.DateTimeField(
        label="发生时间", widget=DateTimeInput(), error_messages=_required("发生时间")
    )
    severity = forms.ChoiceField(
        label="级别", choices=[("", "请选择"), *Incident.Severity.choices], error_messages=_required("级别")
    )
    description = forms.CharField(
        label="情况", widget=_textarea(), max_length=5000, error_messages=_required("情况")
    )
    resolved_at = forms.DateTimeField(label="处置完成时间", widget=DateTimeInput(), required=False)
    resolution = forms.CharField(label="处置情况", widget=_textarea(2), max_length=5000, required=False)


class FinalAccountForm(_OperationForm):
    """第二十六条: the final financial accounts (竣工财务决算), recorded once."""

    id_prefix = "final"
    amount = MoneyField(label="决算金额", error_messages=_required("决算金额"))
    approved_on = forms.DateField(
        label="决算批复日期", widget=DateInput(), error_messages=_required("决算批复日期")
    )
    document_ref = forms.CharField(
        label="决算批复文号", max_length=100, error_messages=_required("决算批复文号")
    )

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data, "amount": amount_of(self.cleaned_data["amount"])}


class EvaluationForm(_OperationForm):
    """第二十六条: the four aspects scored out of 100, with the conclusion."""

    id_prefix = "evaluation"
    year = forms.IntegerField(
        label="评价年度", min_value=2000, max_value=2100, error_messages=_required("评价年度")
    )
    operation = forms.IntegerField(label="运行情况得分", error_messages=_required("运行情况得分"))
    use = forms.IntegerField(label="应用情况得分", error_messages=_required("应用情况得分"))
    sharing = forms.IntegerField(label="协同共享得分", error_messages=_required("协同共享得分"))
    benefit = forms.IntegerField(label="经济和社会效益得分", error_messages=_required("经济和社会效益得分"))
    conclusion = forms.CharField(
        label="评价结论及建议", widget=_textarea(), max_length=5000, error_messages=_required("评价结论")
    )
    evaluated_on = forms.DateField(label="评价日期", widget=DateInput(), error_messages=_required("评价日期"))
