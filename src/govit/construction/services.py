"""Construction's writes (第十六至二十一条): baseline, procurement, contracts and their filing,
supervision, the owner's decisions and changes. Each locks the project, checks its state and
the Rules, writes, and records the event with its article."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from govit import clock, policy
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.approvals.models import Approval
from govit.approvals.selectors import current_approval
from govit.construction.models import (
    Baseline,
    BaselineItem,
    ChangeRequest,
    Contract,
    ContractItem,
    OwnerDecision,
    Procurement,
)
from govit.construction.selectors import (
    CONSTRUCTION_STATES,
    LineIn,
    _lines,
    active_baseline,
    as_approved,
    contracted_quantities,
    deviations,
)
from govit.holidays.services import work_calendar
from govit.policy.construction import Line, contract_filing_status
from govit.policy.wording import figure
from govit.projects import chronology, errors, policies
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow import change as change_lifecycle
from govit.workflow.lifecycle import keeping

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
def procurement_record(*, project: Project, user: User, data: dict[str, Any]) -> Procurement:
    """第十八条: the unit records how the supplier was chosen."""
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if data.get("method") not in Procurement.Method.values:
        raise errors.InvalidInput("请选择采购方式。", field="method")
    for name, label in (("announced_on", "公告日期"), ("awarded_on", "中标（成交）日期")):
        chronology.check(project, "procurement", data.get(name), field=name, label=label)
    if data.get("announced_on") and data.get("awarded_on") and data["awarded_on"] < data["announced_on"]:
        raise errors.InvalidInput(
            f"中标（成交）日期 {data['awarded_on'].isoformat()} 早于公告日期 {data['announced_on'].isoformat()}（第十八条）",
            field="awarded_on", article=18,
        )  # fmt: skip
    procurement = Procurement.objects.create(project=project, recorded_by=user, **data)
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
    *, project: Project, user: User, data: dict[str, Any], items: list[LineIn] = ()
) -> Contract:
    """第十六条、第十七条: the unit records a signed contract; its filing due date is the seventh
    working day after signing; a contract that departs from the baseline is refused."""
    project = locked(project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    if data.get("kind") not in Contract.Kind.values:
        raise errors.InvalidInput("请选择合同类型。", field="kind")
    chronology.check(project, "contract_signed", data.get("signed_on"), field="signed_on")
    document_id = data.get("document_id")
    if document_id is not None and not project.documents.filter(pk=document_id, kind="contract").exists():
        raise errors.InvalidInput("合同文本应为本项目已上传的合同文件。", field="document_id")
    items = as_approved(project, list(items))
    if items and data["kind"] != Contract.Kind.SUPERVISION:
        _conform(project, _lines(items), contracted=contracted_quantities(project))
    if Contract.objects.filter(project=project, number=data.get("number")).exists():
        raise errors.InvalidInput("合同编号已登记。", field="number")
    due = policy.contract_due(signed=data["signed_on"], calendar=work_calendar(), policy=policies.of(project))
    contract = Contract.objects.create(
        project=project, recorded_by=user, filing_due=due.due, filing_due_provisional=due.provisional, **data
    )
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
    noted(
        project, user, role=Role.BDB, action="record_owner_decision", label=decision.get_kind_display(),
        inputs={"organisation": organisation.name, "decision_ref": decision.decision_ref}, article=16,
    )  # fmt: skip
    return decision


@transaction.atomic
def change_request_create(
    *, project: Project, user: User, description: str, software_amount: Decimal
) -> ChangeRequest:
    """The unit records a change of the software's functional requirements. The cumulative
    amount against the current baseline decides: above the project's version's share (第二十一条) it
    goes to the BDB, else it is recorded."""
    project = locked(project, states=keeping("changes"), doing=CONSTRUCTION_RECORDS)
    require_unit(user, project.unit_id)
    baseline = active_baseline(project)
    if baseline is None:
        raise errors.NotPossible("项目尚无批复基线。", article=21)
    if not description.strip():
        raise errors.InvalidInput("请说明变更内容。", field="description")
    software = baseline.approval.approved_software or Decimal(0)
    if software <= 0:
        raise errors.NotPossible("批复中没有软件系统金额，无法按第二十一条计算变更比例。", article=21)
    earlier = ChangeRequest.objects.filter(baseline=baseline).exclude(status=ChangeRequest.Status.REFUSED)
    previous = list(earlier.values_list("software_amount", flat=True))
    check = policy.change_check(
        approved_software=software, changes=[*previous, software_amount], policy=policies.of(project)
    )
    change = ChangeRequest.objects.create(
        project=project, baseline=baseline, description=description.strip(), software_amount=software_amount,
        cumulative=check.cumulative, approved_software=software, ratio=check.ratio,
        requires_reapproval=check.requires_reapproval,
        status=change_lifecycle.start(requires_reapproval=check.requires_reapproval),
        requested_by=user,
    )  # fmt: skip
    noted(
        project, user, role=Role.UNIT, action="request_change", label="提出软件功能变更",
        inputs={"change": change.pk, "cumulative": str(check.cumulative), "ratio": str(check.ratio),
         "requires_reapproval": check.requires_reapproval, "reason": check.basis[0].reason}, article=21,
    )  # fmt: skip
    return change


@transaction.atomic
def change_request_review(*, change: ChangeRequest, user: User, passed: bool, comment: str) -> ChangeRequest:
    """The BDB evaluates a change above the share and, passing it, sends it to the DRC (第二十一条)."""
    if Role.BDB not in user.role_set:
        share = figure(policies.of(change.project).thresholds["change_reapproval"])
        raise errors.NotPermitted(f"累计超出{share}的变更由区大数据发展局评估。")
    change = ChangeRequest.objects.select_for_update().select_related("project").get(pk=change.pk)
    step = _change_step(change, "review_pass" if passed else "review_refuse", "该变更不在待评估环节。")
    _change_move(change, step, user, {"comment": comment})
    return change


def _change_step(change: ChangeRequest, code: str, refusal: str) -> change_lifecycle.ChangeTransition:
    step = change_lifecycle.move(change.status, code)
    if step is None:
        raise errors.NotPossible(refusal, article=21)
    return step


def _change_move(
    change: ChangeRequest, step: change_lifecycle.ChangeTransition, user: User, inputs: dict[str, Any]
) -> None:
    """The declared step, taken: the status moves from its source (on the locked row) and the project's
    history records it with both ends, as the engine does for a project's own steps."""
    source = change.status
    change.status = step.target
    change.save(update_fields=["status", "approval"])
    noted(change.project, user, role=step.actor, action=f"change_{step.code}", label=step.label, inputs={"change": change.pk, "from": source, "to": step.target, **inputs}, article=step.article)  # fmt: skip


