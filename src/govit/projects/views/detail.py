"""The project page and what is done on it: the lifecycle's actions, documents, the preparer, the
national code, expert assignment and the panel's conclusion (R2.9, R3.1, R3.8, R3.10, R9.2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from govit.access import expert_pool, get_visible_project, visible_documents, visible_organisations
from govit.accounts.models import Organisation
from govit.accounts.roles import Role
from govit.audit.services import audit_download
from govit.documents import responses
from govit.documents import selectors as documents_selectors
from govit.documents import services as documents_services
from govit.documents.forms import DocumentUploadForm
from govit.experts import selectors as experts_selectors
from govit.experts import services as experts_services
from govit.experts.forms import ExpertAssignForm, ReviewConclusionForm
from govit.front.fields import add_error
from govit.projects import errors, services
from govit.projects.forms import NationalCodeForm, PreparerForm
from govit.projects.views.page import render_page, section_url
from govit.workflow import engine
from govit.workflow.forms import ActionForm

HISTORY_PAGE = 100


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one project, its route as a timeline, and what the person may do now."""
    return render_page(request, get_visible_project(request.user, pk, page=True))


@login_required
@require_GET
def project_tab(request: HttpRequest, pk: int, tab: str) -> HttpResponse:
    """One of the project's pages besides its 概况 (建设, 资金, 运维); 404 before the project has it."""
    return render_page(request, get_visible_project(request.user, pk, page=True), tab=tab)


@login_required
@require_GET
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's whole history (办理记录), oldest first, 100 a page."""
    project = get_visible_project(request.user, pk)
    events = project.events.select_related("actor", "organisation").order_by("seq")
    page = Paginator(events, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "projects/history.html", {"project": project, "page": page, "events": page})


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
            return render_page(request, project, status=error.status, error=error)
    documents = list(visible_documents(request.user).filter(project=project))
    form = ActionForm(request.POST, transition=action.transition, documents=documents)
    if not form.is_valid():
        return render_page(request, project, status=422, failed=form)
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
        return render_page(request, project, status=error.status, failed=form, error=error)
    messages.success(request, f"已办理：{action.label}。")
    return redirect(project)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_page(request, project, status=422, upload_form=form)
    try:
        document = documents_services.document_upload(
            project=project,
            user=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, upload_form=form, error=error)
    # R9.3: the outline check, right after the upload, in the same message (a warning when it found problems)
    note = documents_selectors.outline_note(document, documents_selectors.outlined_kinds(project))
    said = f"已上传：{document}。" + (note[0] if note is not None else "")
    (messages.warning if note is not None and not note[1] else messages.success)(request, said)
    return redirect(section_url(project, "documents"))


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document, only for people who may see its project (R3.10)."""
    document = get_object_or_404(visible_documents(request.user), pk=pk)
    audit_download(user=request.user, document=document)
    return responses.download(document)


@login_required
@require_POST
def preparer_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("code")
    choices = [(o.pk, o.name) for o in agencies]
    form = PreparerForm(request.POST, agencies=choices)
    if not form.is_valid():
        return render_page(request, project, status=422, preparer_form=form)
    try:
        services.preparer_set(
            project=project, user=request.user, preparer=agencies.get(pk=form.cleaned_data["preparer"]),
            qualification=form.cleaned_data["qualification"], contact=form.cleaned_data["contact"],
        )  # fmt: skip
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, preparer_form=form, error=error)
    messages.success(request, "已登记初步设计编制单位。")
    return redirect(project)


@login_required
@require_POST
def national_code_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = NationalCodeForm(request.POST)
    if not form.is_valid():
        return render_page(request, project, status=422, national_code_form=form)
    try:
        services.national_code_set(project=project, user=request.user, code=form.cleaned_data["code"])
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, national_code_form=form, error=error)
    messages.success(request, "已登记全国投资项目代码。")
    return redirect(project)


@login_required
@require_POST
def expert_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """第十五条: an expert from the pool, or a third-party evaluation agency."""
    project = get_visible_project(request.user, pk)
    if not request.user.role_set & {Role.BDB, Role.DRC}:
        raise PermissionDenied(experts_services.NOT_ORGANISER)
    parties = experts_selectors.parties_of(project)
    form = ExpertAssignForm(
        request.POST, experts=experts_selectors.expert_choices(request.user, project, parties),
        agencies=experts_selectors.agency_choices(request.user, project, parties),
    )  # fmt: skip
    if not form.is_valid():
        return render_page(request, project, status=422, assign_form=form)
    expert, agency = form.cleaned_data["expert"], form.cleaned_data["agency"]
    try:
        if agency is not None:
            agency = visible_organisations(request.user).get(pk=agency)
            experts_services.agency_assign(project=project, user=request.user, agency=agency)
        else:
            expert = expert_pool(request.user).get(pk=expert)
            experts_services.expert_assign(project=project, user=request.user, expert=expert)
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, assign_form=form, error=error)
    who = f"第三方评估机构{agency.display_name}" if agency is not None else f"专家{expert.user.name}"
    messages.success(request, f"已请{who}评审本项目。")
    return redirect(section_url(project, "reviews"))


@login_required
@require_POST
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """第十五条: the panel's consolidated conclusion, recorded by the office deciding the step."""
    project = get_visible_project(request.user, pk)
    form = ReviewConclusionForm(request.POST, prefix="conclusion")
    if not form.is_valid():
        return render_page(request, project, status=422, conclusion_form=form)
    try:
        experts_services.review_conclude(project=project, user=request.user, **form.cleaned_data)
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, conclusion_form=form, error=error)
    messages.success(request, "已登记专家组评审结论。")
    return redirect(section_url(project, "reviews"))
