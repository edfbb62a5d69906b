"""The project page and what is done on it: the lifecycle's actions, documents, the preparer, the
national code and expert assignment (R2.9, R3.1, R3.8, R3.10, R9.2)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from govit import policy
from govit.access import expert_pool, get_visible_project, visible_documents, visible_expert_reviews
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.construction.views import delivery_context
from govit.documents import services as documents_services
from govit.documents.forms import DocumentUploadForm
from govit.experts import services as experts_services
from govit.experts.forms import ExpertAssignForm
from govit.operation.views import operation_context
from govit.projects import errors, intake, policies, selectors, services
from govit.projects.forms import NationalCodeForm, PreparerForm, add_error, error_message
from govit.projects.models import ApplicationVersion, Category, Project, Proposal
from govit.projects.snapshot import changes
from govit.workflow import engine
from govit.workflow.forms import ActionForm
from govit.workflow.lifecycle import STATE_BY_CODE


def _may(check, *args) -> bool:
    """Whether a service's own permission check lets the person through."""
    try:
        check(*args)
    except errors.ActionError:
        return False
    return True


def _is_project_unit(user: User, project: Project) -> bool:
    return _may(services.require_unit, user, project.unit_id)


def _expert_choices(user: User, project: Project) -> list[tuple[int, str]]:
    """The active pool; a conflicted expert is marked (the service refuses them with the reason)."""
    pool = (
        expert_pool(user)
        .filter(is_active=True)
        .select_related("user__organisation")
        .prefetch_related("conflicts")
    )
    choices = []
    for expert in pool:
        label = f"{expert.user.name}（{expert.user.organisation.display_name}，{expert.field}）"
        if experts_services.expert_conflicts(expert, project):
            label += " — 有利害关系"
        choices.append((expert.pk, label))
    return choices


