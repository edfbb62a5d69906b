"""Construction records (第十六至二十三条): the baseline, procurement, contracts and their filing,
supervision, owner decisions, changes and the compliance review's rounds.

The lifecycle's own steps (start_construction, initial_acceptance, …) are actions
(POST /projects/{id}/actions/{code}); these are the records the actions' guards read. Each
endpoint fetches through govit.access (404 outside the person's scope) and hands the write to
govit.projects.construction, which decides who may do what (403/409/422)."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from govit import access, policy
from govit.acceptance import services as acceptance_services
from govit.acceptance.models import AcceptedItem, ComplianceCheck
from govit.accounts.models import User
from govit.accounts.selectors import organisation_list
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.construction import changes as construction_changes
from govit.construction import services as construction_services
from govit.construction.models import Baseline, ChangeRequest, Contract, OwnerDecision, Procurement
from govit.construction.schemas import (
    BaselineIn,
    BaselineOut,
    ChangeApproveIn,
    ChangeIn,
    ChangeOut,
    ChangeReviewIn,
    ComplianceCheckOut,
    ContractIn,
    ContractOut,
    OwnerDecisionIn,
    OwnerDecisionOut,
    ProcurementIn,
    ProcurementOut,
    SupervisionOut,
    SupervisionWaiverIn,
)
from govit.documents.models import DocumentKind
from govit.projects import errors, policies
from govit.projects.models import Project

router = Router(tags=["建设实施"])

UNKNOWN_DOCUMENT = "本项目没有该合同文件，请先上传（POST /projects/{id}/documents，类型 contract）。"
UNKNOWN_ORGANISATION = "没有代码为“{code}”的单位。"


def _project(request: HttpRequest, project_id: int) -> Project:
    return access.get_visible_project(person(request), project_id)


def _contracts(user: User) -> QuerySet[Contract]:
    return Contract.objects.visible_to(user).select_related("filing_confirmed_by").prefetch_related("items")


def _changes(user: User) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.visible_to(user).select_related("baseline", "approval")


# --- The baseline (第十七条) ------------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/baseline",
    response={200: BaselineOut, **ERRORS},
    summary="批复基线：现行版本及历次版本（计划与现行对比）",
)
def get_baseline(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _baseline(_project(request, project_id))


@router.put(
    "/projects/{int:project_id}/baseline",
    response={200: BaselineOut, **ERRORS},
    summary="登记批复的配置清单（第十七条）",
)
def put_baseline(request: HttpRequest, project_id: int, payload: BaselineIn) -> dict[str, Any]:
    project = _project(request, project_id)
    construction_services.baseline_set(
        project=project, user=person(request), items=[item.line() for item in payload.items]
    )
    return _baseline(project)


@router.put(
    "/projects/{int:project_id}/accepted-items",
    response={200: BaselineOut, **ERRORS},
    summary="登记实际交付的配置清单（初验前，第二十三条；与现行基线比对，第十七条）",
)
def put_accepted_items(request: HttpRequest, project_id: int, payload: BaselineIn) -> dict[str, Any]:
    project = _project(request, project_id)
    acceptance_services.accepted_items_set(
        project=project, user=person(request), items=[item.line() for item in payload.items]
    )
    return _baseline(project)


def _baseline(project: Project) -> dict[str, Any]:
    """Every version with its items and total, and the actual delivery: four queries whatever the
    number of versions."""
    versions = list(
        Baseline.objects.filter(project=project)
        .select_related("approval")
        .prefetch_related("items")
        .order_by("version")
    )
    rows = [
        {
            "version": baseline.version,
            "active": baseline.active,
            "created_at": baseline.created_at,
            "approval": baseline.approval,
            "items": list(baseline.items.all()),
            "total": sum((item.amount for item in baseline.items.all()), Decimal(0)),
        }
        for baseline in versions
    ]
    active = next((row for row in rows if row["active"]), None)
    actual = list(AcceptedItem.objects.filter(project=project).order_by("id"))
    return {
        "active_version": active["version"] if active else None,
        "plan_total": rows[0]["total"] if rows else None,
        "current_total": active["total"] if active else None,
        "approved_total": active["approval"].approved_total if active else None,
        "versions": rows,
        "actual_total": sum((item.amount for item in actual), Decimal(0)) if actual else None,
        "actual": actual,
    }


# --- Procurement and contracts (第十六条、第十八条) --------------------------------------------------


@router.get(
    "/projects/{int:project_id}/procurements",
    response={200: list[ProcurementOut], **ERRORS},
    summary="采购记录",
)
def list_procurements(request: HttpRequest, project_id: int) -> QuerySet[Procurement]:
    return _project(request, project_id).procurements.order_by("awarded_on", "pk")


@router.post(
    "/projects/{int:project_id}/procurements",
    response={201: ProcurementOut, **ERRORS},
    summary="登记采购结果（第十八条）",
)
def create_procurement(request: HttpRequest, project_id: int, payload: ProcurementIn) -> Status[Procurement]:
    project = _project(request, project_id)
    procurement = construction_services.procurement_record(
        project=project,
        user=person(request),
        procurement=construction_services.ProcurementIn(**payload.model_dump()),
    )
    return Status(201, procurement)


@router.get(
    "/projects/{int:project_id}/contracts",
    response={200: list[ContractOut], **ERRORS},
    summary="合同及其备案",
)
def list_contracts(request: HttpRequest, project_id: int) -> QuerySet[Contract]:
    project = _project(request, project_id)
    return _contracts(person(request)).filter(project=project).order_by("signed_on", "pk")


@router.post(
    "/projects/{int:project_id}/contracts",
    response={201: ContractOut, **ERRORS},
    summary="登记合同（第十六条；明细与批复配置清单比对，第十七条）",
)
def create_contract(request: HttpRequest, project_id: int, payload: ContractIn) -> Status[Contract]:
    project = _project(request, project_id)
    user = person(request)
    if payload.document_id is not None:
        # The copy must be one of this project's contract documents the person may see.
        documents = access.visible_documents(user).filter(project=project, kind=DocumentKind.CONTRACT)
        if not documents.filter(pk=payload.document_id).exists():
            raise errors.InvalidInput(UNKNOWN_DOCUMENT, field="document_id")
    contract = construction_services.contract_record(
        project=project,
        user=user,
        contract=construction_services.ContractIn(**payload.data()),
        items=[item.line() for item in payload.items],
    )
    return Status(201, _contracts(user).get(pk=contract.pk))


@router.post(
    "/contracts/{int:contract_id}/file",
    response={200: ContractOut, **ERRORS},
    summary="合同复印件报区大数据发展局备案（今天；逾期照收并标明）",
)
def file_contract(request: HttpRequest, contract_id: int) -> Contract:
    contract = get_object_or_404(_contracts(person(request)), pk=contract_id)
    construction_services.contract_file(contract=contract, user=person(request))
    return _contracts(person(request)).get(pk=contract_id)


@router.post(
    "/contracts/{int:contract_id}/confirm-filing",
    response={200: ContractOut, **ERRORS},
    summary="确认合同备案（区大数据发展局）",
)
def confirm_contract_filing(request: HttpRequest, contract_id: int) -> Contract:
    contract = get_object_or_404(_contracts(person(request)), pk=contract_id)
    construction_services.contract_filing_confirm(contract=contract, user=person(request))
    return _contracts(person(request)).get(pk=contract_id)


# --- Supervision (第十八条) -------------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/supervision",
    response={200: SupervisionOut, **ERRORS},
    summary="监理：是否需要、依据、监理合同或不引入的理由",
)
def get_supervision(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _supervision(request, _project(request, project_id))


@router.put(
    "/projects/{int:project_id}/supervision-waiver",
    response={200: SupervisionOut, **ERRORS},
    summary="说明不引入监理的理由（第十八条“原则上”）",
)
def put_supervision_waiver(
    request: HttpRequest, project_id: int, payload: SupervisionWaiverIn
) -> dict[str, Any]:
    project = _project(request, project_id)
    construction_services.supervision_waiver_request(
        project=project, user=person(request), reason=payload.reason
    )
    return _supervision(request, _project(request, project_id))


@router.post(
    "/projects/{int:project_id}/supervision-waiver/accept",
    response={200: SupervisionOut, **ERRORS},
    summary="认可不引入监理的理由（区大数据发展局）",
)
def accept_supervision_waiver(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = _project(request, project_id)
    construction_services.supervision_waiver_accept(project=project, user=person(request))
    return _supervision(request, _project(request, project_id))


def _supervision(request: HttpRequest, project: Project) -> dict[str, Any]:
    answer = policy.supervision(amount=project.amount, policy=policies.of(project))
    contract = (
        _contracts(person(request))
        .filter(project=project, kind=Contract.Kind.SUPERVISION)
        .order_by("signed_on", "pk")
        .first()
    )
    accepted = project.supervision_waiver_accepted_by_id is not None
    return {
        "required": answer.required,
        "basis": answer.basis,
        "contract": contract,
        "waiver_reason": project.supervision_waiver_reason,
        "waiver_accepted": accepted,
        "satisfied": not answer.required or contract is not None or accepted,
    }


# --- The owner (第十六条第一款) ---------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/owner-decisions",
    response={200: list[OwnerDecisionOut], **ERRORS},
    summary="代理单位及业主变更决定",
)
def list_owner_decisions(request: HttpRequest, project_id: int) -> QuerySet[OwnerDecision]:
    project = _project(request, project_id)
    return project.owner_decisions.select_related("organisation").order_by("decided_on", "pk")


@router.post(
    "/projects/{int:project_id}/owner-decisions",
    response={201: OwnerDecisionOut, **ERRORS},
    summary="登记区政府关于代理单位或变更业主的决定（区大数据发展局）",
)
def create_owner_decision(
    request: HttpRequest, project_id: int, payload: OwnerDecisionIn
) -> Status[OwnerDecision]:
    project = _project(request, project_id)
    organisation = organisation_list().filter(code=payload.organisation).first()
    if organisation is None:
        raise errors.InvalidInput(
            UNKNOWN_ORGANISATION.format(code=payload.organisation), field="organisation"
        )
    decision = construction_services.owner_decision_record(
        project=project, user=person(request), kind=payload.kind, organisation=organisation,
        decision_ref=payload.decision_ref, decided_on=payload.decided_on,
    )  # fmt: skip
    return Status(201, decision)


# --- Changes (第二十一条) ---------------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/changes", response={200: list[ChangeOut], **ERRORS}, summary="软件功能变更"
)
def list_changes(request: HttpRequest, project_id: int) -> QuerySet[ChangeRequest]:
    project = _project(request, project_id)
    return _changes(person(request)).filter(project=project).order_by("requested_at", "pk")


@router.post(
    "/projects/{int:project_id}/changes",
    response={201: ChangeOut, **ERRORS},
    summary="提出软件功能变更（累计超出第二十一条比例的报区大数据发展局）",
)
def create_change(request: HttpRequest, project_id: int, payload: ChangeIn) -> Status[ChangeRequest]:
    project = _project(request, project_id)
    change = construction_changes.change_request_create(
        project=project,
        user=person(request),
        description=payload.description,
        software_amount=payload.software_amount,
    )
    return Status(201, _changes(person(request)).get(pk=change.pk))


@router.post(
    "/changes/{int:change_id}/review",
    response={200: ChangeOut, **ERRORS},
    summary="评估累计超出第二十一条比例的变更（区大数据发展局）",
)
def review_change(request: HttpRequest, change_id: int, payload: ChangeReviewIn) -> ChangeRequest:
    change = get_object_or_404(_changes(person(request)), pk=change_id)
    construction_changes.change_request_review(
        change=change, user=person(request), passed=payload.passed, comment=payload.comment
    )
    return _changes(person(request)).get(pk=change_id)


@router.post(
    "/changes/{int:change_id}/approve",
    response={200: ChangeOut, **ERRORS},
    summary="下达项目方案及概算调整批复，形成新基线（区发改委）",
)
def approve_change(request: HttpRequest, change_id: int, payload: ChangeApproveIn) -> ChangeRequest:
    change = get_object_or_404(_changes(person(request)), pk=change_id)
    construction_changes.change_request_approve(
        change=change, user=person(request), document_number=payload.document_number,
        approved_on=payload.approved_on, approved_total=payload.approved_total,
        approved_software=payload.approved_software, approved_hardware=payload.approved_hardware,
        approved_other=payload.approved_other, items=[item.line() for item in payload.items],
    )  # fmt: skip
    return _changes(person(request)).get(pk=change_id)


# --- The compliance review (第二十三条) -------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/compliance-checks",
    response={200: list[ComplianceCheckOut], **ERRORS},
    summary="合规性审查：逐轮、逐项",
)
def list_compliance_checks(request: HttpRequest, project_id: int) -> QuerySet[ComplianceCheck]:
    project = _project(request, project_id)
    return project.compliance_checks.select_related("checked_by").order_by("round")
