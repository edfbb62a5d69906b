"""Writes on projects other than state changes (those go through `engine.perform`).

Each service is keyword-only and atomic: it checks the person's right, validates, writes, and
records an audit event. Views and the API only translate requests into these calls.
"""

import hashlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from govit import clock, policy
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.projects import chronology, errors, intake, policies
from govit.projects.audit import record_event
from govit.projects.models import (
    BuiltSystem,
    Document,
    DocumentKind,
    Expert,
    ExpertReview,
    Project,
    Proposal,
    WorkType,
)
from govit.workflow.lifecycle import EDITABLE, SCHEME_REVIEW_STATES, STATE_BY_CODE

# What a unit fills in: Attachment 1, the route facts and 第十一条's deliberation.
PROJECT_FIELDS = (
    "name", "leader_name", "leader_phone", "contact_name", "contact_phone", "reason", "summary",
    "expected_effect", "amount", "funding_source", "progress", "filler_name", "filler_phone",
    "form_date", "year", "work_type", "changes_function", "civil_works", "high_energy",
    "needs_procurement", "urgent", "urgent_body", "urgent_on", "urgent_decision", "urgent_ref",
    "maintains", "fiscal_funding", "it_system", "excluded_purchase", "continues", "continues_outside",
)  # fmt: skip
# Fields a draft may never be without (the rest may stay blank until `submit`).
REQUIRED_FIELDS = {"amount", "year", "form_date", "work_type"}
SCOPE_ANSWERS = {"fiscal_funding", "it_system"}
BOOLEAN_FIELDS = {"changes_function", "civil_works", "high_energy", "needs_procurement", "urgent"}

ALLOWED_EXTENSIONS = {
    ".pdf",
    ".ofd",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
}
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

NOT_EDITABLE = "项目已报出，当前环节不能修改申报内容；如需修改，请由审核部门退回。"
BAD_EXTENSION = "不支持的文件类型：{name}。支持 PDF、OFD、Word、WPS、Excel、图片和 ZIP。"
TOO_LARGE = "文件超过 50 MB：{name}。"
EMPTY_FILE = "文件为空：{name}。"
# The steps in which the BDB or the DRC may commission experts (第十五条).
REVIEW_STATES = SCHEME_REVIEW_STATES

CONFLICTED_EXPERT = "专家{name}与项目存在利害关系（{why}），不能评审该项目。"


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
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise errors.InvalidInput(f"未知字段：{', '.join(sorted(unknown))}", field=sorted(unknown)[0])
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
                value = policy.parse_amount(value if isinstance(value, Decimal | int) else str(value))
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
        BuiltSystem.objects.filter(pk=value, unit_id=project.unit_id).first()
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
        Project.objects.filter(pk=value, unit_id=project.unit_id).first() if str(value).isdigit() else None
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
def project_create(*, user: User, data: dict[str, Any]) -> Project:
    """A unit starts an application (a draft only its own unit sees)."""
    require_unit(user, None)
    project = Project(
        unit_id=user.organisation_id, created_by=user, policy_id=policies.in_force(clock.today()).id
    )
    project.year = clock.today().year + 1
    project.form_date = clock.today()
    project.unit = user.organisation
    _assign(project, {k: v for k, v in data.items() if v is not None or k not in {"year", "form_date"}})
    if not project.name:
        raise errors.InvalidInput("请填写项目名称。", field="name")
    if project.amount is None:
        raise errors.InvalidInput("请填写项目投资估算。", field="amount")
    _validate(project)
    _check_intake(project)
    _facts(project)
    project.save()
    record_event(
        project=project, actor=user, role=Role.UNIT, action="create", label="创建项目申报",
        from_state=project.state, to_state=project.state, inputs={"name": project.name}, article=9,
    )  # fmt: skip
    return project


