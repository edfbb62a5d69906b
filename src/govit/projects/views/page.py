"""The project page (项目详情): everything about one project, its route as a timeline, and the forms
this person may use now. Each room adds its own sections (`construction.panels`,
`operation.panels`)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from govit.access import is_project_unit, visible_documents, visible_expert_reviews
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals import selectors as approvals_selectors
from govit.construction.panels import delivery_context
from govit.documents import services as documents_services
from govit.documents.forms import DocumentUploadForm
from govit.experts import selectors as experts_selectors
from govit.experts.forms import ExpertAssignForm
from govit.front.fields import error_message
from govit.operation.panels import operation_context
from govit.projects import errors, intake, secrecy, selectors, services
from govit.projects.forms import NationalCodeForm, PreparerForm
from govit.projects.models import ApplicationVersion, Project, Proposal
from govit.projects.snapshot import changes
from govit.workflow import engine
from govit.workflow.forms import ActionForm
from govit.workflow.lifecycle import EDITABLE, STATE_BY_CODE


def _may(check, *args) -> bool:
    """Whether a service's own permission check lets the person through."""
    try:
        check(*args)
    except errors.ActionError:
        return False
    return True


def _side_forms(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The forms besides the actions that this person may use on this project now."""
    state = STATE_BY_CODE[project.state]
    unit = is_project_unit(user, project)
    found: dict[str, Any] = {}
    if project.is_classified:
        return found  # 第二十七条: no upload, no text; the engine's steps stay on offer
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
        and selectors.project_flags(project).national_code
        and state.phase in services.NATIONAL_CODE_PHASES
    ):
        found["national_code_form"] = bound.get("national_code_form") or NationalCodeForm(
            initial={"code": project.national_code}
        )
    if user.role_set & {Role.BDB, Role.DRC} and project.state in experts_selectors.REVIEW_STATES:
        found["assign_form"] = bound.get("assign_form") or ExpertAssignForm(
            experts=experts_selectors.expert_choices(user, project)
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
        forward = action.transition.kind == "forward"  # the step on; a return or a refusal is drawn apart
        actions.append({"action": action, "form": form, "open": form is failed, "forward": forward})
    route, flags = selectors.project_route(project), selectors.project_flags(project)
    previous, diff = _application_changes(project)
    return {
        "project": project,
        "flags": flags,
        "state": STATE_BY_CODE[project.state],
        "steps": route.steps,
        "basis": route.basis,
        "category_basis": route.category_basis,
        "documents": documents,
        "scope_answers": intake.scope_answers(project),
        "earlier": intake.earlier_history(project),
        "approvals": approvals_selectors.approvals_of(project),
        "lg_decisions": list(project.lg_decisions.all()),
        "reviews": list(visible_expert_reviews(user).filter(project=project).select_related("expert__user")),
        **dict(zip(("events", "earlier_events"), selectors.recent_events(project), strict=True)),
        "proposal": Proposal.objects.filter(project=project).first() if project.is_new else None,
        "previous_version": previous,
        "changes": diff,
        "actions": actions,
        "editable": is_project_unit(user, project)
        and project.state in EDITABLE
        and not project.is_classified,
        "may_classify": secrecy.may_classify(user, project),
        **_side_forms(user, project, bound),
        **delivery_context(user, project, documents, bound),
        **operation_context(user, project, bound),
    }


# The record forms of the rooms' panels, by the ending of their context names.
CLASSIFIED_FORMS = ("_form", "_forms", "_lines")


def render_page(
    request, project, *, status: int = 200, error: errors.ActionError | None = None, **kwargs
) -> HttpResponse:
    context = _context(request, project, **kwargs)
    if project.is_classified:  # 第二十七条: no record form (each would be refused); the steps stay
        context = {k: v for k, v in context.items() if not k.endswith(CLASSIFIED_FORMS)}
    context["error"] = error_message(error) if error else None
    return render(request, "projects/detail.html", context, status=status)
