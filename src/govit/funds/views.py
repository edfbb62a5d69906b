"""资金台账 (第二十二条, R4.9): what the Finance Bureau paid, per project and per year, against the
approved budgets. For finance and audit only."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.access import visible_organisations
from govit.accounts.roles import Role
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.funds import selectors
from govit.funds.forms import FundsFilterForm
from govit.projects.models import Project
from govit.projects.views._common import require_roles
from govit.projects.views.lists import NOT_APPLICANTS, PAGE_SIZE, xlsx_response


def _ledger(request: HttpRequest) -> dict:
    """The ledger read for the filters the person chose (funds.selectors.ledger)."""
    user = request.user
    units = visible_organisations(user).exclude(kind__in=NOT_APPLICANTS).order_by("kind", "code")
    form = FundsFilterForm(
        request.GET or None,
        units=[(o.pk, o.short_name or o.name) for o in units],
        years=selectors.payment_years(user),
    )
    filters = form.filters()
    return {
        "form": form,
        "year": filters["year"],
        **selectors.ledger(user, year=filters["year"], unit=filters["unit"]),
    }


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds(request: HttpRequest) -> HttpResponse:
    """The ledger as a page: the per-year totals, then the projects 50 a page."""
    ledger = _ledger(request)
    chosen = ledger["chosen"]
    total = chosen.aggregate(
        total=Coalesce(Sum("amount"), Decimal(0), output_field=selectors.AMOUNT), count=Count("pk")
    )
    page = Paginator(ledger["projects"], PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": ledger["form"],
        "page": page,
        "per_year": list(ledger["per_year"]),
        "total": total,
        "year": ledger["year"],
        # 第二十七条: the classified projects with payments, counted only (never their amounts).
        "classified": Project.objects.withheld_from(request.user)
        .filter(disbursements__isnull=False)
        .distinct()
        .count(),
    }
    return render(request, "funds/funds.html", context)


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds_export(request: HttpRequest) -> StreamingHttpResponse:
    """The same ledger, with the same filters, as a workbook: by project, by year, every payment."""
    ledger = _ledger(request)
    year = ledger["year"]
    title = f"渝中区政务信息化项目资金台账（{year}年）" if year else "渝中区政务信息化项目资金台账"
    payments = ledger["chosen"].select_related("project__unit").order_by("paid_on", "pk")
    content = xlsx.ledger_xlsx(
        ledger["projects"].iterator(chunk_size=xlsx.CHUNK_ROWS),
        ledger["per_year"],
        payments.iterator(chunk_size=xlsx.CHUNK_ROWS),
        title=title,
        year=year,
    )
    audit_export(user=request.user, label=f"导出资金台账：{title}", filename=title + ".xlsx")
    return xlsx_response(content, title)
