"""The application form (Attachment 1), the proposal (Attachment 2), the route preview and the
application form as a Word file (R2.3, R2.4, R8.4, R9.2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from govit import clock, policy
from govit.acceptance.models import BuiltSystem
from govit.access import get_visible_project
from govit.accounts.roles import Role
from govit.audit.services import audit_project_export
from govit.documents import docx
from govit.documents import outline_docx as outline_template
from govit.front.fields import add_error, error_message
from govit.projects import errors, intake, policies, selectors, services
from govit.projects.forms import ApplicationForm, ProposalForm, RoutePreviewForm
from govit.projects.models import ApplicationVersion, Project, Proposal
from govit.projects.snapshot import application_snapshot, changes
from govit.projects.views._common import require_roles, year_choices
from govit.similar.panels import form_context as similar_form_context
from govit.steering.panels import om_initial
from govit.workflow import engine
from govit.workflow.lifecycle import EDITABLE, START

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _save(request: HttpRequest, form: ApplicationForm, proposal_form: ProposalForm, project: Project | None):
    """Create or update the application and, for a new project, its proposal, all or nothing."""
    data = form.data_for_service()
    version = data.pop("version", None)
    with transaction.atomic():
        application = services.Application(**data)
        if project is None:
            project = services.project_create(user=request.user, application=application)
        else:
            project = services.project_update(
                project=project, user=request.user, application=application, version=version
            )
        if project.is_new:
            services.proposal_update(project=project, user=request.user, chapters=proposal_form.cleaned_data)
    return project


def _unit_systems(unit_id: int) -> list[BuiltSystem]:
    """The unit's built systems an O&M application may name (第二十五条), retired ones marked."""
    return list(
        BuiltSystem.objects.filter(unit_id=unit_id, project__classified_at__isnull=True).order_by(
            F("retired_on").asc(nulls_first=True), "name", "pk"
        )
    )


def _form(request: HttpRequest, project: Project | None, data=None, **kwargs) -> ApplicationForm:
    """The application form with the choices of the unit and of the project's policy version."""
    unit_id = project.unit_id if project is not None else request.user.organisation_id
    year = project.year if project is not None else None
    return ApplicationForm(
        data,
        years=year_choices(year) if project is not None else year_choices(),
        systems=_unit_systems(unit_id),
        earlier=[
            p for p in intake.continuation_candidates(unit_id, None) if project is None or p.pk != project.pk
        ],
        rules=_rules(project),
        **kwargs,
    )


def _rules(project: Project | None) -> policy.Policy:
    """The project's version, or for a new application the one in force today."""
    return policies.of(project) if project is not None else policies.in_force(clock.today())


def _proposal_form(project: Project | None, data=None, **kwargs) -> ProposalForm:
    """The proposal in the chapters of the project's version (or today's, for a new application)."""
    return ProposalForm(data, rules=_rules(project), **kwargs)


def _route_panel(project: Project) -> dict:
    """The category and route the facts lead to, with the articles that say why (R9.2)."""
    route = selectors.project_route(project)
    return {
        "category": route.category,
        "category_label": policies.of(project).categories[route.category],
        "category_basis": route.category_basis,
        "steps": route.steps,
        "basis": route.basis,
    }


def _render_form(request, form, proposal_form, project=None, *, error=None, status=200) -> HttpResponse:
    context = {"form": form, "proposal_form": proposal_form, "project": project, "error": error,
               "flags": selectors.project_flags(project)}  # fmt: skip
    context.update(similar_form_context(request.user, project))  # 第四条: similar projects as it is written
    if project is not None:
        context["route"] = _route_panel(project)
        context["submit"] = next(
            (a for a in engine.actions_for(project, request.user) if a.code == "submit"), None
        )
        context.update(_return_context(project))
    return render(request, "projects/application_form.html", context, status=status)


def _return_context(project: Project) -> dict:
    """A returned application: the comment it came back with, and what changed since it was sent."""
    last = (
        project.events.filter(to_state=project.state)
        .exclude(from_state=project.state)
        .order_by("-seq")
        .first()
    )
    submitted = ApplicationVersion.objects.filter(project=project).order_by("-number").first()
    return {
        "returned_by": last if last is not None and last.inputs.get("comment") else None,
        "last_version": submitted,
        "changes": changes(submitted.data, application_snapshot(project)) if submitted else [],
    }


