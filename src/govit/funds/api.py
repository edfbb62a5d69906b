"""Funds (第二十二条, R4.9): the Finance Bureau records each payment; a payment that would pass
the approved budget is refused by the service. The ledger across projects is for finance and audit."""

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest
from ninja import Query, Router, Status

from govit import access
from govit.accounts.roles import Role
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.funds import selectors, services
from govit.funds.models import Disbursement
from govit.funds.schemas import (
    DisbursementIn,
    DisbursementListOut,
    DisbursementOut,
    FundsFilters,
    FundsOut,
)
from govit.projects import errors
from govit.projects.models import Project

router = Router(tags=["资金"])

LEDGER_ROLES = frozenset({Role.FINANCE, Role.AUDIT})
LEDGER_REFUSED = "资金台账由区财政局、区审计局查阅。"


@router.get(
    "/projects/{int:project_id}/disbursements",
    response={200: DisbursementListOut, **ERRORS},
    summary="项目的资金拨付及累计（对照批复总投资）",
)
def list_disbursements(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _disbursements(access.get_visible_project(person(request), project_id))


@router.post(
    "/projects/{int:project_id}/disbursements",
    response={201: DisbursementOut, **ERRORS},
    summary="登记资金拨付（区财政局；不得超出批复总投资）",
)
def create_disbursement(request: HttpRequest, project_id: int, payload: DisbursementIn) -> Status[dict]:
    project = access.get_visible_project(person(request), project_id)
    disbursement = services.disbursement_record(project=project, user=person(request), **payload.dict())
    row = next(row for row in _disbursements(project)["items"] if row["id"] == disbursement.pk)
    return Status(201, row)


def _disbursements(project: Project) -> dict[str, Any]:
    """The payments in order, each with the total so far, against the current approval."""
    payments = selectors.payments_of(project)
    return {
        "items": [{**_fields(row.disbursement), "running_total": row.running} for row in payments.rows],
        "approved_total": payments.budget,
        "disbursed": payments.disbursed,
        "remaining": payments.remaining,
    }


def _fields(payment: Disbursement) -> dict[str, Any]:
    names = ("id", "paid_on", "amount", "purpose", "voucher", "recorded_at")
    return {name: getattr(payment, name) for name in names}


@router.get("/funds", response={200: FundsOut, **ERRORS}, summary="资金台账（区财政局、区审计局）")
def ledger(request: HttpRequest, filters: Query[FundsFilters]) -> dict[str, Any]:
    user = person(request)
    if not user.role_set & LEDGER_ROLES:
        raise errors.NotPermitted(LEDGER_REFUSED)
    projects = selectors.budgeted_projects(user, year=filters.year, unit=filters.unit)
    # Sums over the paid-subqueries are not summed reliably by the ORM; the payments are summed
    # directly instead: three queries for the totals, whatever the number of projects.
    approved = projects.aggregate(total=Sum("approved_total"))["total"] or Decimal(0)
    payments = Disbursement.objects.filter(project__in=projects.values("pk"))
    in_year = payments.filter(paid_on__year=filters.year) if filters.year is not None else payments
    disbursed = in_year.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    disbursed_total = payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return {
        **filters.of(projects),
        "totals": {
            "approved_total": approved,
            "disbursed": disbursed,
            "remaining": approved - disbursed_total,
        },
        # 第二十七条: the classified projects with payments, counted only (never their amounts).
        "classified": Project.objects.withheld_from(user)
        .filter(disbursements__isnull=False)
        .distinct()
        .count(),
    }
