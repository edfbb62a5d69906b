"""The project page from the approval on (第十六至二十二条): the baseline, procurement, contracts and
their filing, supervision, owner decisions, changes and funds. Each view reads a form, calls one
service in `govit.projects.construction`, and on a refusal re-renders the project page with the
reason and its article beside the form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from govit.acceptance import services as acceptance_services
from govit.access import get_visible_project, visible_documents
from govit.accounts.models import Organisation
from govit.construction import changes as construction_changes
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
from govit.construction.models import ChangeRequest, Contract
from govit.construction.panels import _contract_documents
from govit.funds import services as funds_services
from govit.funds.forms import DisbursementForm
from govit.policy.wording import terms
from govit.projects import policies
from govit.projects.models import Project
from govit.projects.views.posting import submit_forms


def _contract(request: HttpRequest, pk: int) -> Contract:
    """A contract of a project the person may see, else 404."""
    queryset = Contract.objects.visible_to(request.user).select_related("project")
    return get_object_or_404(queryset, pk=pk)


def _change(request: HttpRequest, pk: int) -> ChangeRequest:
    queryset = ChangeRequest.objects.visible_to(request.user).select_related("project")
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
        lambda: construction_services.procurement_record(project=project, user=request.user, procurement=construction_services.ProcurementIn(**form.data_for_service())),
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
            project=project, user=request.user, contract=construction_services.ContractIn(**form.data_for_service()), items=lines_of(lines)
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
        lambda: construction_changes.change_request_create(
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
        lambda: construction_changes.change_request_review(
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
        lambda: construction_changes.change_request_approve(
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
