"""Writes on a project's security, data, O&M and evaluation (第十九、二十、二十五、二十六条), from
construction on. Like `services`: keyword-only, atomic, checked, audited."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
    OmPlan,
    SecurityAssessment,
    SharingRecord,
)
from govit.operation.selectors import RUNNING_STATES
from govit.policy.construction import security_next_due
from govit.projects import chronology, errors, policies
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow.lifecycle import IN_SERVICE, keeping

OPERATION_RECORDS = "登记此项"  # what a refusal says the state does not allow (see writes.locked)

# What the refusals say (the tests read them from here).
KIND_NEEDED = "请选择测评类型。"
RESULT_NEEDED = "请选择测评结论。"
FINDINGS_NEEDED = "测评未完全符合时，请写明发现的问题。"
RECTIFIED_BEFORE_DONE = "整改完成日期 {rectified} 早于测评日期 {done}（第十九条）"
SHARING_NEEDED = "请选择共享类型。"
OPENING_NEEDED = "请选择开放类型。"
CONDITIONS_NEEDED = "有条件共享的，请写明共享条件。"
NO_LEGAL_BASIS = "不予共享或不予开放的，须提供相应依据。"
RESOURCE_RECORDED = "该数据资源已登记。"
NOT_SHAREABLE = "该数据资源为不予共享，不能登记共享。"
NO_HUB_BASIS = "不接入智能中枢的，须提供相应依据。"
SCENARIOS_NEEDED = "请写明接入的典型应用场景。"
MECHANISM_NEEDED = "请选择运维方式。"
COST_RECORDED = "{year} 年度运维费用已登记。"
SEVERITY_NEEDED = "请选择事件级别。"
RESOLVED_BEFORE_OCCURRED = "处置完成时间不能早于发生时间。"
FINAL_ACCOUNT_RECORDED = "竣工财务决算已登记。"
NOT_KEY = "区大数据发展局的重点评价只对区云长制领导小组确定的重点建设项目开展（第二十六条、第五条）。"
NOT_DELIVERED = "项目交付使用后方可开展绩效评价。"
SCORES_OUT_OF_RANGE = "各项得分应为 0 到 100 的整数。"
EVALUATION_YEARS = "评价年度应在 {first} 年（交付使用）至今年之间。"
YEAR_EVALUATED = "本年度已评价。"


@transaction.atomic
def security_assessment_record(
    *,
    project: Project,
    user: User,
    kind: str,
    done_on: date,
    agency: str,
    result: str,
    level: int | None = None,
    findings: str = "",
    rectification: str = "",
    rectified_on: date | None = None,
) -> SecurityAssessment:
    """第十九条: an assessment and its findings; the next one's due date comes from the policy file."""
    project = locked(project, states=RUNNING_STATES, doing=OPERATION_RECORDS, unit=user)
    rules = policies.of(project)
    if kind not in rules.security_assessments:
        raise errors.InvalidInput(KIND_NEEDED, field="kind")
    if result not in SecurityAssessment.Result.values:
        raise errors.InvalidInput(RESULT_NEEDED, field="result")
    if result != SecurityAssessment.Result.PASS and not (findings or "").strip():
        raise errors.InvalidInput(FINDINGS_NEEDED, field="findings")
    chronology.check(project, "security_assessed", done_on, field="done_on")
    chronology.happened(rectified_on, label="整改完成日期", field="rectified_on", article=19)
    if rectified_on and rectified_on < done_on:
        raise errors.InvalidInput(
            RECTIFIED_BEFORE_DONE.format(rectified=rectified_on.isoformat(), done=done_on.isoformat()),
            field="rectified_on", article=19,
        )  # fmt: skip
    due = security_next_due(kind=kind, last=done_on, policy=rules)
    assessment = SecurityAssessment.objects.create(
        project=project, kind=kind, level=level, done_on=done_on, agency=agency, result=result,
        findings=findings, rectification=rectification, rectified_on=rectified_on, next_due=due.next_due,
        recorded_by=user,
    )  # fmt: skip
    noted(
        project, user, role=Role.UNIT, action="record_security", label=f"登记{due.label}",
        inputs={"assessment": assessment.pk, "result": assessment.result, "next_due": due.next_due.isoformat()}, article=19,
    )  # fmt: skip
    return assessment


