"""已建项目库 (第二十四条, R5.4, R5.7): the systems delivered, with their cloud, sharing and hub
state, and those retired; each row leads to its project through the person's scope."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from govit.acceptance import selectors
from govit.acceptance.forms import LibraryFilterForm
from govit.access import visible_organisations
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.projects.views.lists import NOT_APPLICANTS, counted_page, xlsx_response


def _filter_form(request: HttpRequest, library: selectors.Library) -> LibraryFilterForm:
    user = request.user
    units = visible_organisations(user).exclude(kind__in=NOT_APPLICANTS).order_by("kind", "code")
    return LibraryFilterForm(
        request.GET or None, units=[(o.pk, o.short_name or o.name) for o in units], years=library.years()
    )


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """The library as the person may see it: filters, counts, 50 a page (counted from the kept
    counts, acceptance.selectors)."""
    reader = selectors.Library(request.user)
    form = _filter_form(request, reader)
    systems, counts = reader.chosen(form.filters())
    page = counted_page(systems, counts["total"], request.GET.get("page"))
    # 第二十七条: the classified systems the person is not cleared for, counted only.
    context = {"form": form, "page": page, "counts": counts, "classified": reader.classified}
    return render(request, "acceptance/library.html", context)


@login_required
@require_GET
def library_export(request: HttpRequest) -> StreamingHttpResponse:
    """The same systems, with the same filters, as an Excel workbook with its counts."""
    reader = selectors.Library(request.user)
    filters = _filter_form(request, reader).filters()
    title = (
        f"渝中区已建政务信息化项目库（{filters['year']}年交付）"
        if filters["year"]
        else "渝中区已建政务信息化项目库"
    )
    content = xlsx.library_xlsx(reader.chosen(filters)[0].iterator(chunk_size=xlsx.CHUNK_ROWS), title=title)
    audit_export(user=request.user, label=f"导出已建项目库：{title}", filename=title + ".xlsx")
    return xlsx_response(content, title)
