"""The project page from the approval on (第十六至二十二条): the baseline, procurement, contracts and
their filing, supervision, owner decisions, changes and funds. Each view reads a form, calls one
service in `govit.projects.construction`, and on a refusal re-renders the project page with the
reason and its article beside the form."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from govit import clock, policy
from govit.acceptance import services as acceptance_services
from govit.acceptance.models import AcceptedItem
from govit.access import get_visible_project, visible_documents, visible_projects
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals import selectors as approvals_selectors
from govit.construction import selectors as construction_selectors
from govit.construction import services as construction_services
from govit.construction.forms import (
    ChangeApproveForm,
    ChangeRequestForm,
    ChangeReviewForm,
    ContractForm,
    ContractLineFormSet,
    OwnerDecisionForm,
    ProcurementForm,
    WaiverForm,
    amount_of,
    baseline_formset,
    lines_of,
)
from govit.construction.models import Baseline, BaselineItem, ChangeRequest, Contract
from govit.documents.models import DocumentKind
from govit.funds import services as funds_services
from govit.funds.forms import DisbursementForm
from govit.funds.models import Disbursement
from govit.holidays.models import DueDateChange
from govit.policy.wording import terms
from govit.projects import errors, policies
from govit.projects.forms import add_error
from govit.projects.models import Project
from govit.workflow.lifecycle import BUILDING, ENDED, IN_SERVICE, keeping

# From the approval on, the page shows the construction records (earlier states have none).
DELIVERY_STATES = BUILDING | IN_SERVICE | ENDED
FUNDS_STATES = keeping("funds")
CHANGE_STATES = keeping("changes")


@dataclass(frozen=True)
class LedgerRow:
    disbursement: Disbursement
    running: Decimal
    over: bool


def _is_unit(user: User, project: Project) -> bool:
    return user.organisation_id == project.unit_id and bool(user.role_set & {Role.UNIT})


def _contract_documents(documents: list) -> list[tuple[int, str]]:
    return [
        (d.pk, f"{d.original_name}（第{d.version}版）") for d in documents if d.kind == DocumentKind.CONTRACT
    ]


def _ledger(disbursements: list[Disbursement], budget: Decimal | None) -> list[LedgerRow]:
    rows, running = [], Decimal(0)
    for d in disbursements:
        running += d.amount
        rows.append(LedgerRow(d, running, budget is not None and running > budget))
    return rows


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


def delivery_context(user: User, project: Project, documents: list, bound: dict[str, Any]) -> dict[str, Any]:
    """The construction sections of the project page and the forms this person may use now.
    A fixed number of queries, however many contracts, changes or payments (STYLE)."""
    if project.state not in DELIVERY_STATES:
        return {}
    items = Prefetch("items", queryset=BaselineItem.objects.order_by("id"))
    baselines = list(project.baselines.select_related("approval").prefetch_related(items).order_by("version"))
    active = next((b for b in baselines if b.active), None)
    accepted = list(project.accepted_items.order_by("id"))
    contracts = list(
        project.contracts.select_related("document", "filing_confirmed_by").prefetch_related(
            "items", Prefetch("due_changes", DueDateChange.objects.select_related("revision__schedule"))
        )
    )
    changes = list(project.change_requests.select_related("baseline", "approval").order_by("requested_at"))
    for change in changes:  # 第二十一条: the cumulative ratio, on every request
        change.percent = f"{change.ratio * 100:.2f}%"
    disbursements = list(project.disbursements.order_by("paid_on", "id"))
    approval = approvals_selectors.current_approval(project)
    budget = approval.approved_total if approval else None
    disbursed = sum((d.amount for d in disbursements), Decimal(0))
    in_construction = project.state in construction_selectors.CONSTRUCTION_STATES
    rules = policies.of(project)  # the project's own version names every number shown (R9.4)
    supervision = policy.supervision(amount=project.amount, policy=rules)
    unit, roles = _is_unit(user, project), user.role_set
    contract_docs = _contract_documents(documents)
    context: dict[str, Any] = {
        "delivery": True,
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
        "ledger": _ledger(disbursements, budget),
        "disbursed": disbursed,
        "budget": budget,
        "remaining": budget - disbursed if budget is not None else None,
        "current_approval": approval,
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
    if unit and project.state == "approved":
        context["baseline_forms"] = bound.get("baseline_forms") or baseline_formset(
            items=active.items.all() if active else ()
        )
    if unit and project.state == "construction" and active is not None:
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
    if Role.FINANCE in roles and project.state in FUNDS_STATES:
        context["disbursement_form"] = bound.get("disbursement_form") or DisbursementForm()
    return context


def _page(request: HttpRequest, project: Project, error: errors.ActionError | None = None, **bound: Any):
    from govit.projects.views.detail import _render  # the project page renders these sections

    status = error.status if error else 422
    return _render(request, project, status=status, error=error, **bound)


def _done(request: HttpRequest, project: Project, text: str, anchor: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{project.get_absolute_url()}#{anchor}")


def submit_forms(
    request: HttpRequest, project: Project, forms: dict[str, Any], write: Callable[[], Any],
    done: Callable[[Any], str], anchor: str, **context: Any,
) -> HttpResponse:  # fmt: skip
    """The loop of every record form on the project page: while any of `forms` (by their context
    names; the first is the one refusals stand beside) is invalid, or the service (`write`) refuses,
    re-render the page with them and the reason and article; else go back to `anchor` with the
    message `done(result)`. `context` says which row's form was used (e.g. the change reviewed)."""
    if not all(form.is_valid() for form in forms.values()):
        return _page(request, project, **forms, **context)
    try:
        result = write()
    except errors.ActionError as error:
        first = next(iter(forms.values()), None)
        if isinstance(first, BaseForm):  # a formset's refusal shows above it, from `error`
            add_error(first, error)
        return _page(request, project, error, **forms, **context)
    return _done(request, project, done(result), anchor)


