"""The operation sections of the project page (第十九、二十、二十五、二十六条): the records, and the
forms this person may use on them now."""

from typing import Any

from django.db.models import Prefetch

from govit import clock
from govit.access import is_project_unit
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.operation import selectors as operation_selectors
from govit.operation.forms import (
    DataResourceForm,
    EvaluationForm,
    FinalAccountForm,
    HubConnectionForm,
    IncidentForm,
    OmCostForm,
    OmPlanForm,
    SecurityAssessmentForm,
    SharingForm,
)
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    OmPlan,
    SharingRecord,
)
from govit.projects import policies
from govit.projects.models import Project
from govit.workflow.lifecycle import ENDED, IN_SERVICE, keeping

# The sections are shown from construction on, and kept after the system is retired.
OPERATION_STATES = operation_selectors.RUNNING_STATES | ENDED


EVALUATION_STATES = keeping("evaluation")


FINAL_ACCOUNT_STATES = keeping("final_account")


def _kinds(project: Project) -> list[tuple[str, str]]:
    kinds = policies.of(project).security_assessments
    return [(code, spec["label"]) for code, spec in kinds.items()]


def _partners():
    """Who a resource may be shared with (第二十条: 政务部门): government bodies, not third parties."""
    return Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.AGENCY)


def _organisations() -> list[tuple[int, str]]:
    return list(_partners().order_by("kind", "code").values_list("pk", "name"))


def _security_rows(project: Project) -> list[dict[str, Any]]:
    """Each assessment; the latest of each kind carries the next due date, marked late when past."""
    today, seen, rows = clock.today(), set(), []
    labels = dict(_kinds(project))
    for a in project.security_assessments.order_by("-done_on", "-pk"):
        current = a.kind not in seen
        seen.add(a.kind)
        rows.append({"a": a, "label": labels.get(a.kind, a.kind), "current": current,
                     "late": current and a.next_due < today})  # fmt: skip
    return rows


def operation_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The operation sections of the project page and the forms this person may use now.
    A fixed number of queries, however many assessments, resources, costs or evaluations."""
    if project.state not in OPERATION_STATES:
        return {}
    sharings = Prefetch(
        "sharings", queryset=SharingRecord.objects.select_related("organisation").order_by("shared_on", "pk")
    )
    resources = list(DataResource.objects.filter(project=project).prefetch_related(sharings).order_by("name"))
    evaluations = list(
        Evaluation.objects.filter(project=project).select_related("recorded_by").order_by("-year", "by")
    )
    plan = OmPlan.objects.filter(project=project).first()
    hub = HubConnection.objects.filter(project=project).first()
    final_account = FinalAccount.objects.filter(project=project).first()
    unit, roles, state = is_project_unit(user, project), user.role_set, project.state
    running = state in operation_selectors.RUNNING_STATES
    context: dict[str, Any] = {
        "operation": True,
        "security_rows": _security_rows(project),
        "data_resources": resources,
        "hub": hub,
        "om_plan": plan,
        "om_spending": operation_selectors.om_spending(project),
        "om_costs": list(project.om_costs.order_by("year")),
        "incidents": list(project.incidents.order_by("-occurred_at")),
        "final_account": final_account,
        "evaluations": evaluations,
        "sharing_resource": bound.get("sharing_resource"),
    }
    if unit and running:
        context["security_form"] = bound.get("security_form") or SecurityAssessmentForm(kinds=_kinds(project))
        context["resource_form"] = bound.get("resource_form") or DataResourceForm()
        # Always built (one query), so the page costs the same with or without resources.
        context["sharing_form"] = bound.get("sharing_form") or SharingForm(organisations=_organisations())
        initial = {"connected": "yes" if hub.connected else "no", "scenarios": hub.scenarios,
                   "legal_basis": hub.legal_basis} if hub else None  # fmt: skip
        context["hub_form"] = bound.get("hub_form") or HubConnectionForm(initial=initial)
        initial = {"mechanism": plan.mechanism, "scope": plan.scope, "service_levels": plan.service_levels,
                   "five_year_budget": plan.five_year_budget} if plan else None  # fmt: skip
        context["om_plan_form"] = bound.get("om_plan_form") or OmPlanForm(initial=initial)
    if unit and state in IN_SERVICE:
        context["om_cost_form"] = bound.get("om_cost_form") or OmCostForm(
            initial={"year": clock.today().year}
        )
        context["incident_form"] = bound.get("incident_form") or IncidentForm()
    if unit and state in FINAL_ACCOUNT_STATES and final_account is None:
        context["final_account_form"] = bound.get("final_account_form") or FinalAccountForm()
    if (unit or Role.BDB in roles) and state in EVALUATION_STATES:
        context["evaluation_form"] = bound.get("evaluation_form") or EvaluationForm(
            initial={"year": clock.today().year - 1, "evaluated_on": clock.today()}
        )
        context["evaluation_by_bdb"] = Role.BDB in roles
    return context