@transaction.atomic
def data_resource_record(
    *,
    project: Project,
    user: User,
    name: str,
    items: str,
    update_cycle: str,
    sharing: str,
    opening: str,
    sharing_conditions: str = "",
    legal_basis: str = "",
) -> DataResource:
    """第二十条: a catalogue entry; 不予共享 or 不予开放 only with its legal basis."""
    project = locked(project, states=RUNNING_STATES, doing=OPERATION_RECORDS, unit=user)
    if sharing not in DataResource.Sharing.values:
        raise errors.InvalidInput(SHARING_NEEDED, field="sharing")
    if opening not in DataResource.Opening.values:
        raise errors.InvalidInput(OPENING_NEEDED, field="opening")
    if sharing == DataResource.Sharing.CONDITIONAL and not (sharing_conditions or "").strip():
        raise errors.InvalidInput(CONDITIONS_NEEDED, field="sharing_conditions")
    refused = sharing == DataResource.Sharing.NONE or opening == DataResource.Opening.NONE
    if refused and not (legal_basis or "").strip():
        raise errors.NotPossible(NO_LEGAL_BASIS, article=20, field="legal_basis")
    if DataResource.objects.filter(project=project, name=name).exists():
        raise errors.InvalidInput(RESOURCE_RECORDED, field="name")
    resource = DataResource.objects.create(
        project=project, name=name, items=items, update_cycle=update_cycle, sharing=sharing,
        sharing_conditions=sharing_conditions, opening=opening, legal_basis=legal_basis, recorded_by=user,
    )  # fmt: skip
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_data_resource",
        label="登记政务数据资源",
        inputs={"resource": resource.name},
        article=20,
    )
    return resource


@transaction.atomic
def sharing_record(
    *,
    resource: DataResource,
    user: User,
    organisation: Organisation,
    shared_on: date,
    method: str,
    purpose: str,
) -> SharingRecord:
    """第二十条: a sharing or exchange of a catalogued resource; a 不予共享 one cannot be shared."""
    project = locked(resource.project, states=RUNNING_STATES, doing=OPERATION_RECORDS, unit=user)
    if resource.sharing == DataResource.Sharing.NONE:
        raise errors.NotPossible(NOT_SHAREABLE, article=20)
    chronology.check(project, "shared", shared_on, field="shared_on")
    record = SharingRecord.objects.create(
        resource=resource, organisation=organisation, shared_on=shared_on, method=method, purpose=purpose
    )
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_sharing",
        label="登记数据共享交换",
        inputs={"resource": resource.name, "to": organisation.name},
        article=20,
    )
    return record


@transaction.atomic
def hub_connection_set(
    *, project: Project, user: User, connected: bool, scenarios: str, legal_basis: str
) -> HubConnection:
    """第二十条: connected to the smart-city hub, or the basis for not connecting."""
    project = locked(project, states=RUNNING_STATES, doing=OPERATION_RECORDS, unit=user)
    if not connected and not legal_basis.strip():
        raise errors.NotPossible(NO_HUB_BASIS, article=20, field="legal_basis")
    if connected and not scenarios.strip():
        raise errors.InvalidInput(SCENARIOS_NEEDED, field="scenarios")
    hub, _ = HubConnection.objects.update_or_create(
        project=project,
        defaults={
            "connected": connected,
            "scenarios": scenarios.strip(),
            "legal_basis": legal_basis.strip(),
            "recorded_by": user,
        },
    )
    # The library's record (第二十四条) took its flag from the compliance review; the unit's later
    # record is the newer fact, so the two pages never disagree.
    BuiltSystem.objects.filter(project=project).update(hub_connected=connected)
    noted(
        project,
        user,
        role=Role.UNIT,
        action="set_hub",
        label="登记智能中枢接入情况",
        inputs={"connected": connected},
        article=20,
    )
    return hub


@transaction.atomic
def om_plan_set(
    *,
    project: Project,
    user: User,
    mechanism: str,
    scope: str,
    service_levels: str,
    five_year_budget: Decimal,
) -> OmPlan:
    """第二十五条: the O&M mechanism and the design's five-year budget (Attachment 3 ch. 12)."""
    project = locked(project, states=RUNNING_STATES, doing=OPERATION_RECORDS, unit=user)
    if mechanism not in OmPlan.Mechanism.values:
        raise errors.InvalidInput(MECHANISM_NEEDED, field="mechanism")
    plan, _ = OmPlan.objects.update_or_create(
        project=project,
        defaults={"mechanism": mechanism, "scope": scope, "service_levels": service_levels,
                  "five_year_budget": five_year_budget, "recorded_by": user},
    )  # fmt: skip
    noted(
        project,
        user,
        role=Role.UNIT,
        action="set_om_plan",
        label="登记运维机制",
        inputs={"mechanism": mechanism},
        article=25,
    )
    return plan


