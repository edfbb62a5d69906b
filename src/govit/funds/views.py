"""资金台账 (第二十二条, R4.9): what the Finance Bureau paid, per project and per year, against the
approved budgets. For finance and audit only."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.access import visible_organisations
from govit.accounts.roles import Role
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.funds import selectors
from govit.funds.forms import FundsFilterForm
from govit.projects.views._common import require_roles
from govit.projects.views.lists import NOT_APPLICANTS, PAGE_SIZE, xlsx_response


def _ledger(request: HttpRequest) -> dict:
    """The ledger's filters as the person chose them, with the totals they may see."""
    user = request.user
    units = visible_organisations(user).exclude(kind__in=NOT_APPLICANTS).order_by("kind", "code")
    totals = selectors.ledger_totals(user)
    form = FundsFilterForm(
        request.GET or None, units=[(o.pk, o.short_name or o.name) for o in units], years=totals.years()
    )
    filters = form.filters()
    year, unit = filters["year"], filters["unit"]
    return {"form": form, "year": year, "unit": unit, "totals": totals, "per_year": totals.per_year(unit)}


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds(request: HttpRequest) -> HttpResponse:
    """The ledger as a page: the per-year totals, then the projects 50 a page. The totals and the
    number of pages come from the kept totals (funds.PaidTally, FundsTally), the page's rows from
    the units it falls in: the same few queries whatever the payments."""
    ledger = _ledger(request)
    year, unit, totals = ledger["year"], ledger["unit"], ledger["totals"]
    rows = selectors.ledger_rows(request.user, totals, year=year, unit=unit)
    context = {
        "form": ledger["form"],
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "per_year": ledger["per_year"],
        "total": totals.total(year, unit),
        "year": year,
        # 第二十七条: the classified projects with payments, counted only (never their amounts).
        "classified": totals.withheld,
    }
    return render(request, "funds/funds.html", context)


@login_required
@require_GET
@require_roles(Role.FINANCE, Role.AUDIT)
def funds_export(request: HttpRequest) -> StreamingHttpResponse:
    """The same ledger, with the same filters, as a workbook: by project, by year, every payment."""
    ledger = _ledger(request)
    year, unit, user = ledger["year"], ledger["unit"], request.user
    title = f"渝中区政务信息化项目资金台账（{year}年）" if year else "渝中区政务信息化项目资金台账"
    payments = selectors.chosen_payments(user, year=year, unit=unit)
    payments = payments.select_related("project__unit").order_by("paid_on", "pk")
    content = xlsx.ledger_xlsx(
        selectors.ledger_projects(user, year=year, unit=unit, chunk_size=xlsx.CHUNK_ROWS),
        ledger["per_year"],
        payments.iterator(chunk_size=xlsx.CHUNK_ROWS),
        title=title,
        year=year,
    )
    audit_export(user=user, label=f"导出资金台账：{title}", filename=title + ".xlsx")
    return xlsx_response(content, title)
