"""The operation sections of the project page (第十九、二十、二十五、二十六条): the records as
`operation.selectors` reads them, and the forms this person may use on them now."""

from dataclasses import fields
from typing import Any

from govit import clock
from govit.accounts.models import User
from govit.documents.selectors import design_om_budget
from govit.operation import selectors
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
from govit.policy import format_wan
from govit.projects.models import Project


def operation_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The operation sections of the project page and the forms this person may use now; a form
    posted and refused (`bound`) comes back with the typed values."""
    records = selectors.operation_records(user, project)
    if records is None:
        return {}
    context: dict[str, Any] = {
        "operation": True,
        **{field.name: getattr(records, field.name) for field in fields(records)},
        "sharing_resource": bound.get("sharing_resource"),
    }
    hub, plan = records.hub, records.om_plan
    if records.may_run:
        kinds = selectors.security_kinds(project)
        context["security_form"] = bound.get("security_form") or SecurityAssessmentForm(kinds=kinds)
        context["resource_form"] = bound.get("resource_form") or DataResourceForm()
        # Always built (one query), so the page costs the same with or without resources.
        organisations = selectors.partner_choices()
        context["sharing_form"] = bound.get("sharing_form") or SharingForm(organisations=organisations)
        initial = {"connected": "yes" if hub.connected else "no", "scenarios": hub.scenarios,
                   "legal_basis": hub.legal_basis} if hub else None  # fmt: skip
        context["hub_form"] = bound.get("hub_form") or HubConnectionForm(initial=initial)
        initial = {"mechanism": plan.mechanism, "scope": plan.scope, "service_levels": plan.service_levels,
                   "five_year_budget": plan.five_year_budget} if plan else None  # fmt: skip
        context["om_plan_form"] = bound.get("om_plan_form") or OmPlanForm(initial=initial)
        _om_budget_from_design(context["om_plan_form"], project, plan is None)
    if records.may_serve:
        context["om_cost_form"] = bound.get("om_cost_form") or OmCostForm(
            initial={"year": clock.today().year}
        )
        context["incident_form"] = bound.get("incident_form") or IncidentForm()
    if records.may_final_account:
        context["final_account_form"] = bound.get("final_account_form") or FinalAccountForm()
    if records.may_evaluate:
        context["evaluation_form"] = bound.get("evaluation_form") or EvaluationForm(
            initial={"year": clock.today().year - 1, "evaluated_on": clock.today()}
        )
    return context


def _om_budget_from_design(form: OmPlanForm, project: Project, prefill: bool) -> None:
    """R5.5: the five-year budget the design's chapter 12 states (read on upload, 附件3) fills the
    form while no plan is recorded, and the form says where the figure came from."""
    found = design_om_budget(project)
    if found is None:
        return
    amount, source = found
    if prefill and not form.is_bound:
        form.initial["five_year_budget"] = amount
    said = f"取自{source}所列5年运维费预算 {format_wan(amount)}万元"
    form.fields["five_year_budget"].help_text = f"已预填：{said}" if prefill else said