@transaction.atomic
def change_request_approve(
    *, change: ChangeRequest, user: User, document_number: str, approved_on: date,
    approved_total: Decimal, approved_software: Decimal, approved_hardware: Decimal, approved_other: Decimal,
    items: list[LineIn],
) -> ChangeRequest:  # fmt: skip
    """The DRC re-approves the scheme and budget (方案及概算调整批复); the new configuration becomes
    the active baseline, the old one is kept (R9.7 rebaseline)."""
    if Role.DRC not in user.role_set:
        raise errors.NotPermitted("调整批复由区发改委下达。")
    change = ChangeRequest.objects.select_for_update().select_related("project").get(pk=change.pk)
    step = _change_step(change, "approve", "该变更不在待审核环节。")
    if approved_software + approved_hardware + approved_other != approved_total:
        raise errors.InvalidInput("软件、硬件、其他三项金额之和应等于批复总投资。", field="approved_total")
    if _check_items(items) > approved_total:
        raise errors.InvalidInput("配置清单合计超过调整后的批复总投资。", field="items")
    project = locked(change.project, states=CONSTRUCTION_STATES, doing=CONSTRUCTION_RECORDS)
    chronology.check(project, "change_approved", approved_on, field="approved_on")
    approval = Approval.objects.create(
        project=project, kind=Approval.Kind.CHANGE, document_number=document_number, approved_on=approved_on,
        approved_total=approved_total, approved_software=approved_software, approved_hardware=approved_hardware,
        approved_other=approved_other, recorded_by=user,
    )  # fmt: skip
    Baseline.objects.filter(project=project, active=True).update(active=False)
    version = Baseline.objects.filter(project=project).count() + 1
    baseline = Baseline.objects.create(project=project, version=version, approval=approval)
    BaselineItem.objects.bulk_create(
        BaselineItem(baseline=baseline, kind=i.kind, name=i.name, specification=i.specification,
                     quantity=i.quantity, unit_price=i.unit_price, acceptance_terms=i.acceptance_terms)
        for i in items
    )  # fmt: skip
    change.approval = approval
    _change_move(change, step, user, {"document_number": document_number, "baseline": version,
                                      "approved_total": str(approved_total)})  # fmt: skip
    return change
