"""Writes on projects other than state changes (those go through `engine.perform`).

Each service is keyword-only and atomic: it checks the person's right, validates, writes, and
records an audit event. Views and the API only translate requests into these calls.
"""

import enum
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from govit import clock, policy
from govit.acceptance.models import BuiltSystem
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.projects import chronology, errors, intake, policies
from govit.projects.audit import record_event
from govit.projects.models import Project, Proposal, WorkType
from govit.similar import index as similar_index
from govit.workflow.lifecycle import EDITABLE, STATE_BY_CODE


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET  # a field not given: left as it is (on a new application, its default)
T = TypeVar("T")
Given = T | _Unset


@dataclass(frozen=True, kw_only=True)
class Application:
    """What a unit writes on its application: Attachment 1, the route facts, 第十一条's deliberation
    and the answers to 第二、三条. Each field is given, or UNSET; values come as typed (an amount as
    the text `policy.parse_amount` reads, a date as a date or ISO text, a yes/no as a bool or
    "yes"/"no")."""

    name: Given[str | None] = UNSET
    leader_name: Given[str | None] = UNSET
    leader_phone: Given[str | None] = UNSET
    contact_name: Given[str | None] = UNSET
    contact_phone: Given[str | None] = UNSET
    reason: Given[str | None] = UNSET
    summary: Given[str | None] = UNSET
    expected_effect: Given[str | None] = UNSET
    amount: Given[str | Decimal | int | None] = UNSET
    funding_source: Given[str | None] = UNSET
    progress: Given[str | None] = UNSET
    filler_name: Given[str | None] = UNSET
    filler_phone: Given[str | None] = UNSET
    form_date: Given[date | str | None] = UNSET
    year: Given[int | str | None] = UNSET
    work_type: Given[str | None] = UNSET
    changes_function: Given[bool | str | None] = UNSET
    civil_works: Given[bool | str | None] = UNSET
    high_energy: Given[bool | str | None] = UNSET
    needs_procurement: Given[bool | str | None] = UNSET
    urgent: Given[bool | str | None] = UNSET
    urgent_body: Given[str | None] = UNSET
    urgent_on: Given[date | str | None] = UNSET
    urgent_decision: Given[str | None] = UNSET
    urgent_ref: Given[str | None] = UNSET
    maintains: Given[int | str | None] = UNSET  # a built system of the unit's (第二十五条)
    fiscal_funding: Given[bool | str | None] = UNSET
    it_system: Given[bool | str | None] = UNSET
    excluded_purchase: Given[str | None] = UNSET
    continues: Given[int | str | None] = UNSET  # the unit's earlier project (第三条)
    continues_outside: Given[str | None] = UNSET

    def given(self) -> dict[str, Any]:
        """The fields given, by name."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not UNSET}


# What a unit fills in: Attachment 1, the route facts and 第十一条's deliberation.
PROJECT_FIELDS = tuple(f.name for f in fields(Application))


# Fields a draft may never be without (the rest may stay blank until `submit`).
REQUIRED_FIELDS = {"amount", "year", "form_date", "work_type"}


SCOPE_ANSWERS = {"fiscal_funding", "it_system"}


BOOLEAN_FIELDS = {"changes_function", "civil_works", "high_energy", "needs_procurement", "urgent"}


NOT_EDITABLE = "项目已报出，当前环节不能修改申报内容；如需修改，请由审核部门退回。"


def require_unit(user: User, project_unit_id: int | None, *, roles=frozenset({Role.UNIT})) -> None:
    if not user.role_set & roles:
        raise errors.NotPermitted("此操作由项目单位经办人办理。")
    if project_unit_id is not None and user.organisation_id != project_unit_id:
        raise errors.NotPermitted(errors.NOT_YOUR_UNIT)


def _facts(project: Project) -> None:
    """Derive the category (第三条) and the route's path (第十三条) from the project's facts."""
    rules = policies.of(project)
    amount = project.amount if project.amount is not None else Decimal(0)
    project.category = policy.classify(
        work=project.work_type, amount=amount, changes_function=project.changes_function, policy=rules
    ).category
    project.path = policy.route(
        category=project.category,
        amount=amount,
        new=project.work_type == WorkType.NEW,
        civil_works=project.civil_works,
        high_energy=project.high_energy,
        needs_procurement=project.needs_procurement,
        policy=rules,
    ).path


def _assign(project: Project, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name in REQUIRED_FIELDS and value in (None, ""):
            label = Project._meta.get_field(name).verbose_name
            raise errors.InvalidInput(f"请填写{label}。", field=name)
        if name == "year" and not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise errors.InvalidInput("申报年度无效。", field="year") from None
        if name == "maintains":
            project.maintains = _own_built_system(project, value)
            continue
        if name == "continues":
            project.continues = _own_project(project, value)
            continue
        if name in SCOPE_ANSWERS:
            # Unanswered stays None: "no" is an answer, and 第二条 refuses it.
            project_value = None if value in (None, "") else value in (True, "true", "on", "1", 1, "yes")
            setattr(project, name, project_value)
            continue
        if name == "amount":
            try:
                value = policy.parse_amount(value)
            except policy.AmountError as error:
                raise errors.InvalidInput(f"项目投资估算：{error}", field="amount") from None
        elif name in BOOLEAN_FIELDS:
            value = value in (True, "true", "on", "1", 1)
        elif name in {"form_date", "urgent_on"} and isinstance(value, str):
            try:
                value = date.fromisoformat(value) if value else None
            except ValueError:
                raise errors.InvalidInput("日期格式应为 YYYY-MM-DD。", field=name) from None
        elif isinstance(value, str):
            value = value.strip()
        elif value is None and name not in {"amount", "year", "form_date", "urgent_on"}:
            value = ""
        setattr(project, name, value)


def _own_built_system(project: Project, value: Any) -> BuiltSystem | None:
    """R5.5: an O&M project names the built system of its own unit that it maintains."""
    if value in (None, ""):
        return None
    system = (
        BuiltSystem.objects.filter(
            pk=value, unit_id=project.unit_id, project__classified_at__isnull=True
        ).first()
        if str(value).isdigit()
        else None
    )
    if system is None:
        raise errors.InvalidInput("请选择本单位已建项目库中的系统。", field="maintains")
    return system


def _own_project(project: Project, value: Any) -> Project | None:
    """第三条: the earlier project a continuation names is one of its own unit's."""
    if value in (None, ""):
        return None
    earlier = (
        Project.objects.filter(pk=value, unit_id=project.unit_id, classified_at__isnull=True).first()
        if str(value).isdigit()
        else None
    )
    if earlier is None:
        raise errors.InvalidInput(intake.NOT_OWN_EARLIER, field="continues", article=3)
    return earlier


