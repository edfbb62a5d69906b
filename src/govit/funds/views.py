"""资金台账 (第二十二条, R4.9): what the Finance Bureau paid, per project and per year, against the
approved budgets. For finance and audit only."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.access import visible_organisations, visible_projects
from govit.accounts.roles import Role
from govit.approvals.models import Approval
from govit.approvals.selectors import BUDGET_APPROVALS
from govit.documents import exports
from govit.funds.forms import FundsFilterForm
from govit.funds.models import Disbursement
from govit.projects.views._common import require_roles
from govit.projects.views.lists import NOT_APPLICANTS, PAGE_SIZE, xlsx_response

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _budget():
    """The approved budget now: the newest budget or change approval (as `current_approval`)."""
    newest = Approval.objects.filter(project=OuterRef("pk"), kind__in=BUDGET_APPROVALS).order_by(
        "-recorded_at", "-pk"
    )
    return Subquery(newest.values("approved_total")[:1], output_field=MONEY)


def _ledger(request: HttpRequest) -> dict:
    """Per project: paid in the chosen year, paid in all, the approved budget and what is left;
    per year: the totals; and the payments chosen. A fixed number of queries, whatever the rows."""
    user = request.user
    payments = Disbursement.objects.filter(project__in=visible_projects(user))
    units = visible_organisations(user).exclude(kind__in=NOT_APPLICANTS).order_by("kind", "code")
    years = payments.dates("paid_on", "year", "DESC")
    form = FundsFilterForm(
        request.GET or None,
        units=[(o.pk, o.short_name or o.name) for o in units],
        years=[d.year for d in years],
    )
    filters = form.filters()
    if filters["unit"]:
        payments = payments.filter(project__unit_id=filters["unit"])
    in_year = Q(disbursements__paid_on__year=filters["year"]) if filters["year"] else Q()
    chosen = payments.filter(paid_on__year=filters["year"]) if filters["year"] else payments
    projects = (
        visible_projects(user)
        .filter(pk__in=chosen.values("project_id"))
        .annotate(
            paid=Coalesce(Sum("disbursements__amount", filter=in_year), Decimal(0), output_field=MONEY),
            paid_all=Coalesce(Sum("disbursements__amount"), Decimal(0), output_field=MONEY),
            payments=Count("disbursements", filter=in_year),
            budget=_budget(),
        )
        .select_related("unit")
        .order_by("unit__code", "pk")
    )
    per_year = (
        payments.annotate(year=ExtractYear("paid_on"))
        .values("year")
        .annotate(total=Sum("amount"), count=Count("pk"), projects=Count("project", distinct=True))
        .order_by("-year")
    )
    return {
        "form": form,
        "year": filters["year"],
        "projects": projects,
        "per_year": per_year,
        "chosen": chosen,
    }


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds(request: HttpRequest) -> HttpResponse:
    """The ledger as a page: the per-year totals, then the projects 50 a page."""
    ledger = _ledger(request)
    chosen = ledger["chosen"]
    total = chosen.aggregate(total=Coalesce(Sum("amount"), Decimal(0), output_field=MONEY), count=Count("pk"))
    page = Paginator(ledger["projects"], PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for project in page.object_list:
        project.remaining = None if project.budget is None else project.budget - project.paid_all
    context = {
        "form": ledger["form"],
        "page": page,
        "per_year": list(ledger["per_year"]),
        "total": total,
        "year": ledger["year"],
    }
    return render(request, "funds/funds.html", context)


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds_export(request: HttpRequest) -> HttpResponse:
    """The same ledger, with the same filters, as a workbook: by project, by year, every payment."""
    ledger = _ledger(request)
    year = ledger["year"]
    title = f"渝中区政务信息化项目资金台账（{year}年）" if year else "渝中区政务信息化项目资金台账"
    payments = ledger["chosen"].select_related("project__unit").order_by("paid_on", "pk")
    content = exports.ledger_xlsx(ledger["projects"], ledger["per_year"], payments, title=title, year=year)
    return xlsx_response(content, title)
