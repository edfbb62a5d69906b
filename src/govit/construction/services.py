"""Construction's writes (第十六至二十一条): baseline, procurement, contracts and their filing,
supervision, the owner's decisions and changes. Each locks the project, checks its state and
the Rules, writes, and records the event with its article."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from govit import clock, policy
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals.selectors import current_approval
from govit.construction.models import (
    Baseline,
    BaselineItem,
    Contract,
    ContractItem,
    OwnerDecision,
    Procurement,
)
from govit.construction.selectors import (
    CONSTRUCTION_STATES,
    LineIn,
    _lines,
    as_approved,
    contracted_quantities,
    deviations,
)
from govit.holidays.services import work_calendar
from govit.operation.models import Evaluation
from govit.policy.construction import Line, contract_filing_status
from govit.projects import chronology, errors, policies
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow.lifecycle import keeping


@dataclass(frozen=True)
class ProcurementIn:
    """第十八条: how the supplier was chosen, as recorded."""

    method: str
    subject: str
    awarded_on: date
    supplier: str
    amount: Decimal
    announced_on: date | None = None


@dataclass(frozen=True)
class ContractIn:
    """第十六条: a signed contract, as recorded; `document_id` is its uploaded copy, if any."""

    kind: str
    number: str
    title: str
    supplier: str
    amount: Decimal
    signed_on: date
    supplier_qualification: str = ""
    software_amount: Decimal = Decimal(0)
    document_id: int | None = None


CONSTRUCTION_RECORDS = "登记建设实施记录"  # what a refusal says the state does not allow


DEVIATES = "与批复的配置清单不符，请先按第二十一条办理变更：{differences}"


def _check_items(items: list[LineIn]) -> Decimal:
    """A configuration list has at least one line, each named once; returns its total."""
    if not items:
        raise errors.InvalidInput("请至少登记一项配置。", field="items")
    names = [i.name.strip() for i in items]
    if len(set(names)) != len(names) or not all(names):
        raise errors.InvalidInput("配置项名称不能为空或重复。", field="items")
    return sum((Decimal(i.quantity) * Decimal(i.unit_price) for i in items), Decimal(0))


def _conform(project: Project, lines: list[Line], **how: Any) -> None:
    differences = deviations(project, lines, **how)
    if differences is None:
        raise errors.NotPossible("请先登记批复的配置清单。", article=17)
    if differences:
        raise errors.NotPossible(DEVIATES.format(differences="；".join(differences)), article=17)


def agency_named(supplier: str) -> Organisation | None:
    """The registered third party (第三方机构) a contract's supplier is, by its full or short name."""
    name = "".join(supplier.split())
    agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY, is_active=True)
    return agencies.filter(Q(name=name) | Q(short_name=name)).first() if name else None


