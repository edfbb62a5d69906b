"""待办, 已办 and the yearly project list with its Excel export (R2.10, R8.1)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from govit import clock, policy
from govit.access import visible_organisations
from govit.accounts.models import NOT_APPLICANTS
from govit.accounts.roles import Role
from govit.audit.services import audit_export
from govit.documents import xlsx
from govit.jobs.tasks import job_start
from govit.operation import selectors as operation_selectors
from govit.policy.wording import terms
from govit.projects import policies, selectors, tasks
from govit.projects import totals as list_totals
from govit.projects.forms import ListFilterForm
from govit.projects.models import Project
from govit.projects.paging import KeysFirst
from govit.steering.panels import om_prompt
from govit.workflow import engine
from govit.workflow.lifecycle import EDITABLE

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class TodoRow:
    project: Project
    actions: list[str]
    since: datetime | None
    due: date | None
    late: bool


def _due(project: Project, today: date) -> tuple[date | None, bool]:
    """The one due date known before listing: an application's yearly deadline (第九条, R2.2)."""
    if project.state in EDITABLE and not project.urgent and project.submitted_at is None:
        deadline = policy.application_deadline(year=project.year, policy=policies.of(project)).deadline
        return deadline, today > deadline
    return None, project.late and not project.late_accepted


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """What waits for the person now, with what to do, since when, and what is due or late."""
    today = clock.today()
    # Paged, oldest first (by when each entered its state, project_todo_order): a province-wide BDB
    # may have thousands waiting (R10).
    projects = selectors.todo_for(request.user).order_by(F("state_since").asc(nulls_last=True), "pk")
    # The count and the page's keys from the index alone, then the page's rows.
    page = counted_page(projects, projects.count(), request.GET.get("page"))
    rows = []
    for project in page:
        actions = [a.label for a in engine.actions_for(project, request.user, check_guards=False)]
        rows.append(TodoRow(project, actions, project.state_since, *_due(project, today)))
    work = selectors.work_for(request.user, today)
    context = {"rows": rows, "page": page, "work": work, "today": today, **om_prompt(request.user, today)}
    return render(request, "projects/todo.html", context)


@login_required
@require_GET
def todo_count(request: HttpRequest) -> JsonResponse:
    """The number on the home page, fetched after it loads (the home page itself stays one query):
    the projects waiting for the person and their construction work (contracts, filings, changes)."""
    work = selectors.work_for(request.user, clock.today())
    return JsonResponse({"count": selectors.todo_for(request.user).count() + len(work)})


@login_required
@require_GET
def done(request: HttpRequest) -> HttpResponse:
    """What the person did, newest first."""
    return render(request, "projects/done.html", {"events": list(selectors.done_for(request.user))})


def _filter_form(request: HttpRequest) -> ListFilterForm:
    units = (
        visible_organisations(request.user)
        .exclude(kind__in=NOT_APPLICANTS)
        .order_by("kind", "code")
        .values_list("pk", "short_name", "name")
    )
    this_year = clock.today().year
    return ListFilterForm(
        request.GET or None,
        years=range(this_year + 2, 2021, -1),
        units=[(pk, short or name) for pk, short, name in units],
    )


def _open_call_year() -> int:
    """The year whose call is still open: next year's until its deadline, then the year after."""
    today = clock.today()
    year = today.year + 1
    deadline = policy.application_deadline(year=year, policy=policies.in_force(today)).deadline
    return year if today <= deadline else year + 1


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The yearly list as the person may see it: filters, totals, the call's deadline, 50 a page."""
    form = _filter_form(request)
    filters = form.filters()
    projects = selectors.project_list(user=request.user, filters=filters)
    totals = list_totals.project_totals(user=request.user, filters=filters)
    page = counted_page(projects, totals["count"], request.GET.get("page"))
    call_year = filters["year"] or _open_call_year()
    evaluations = Role.BDB in request.user.role_set
    if evaluations:  # R5.6: beside each application, the unit's latest evaluation (one query)
        rows = list(page.object_list)
        latest = operation_selectors.latest_evaluations_by_unit(list({p.unit_id for p in rows}))
        for project in rows:
            project.unit_evaluation = latest.get(project.unit_id)
        page.object_list = rows
    rules = policies.in_force(clock.today())  # the yearly call follows the version in force
    context = {
        "evaluations": evaluations,
        "form": form,
        "page": page,
        "totals": totals,
        "classified": selectors.classified_withheld(user=request.user, filters=filters),
        "deadline": policy.application_deadline(year=call_year, policy=rules),
        "call_terms": terms(rules),
        "year": filters["year"],
        "may_download_year": Role.BDB in request.user.role_set,
    }
    return render(request, "projects/list.html", context)


@login_required
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    """The same list, with the same filters, as an Excel workbook with its totals: sent as it is
    written, or, longer than GOVIT_EXPORT_INLINE_ROWS, written by a background job whose page
    shows its progress and then offers the file."""
    filters = _filter_form(request).filters()
    projects = selectors.project_list(user=request.user, filters=filters)
    title = xlsx.list_title(filters["year"])
    audit_export(user=request.user, label=f"导出项目清单：{title}", filename=title + ".xlsx")
    count = list_totals.project_totals(user=request.user, filters=filters)["count"]
    if count > settings.GOVIT_EXPORT_INLINE_ROWS:
        job = job_start(
            kind=tasks.KIND, title=f"导出项目清单：{title}，共 {count:,} 个项目", user=request.user,
            params=tasks.job_params(filters),
        )  # fmt: skip
        return redirect("jobs:detail", pk=job.pk)
    classified = selectors.classified_withheld(user=request.user, filters=filters)
    rows = projects.values_list(*xlsx.LIST_FIELDS).iterator(chunk_size=xlsx.CHUNK_ROWS)
    return xlsx_response(xlsx.list_xlsx(rows, year=filters["year"], classified=classified), title)


def counted_page(items: QuerySet, count: int, number: str | None) -> Page:
    """Page `number` of `items`, whose count is known already (the kept totals say it): the page
    does not count the list again, and reads its keys first (paging.KeysFirst)."""
    return Paginator(KeysFirst(items, count), PAGE_SIZE).get_page(number)


def xlsx_response(content: Iterator[bytes], title: str) -> StreamingHttpResponse:
    """An Excel workbook to download, named by its title (Chinese names survive every browser),
    sent as it is written (documents.xlsx: the rows are read and written while the first bytes
    are on their way)."""
    response = StreamingHttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=title + ".xlsx")
    return response
