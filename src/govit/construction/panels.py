"""The construction sections of the project page (第十六至二十四条): the records, and the forms this
person may use on them now. A fixed number of queries, however many records (STYLE)."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from govit import clock, policy
from govit.acceptance.models import AcceptedItem
from govit.access import is_project_unit, visible_documents
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals import selectors as approvals_selectors
from govit.construction import selectors as construction_selectors
from govit.construction.forms import (
    ChangeApproveForm,
    ChangeRequestForm,
    ChangeReviewForm,
    ContractForm,
    ContractLineFormSet,
    OwnerDecisionForm,
    ProcurementForm,
    WaiverForm,
    baseline_formset,
)
from govit.construction.models import Baseline, BaselineItem, ChangeRequest, Contract
from govit.documents.models import DocumentKind
from govit.funds import selectors as funds_selectors
from govit.funds.forms import DisbursementForm
from govit.holidays.models import DueDateChange
from govit.policy.wording import terms
from govit.projects import policies
from govit.projects.models import Project
from govit.workflow.lifecycle import BUILDING, ENDED, IN_SERVICE, keeping

# From the approval on, the page shows the construction records (earlier states have none).
DELIVERY_STATES = BUILDING | IN_SERVICE | ENDED


FUNDS_STATES = keeping("funds")


CHANGE_STATES = keeping("changes")


def _contract_documents(documents: list) -> list[tuple[int, str]]:
    return [
        (d.pk, f"{d.original_name}（第{d.version}版）") for d in documents if d.kind == DocumentKind.CONTRACT
    ]


def _compare(
    first: Baseline | None, active: Baseline | None, accepted: list[AcceptedItem]
) -> list[dict[str, Any]]:
    """R9.7: the plan (first baseline), the current one and what was actually delivered, line by
    line; nothing to compare while there is one baseline and no delivery recorded."""
    if first is None or active is None or (first.pk == active.pk and not accepted):
        return []
    plan = {i.name: i for i in first.items.all()}
    now = {i.name: i for i in active.items.all()}
    actual = {i.name: i for i in accepted}
    rows = []
    for name in dict.fromkeys([*plan, *now, *actual]):
        before, after, done = plan.get(name), now.get(name), actual.get(name)
        rows.append({"name": name, "plan": before, "current": after, "actual": done,
                     "changed": before is None or after is None or before.amount != after.amount,
                     "short": accepted and after is not None and (done is None or done.quantity < after.quantity)})  # fmt: skip
    return rows


def funds_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The funds page of the project (第二十二条): the payments against the budget approved now, and
    the Finance bureau's form. Two queries, however many payments."""
    if project.state not in DELIVERY_STATES:
        return {}
    disbursements = list(project.disbursements.order_by("paid_on", "id"))
    approval = approvals_selectors.current_of(approvals_selectors.approvals_of(project))
    payments = funds_selectors.payments_of(project, disbursements, approval)
    context: dict[str, Any] = {
        "ledger": payments.rows,
        "disbursed": payments.disbursed,
        "budget": payments.budget,
        "remaining": payments.remaining,
        "overspent": payments.overspent,
        "current_approval": approval,
    }
    if Role.FINANCE in user.role_set and project.state in FUNDS_STATES:
        context["disbursement_form"] = bound.get("disbursement_form") or DisbursementForm()
    return context


def construction_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The construction page of the project (第十六至二十四条): its records and the forms this
    person may use now. A fixed number of queries, however many contracts or changes (STYLE)."""
    if project.state not in DELIVERY_STATES:
        return {}
    documents = list(visible_documents(user).filter(project=project, kind=DocumentKind.CONTRACT))
    items = Prefetch("items", queryset=BaselineItem.objects.order_by("id"))
    baselines = list(project.baselines.select_related("approval").prefetch_related(items).order_by("version"))
    active = next((b for b in baselines if b.active), None)
    accepted = list(project.accepted_items.order_by("id"))
    contracts = construction_selectors.mark_contracts(
        list(
            project.contracts.select_related("document", "filing_confirmed_by").prefetch_related(
                "items", Prefetch("due_changes", DueDateChange.objects.select_related("revision__schedule"))
            )
        ),
        clock.today(),
    )
    changes = construction_selectors.mark_changes(
        list(project.change_requests.select_related("baseline", "approval").order_by("requested_at"))
    )
    in_construction = project.state in construction_selectors.CONSTRUCTION_STATES
    rules = policies.of(project)  # the project's own version names every number shown (R9.4)
    supervision = policy.supervision(amount=project.amount, policy=rules)
    unit, roles = is_project_unit(user, project), user.role_set
    contract_docs = _contract_documents(documents)
    context: dict[str, Any] = {
        "baselines": baselines,
        "active_baseline": active,
        "baseline_compare": _compare(baselines[0] if baselines else None, active, accepted),
        "accepted_items": accepted,
        "procurements": list(project.procurements.all()),
        "contracts": contracts,
        "contracts_total": sum(
            (c.amount for c in contracts if c.kind != Contract.Kind.SUPERVISION), Decimal(0)
        ),
        "supervision": supervision,
        "has_supervision_contract": any(c.kind == Contract.Kind.SUPERVISION for c in contracts),
        "change_requests": changes,
        "owner_decisions": list(project.owner_decisions.select_related("organisation")),
        "compliance_checks": list(project.compliance_checks.select_related("checked_by").order_by("round")),
        "built_system": getattr(project, "built_system", None)
        if project.state in keeping("library")
        else None,
        "may_file": unit and in_construction,
        "may_confirm": Role.BDB in roles,
        "may_review_change": Role.BDB in roles,
        "may_approve_change": Role.DRC in roles,
        "today": clock.today(),
        "terms": terms(rules),
    }
    if unit and project.state in keeping("baseline"):
        context["baseline_forms"] = bound.get("baseline_forms") or baseline_formset(
            items=active.items.all() if active else ()
        )
    if unit and project.state in keeping("delivered_items") and active is not None:
        context["accepted_forms"] = bound.get("accepted_forms") or baseline_formset(
            items=accepted or active.items.all(), prefix="accepted"
        )
    if unit and in_construction:
        context["procurement_form"] = bound.get("procurement_form") or ProcurementForm()
        context["contract_form"] = bound.get("contract_form") or ContractForm(
            rules=rules, documents=contract_docs
        )
        context["contract_lines"] = bound.get("contract_lines") or ContractLineFormSet(prefix="items")
        if supervision.required and not project.supervision_waiver_accepted_by_id:
            context["waiver_form"] = bound.get("waiver_form") or WaiverForm(
                initial={"reason": project.supervision_waiver_reason}
            )
    if unit and project.state in CHANGE_STATES and active is not None:
        context["change_form"] = bound.get("change_form") or ChangeRequestForm(rules=rules)
    if Role.BDB in roles and in_construction:
        organisations = Organisation.objects.filter(is_active=True).order_by("kind", "code")
        context["owner_form"] = bound.get("owner_form") or OwnerDecisionForm(
            organisations=[(o.pk, o.name) for o in organisations]
        )
    if Role.BDB in roles:
        context["review_form"] = bound.get("review_form") or ChangeReviewForm()
        context["review_change"] = bound.get("review_change")
    if Role.DRC in roles and any(c.status == ChangeRequest.Status.DRC_REVIEW for c in changes):
        context["approve_form"] = bound.get("approve_form") or ChangeApproveForm()
        context["approve_lines"] = bound.get("approve_lines") or baseline_formset(
            items=active.items.all() if active else (), prefix="newlines"
        )
    return context