@transaction.atomic
def baseline_set(*, project: Project, user: User, items: list[LineIn]) -> Baseline:
    """R4.4: the unit records the approved configuration list before building starts. Its total
    stays within the approved budget."""
    project = locked(project, states=keeping("baseline"), doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    approval = current_approval(project)
    if approval is None:
        raise errors.NotPossible("项目尚无概（预）算批复，不能登记配置清单。", article=17)
    total = _check_items(items)
    if total > approval.approved_total:
        raise errors.NotPossible(
            f"配置清单合计 {policy.format_wan(total)} 万元，超过批复总投资 {policy.format_wan(approval.approved_total)} 万元。",
            article=21,
        )
    Baseline.objects.filter(project=project, active=True).update(active=False)
    version = Baseline.objects.filter(project=project).count() + 1
    baseline = Baseline.objects.create(project=project, version=version, approval=approval)
    BaselineItem.objects.bulk_create(
        BaselineItem(
            baseline=baseline, kind=i.kind, name=i.name.strip(), specification=i.specification,
            quantity=i.quantity, unit_price=i.unit_price, acceptance_terms=i.acceptance_terms,
        )
        for i in items
    )  # fmt: skip
    noted(
        project,
        user,
        role=Role.UNIT,
        action="set_baseline",
        label="登记批复配置清单",
        inputs={"version": version, "items": len(items)},
        article=17,
    )
    return baseline


@transaction.atomic
def procurement_record(*, project: Project, user: User, procurement: ProcurementIn) -> Procurement:
    """第十八条: the unit records how the supplier was chosen."""
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if procurement.method not in Procurement.Method.values:
        raise errors.InvalidInput("请选择采购方式。", field="method")
    for name, label in (("announced_on", "公告日期"), ("awarded_on", "中标（成交）日期")):
        chronology.check(project, "procurement", getattr(procurement, name), field=name, label=label)
    announced, awarded = procurement.announced_on, procurement.awarded_on
    if announced and awarded and awarded < announced:
        raise errors.InvalidInput(
            f"中标（成交）日期 {awarded.isoformat()} 早于公告日期 {announced.isoformat()}（第十八条）",
            field="awarded_on", article=18,
        )  # fmt: skip
    procurement = Procurement.objects.create(
        project=project, method=procurement.method, subject=procurement.subject, announced_on=announced,
        awarded_on=awarded, supplier=procurement.supplier, amount=procurement.amount, recorded_by=user,
    )  # fmt: skip
    noted(
        project,
        user,
        role=Role.UNIT,
        action="record_procurement",
        label="登记采购结果",
        inputs={"supplier": procurement.supplier},
        article=18,
    )
    return procurement


@transaction.atomic
def contract_record(
    *, project: Project, user: User, contract: ContractIn, items: list[LineIn] = ()
) -> Contract:
    """第十六条、第十七条: the unit records a signed contract; its filing due date is the seventh
    working day after signing; a contract that departs from the baseline is refused."""
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if contract.kind not in Contract.Kind.values:
        raise errors.InvalidInput("请选择合同类型。", field="kind")
    chronology.check(project, "contract_signed", contract.signed_on, field="signed_on")
    document_id = contract.document_id
    if document_id is not None and not project.documents.filter(pk=document_id, kind="contract").exists():
        raise errors.InvalidInput("合同文本应为本项目已上传的合同文件。", field="document_id")
    items = as_approved(project, list(items))
    if items and contract.kind != Contract.Kind.SUPERVISION:
        _conform(project, _lines(items), contracted=contracted_quantities(project))
    if Contract.objects.filter(project=project, number=contract.number).exists():
        raise errors.InvalidInput("合同编号已登记。", field="number")
    due = policy.contract_due(
        signed=contract.signed_on, calendar=work_calendar(), policy=policies.of(project)
    )
    signed = contract
    contract = Contract.objects.create(
        project=project, kind=signed.kind, number=signed.number, title=signed.title, supplier=signed.supplier,
        supplier_qualification=signed.supplier_qualification, amount=signed.amount,
        software_amount=signed.software_amount, signed_on=signed.signed_on, document_id=document_id,
        agency=agency_named(signed.supplier), filing_due=due.due, filing_due_provisional=due.provisional, recorded_by=user,
    )  # fmt: skip
    ContractItem.objects.bulk_create(
        ContractItem(
            contract=contract,
            name=i.name.strip(),
            specification=i.specification,
            quantity=i.quantity,
            unit_price=i.unit_price,
            acceptance_terms=i.acceptance_terms,
        )
        for i in items
    )
    noted(
        project, user, role=Role.UNIT, action="record_contract", label=f"登记{contract.get_kind_display()}",
        inputs={"contract": contract.pk, "number": contract.number, "filing_due": due.due.isoformat()}, article=16,
    )  # fmt: skip
    return contract


@transaction.atomic
def contract_file(*, contract: Contract, user: User) -> Contract:
    """第十六条第二款: the unit files the contract copy with the BDB today; late is accepted, and marked."""
    project = locked(contract.project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.filed_on:
        raise errors.NotPossible("该合同已报备。", article=16)
    if contract.document_id is None:
        raise errors.NotPossible("请先上传合同复印件。", article=16)
    status = contract_filing_status(
        signed=contract.signed_on,
        filed=clock.today(),
        today=clock.today(),
        calendar=work_calendar(),
        policy=policies.of(project),
    )
    contract.filed_on, contract.filed_late = clock.today(), status.late
    contract.save(update_fields=["filed_on", "filed_late"])
    noted(
        project, user, role=Role.UNIT, action="file_contract", label="合同复印件报区大数据发展局备案",
        inputs={"contract": contract.pk, "late": status.late, "due": status.due.isoformat()}, article=16,
    )  # fmt: skip
    return contract


@transaction.atomic
def contract_document_set(*, contract: Contract, user: User, document_id: int) -> Contract:
    """Attach the contract's scanned copy (a document of kind 合同 on the project) before filing it."""
    project = locked(contract.project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if not project.documents.filter(pk=document_id, kind="contract").exists():
        raise errors.InvalidInput("合同文本应为本项目已上传的合同文件。", field="document_id")
    Contract.objects.filter(pk=contract.pk).update(document_id=document_id)
    noted(
        project,
        user,
        role=Role.UNIT,
        action="attach_contract",
        label="上传合同复印件",
        inputs={"contract": contract.pk, "document": document_id},
        article=16,
    )
    return Contract.objects.get(pk=contract.pk)


@transaction.atomic
def contract_filing_confirm(*, contract: Contract, user: User) -> Contract:
    """The BDB confirms a filed contract (第六条: 备案管理)."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted("合同备案由区大数据发展局确认。")
    contract = Contract.objects.select_for_update().select_related("project").get(pk=contract.pk)
    errors.refuse_if_classified(contract.project)
    if not contract.filed_on:
        raise errors.NotPossible("合同尚未报备。", article=16)
    if contract.filing_confirmed_at:
        raise errors.NotPossible("该合同备案已确认。", article=16)
    contract.filing_confirmed_by, contract.filing_confirmed_at = user, clock.now()
    contract.save(update_fields=["filing_confirmed_by", "filing_confirmed_at"])
    noted(
        contract.project,
        user,
        role=Role.BDB,
        action="confirm_contract",
        label="确认合同备案",
        inputs={"contract": contract.pk},
        article=16,
    )
    return contract


@transaction.atomic
def supervision_waiver_request(*, project: Project, user: User, reason: str) -> Project:
    """第十八条 "原则上": the unit explains why it engages no supervisor."""
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if not reason.strip():
        raise errors.InvalidInput("请说明不引入监理的理由。", field="reason")
    Project.objects.filter(pk=project.pk).update(
        supervision_waiver_reason=reason.strip(), supervision_waiver_accepted_by=None
    )
    noted(
        project,
        user,
        role=Role.UNIT,
        action="request_supervision_waiver",
        label="申请不引入监理",
        inputs={"reason": reason.strip()},
        article=18,
    )
    return Project.objects.get(pk=project.pk)


@transaction.atomic
def supervision_waiver_accept(*, project: Project, user: User) -> Project:
    """The BDB accepts the unit's reason for having no supervisor."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted("不引入监理的理由由区大数据发展局认可。")
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    if not project.supervision_waiver_reason:
        raise errors.NotPossible("项目单位尚未说明不引入监理的理由。", article=18)
    Project.objects.filter(pk=project.pk).update(supervision_waiver_accepted_by=user)
    noted(
        project,
        user,
        role=Role.BDB,
        action="accept_supervision_waiver",
        label="认可不引入监理的理由",
        inputs={},
        article=18,
    )
    return Project.objects.get(pk=project.pk)


@transaction.atomic
def owner_decision_record(
    *,
    project: Project,
    user: User,
    kind: str,
    organisation: Organisation,
    decision_ref: str,
    decided_on: date,
) -> OwnerDecision:
    """第十六条第一款: an agent unit or a new owner only on a recorded district-government decision.
    The BDB records it (it keeps the list and the filings)."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted("项目业主或代理单位的决定由区大数据发展局登记。")
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    if kind not in OwnerDecision.Kind.values:
        raise errors.InvalidInput("请选择决定类型。", field="kind")
    if not decision_ref.strip():
        raise errors.InvalidInput("请填写区政府决定文号。", field="decision_ref")
    chronology.check(project, "owner_decided", decided_on, field="decided_on")
    decision = OwnerDecision.objects.create(
        project=project, kind=kind, organisation=organisation, decision_ref=decision_ref.strip(),
        decided_on=decided_on, recorded_by=user,
    )  # fmt: skip
    if kind == OwnerDecision.Kind.OWNER_CHANGE:
        Project.objects.filter(pk=project.pk).update(unit=organisation)
        Evaluation.objects.filter(project=project).update(unit=organisation)  # its evaluations follow it
    noted(
        project, user, role=Role.BDB, action="record_owner_decision", label=decision.get_kind_display(),
        inputs={"organisation": organisation.name, "decision_ref": decision.decision_ref}, article=16,
    )  # fmt: skip
    return decision
