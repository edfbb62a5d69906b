"""待办, 已办 and the yearly project list with its Excel export (R2.10, R8.1)."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from govit import clock, policy
from govit.access import visible_organisations, visible_projects
from govit.accounts.models import Organisation
from govit.accounts.roles import Role
from govit.projects import engine, exports, operation, selectors
from govit.projects.construction import CONSTRUCTION_STATES
from govit.projects.forms import ListFilterForm
from govit.projects.models import ChangeRequest, Contract, Project, ProjectEvent
from govit.workflow.lifecycle import EDITABLE

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Organisations that apply for projects (第二条、第八条): not the bureaus, not the third parties.
NOT_APPLICANTS = (Organisation.Kind.BUREAU, Organisation.Kind.AGENCY)


@dataclass(frozen=True)
class TodoRow:
    project: Project
    actions: list[str]
    since: datetime | None
    due: date | None
    late: bool


def _entered_current_state():
    """When the project entered its state: its last move into it (an edit is not a move)."""
    moves = ProjectEvent.objects.filter(project=OuterRef("pk"), to_state=OuterRef("state")).filter(
        Q(action="create") | ~Q(from_state=F("to_state"))
    )
    return Subquery(moves.order_by("-seq").values("at")[:1])


def _due(project: Project, today: date) -> tuple[date | None, bool]:
    """The one due date known before listing: an application's yearly deadline (第九条, R2.2)."""
    if project.state in EDITABLE and not project.urgent and project.submitted_at is None:
        deadline = policy.application_deadline(year=project.year).deadline
        return deadline, today > deadline
    return None, project.late and not project.late_accepted


@dataclass(frozen=True)
class WorkRow:
    """A piece of construction or operation work waiting for the person (第十六、十八、十九、
    二十一、二十六条), with what its due date is and the article that sets it."""

    project: Project
    label: str
    detail: str
    anchor: str
    due: date | None = None
    provisional: bool = False
    late: bool = False
    due_label: str = "备案截止"
    article: int = 16


def _construction_work(user, today: date) -> list[WorkRow]:
    """Contracts to file, security assessments and self-evaluations falling due (unit); filings and
    waivers to confirm and changes to review (BDB); changes to approve (DRC); overdue security
    assessments (CAC): one query per kind, whatever the number of rows."""
    roles, rows = user.role_set, []
    projects = visible_projects(user)
    contracts = Contract.objects.filter(project__in=projects).select_related("project__unit")
    changes = ChangeRequest.objects.filter(project__in=projects).select_related("project__unit")
    if Role.UNIT in roles:
        for c in contracts.filter(project__unit_id=user.organisation_id, filed_on__isnull=True).order_by(
            "filing_due", "pk"
        ):
            rows.append(WorkRow(c.project, "报备合同", f"{c.title}（{c.number}）", "contracts", c.filing_due,
                                c.filing_due_provisional, today > c.filing_due))  # fmt: skip
        rows += _security_work(user, projects.filter(unit_id=user.organisation_id), today)
        year, due = selectors.evaluation_due(today)
        for p in selectors.evaluations_missing(
            year=year, projects=projects.filter(unit_id=user.organisation_id)
        ):
            rows.append(WorkRow(p, "开展年度绩效自评", f"{year}年度", "evaluations", due, late=today > due,
                                due_label="自评截止", article=26))  # fmt: skip
    if Role.BDB in roles:
        waiting = contracts.filter(filed_on__isnull=False, filing_confirmed_at__isnull=True).order_by(
            "filed_on", "pk"
        )
        for c in waiting:
            late = "（逾期备案）" if c.filed_late else ""
            rows.append(
                WorkRow(
                    c.project, "确认合同备案", f"{c.title}，{c.filed_on:%Y-%m-%d} 报备{late}", "contracts"
                )
            )
        for c in changes.filter(status=ChangeRequest.Status.BDB_REVIEW).order_by("requested_at"):
            rows.append(WorkRow(c.project, "评估变更", f"累计占批复软件金额 {c.ratio * 100:.2f}%", "changes"))
        waivers = (
            projects.filter(state__in=CONSTRUCTION_STATES, supervision_waiver_accepted_by__isnull=True)
            .exclude(supervision_waiver_reason="")
            .select_related("unit")
        )
        for p in waivers:
            rows.append(WorkRow(p, "认可不引入监理的理由", p.supervision_waiver_reason, "supervision"))
    if Role.CAC in roles:  # 第七条: the CAC supervises network security; it sees the overdue ones
        rows += [
            replace(row, label="督促开展网络安全测评")
            for row in _security_work(user, projects, today)
            if row.late
        ]
    if Role.DRC in roles:
        for c in changes.filter(status=ChangeRequest.Status.DRC_REVIEW).order_by("requested_at"):
            rows.append(
                WorkRow(
                    c.project, "下达方案及概算调整批复", f"累计占批复软件金额 {c.ratio * 100:.2f}%", "changes"
                )
            )
    return rows