def _side_forms(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms besides the actions that this person may use on this project now."""
    state = STATE_BY_CODE[project.state]
    unit = _is_project_unit(user, project)
    found: dict[str, Any] = {}
    if not state.final and _may(documents_services.uploader_role, user, project):
        found["upload_form"] = bound.get("upload_form") or DocumentUploadForm()
    if unit and state.listed and state.phase in services.PREPARER_PHASES:
        agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY, is_active=True).order_by("code")
        initial = {"preparer": project.preparer_id, "qualification": project.preparer_qualification,
                   "contact": project.preparer_contact}  # fmt: skip
        found["preparer_form"] = bound.get("preparer_form") or PreparerForm(
            initial=initial, agencies=[(o.pk, o.name) for o in agencies]
        )
    if (
        unit
        and project.list_code
        and project.category == Category.CONSTRUCTION
        and state.phase in services.NATIONAL_CODE_PHASES
    ):
        found["national_code_form"] = bound.get("national_code_form") or NationalCodeForm(
            initial={"code": project.national_code}
        )
    if user.role_set & {Role.BDB, Role.DRC} and project.state in experts_services.REVIEW_STATES:
        found["assign_form"] = bound.get("assign_form") or ExpertAssignForm(
            experts=_expert_choices(user, project)
        )
    return found


def _application_changes(project: Project) -> tuple[ApplicationVersion | None, list]:
    """For a resubmitted application, what changed since the submission before (R2.5)."""
    versions = list(ApplicationVersion.objects.filter(project=project).order_by("-number")[:2])
    if len(versions) < 2:
        return None, []
    return versions[1], changes(versions[1].data, versions[0].data)


def _context(
    request: HttpRequest, project: Project, *, failed: ActionForm | None = None, **bound: Any
) -> dict:
    user = request.user
    documents = list(visible_documents(user).filter(project=project).select_related("uploaded_by"))
    actions = []
    for action in engine.actions_for(project, user):
        if failed is not None and failed.transition.code == action.code:
            form = failed
        else:
            form = ActionForm(transition=action.transition, documents=documents,
                              initial={"version": project.version})  # fmt: skip
        actions.append({"action": action, "form": form, "open": form is failed})
    steps, basis = selectors.timeline(project)
    previous, diff = _application_changes(project)
    return {
        "project": project,
        "state": STATE_BY_CODE[project.state],
        "steps": steps,
        "basis": basis,
        "category_basis": policy.classify(
            work=project.work_type,
            amount=project.amount,
            changes_function=project.changes_function,
            policy=policies.of(project),
        ).basis,  # fmt: skip
        "documents": documents,
        "scope_answers": intake.scope_answers(project),
        "earlier": intake.earlier_history(project),
        "approvals": list(project.approvals.select_related("document")),
        "lg_decisions": list(project.lg_decisions.all()),
        "reviews": list(visible_expert_reviews(user).filter(project=project).select_related("expert__user")),
        "events": list(project.events.select_related("actor", "organisation").order_by("seq")),
        "proposal": Proposal.objects.filter(project=project).first() if project.is_new else None,
        "previous_version": previous,
        "changes": diff,
        "actions": actions,
        "editable": _is_project_unit(user, project) and project.state in {"draft", "returned"},
        **_side_forms(user, project, bound),
        **delivery_context(user, project, documents, bound),
        **operation_context(user, project, bound),
    }


def _render(
    request, project, *, status: int = 200, error: errors.ActionError | None = None, **kwargs
) -> HttpResponse:
    context = _context(request, project, **kwargs)
    context["error"] = error_message(error) if error else None
    return render(request, "projects/detail.html", context, status=status)


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one project, its route as a timeline, and what the person may do now."""
    return _render(request, get_visible_project(request.user, pk))


@login_required
@require_POST
def project_act(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Take one of the lifecycle's actions; a refusal re-renders the page with its reason."""
    project = get_visible_project(request.user, pk)
    action = next(
        (a for a in engine.actions_for(project, request.user, check_guards=False) if a.code == code), None
    )
    if action is None:
        try:  # Not offered to this person now: the engine says why (wrong role, wrong state…).
            engine.perform(project=project, user=request.user, code=code, inputs={}, version=None)
        except errors.ActionError as error:
            return _render(request, project, status=error.status, error=error)
    documents = list(visible_documents(request.user).filter(project=project))
    form = ActionForm(request.POST, transition=action.transition, documents=documents)
    if not form.is_valid():
        return _render(request, project, status=422, failed=form)
    try:
        engine.perform(
            project=project,
            user=request.user,
            code=code,
            inputs=form.inputs(),
            version=form.cleaned_data["version"],
        )
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, status=error.status, failed=form, error=error)
    messages.success(request, f"已办理：{action.label}。")
    return redirect(project)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, project, status=422, upload_form=form)
    try:
        document = documents_services.document_upload(
            project=project,
            user=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, status=error.status, upload_form=form, error=error)
    messages.success(request, f"已上传：{document}。")
    return redirect(f"{project.get_absolute_url()}#documents")


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document, only for people who may see its project (R3.10)."""
    document = get_object_or_404(visible_documents(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name,
        content_type=document.content_type,
    )  # fmt: skip


@login_required
@require_POST
def preparer_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("code")
    choices = [(o.pk, o.name) for o in agencies]
    form = PreparerForm(request.POST, agencies=choices)
    if not form.is_valid():
        return _render(request, project, status=422, preparer_form=form)
    try:
        services.preparer_set(
            project=project, user=request.user, preparer=agencies.get(pk=form.cleaned_data["preparer"]),
            qualification=form.cleaned_data["qualification"], contact=form.cleaned_data["contact"],
        )  # fmt: skip
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, status=error.status, preparer_form=form, error=error)
    messages.success(request, "已登记初步设计编制单位。")
    return redirect(project)


@login_required
@require_POST
def national_code_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = NationalCodeForm(request.POST)
    if not form.is_valid():
        return _render(request, project, status=422, national_code_form=form)
    try:
        services.national_code_set(project=project, user=request.user, code=form.cleaned_data["code"])
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, status=error.status, national_code_form=form, error=error)
    messages.success(request, "已登记全国投资项目代码。")
    return redirect(project)


@login_required
@require_POST
def expert_assign(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    if not request.user.role_set & {Role.BDB, Role.DRC}:
        raise PermissionDenied("专家评审由区大数据发展局或区发改委组织。")
    form = ExpertAssignForm(request.POST, experts=_expert_choices(request.user, project))
    if not form.is_valid():
        return _render(request, project, status=422, assign_form=form)
    expert = expert_pool(request.user).get(pk=form.cleaned_data["expert"])
    try:
        experts_services.expert_assign(project=project, user=request.user, expert=expert)
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, status=error.status, assign_form=form, error=error)
    messages.success(request, f"已请专家{expert.user.name}评审本项目。")
    return redirect(f"{project.get_absolute_url()}#reviews")