@login_required
@require_roles(Role.UNIT)
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    """A unit starts an application for next year's list."""
    if request.method == "GET":
        today = clock.today()
        initial = {"year": today.year + 1, "form_date": today, "filler_name": request.user.name}
        if request.user.phone:
            initial["filler_phone"] = request.user.phone
        initial.update(
            om_initial(request.user, request.GET.get("maintains"), today)
        )  # 第二十五条: from the to-do
        return _render_form(request, _form(request, None, initial=initial), _proposal_form(None))
    form, proposal_form = _form(request, None, request.POST), _proposal_form(None, request.POST)
    if not (form.is_valid() and proposal_form.is_valid()):
        return _render_form(request, form, proposal_form, status=422)
    try:
        project = _save(request, form, proposal_form, None)
    except errors.ActionError as error:
        add_error(form, error)
        return _render_form(request, form, proposal_form, status=error.status)
    messages.success(request, f"已保存申报草稿“{project.name}”。可继续修改，填写完整后提交单位负责人确认。")
    return redirect("projects:edit", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit edits its draft or returned application; the route panel shows where it leads."""
    project = get_visible_project(request.user, pk)
    try:
        services.require_unit(request.user, project.unit_id)  # the services' own rule of who edits
    except errors.NotPermitted as error:
        raise PermissionDenied(error.detail) from None
    if project.state not in EDITABLE:
        refusal = errors.NotPossible(services.NOT_EDITABLE, article=9)
        context = {"project": project, "message": error_message(refusal)}
        return render(request, "projects/not_editable.html", context, status=refusal.status)
    proposal = Proposal.objects.filter(project=project).first()
    if request.method == "GET":
        initial = {**ApplicationForm.initial_for(project), "version": project.version}
        form = _form(request, project, initial=initial)
        proposal_form = _proposal_form(project, initial=ProposalForm.initial_for(proposal))
        return _render_form(request, form, proposal_form, project)
    form, proposal_form = _form(request, project, request.POST), _proposal_form(project, request.POST)
    if not (form.is_valid() and proposal_form.is_valid()):
        return _render_form(request, form, proposal_form, project, status=422)
    try:
        project = _save(request, form, proposal_form, project)
    except errors.ActionError as error:
        add_error(form, error)
        return _render_form(request, form, proposal_form, project, error=error, status=error.status)
    messages.success(request, "已保存。右侧显示按当前填写内容确定的项目类别和审批路径。")
    return redirect("projects:edit", pk=project.pk)


@login_required
@require_GET
def route_preview(request: HttpRequest) -> HttpResponse:
    """The category and route the facts typed so far lead to, before they are saved (a fragment)."""
    form = RoutePreviewForm(request.GET)
    if not form.is_valid():
        return render(request, "projects/includes/route_panel.html", {"route": None})
    facts = form.cleaned_data
    project = Project(
        state=START,
        policy_id=policies.in_force(clock.today()).id,
        work_type=facts["work_type"],
        amount=policy.parse_amount(facts["amount"]) if facts["amount"] else None,
        **{
            name: facts[name]
            for name in ("changes_function", "civil_works", "high_energy", "needs_procurement", "urgent")
        },
    )
    if project.amount is None:
        return render(request, "projects/includes/route_panel.html", {"route": None, "need_amount": True})
    return render(
        request, "projects/includes/route_panel.html", {"route": _route_panel(project), "preview": True}
    )


@login_required
@require_GET
def application_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """渝中区政务信息化项目申报表 as Word, laid out as Attachment 1."""
    project = get_visible_project(request.user, pk)
    response = HttpResponse(docx.application_docx(project), content_type=DOCX)
    audit_project_export(
        user=request.user,
        project=project,
        label=f"导出申报表：{project.name}",
        filename=f"{project.name}-申报表.docx",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{project.name}-申报表.docx"
    )
    return response


# The outline templates a link may name (R3.6): the proposal's (附件2), the FSR / design's (附件3).
OUTLINE_TEMPLATES = {"proposal": "项目建议书", "design": "可研报告及初步设计"}


@login_required
@require_GET
def outline_docx(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    """The outline of 附件2 or 附件3 of the project's version as a Word template, prefilled."""
    project = get_visible_project(request.user, pk)
    if template not in OUTLINE_TEMPLATES:
        raise Http404("没有该模板。")
    outline = policies.of(project).outlines[template]
    filename = f"{project.name}-{OUTLINE_TEMPLATES[template]}模板.docx"
    response = HttpResponse(outline_template.outline_docx(project, outline), content_type=DOCX)
    audit_project_export(
        user=request.user,
        project=project,
        label=f"导出{outline.title}模板：{project.name}",
        filename=filename,
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
