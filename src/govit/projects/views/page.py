"""The project's pages (项目详情), one per phase as NetBox draws an object's tabs: 概况与办理 (the
facts, the route as a timeline, the lifecycle's actions, documents, decisions and history), then
建设, 资金 and 运维 as the project reaches them, and 公文 (its official documents), each drawn by
its room (`construction.panels`, `operation.panels`, `papers.panels`) with the forms this person may
use there now. A page reads only its own
records, so each runs a small fixed number of queries however rich the project (STYLE)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from govit import clock
from govit.acceptance import services as acceptance_services
from govit.acceptance.forms import AcceptanceBodyForm
from govit.access import is_project_unit, visible_documents, visible_expert_reviews
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals import selectors as approvals_selectors
from govit.construction.panels import DELIVERY_STATES, construction_context, funds_context
from govit.documents import selectors as documents_selectors
from govit.documents import services as documents_services
from govit.documents.forms import DocumentUploadForm
from govit.experts import selectors as experts_selectors
from govit.experts.forms import ExpertAssignForm, ReviewConclusionForm
from govit.findings.panels import findings_context
from govit.front.fields import error_message
from govit.operation.panels import operation_context
from govit.operation.selectors import SHOWN_STATES as OPERATION_STATES
from govit.papers.panels import papers_context
from govit.projects import errors, intake, policies, secrecy, selectors, services
from govit.projects.forms import NationalCodeForm, PreparerForm
from govit.projects.models import ApplicationVersion, Project, Proposal
from govit.projects.snapshot import changes
from govit.similar.panels import similar_context
from govit.steering.panels import steering_context
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
    if unit and project.state in acceptance_services.BODY_STATES:  # 第二十四条
        body = getattr(project, "acceptance_body", None)
        found["acceptance_body_form"] = bound.get("acceptance_body_form") or AcceptanceBodyForm(
            prefix="body", initial={"name": body.name if body else ""}
        )
    if user.role_set & {Role.BDB, Role.DRC} and project.state in experts_selectors.REVIEW_STATES:
        parties = experts_selectors.parties_of(project)
        found["assign_form"] = bound.get("assign_form") or ExpertAssignForm(
            experts=experts_selectors.expert_choices(user, project, parties),
            agencies=experts_selectors.agency_choices(user, project, parties),
        )
    return found


def _reviews(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """第十五条: the reviews the person reads, the panel's conclusions (read by all who see the
    project), and the form for the conclusion when this person's office may record it now."""
    reviews = list(
        visible_expert_reviews(user)
        .filter(project=project)
        .select_related("expert__user", "agency", "report")
    )
    conclusions = experts_selectors.conclusions_of(project)
    found: dict[str, Any] = {"reviews": reviews, "review_conclusions": conclusions}
    if not project.is_classified and experts_selectors.may_conclude(user, project, reviews, conclusions):
        found["conclusion_form"] = bound.get("conclusion_form") or ReviewConclusionForm(
            prefix="conclusion", initial={"concluded_on": clock.today()}
        )
    return found


def _outline_templates(user: User, project: Project) -> list[tuple[str, str]]:
    """R3.6: the outlines' Word templates the project's unit may start from: the proposal (附件2) for
    a new project, the FSR / preliminary design (附件3) for any that writes one."""
    if not is_project_unit(user, project) or project.is_classified:
        return []
    found = []
    if project.is_new:
        found.append(
            ("项目建议书模板（附件2）", reverse("projects:outline_docx", args=[project.pk, "proposal"]))
        )
    if project.path != "om_budget":
        found.append(
            ("可研报告/初步设计模板（附件3）", reverse("projects:outline_docx", args=[project.pk, "design"]))
        )
    return found


def _proposal(project: Project) -> tuple[Proposal | None, list[tuple[str, str]]]:
    """A new project's proposal, and its chapters as (title, text) in its version's outline."""
    proposal = Proposal.objects.filter(project=project).first() if project.is_new else None
    if proposal is None:
        return None, []
    return proposal, [(c.title, getattr(proposal, c.code)) for c in Proposal.chapters(policies.of(project))]


def _application_changes(project: Project) -> tuple[ApplicationVersion | None, list]:
    """For a resubmitted application, what changed since the submission before (R2.5)."""
    versions = list(ApplicationVersion.objects.filter(project=project).order_by("-number")[:2])
    if len(versions) < 2:
        return None, []
    return versions[1], changes(versions[1].data, versions[0].data)


def overview_context(
    user: User, project: Project, bound: dict[str, Any], failed: ActionForm | None = None
) -> dict[str, Any]:
    """The 概况与办理 page: the facts, the route, the actions and side forms, the documents, the
    decisions and the newest history."""
    documents = documents_selectors.with_outline_notes(  # R9.3: each document's outline check, beside it
        list(visible_documents(user).filter(project=project).select_related("uploaded_by", "outline_check")),
        project,
    )
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
        "flags": flags,
        "steps": route.steps,
        "basis": route.basis,
        "category_basis": route.category_basis,
        "documents": documents,
        "outline_templates": _outline_templates(user, project),
        "scope_answers": intake.scope_answers(project),
        "earlier": intake.earlier_history(project),
        "approvals": approvals_selectors.approvals_of(project),
        "lg_decisions": list(project.lg_decisions.all()),
        **_reviews(user, project, bound),
        **dict(zip(("events", "earlier_events"), selectors.recent_events(project), strict=True)),
        **dict(zip(("proposal", "proposal_chapters"), _proposal(project), strict=True)),
        "previous_version": previous,
        "changes": diff,
        "actions": actions,
        **similar_context(user, project),  # 第四条: the projects most like it, while it is decided
        **steering_context(user, project),  # 第二十六条: the evaluations that steer its money
        **_side_forms(user, project, bound),
    }


