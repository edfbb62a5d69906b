"""Funds (第二十二条, R4.9): the Finance Bureau records each payment; a payment that would pass
the approved budget is refused by the service. The ledger across projects is for finance and audit."""

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Query, Router, Status

from govit import access
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.approvals import selectors as approvals_selectors
from govit.approvals.models import Approval
from govit.funds import services as funds_services
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
MONEY = DecimalField(max_digits=16, decimal_places=2)


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
    disbursement = funds_services.disbursement_record(project=project, user=person(request), **payload.dict())
    row = next(row for row in _disbursements(project)["items"] if row["id"] == disbursement.pk)
    return Status(201, row)


def _disbursements(project: Project) -> dict[str, Any]:
    """The payments in order, each with the total so far, against the current approval."""
    approval = approvals_selectors.current_approval(project)
    rows, total = [], Decimal(0)
    for payment in project.disbursements.order_by("paid_on", "pk"):
        total += payment.amount
        rows.append({**_fields(payment), "running_total": total})
    approved = approval.approved_total if approval else None
    return {
        "items": rows,
        "approved_total": approved,
        "disbursed": total,
        "remaining": approved - total if approved is not None else None,
    }


def _fields(payment: Disbursement) -> dict[str, Any]:
    names = ("id", "paid_on", "amount", "purpose", "voucher", "recorded_at")
    return {name: getattr(payment, name) for name in names}


@router.get("/funds", response={200: FundsOut, **ERRORS}, summary="资金台账（区财政局、区审计局）")
def ledger(request: HttpRequest, filters: Query[FundsFilters]) -> dict[str, Any]:
    user = person(request)
    if not user.role_set & LEDGER_ROLES:
        raise errors.NotPermitted(LEDGER_REFUSED)
    projects = _ledger(user, year=filters.year, unit=filters.unit)
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
    }


def _paid(year: int | None = None) -> Subquery:
    """The sum paid to the outer project (in `year`, on paid_on), as one correlated subquery."""
    payments = Disbursement.objects.filter(project=OuterRef("pk"))
    if year is not None:
        payments = payments.filter(paid_on__year=year)
    total = payments.order_by().values("project").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def _ledger(user: User, *, year: int | None, unit: int | None) -> QuerySet[Project]:
    """Every visible project with a budget approval, its approved total, paid in the year, paid in
    all and what remains: one query for the page whatever its size (approval and sums are
    subqueries). With a year, only the projects paid in that year."""
    approval = Approval.objects.filter(project=OuterRef("pk"), kind__in=approvals_selectors.BUDGET_APPROVALS)
    newest = approval.order_by("-recorded_at", "-pk").values("approved_total")[:1]
    projects = (
        access.visible_projects(user)
        .select_related("unit")
        .annotate(
            approved_total=Subquery(newest, output_field=MONEY),
            disbursed=_paid(year),
            disbursed_total=_paid(),
        )
        .filter(approved_total__isnull=False)
    )
    if year is not None:
        paid = Disbursement.objects.filter(project=OuterRef("pk"), paid_on__year=year)
        projects = projects.filter(Exists(paid))
    if unit is not None:
        projects = projects.filter(unit_id=unit)
    return projects.order_by("list_code", "pk")