def _check_intake(project: Project) -> None:
    """第二条、第三条、第二十五条 on what is saved: an answer that rules the project out is refused
    now; a question not answered yet waits for `submit`, like every blank of a draft (第九条)."""
    if project.work_type != WorkType.CONTINUATION:
        # Only a continuation has an earlier project; one named before the work type changed goes.
        project.continues, project.continues_outside = None, ""
    for finding in intake.findings(project):
        if finding.missing:
            continue
        error = errors.InvalidInput if finding.article == 3 else errors.NotPossible
        raise error(finding.reason, article=finding.article, field=finding.field)


def _validate(project: Project) -> None:
    # Blank fields are allowed in a draft: completeness is the `submit` guard's job (第九条);
    # a value that is there must be valid (a phone number, a date).
    try:
        project.clean_fields(exclude=[f.name for f in Project._meta.fields if f.name not in PROJECT_FIELDS])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if getattr(project, name) not in (None, ""):
                label = Project._meta.get_field(name).verbose_name
                raise errors.InvalidInput(f"{label}：{messages[0]}", field=name) from None
    # 第九条、第十一条: the form's date and the urgent deliberation's happened, and not before 1950.
    chronology.check_typed("form_date", project.form_date, field="form_date")
    if project.urgent:
        chronology.check_typed("urgent_on", project.urgent_on, field="urgent_on")
    if project.year is None or not 2000 <= project.year <= 2100:
        raise errors.InvalidInput("申报年度无效。", field="year")
    if project.work_type not in WorkType.values:
        raise errors.InvalidInput("请选择建设性质。", field="work_type")
    if project.maintains_id is not None and project.work_type != WorkType.MAINTENANCE:
        raise errors.InvalidInput("只有运行维护项目填写所运维的已建系统。", field="maintains")


@transaction.atomic
def project_create(*, user: User, application: Application) -> Project:
    """A unit starts an application (a draft only its own unit sees)."""
    require_unit(user, None)
    project = Project(
        unit_id=user.organisation_id, created_by=user, policy_id=policies.in_force(clock.today()).id
    )
    project.year = clock.today().year + 1
    project.form_date = clock.today()
    project.unit = user.organisation
    data = application.given()
    _assign(project, {k: v for k, v in data.items() if v is not None or k not in {"year", "form_date"}})
    if not project.name:
        raise errors.InvalidInput("请填写项目名称。", field="name")
    if project.amount is None:
        raise errors.InvalidInput("请填写项目投资估算。", field="amount")
    _validate(project)
    _check_intake(project)
    _facts(project)
    project.save()
    similar_index.refresh(project)
    record_event(
        project=project, actor=user, role=Role.UNIT, action="create", label="创建项目申报",
        from_state=project.state, to_state=project.state, inputs={"name": project.name}, article=9,
    )  # fmt: skip
    return project