def _security_work(user, projects, today: date) -> list[WorkRow]:
    """第十九条: each kind of assessment whose next one is due within the reminders' lead days, or
    overdue."""
    rules = policy.load_policy()
    until = today + timedelta(days=max(rules.reminder_lead_days))
    return [
        WorkRow(a.project, "开展网络安全测评",
                f"{rules.security_assessments.get(a.kind, {}).get('label', a.kind)}，上次 {a.done_on:%Y-%m-%d}",
                "security", a.next_due, late=today > a.next_due, due_label="应测评", article=19)
        for a in selectors.security_assessments_due(until=until, projects=projects)
    ]  # fmt: skip


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """What waits for the person now, with what to do, since when, and what is due or late."""
    today = clock.today()
    projects = (
        selectors.todo_for(request.user)
        .annotate(since=_entered_current_state())
        .order_by(F("since").asc(nulls_last=True), "pk")
    )
    # Paged, oldest first: a province-wide BDB may have thousands waiting (R10).
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for project in page:
        actions = [a.label for a in engine.actions_for(project, request.user, check_guards=False)]
        rows.append(TodoRow(project, actions, project.since, *_due(project, today)))
    work = _construction_work(request.user, today)
    return render(request, "projects/todo.html", {"rows": rows, "page": page, "work": work, "today": today})


@login_required
@require_GET
def todo_count(request: HttpRequest) -> JsonResponse:
    """The number on the home page, fetched after it loads (the home page itself stays one query):
    the projects waiting for the person and their construction work (contracts, filings, changes)."""
    work = _construction_work(request.user, clock.today())
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
    return year if today <= policy.application_deadline(year=year).deadline else year + 1


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The yearly list as the person may see it: filters, totals, the call's deadline, 50 a page."""
    form = _filter_form(request)
    filters = form.filters()
    projects = selectors.project_list(user=request.user, filters=filters)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    call_year = filters["year"] or _open_call_year()
    evaluations = Role.BDB in request.user.role_set
    if evaluations:  # R5.6: beside each application, the unit's latest evaluation (one query)
        rows = list(page.object_list)
        latest = operation.latest_evaluations_by_unit(list({p.unit_id for p in rows}))
        for project in rows:
            project.unit_evaluation = latest.get(project.unit_id)
        page.object_list = rows
    context = {
        "evaluations": evaluations,
        "form": form,
        "page": page,
        "totals": selectors.project_totals(projects),
        "deadline": policy.application_deadline(year=call_year),
        "year": filters["year"],
    }
    return render(request, "projects/list.html", context)


@login_required
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    """The same list, with the same filters, as an Excel workbook with its totals."""
    filters = _filter_form(request).filters()
    projects = selectors.project_list(user=request.user, filters=filters)
    title = exports.list_title(filters["year"])
    return xlsx_response(exports.list_xlsx(projects, year=filters["year"]), title)


def xlsx_response(content: bytes, title: str) -> HttpResponse:
    """An Excel workbook to download, named by its title (Chinese names survive every browser)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=title + ".xlsx")
    return response
