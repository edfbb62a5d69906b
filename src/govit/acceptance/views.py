"""已建项目库 (第二十四条, R5.4, R5.7): the systems delivered, with their cloud, sharing and hub
state, and those retired; each row leads to its project through the person's scope."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.acceptance.forms import LibraryFilterForm
from govit.acceptance.models import BuiltSystem
from govit.access import visible_organisations
from govit.accounts.models import User
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.projects.models import Project
from govit.projects.views.lists import NOT_APPLICANTS, PAGE_SIZE, xlsx_response


def _systems(user: User, filters: dict) -> QuerySet[BuiltSystem]:
    systems = BuiltSystem.objects.visible_to(user)
    if filters["unit"]:
        systems = systems.filter(unit_id=filters["unit"])
    if filters["year"]:
        systems = systems.filter(delivered_on__year=filters["year"])
    for flag in ("on_cloud", "shares_data", "hub_connected"):
        if filters[flag] is not None:
            systems = systems.filter(**{flag: filters[flag]})
    if filters["retired"] is not None:
        systems = systems.filter(retired_on__isnull=not filters["retired"])
    return systems


def _filter_form(request: HttpRequest) -> LibraryFilterForm:
    user = request.user
    units = visible_organisations(user).exclude(kind__in=NOT_APPLICANTS).order_by("kind", "code")
    years = BuiltSystem.objects.visible_to(user).dates("delivered_on", "year", "DESC")
    return LibraryFilterForm(
        request.GET or None,
        units=[(o.pk, o.short_name or o.name) for o in units],
        years=[d.year for d in years],
    )


def _ordered(systems: QuerySet[BuiltSystem]) -> QuerySet[BuiltSystem]:
    return systems.select_related("project", "unit").order_by("-delivered_on", "pk")


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """The library as the person may see it: filters, counts, 50 a page."""
    form = _filter_form(request)
    systems = _systems(request.user, form.filters())
    counts = systems.aggregate(
        total=Count("pk"),
        in_use=Count("pk", filter=Q(retired_on__isnull=True)),
        on_cloud=Count("pk", filter=Q(on_cloud=True)),
        shares_data=Count("pk", filter=Q(shares_data=True)),
        hub_connected=Count("pk", filter=Q(hub_connected=True)),
        retired=Count("pk", filter=Q(retired_on__isnull=False)),
    )
    page = Paginator(_ordered(systems), PAGE_SIZE).get_page(request.GET.get("page"))
    # 第二十七条: the classified systems the person is not cleared for, counted only.
    classified = Project.objects.withheld_from(request.user).filter(built_system__isnull=False).count()
    context = {"form": form, "page": page, "counts": counts, "classified": classified}
    return render(request, "acceptance/library.html", context)


@login_required
@require_GET
def library_export(request: HttpRequest) -> StreamingHttpResponse:
    """The same systems, with the same filters, as an Excel workbook with its counts."""
    filters = _filter_form(request).filters()
    title = (
        f"渝中区已建政务信息化项目库（{filters['year']}年交付）"
        if filters["year"]
        else "渝中区已建政务信息化项目库"
    )
    content = xlsx.library_xlsx(
        _ordered(_systems(request.user, filters)).iterator(chunk_size=xlsx.CHUNK_ROWS), title=title
    )
    audit_export(user=request.user, label=f"导出已建项目库：{title}", filename=title + ".xlsx")
    return xlsx_response(content, title)