@transaction.atomic
def om_cost_record(*, project: Project, user: User, year: int, amount: Decimal, note: str = "") -> OmCost:
    """A year's O&M spending on a system in service."""
    project = locked(project, states=IN_SERVICE, doing=OPERATION_RECORDS, unit=user)
    if OmCost.objects.filter(project=project, year=year).exists():
        raise errors.InvalidInput(COST_RECORDED.format(year=year), field="year")
    cost = OmCost.objects.create(project=project, year=year, amount=amount, note=note)
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_om_cost",
        label="登记年度运维费用",
        inputs={"year": year, "amount": str(amount)},
        article=25,
    )
    return cost


@transaction.atomic
def incident_record(
    *,
    project: Project,
    user: User,
    occurred_at: datetime,
    severity: str,
    description: str,
    resolved_at: datetime | None = None,
    resolution: str = "",
) -> Incident:
    """第二十五条: an operating incident of a system in service, and its resolution."""
    project = locked(project, states=IN_SERVICE, doing=OPERATION_RECORDS, unit=user)
    if severity not in Incident.Severity.values:
        raise errors.InvalidInput(SEVERITY_NEEDED, field="severity")
    chronology.check(project, "incident", occurred_at, field="occurred_at")
    chronology.happened(resolved_at, label="处置完成时间", field="resolved_at", article=25)
    if resolved_at and resolved_at < occurred_at:
        raise errors.InvalidInput(RESOLVED_BEFORE_OCCURRED, field="resolved_at")
    incident = Incident.objects.create(
        project=project, occurred_at=occurred_at, severity=severity, description=description,
        resolved_at=resolved_at, resolution=resolution, recorded_by=user,
    )  # fmt: skip
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_incident",
        label="登记运行事件",
        inputs={"incident": incident.pk},
        article=25,
    )
    return incident


@transaction.atomic
def final_account_record(
    *, project: Project, user: User, amount: Decimal, approved_on: date, document_ref: str
) -> FinalAccount:
    """第二十六条: the final financial accounts of a delivered project."""
    project = locked(project, states=keeping("final_account"), doing=OPERATION_RECORDS, unit=user)
    if FinalAccount.objects.filter(project=project).exists():
        raise errors.NotPossible(FINAL_ACCOUNT_RECORDED, article=26)
    chronology.check(project, "final_account", approved_on, field="approved_on")
    account = FinalAccount.objects.create(
        project=project,
        amount=amount,
        approved_on=approved_on,
        document_ref=document_ref.strip(),
        recorded_by=user,
    )
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_final_account",
        label="登记竣工财务决算",
        inputs={"amount": str(amount)},
        article=26,
    )
    return account


@transaction.atomic
def evaluation_record(
    *,
    project: Project,
    user: User,
    year: int,
    operation: int,
    use: int,
    sharing: int,
    benefit: int,
    conclusion: str,
    evaluated_on: date,
) -> Evaluation:
    """第二十六条: the unit evaluates its delivered project; the BDB evaluates the key projects it picks."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project, field="conclusion")
    if project.state not in keeping("evaluation"):
        raise errors.NotPossible(NOT_DELIVERED, article=26)
    if Role.BDB in user.role_set:
        by, role = Evaluation.By.BDB, Role.BDB
        if not project.key_project:  # 第五条: the leading group designates them (govit.plans)
            raise errors.NotPossible(NOT_KEY, article=26)
    else:
        require_unit(user, project.unit_id)
        by, role = Evaluation.By.UNIT, Role.UNIT
    scores = {"operation": operation, "use": use, "sharing": sharing, "benefit": benefit}
    for field, score in scores.items():
        if not isinstance(score, int) or not 0 <= score <= 100:
            raise errors.InvalidInput(SCORES_OUT_OF_RANGE, field=field)
    chronology.check(project, "evaluated", evaluated_on, field="evaluated_on")
    delivered = BuiltSystem.objects.filter(project=project).values_list("delivered_on", flat=True).first()
    first = delivered.year if delivered else clock.today().year
    if not isinstance(year, int) or not first <= year <= clock.today().year:
        raise errors.InvalidInput(EVALUATION_YEARS.format(first=first), field="year")
    if Evaluation.objects.filter(project=project, by=by, year=year).exists():
        raise errors.InvalidInput(YEAR_EVALUATED, field="year")
    evaluation = Evaluation.objects.create(
        project=project, by=by, year=year, **scores, conclusion=conclusion, evaluated_on=evaluated_on,
        recorded_by=user,
    )  # fmt: skip
    noted(
        project,
        user,
        role=role,
        action="evaluate",
        label=evaluation.get_by_display(),
        inputs={"year": evaluation.year, "score": evaluation.score},
        article=26,
    )
    return evaluation
