"""Recording the Finance Bureau's payments (第二十二条, R4.9)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.approvals.selectors import current_approval
from govit.construction.services import CONSTRUCTION_RECORDS
from govit.funds.models import Disbursement
from govit.policy.construction import disbursement_check
from govit.projects import chronology, errors
from govit.projects.models import Project
from govit.projects.writes import locked, noted
from govit.workflow.lifecycle import keeping

PAYMENT_OF_NOTHING = "拨付金额必须大于 0。"


@transaction.atomic
def disbursement_record(
    *, project: Project, user: User, paid_on: date, amount: Decimal, purpose: str, voucher: str
) -> Disbursement:
    """The Finance Bureau records a payment; one that would pass the approved budget is refused (R4.9)."""
    if Role.FINANCE not in user.role_set:
        raise errors.NotPermitted("资金拨付由区财政局登记。")
    project = locked(project, states=keeping("funds"), doing=CONSTRUCTION_RECORDS)
    approval = current_approval(project)
    if approval is None:
        raise errors.NotPossible("项目尚无概（预）算批复，不能拨付资金。", article=22)
    if amount <= 0:
        raise errors.InvalidInput(PAYMENT_OF_NOTHING, field="amount", article=22)
    if not purpose.strip() or not voucher.strip():
        raise errors.InvalidInput(
            "请填写用途和凭证号。", field="purpose" if not purpose.strip() else "voucher"
        )
    # 第二十二条: a payment follows the budget approval and has happened.
    chronology.check(project, "paid", paid_on, field="paid_on")
    disbursed = Disbursement.objects.filter(project=project).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)
    check = disbursement_check(approved_total=approval.approved_total, disbursed=disbursed, amount=amount)
    if not check.allowed:
        raise errors.NotPossible(check.basis[0].reason, article=22)
    disbursement = Disbursement.objects.create(
        project=project,
        paid_on=paid_on,
        amount=amount,
        purpose=purpose.strip(),
        voucher=voucher.strip(),
        recorded_by=user,
    )
    noted(
        project, user, role=Role.FINANCE, action="disburse", label="登记资金拨付",
        inputs={"disbursement": disbursement.pk, "amount": str(amount), "total": str(disbursed + amount)}, article=22,
    )  # fmt: skip
    return disbursement
