"""A built system's records (第十九、二十、二十五、二十六条): security assessments, the data resource
catalogue and its sharings, the smart-city hub, O&M and its costs, incidents, the final accounts
and performance evaluations; and, for the BDB's list review, a unit's latest evaluation (R5.6).

Each endpoint fetches through govit.access (404 outside the person's scope) and hands the write to
govit.operation.services, which decides who may do what (403/409/422)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from govit import access
from govit.accounts.models import Organisation, User
from govit.accounts.roles import BUREAU_ROLES, UNIT_ROLES
from govit.accounts.selectors import organisation_list
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.operation import selectors, services
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
)
from govit.operation.schemas import (
    DataResourceIn,
    DataResourceOut,
    EvaluationIn,
    EvaluationOut,
    FinalAccountIn,
    FinalAccountOut,
    HubIn,
    HubOut,
    IncidentIn,
    IncidentOut,
    OmCostIn,
    OmCostOut,
    OmPlanIn,
    OmPlanOut,
    SecurityAssessmentIn,
    SecurityAssessmentOut,
    SharingIn,
    SharingOut,
)
from govit.projects import errors
from govit.projects.models import Project

router = Router(tags=["运行维护"])

UNKNOWN_ORGANISATION = "没有代码为“{code}”的单位。"


def _project(request: HttpRequest, project_id: int) -> Project:
    return access.get_visible_project(person(request), project_id)


# --- Security assessments (第十九条) ----------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/security-assessments",
    response={200: list[SecurityAssessmentOut], **ERRORS},
    summary="网络安全测评：历次测评及下次应测评日期",
)
def list_security_assessments(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    return _assessments(_project(request, project_id))


@router.post(
    "/projects/{int:project_id}/security-assessments",
    response={201: SecurityAssessmentOut, **ERRORS},
    summary="登记网络安全测评（第十九条）",
)
def create_security_assessment(
    request: HttpRequest, project_id: int, payload: SecurityAssessmentIn
) -> Status[dict[str, Any]]:
    project = _project(request, project_id)
    assessment = services.security_assessment_record(
        project=project, user=person(request), **payload.model_dump()
    )
    return Status(201, next(row for row in _assessments(project) if row["id"] == assessment.pk))


def _assessments(project: Project) -> list[dict[str, Any]]:
    """Newest first; only the latest of each kind can be overdue, a later one having replaced it."""
    return [
        {
            "id": a.pk,
            "kind": {"code": a.kind, "label": row.label},
            "level": a.level,
            "done_on": a.done_on,
            "agency": a.agency,
            "result": {"code": a.result, "label": a.get_result_display()},
            "findings": a.findings,
            "rectification": a.rectification,
            "rectified_on": a.rectified_on,
            "next_due": a.next_due,
            "overdue": row.late,
            "recorded_at": a.recorded_at,
        }  # fmt: skip
        for row in selectors.security_rows(project)
        for a in (row.assessment,)
    ]


# --- Data resources and their sharing (第二十条) ----------------------------------------------------


def _resources(user: User) -> QuerySet[DataResource]:
    return DataResource.objects.visible_to(user).prefetch_related("sharings__organisation")


@router.get(
    "/projects/{int:project_id}/data-resources",
    response={200: list[DataResourceOut], **ERRORS},
    summary="政务数据资源目录及共享交换记录",
)
def list_data_resources(request: HttpRequest, project_id: int) -> QuerySet[DataResource]:
    project = _project(request, project_id)
    return _resources(person(request)).filter(project=project).order_by("name", "pk")


@router.post(
    "/projects/{int:project_id}/data-resources",
    response={201: DataResourceOut, **ERRORS},
    summary="登记政务数据资源（不予共享或开放的须提供依据，第二十条）",
)
def create_data_resource(
    request: HttpRequest, project_id: int, payload: DataResourceIn
) -> Status[DataResource]:
    project = _project(request, project_id)
    resource = services.data_resource_record(project=project, user=person(request), **payload.model_dump())
    return Status(201, _resources(person(request)).get(pk=resource.pk))


@router.post(
    "/data-resources/{int:resource_id}/sharings",
    response={201: SharingOut, **ERRORS},
    summary="登记数据共享交换（不予共享的资源不能共享，第二十条）",
)
def create_sharing(request: HttpRequest, resource_id: int, payload: SharingIn) -> Status[Any]:
    resource = get_object_or_404(
        DataResource.objects.visible_to(person(request)).select_related("project"),
        pk=resource_id,
    )
    organisation = _organisation(payload.organisation)
    record = services.sharing_record(
        resource=resource, user=person(request), organisation=organisation, shared_on=payload.shared_on,
        method=payload.method, purpose=payload.purpose,
    )  # fmt: skip
    return Status(201, record)


def _organisation(code: str) -> Organisation:
    organisation = organisation_list().filter(code=code).first()
    if organisation is None:
        raise errors.InvalidInput(UNKNOWN_ORGANISATION.format(code=code), field="organisation")
    return organisation


# --- The smart-city hub (第二十条) ------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/hub",
    response={200: HubOut | None, **ERRORS},
    summary="接入渝中区新型智慧城市智能中枢的情况（未登记时为 null）",
)
def get_hub(request: HttpRequest, project_id: int) -> HubConnection | None:
    project = _project(request, project_id)
    return HubConnection.objects.filter(project=project).select_related("recorded_by").first()


@router.put(
    "/projects/{int:project_id}/hub",
    response={200: HubOut, **ERRORS},
    summary="登记智能中枢接入情况（不接入的须提供依据，第二十条）",
)
def put_hub(request: HttpRequest, project_id: int, payload: HubIn) -> HubConnection:
    project = _project(request, project_id)
    return services.hub_connection_set(project=project, user=person(request), **payload.model_dump())


# --- O&M (第二十五条) -------------------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/om-plan",
    response={200: OmPlanOut, **ERRORS},
    summary="运维机制及5年运维费预算的执行（已用、剩余）",
)
def get_om_plan(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _om_plan(_project(request, project_id))


@router.put(
    "/projects/{int:project_id}/om-plan",
    response={200: OmPlanOut, **ERRORS},
    summary="登记运维机制及5年运维费预算（第二十五条）",
)
def put_om_plan(request: HttpRequest, project_id: int, payload: OmPlanIn) -> dict[str, Any]:
    project = _project(request, project_id)
    services.om_plan_set(project=project, user=person(request), **payload.model_dump())
    return _om_plan(project)


def _om_plan(project: Project) -> dict[str, Any]:
    plan, spending = selectors.om_plan_spending(project)
    return {"plan": plan, "om_spending": spending}


@router.get(
    "/projects/{int:project_id}/om-costs",
    response={200: list[OmCostOut], **ERRORS},
    summary="年度运维费用",
)
def list_om_costs(request: HttpRequest, project_id: int) -> QuerySet[OmCost]:
    return OmCost.objects.filter(project=_project(request, project_id)).order_by("year")


@router.post(
    "/projects/{int:project_id}/om-costs",
    response={201: OmCostOut, **ERRORS},
    summary="登记年度运维费用（交付使用后）",
)
def create_om_cost(request: HttpRequest, project_id: int, payload: OmCostIn) -> Status[OmCost]:
    project = _project(request, project_id)
    return Status(201, services.om_cost_record(project=project, user=person(request), **payload.model_dump()))


# --- Incidents (第二十五条) -------------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/incidents",
    response={200: list[IncidentOut], **ERRORS},
    summary="运行事件及处置",
)
def list_incidents(request: HttpRequest, project_id: int) -> QuerySet[Incident]:
    project = _project(request, project_id)
    return (
        Incident.objects.filter(project=project).select_related("recorded_by").order_by("-occurred_at", "-pk")
    )


@router.post(
    "/projects/{int:project_id}/incidents",
    response={201: IncidentOut, **ERRORS},
    summary="登记运行事件（交付使用后）",
)
def create_incident(request: HttpRequest, project_id: int, payload: IncidentIn) -> Status[Incident]:
    project = _project(request, project_id)
    return Status(
        201,
        services.incident_record(project=project, user=person(request), **payload.model_dump()),
    )


# --- Final accounts (第二十六条) --------------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/final-account",
    response={200: FinalAccountOut | None, **ERRORS},
    summary="竣工财务决算（未登记时为 null）",
)
def get_final_account(request: HttpRequest, project_id: int) -> FinalAccount | None:
    project = _project(request, project_id)
    return FinalAccount.objects.filter(project=project).select_related("recorded_by").first()


@router.put(
    "/projects/{int:project_id}/final-account",
    response={200: FinalAccountOut, **ERRORS},
    summary="登记竣工财务决算（交付使用后，仅一次，第二十六条）",
)
def put_final_account(request: HttpRequest, project_id: int, payload: FinalAccountIn) -> FinalAccount:
    project = _project(request, project_id)
    return services.final_account_record(project=project, user=person(request), **payload.model_dump())


# --- Evaluations (第二十六条, R5.6) -----------------------------------------------------------------


@router.get(
    "/projects/{int:project_id}/evaluations",
    response={200: list[EvaluationOut], **ERRORS},
    summary="绩效评价：单位自评及区大数据发展局重点评价",
)
def list_evaluations(request: HttpRequest, project_id: int) -> QuerySet[Evaluation]:
    project = _project(request, project_id)
    return _evaluations().filter(project=project).order_by("-evaluated_on", "-pk")


@router.post(
    "/projects/{int:project_id}/evaluations",
    response={201: EvaluationOut, **ERRORS},
    summary="登记绩效评价（交付使用后；项目单位自评，或区大数据发展局重点评价）",
)
def create_evaluation(request: HttpRequest, project_id: int, payload: EvaluationIn) -> Status[Evaluation]:
    project = _project(request, project_id)
    evaluation = services.evaluation_record(project=project, user=person(request), **payload.model_dump())
    return Status(201, _evaluations().get(pk=evaluation.pk))


@router.get(
    "/units/{int:unit_id}/latest-evaluation",
    response={200: EvaluationOut | None, **ERRORS},
    summary="单位建成系统最近一次绩效评价（清单审核参考，R5.6；没有时为 null）",
)
def latest_evaluation(request: HttpRequest, unit_id: int) -> Evaluation | None:
    unit = get_object_or_404(_readable_units(person(request)), pk=unit_id)
    latest = selectors.latest_evaluations_by_unit([unit.pk]).get(unit.pk)
    return _evaluations().get(pk=latest.pk) if latest else None


def _readable_units(user: User) -> QuerySet[Organisation]:
    # The bureaus review every unit's list; a unit reads its own record only.
    if user.role_set & BUREAU_ROLES:
        return Organisation.objects.all()
    if user.role_set & UNIT_ROLES:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def _evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related("project", "recorded_by")