def _contract(request: HttpRequest, pk: int) -> Contract:
    """A contract of a project the person may see, else 404."""
    queryset = Contract.objects.filter(project__in=visible_projects(request.user)).select_related("project")
    return get_object_or_404(queryset, pk=pk)


def _change(request: HttpRequest, pk: int) -> ChangeRequest:
    queryset = ChangeRequest.objects.filter(project__in=visible_projects(request.user)).select_related(
        "project"
    )
    return get_object_or_404(queryset, pk=pk)


def _documents(request: HttpRequest, project: Project) -> list[tuple[int, str]]:
    return _contract_documents(list(visible_documents(request.user).filter(project=project)))


@login_required
@require_POST
def baseline_set(request: HttpRequest, pk: int) -> HttpResponse:
    """R4.4: the unit records the approved configuration list (第十七条)."""
    project = get_visible_project(request.user, pk)
    formset = baseline_formset(request.POST)
    return submit_forms(
        request, project, {"baseline_forms": formset},
        lambda: construction_services.baseline_set(project=project, user=request.user, items=lines_of(formset)),
        lambda baseline: f"已登记批复配置清单（第{baseline.version}版）。", "baseline",
    )  # fmt: skip


@login_required
@require_POST
def accepted_items_set(request: HttpRequest, pk: int) -> HttpResponse:
    """第二十三条: the configuration actually delivered, checked against the baseline (第十七条)."""
    project = get_visible_project(request.user, pk)
    formset = baseline_formset(request.POST, prefix="accepted")
    return submit_forms(
        request, project, {"accepted_forms": formset},
        lambda: acceptance_services.accepted_items_set(project=project, user=request.user, items=lines_of(formset)),
        lambda items: f"已登记实际交付配置清单（{len(items)} 项），与批复配置清单相符。", "baseline",
    )  # fmt: skip


