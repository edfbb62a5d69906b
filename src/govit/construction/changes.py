"""Changes (第二十一条): a request, the BDB's evaluation and the DRC's re-approval above the
version's share, each step moved by the change request's own lifecycle (workflow/change.py) and
written to the project's trail with both ends."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from govit import policy
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.approvals.models import Approval
from govit.construction.models import (
    Baseline,
    BaselineItem,
    ChangeRequest,
)
from govit.construction.selectors import (
    CONSTRUCTION_STATES,
    LineIn,
    active_baseline,
)
from govit.construction.services import CONSTRUCTION_RECORDS, _check_items
from govit.policy.wording import figure
from govit.projects import chronology, errors, policies
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow import change as change_lifecycle
from govit.workflow.lifecycle import keeping


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
    errors.refuse_if_classified(change.project, field="comment")
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