@dataclass(frozen=True)
class Tab:
    """One page of the project: its label, the states it is offered in, the sections it holds
    (a form posted from one of them comes back to this page, at its anchor), and how it is drawn."""

    code: str
    label: str
    sections: tuple[str, ...]
    states: frozenset[str] | None  # None: in every state
    context: Callable[..., dict[str, Any]]
    template: str = "projects/tab.html"
    include: str = ""  # the room's sections, drawn inside `template`
    rows: tuple[str, ...] = ()  # its rows' anchors, `<row>-<pk>` (e.g. resource-3)
    reached: Callable[[Project], bool] | None = None  # besides `states`: whether the project has it

    def url(self, project: Project) -> str:
        return reverse(f"projects:{'detail' if self.code == 'overview' else self.code}", args=[project.pk])


TABS = (
    Tab("overview", "概况与办理", ("actions", "similar", "steering", "documents", "reviews", "history"), None, overview_context,
        template="projects/detail.html"),
    Tab("construction", "建设",
        ("baseline", "procurement", "contracts", "supervision", "owner", "changes", "compliance", "built-system"),
        DELIVERY_STATES, construction_context, include="construction/sections.html",
        rows=("contract", "change")),
    Tab("funds", "资金", ("funds",), DELIVERY_STATES, funds_context, include="construction/funds.html"),
    Tab("operation", "运维", ("security", "data-resources", "hub", "om", "final-account", "evaluations"),
        OPERATION_STATES, operation_context, include="operation/sections.html", rows=("resource",)),
    # 公文 once the application has reached the BDB: every official document carries a decision after it.
    Tab("papers", "公文", ("papers",), None, papers_context, include="papers/sections.html",
        reached=lambda project: project.submitted_at is not None),
    # 监督意见 once listed: the bureaus' findings (审计、网络安全、招投标、政府采购) on its way and after.
    Tab("findings", "监督意见", ("findings",), None, findings_context, include="findings/sections.html",
        rows=("finding",), reached=lambda project: project.list_code is not None),
)  # fmt: skip
TAB_BY_CODE = {tab.code: tab for tab in TABS}
_TAB_OF_ANCHOR = {anchor: tab for tab in TABS for anchor in (*tab.sections, *tab.rows)}


def tab_of(anchor: str) -> Tab:
    """The page that holds a section (`contracts`) or one of its rows (`contract-3`)."""
    head, _, pk = anchor.rpartition("-")
    return _TAB_OF_ANCHOR[head if pk.isdigit() else anchor]


def tabs_of(project: Project) -> list[Tab]:
    """The pages this project has now: 建设 and 资金 from the approval on, 运维 from construction on,
    公文 from its submission to the BDB on."""
    return [
        tab
        for tab in TABS
        if (tab.states is None or project.state in tab.states)
        and (tab.reached is None or tab.reached(project))
    ]


def section_url(project: Project, anchor: str) -> str:
    """The address of a section (or a row) of the project's pages, on the page that holds it."""
    return f"{tab_of(anchor).url(project)}#{anchor}"


# The record forms of the rooms' panels, by the ending of their context names.
CLASSIFIED_FORMS = ("_form", "_forms", "_lines")


def render_page(
    request: HttpRequest,
    project: Project,
    *,
    tab: str = "overview",
    status: int = 200,
    error: errors.ActionError | None = None,
    failed: ActionForm | None = None,
    **bound: Any,
) -> HttpResponse:
    """One page of the project (`tab`), with the forms refused on it (`failed`, `bound`) showing
    what was typed and why; a page the project does not have yet is 404."""
    page, user = TAB_BY_CODE[tab], request.user
    shown = tabs_of(project)
    if page not in shown:
        raise Http404("项目尚未进入该阶段。")
    extra = {"failed": failed} if page.code == "overview" else {}
    context = {
        "project": project,
        "state": STATE_BY_CODE[project.state],
        "tab": {"code": page.code, "label": page.label, "include": page.include},
        "tabs": [{"code": t.code, "label": t.label, "url": t.url(project)} for t in shown],
        "editable": is_project_unit(user, project)
        and project.state in EDITABLE
        and not project.is_classified,
        "may_classify": secrecy.may_classify(user, project),
        **page.context(user, project, bound, **extra),
    }
    if project.is_classified:  # 第二十七条: no record form (each would be refused); the steps stay
        context = {k: v for k, v in context.items() if not k.endswith(CLASSIFIED_FORMS)}
    context["error"] = error_message(error) if error else None
    return render(request, page.template, context, status=status)
