"""已建项目库 (第二十四条, R5.4, R5.7): the systems delivered, with their cloud, sharing and hub
state, and those retired; each row leads to its project through the person's scope. And the
final-acceptance body the unit engages (第二十四条)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from govit.acceptance import selectors, services
from govit.acceptance.forms import AcceptanceBodyForm, LibraryFilterForm
from govit.access import get_visible_project, visible_organisations
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.front.fields import add_error
from govit.projects import errors
from govit.projects.views.lists import NOT_APPLICANTS, counted_page, xlsx_response
from govit.projects.views.page import render_page


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


@login_required
@require_POST
def acceptance_body_set(request: HttpRequest, pk: int) -> HttpResponse:
    """第二十四条: the unit names its final-acceptance body, from the project page."""
    project = get_visible_project(request.user, pk)
    form = AcceptanceBodyForm(request.POST, prefix="body")
    if not form.is_valid():
        return render_page(request, project, status=422, acceptance_body_form=form)
    try:
        body = services.acceptance_body_name(
            project=project, user=request.user, name=form.cleaned_data["name"]
        )
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, status=error.status, acceptance_body_form=form, error=error)
    known = "（已登记的第三方机构，其人员可查看本项目并上传终验报告）" if body.agency_id else ""
    messages.success(request, f"已登记终验机构：{body.name}{known}。")
    return redirect(project)