@transaction.atomic
def project_update(
    *, project: Project, user: User, application: Application, version: int | None = None
) -> Project:
    """The unit edits its application while it is a draft or returned for revision.

    When a fact that decides the route changes (amount, work type, flags), the category and path
    are derived again and the change is recorded (R9.2).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)
    require_unit(user, project.unit_id)
    if project.state not in EDITABLE:
        raise errors.NotPossible(NOT_EDITABLE, article=9)
    if version is not None and version != project.version:
        raise errors.Conflict(errors.CONFLICT)
    before = (project.category, project.path)
    data = application.given()
    _assign(project, data)
    _validate(project)
    _check_intake(project)
    _facts(project)
    project.version = F("version") + 1
    project.save()
    project.refresh_from_db()
    similar_index.refresh(project)
    inputs: dict[str, Any] = {"fields": sorted(data)}
    if (project.category, project.path) != before:
        inputs.update(route_from=list(before), route_to=[project.category, project.path])
    record_event(
        project=project, actor=user, role=Role.UNIT, action="edit", label="修改申报内容",
        from_state=project.state, to_state=project.state, inputs=inputs, article=9,
    )  # fmt: skip
    return project


@transaction.atomic
def proposal_update(*, project: Project, user: User, chapters: dict[str, str]) -> Proposal:
    """A new project's proposal, chapter by chapter (Attachment 2)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)
    require_unit(user, project.unit_id)
    if project.state not in EDITABLE:
        raise errors.NotPossible(NOT_EDITABLE, article=9)
    proposal, _ = Proposal.objects.get_or_create(project=project)
    for name, text in chapters.items():
        if name not in Proposal.CODES:
            raise errors.InvalidInput(f"未知章节：{name}", field=name)
        setattr(proposal, name, (text or "").strip())
    proposal.save()
    similar_index.refresh(project)
    record_event(
        project=project, actor=user, role=Role.UNIT, action="edit_proposal", label="修改项目建议书",
        from_state=project.state, to_state=project.state, inputs={"chapters": sorted(chapters)}, article=9,
    )  # fmt: skip
    return proposal


# The design is prepared before the approval (第十三条第一款); the national code is kept until delivery.
PREPARER_PHASES = frozenset({"scheme"})


NATIONAL_CODE_PHASES = frozenset({"scheme", "construction"})


@transaction.atomic
def preparer_set(
    *, project: Project, user: User, preparer: Organisation, qualification: str, contact: str
) -> Project:
    """第十三条第一款: the unit records the qualified third party that prepares its design."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)
    require_unit(user, project.unit_id)
    state = STATE_BY_CODE[project.state]
    if not state.listed or state.final:
        raise errors.NotPossible(errors.UNLISTED, article=12)
    if state.phase not in PREPARER_PHASES:
        raise errors.NotPossible("编制单位在前期审批阶段登记，项目已获批复。", article=13)
    if preparer.kind != Organisation.Kind.AGENCY:
        raise errors.InvalidInput("编制单位应为第三方专业机构。", field="preparer")
    if not qualification.strip():
        raise errors.InvalidInput("请填写编制单位资质。", field="qualification")
    Project.objects.filter(pk=project.pk).update(
        preparer=preparer, preparer_qualification=qualification.strip(), preparer_contact=contact.strip()
    )
    project.refresh_from_db()
    record_event(
        project=project, actor=user, role=Role.UNIT, action="set_preparer", label="登记初步设计编制单位",
        from_state=project.state, to_state=project.state,
        inputs={"preparer": preparer.name, "qualification": qualification.strip()}, article=13, clause=1,
    )  # fmt: skip
    return project


@transaction.atomic
def national_code_set(*, project: Project, user: User, code: str) -> Project:
    """R2.9: a district investment project's 24-character national project code."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)
    require_unit(user, project.unit_id)
    if not project.list_code:
        raise errors.NotPossible(errors.UNLISTED, article=12)
    if STATE_BY_CODE[project.state].phase not in NATIONAL_CODE_PHASES:
        raise errors.NotPossible("项目已交付使用或已结束，不再登记全国投资项目代码。")
    project.national_code = code.strip()
    try:
        project.clean_fields(exclude=[f.name for f in Project._meta.fields if f.name != "national_code"])
    except ValidationError as error:
        raise errors.InvalidInput(error.message_dict["national_code"][0], field="national_code") from None
    Project.objects.filter(pk=project.pk).update(national_code=project.national_code)
    record_event(
        project=project, actor=user, role=Role.UNIT, action="set_national_code", label="登记全国投资项目代码",
        from_state=project.state, to_state=project.state, inputs={"code": project.national_code},
    )  # fmt: skip
    return project