@transaction.atomic
def project_update(
    *, project: Project, user: User, data: dict[str, Any], version: int | None = None
) -> Project:
    """The unit edits its application while it is a draft or returned for revision.

    When a fact that decides the route changes (amount, work type, flags), the category and path
    are derived again and the change is recorded (R9.2).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    require_unit(user, project.unit_id)
    if project.state not in EDITABLE:
        raise errors.NotPossible(NOT_EDITABLE, article=9)
    if version is not None and version != project.version:
        raise errors.Conflict(errors.CONFLICT)
    before = (project.category, project.path)
    _assign(project, data)
    _validate(project)
    _check_intake(project)
    _facts(project)
    project.version = F("version") + 1
    project.save()
    project.refresh_from_db()
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
    require_unit(user, project.unit_id)
    if project.state not in EDITABLE:
        raise errors.NotPossible(NOT_EDITABLE, article=9)
    proposal, _ = Proposal.objects.get_or_create(project=project)
    known = {code for code, _, _ in Proposal.CHAPTERS}
    for name, text in chapters.items():
        if name not in known:
            raise errors.InvalidInput(f"未知章节：{name}", field=name)
        setattr(proposal, name, (text or "").strip())
    proposal.save()
    record_event(
        project=project, actor=user, role=Role.UNIT, action="edit_proposal", label="修改项目建议书",
        from_state=project.state, to_state=project.state, inputs={"chapters": sorted(chapters)}, article=9,
    )  # fmt: skip
    return proposal


def uploader_role(user: User, project: Project) -> str:
    if user.organisation_id == project.unit_id and user.role_set & {Role.UNIT, Role.UNIT_LEADER}:
        return Role.UNIT
    if Role.AGENCY in user.role_set and project.preparer_id == user.organisation_id:
        return Role.AGENCY
    for role in (Role.BDB, Role.LG_OFFICE, Role.DRC):
        if role in user.role_set:
            return role
    raise errors.NotPermitted("您不能向该项目上传文件。")


@transaction.atomic
def document_upload(*, project: Project, user: User, kind: str, upload: UploadedFile) -> Document:
    """Store a new version of a document of `kind`, hashed, after checking its type and size (R3.10)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    role = uploader_role(user, project)
    if STATE_BY_CODE[project.state].final:
        raise errors.NotPossible("项目已办结，不能再上传文件。")
    if kind not in DocumentKind.values:
        raise errors.InvalidInput("请选择文件类型。", field="kind")
    name = upload.name or "file"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise errors.InvalidInput(BAD_EXTENSION.format(name=name), field="file")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise errors.InvalidInput(TOO_LARGE.format(name=name), field="file")
    if upload.size == 0:
        raise errors.InvalidInput(EMPTY_FILE.format(name=name), field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    version = Document.objects.filter(project=project, kind=kind).count() + 1
    document = Document(
        project=project, kind=kind, version=version, original_name=name[:200],
        content_type=(upload.content_type or "application/octet-stream")[:100], size=upload.size,
        sha256=digest.hexdigest(), state=project.state, uploaded_by=user, uploaded_as=role,
    )  # fmt: skip
    document.file.save(document.sha256, upload, save=False)
    document.save()
    record_event(
        project=project, actor=user, role=role, action="upload", label=f"上传{document.get_kind_display()}",
        from_state=project.state, to_state=project.state,
        inputs={"document": document.pk, "kind": kind, "version": version, "sha256": document.sha256},
    )  # fmt: skip
    return document


# The design is prepared before the approval (第十三条第一款); the national code is kept until delivery.
PREPARER_PHASES = frozenset({"scheme"})
NATIONAL_CODE_PHASES = frozenset({"scheme", "construction"})


@transaction.atomic
def preparer_set(
    *, project: Project, user: User, preparer: Organisation, qualification: str, contact: str
) -> Project:
    """第十三条第一款: the unit records the qualified third party that prepares its design."""
    project = Project.objects.select_for_update().get(pk=project.pk)
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


def expert_conflicts(expert: Expert, project: Project) -> list[str]:
    """Why `expert` may not review `project` (R3.8): same unit, the preparer, or a declared tie."""
    why = []
    own = expert.user.organisation_id
    if own == project.unit_id:
        why.append("与项目单位为同一单位")
    if project.preparer_id and own == project.preparer_id:
        why.append("为项目方案编制单位人员")
    tied = {o.pk for o in expert.conflicts.all()}
    if project.unit_id in tied:
        why.append("申报回避项目单位")
    if project.preparer_id and project.preparer_id in tied:
        why.append("申报回避方案编制单位")
    return why


@transaction.atomic
def expert_assign(*, project: Project, user: User, expert: Expert) -> ExpertReview:
    """第十五条: the BDB (or the DRC) asks an expert from the pool to review the design."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not user.role_set & {Role.BDB, Role.DRC}:
        raise errors.NotPermitted("专家评审由区大数据发展局或区发改委组织。")
    if project.state not in {
        "design_review",
        "fsr_approval",
        "fsr_budget_approval",
        "design_budget_approval",
    }:
        raise errors.NotPossible("只能在方案审核、审批环节组织专家评审。", article=15)
    if not expert.is_active:
        raise errors.InvalidInput("该专家已不在专家库中。", field="expert")
    why = expert_conflicts(expert, project)
    if why:
        raise errors.NotPossible(
            CONFLICTED_EXPERT.format(name=expert.user.name, why="；".join(why)), article=15
        )
    if ExpertReview.objects.filter(project=project, expert=expert, state=project.state).exists():
        raise errors.NotPossible("该专家已被分配评审本环节。", article=15)
    review = ExpertReview.objects.create(
        project=project, expert=expert, state=project.state, assigned_by=user
    )
    record_event(
        project=project, actor=user, role=Role.BDB if Role.BDB in user.role_set else Role.DRC,
        action="assign_expert", label="分配专家评审", from_state=project.state, to_state=project.state,
        inputs={"expert": expert.user.name, "review": review.pk}, article=15,
    )  # fmt: skip
    return review


@transaction.atomic
def expert_review_submit(*, review: ExpertReview, user: User, opinion: str, conclusion: str) -> ExpertReview:
    """An expert gives their opinion on a review assigned to them."""
    review = ExpertReview.objects.select_for_update().select_related("project", "expert").get(pk=review.pk)
    if review.expert.user_id != user.pk:
        raise errors.NotPermitted("只能提交分配给本人的评审意见。")
    if review.submitted_at is not None:
        raise errors.NotPossible("评审意见已提交。", article=15)
    if review.project.state != review.state:
        raise errors.NotPossible("项目已离开该评审环节。", article=15)
    if not opinion.strip():
        raise errors.InvalidInput("请填写评审意见。", field="opinion")
    if conclusion not in ExpertReview.Conclusion.values:
        raise errors.InvalidInput("请选择评审结论。", field="conclusion")
    review.opinion, review.conclusion, review.submitted_at = opinion.strip(), conclusion, clock.now()
    review.save(update_fields=["opinion", "conclusion", "submitted_at"])
    record_event(
        project=review.project, actor=user, role=Role.EXPERT, action="expert_opinion", label="提交专家评审意见",
        from_state=review.project.state, to_state=review.project.state,
        inputs={"review": review.pk, "conclusion": conclusion}, article=15,
    )  # fmt: skip
    return review


@transaction.atomic
def national_code_set(*, project: Project, user: User, code: str) -> Project:
    """R2.9: a district investment project's 24-character national project code."""
    project = Project.objects.select_for_update().get(pk=project.pk)
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


# --- The expert pool (第六条、第十五条, R3.8) ------------------------------------------------------

NOT_BDB = "专家库由区大数据发展局管理。"
NOT_AN_EXPERT = "该账号没有专家角色，请先由安全管理员分配“专家”角色。"
ALREADY_IN_POOL = "该专家已在专家库中。"


def _require_bdb(user: User) -> None:
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted(NOT_BDB)


@transaction.atomic
def expert_create(
    *, user: User, person: User, field: str, title: str = "", conflicts: Iterable[Organisation] = ()
) -> Expert:
    """The BDB adds a person holding the expert role to the pool (or brings one back into it)."""
    _require_bdb(user)
    if Role.EXPERT not in person.role_set:
        raise errors.InvalidInput(NOT_AN_EXPERT, field="person")
    if not field.strip():
        raise errors.InvalidInput("请填写专业领域。", field="field")
    expert = Expert.objects.select_for_update().filter(user=person).first()
    if expert is not None and expert.is_active:
        raise errors.NotPossible(ALREADY_IN_POOL, article=6)
    if expert is None:
        expert = Expert(user=person)
    expert.field, expert.title, expert.is_active = field.strip(), title.strip(), True
    expert.save()
    expert.conflicts.set(list(conflicts))
    return expert


@transaction.atomic
def expert_deactivate(*, user: User, expert: Expert) -> Expert:
    """The BDB takes an expert out of the pool; their past reviews stay on the projects."""
    _require_bdb(user)
    Expert.objects.filter(pk=expert.pk).update(is_active=False)
    expert.refresh_from_db()
    return expert