@login_required
@require_POST
def procurement_record(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = ProcurementForm(request.POST)
    return submit_forms(
        request, project, {"procurement_form": form},
        lambda: construction_services.procurement_record(project=project, user=request.user, data=form.data_for_service()),
        lambda _: "已登记采购结果。", "procurement",
    )  # fmt: skip


def _contract_recorded(contract: Contract) -> str:
    due = contract.filing_due.isoformat() + ("（临时推算）" if contract.filing_due_provisional else "")
    return f"已登记{contract.get_kind_display()}，备案截止日 {due}。"


@login_required
@require_POST
def contract_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed contract, with optional lines compared with the baseline (第十六条、第十七条)."""
    project = get_visible_project(request.user, pk)
    form = ContractForm(request.POST, rules=policies.of(project), documents=_documents(request, project))
    lines = ContractLineFormSet(request.POST, prefix="items")
    return submit_forms(
        request, project, {"contract_form": form, "contract_lines": lines},
        lambda: construction_services.contract_record(
            project=project, user=request.user, data=form.data_for_service(), items=lines_of(lines)
        ),
        _contract_recorded, "contracts",
    )  # fmt: skip


@login_required
@require_POST
def contract_file(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return submit_forms(
        request, get_visible_project(request.user, contract.project_id), {},
        lambda: construction_services.contract_file(contract=contract, user=request.user),
        lambda filed: f"已报备：{filed.title}{'（逾期备案）' if filed.filed_late else ''}。", "contracts",
    )  # fmt: skip


@login_required
@require_POST
def contract_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return submit_forms(
        request, get_visible_project(request.user, contract.project_id), {},
        lambda: construction_services.contract_filing_confirm(contract=contract, user=request.user),
        lambda _: f"已确认合同备案：{contract.title}。", "contracts",
    )  # fmt: skip


@login_required
@require_POST
def waiver_request(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = WaiverForm(request.POST)
    return submit_forms(
        request, project, {"waiver_form": form},
        lambda: construction_services.supervision_waiver_request(
            project=project, user=request.user, reason=form.cleaned_data["reason"]
        ),
        lambda _: "已提交不引入监理的理由，待区大数据发展局认可。", "supervision",
    )  # fmt: skip


@login_required
@require_POST
def waiver_accept(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    return submit_forms(
        request, project, {},
        lambda: construction_services.supervision_waiver_accept(project=project, user=request.user),
        lambda _: "已认可不引入监理的理由。", "supervision",
    )  # fmt: skip


@login_required
@require_POST
def owner_decision(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    organisations = Organisation.objects.filter(is_active=True)
    form = OwnerDecisionForm(request.POST, organisations=list(organisations.values_list("pk", "name")))
    return submit_forms(
        request, project, {"owner_form": form},
        lambda: construction_services.owner_decision_record(
            project=project, user=request.user, kind=form.cleaned_data["kind"],
            organisation=organisations.get(pk=form.cleaned_data["organisation"]),
            decision_ref=form.cleaned_data["decision_ref"], decided_on=form.cleaned_data["decided_on"],
        ),
        lambda _: "已登记区政府决定。", "owner",
    )  # fmt: skip


def _change_recorded(change: ChangeRequest) -> str:
    share = terms(policies.of(change.project)).change
    where = "已报区大数据发展局评估" if change.requires_reapproval else f"已记录，未超出{share}，可继续实施"
    return f"变更累计占批复软件金额 {change.ratio * 100:.2f}%，{where}（第二十一条）。"


@login_required
@require_POST
def change_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = ChangeRequestForm(request.POST, rules=policies.of(project))
    return submit_forms(
        request, project, {"change_form": form},
        lambda: construction_services.change_request_create(
            project=project, user=request.user, description=form.cleaned_data["description"],
            software_amount=amount_of(form.cleaned_data["software_amount"]),
        ),
        _change_recorded, "changes",
    )  # fmt: skip


@login_required
@require_POST
def change_review(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(request, pk)
    form = ChangeReviewForm(request.POST)
    return submit_forms(
        request, get_visible_project(request.user, change.project_id), {"review_form": form},
        lambda: construction_services.change_request_review(
            change=change, user=request.user, passed=form.cleaned_data["passed"],
            comment=form.cleaned_data["comment"],
        ),
        lambda _: "已评估变更。", "changes", review_change=change.pk,
    )  # fmt: skip


@login_required
@require_POST
def change_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The DRC's 方案及概算调整批复: the new configuration becomes the active baseline (R9.7)."""
    change = _change(request, pk)
    form = ChangeApproveForm(request.POST)
    lines = baseline_formset(request.POST, prefix="newlines")
    return submit_forms(
        request, get_visible_project(request.user, change.project_id), {"approve_form": form, "approve_lines": lines},
        lambda: construction_services.change_request_approve(
            change=change, user=request.user, document_number=form.cleaned_data["document_number"],
            approved_on=form.cleaned_data["approved_on"], items=lines_of(lines), **form.amounts(),
        ),
        lambda _: "已下达调整批复，新的配置清单成为现行基线。", "baseline",
    )  # fmt: skip


@login_required
@require_POST
def disbursement_record(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = DisbursementForm(request.POST)
    return submit_forms(
        request, project, {"disbursement_form": form},
        lambda: funds_services.disbursement_record(
            project=project, user=request.user, paid_on=form.cleaned_data["paid_on"],
            amount=amount_of(form.cleaned_data["amount"]), purpose=form.cleaned_data["purpose"],
            voucher=form.cleaned_data["voucher"],
        ),
        lambda _: "已登记资金拨付。", "funds",
    )  # fmt: skip
