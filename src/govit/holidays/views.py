"""The holiday calendar's pages (R4.2): everyone with a business role reads the schedules; only the
BDB records a year or imports a file (anyone else posting gets 403, the 三员 403 on every page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from govit import clock
from govit.accounts.roles import Role
from govit.front.fields import add_error
from govit.holidays import services
from govit.holidays.forms import ImportForm, ScheduleForm, YearForm
from govit.holidays.models import DueDateChange, HolidayYear
from govit.policy.wording import terms
from govit.projects import errors, policies
from govit.projects.models import Project

MAX_IMPORT_BYTES = 1_000_000  # a file of every year since 1950 is a few dozen kilobytes


def _reader(request: HttpRequest) -> bool:
    """Whether the person may write; refuses the 三员, who hold no business role."""
    if request.user.is_administrator:
        raise PermissionDenied("系统管理员不办理业务。")
    return Role.BDB in request.user.role_set


def _render_list(request: HttpRequest, *, import_form=None, year_form=None, lines=None, status=200):
    # The newest year first: that is the one the BDB adds or corrects.
    years = (
        HolidayYear.objects.select_related("recorded_by")
        .annotate(off=Count("days", filter=Q(days__off=True)), on=Count("days", filter=Q(days__off=False)))
        .order_by("-year")
    )
    context = {
        "years": list(years), "may_edit": Role.BDB in request.user.role_set, "lines": lines,
        "import_form": import_form or ImportForm(), "year_form": year_form or YearForm(),
        "words": terms(policies.in_force(clock.today())),  # the filing period of the version in force
    }  # fmt: skip
    return render(request, "holidays/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def year_list(request: HttpRequest) -> HttpResponse:
    """The years with their source and notice; for the BDB, adding a year and importing a file."""
    may_edit = _reader(request)
    if request.method == "GET":
        return _render_list(request)
    if not may_edit:
        raise PermissionDenied(services.NOT_BDB)
    form = YearForm(request.POST)
    if not form.is_valid():
        return _render_list(request, year_form=form, status=422)
    return redirect("holidays:calendar_year", year=form.cleaned_data["year"])


@login_required
@require_POST
def schedule_import(request: HttpRequest) -> HttpResponse:
    """The BDB uploads the TOML file: the page then says, year by year, what was taken or refused."""
    if not _reader(request):
        raise PermissionDenied(services.NOT_BDB)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_list(request, import_form=form, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_IMPORT_BYTES:
        form.add_error("file", "文件过大：节假日数据文件应小于 1 MB。")
        return _render_list(request, import_form=form, status=422)
    try:
        lines = services.schedules_import(user=request.user, content=upload.read(), name=upload.name)
    except errors.ActionError as error:
        add_error(form, error)
        return _render_list(request, import_form=form, status=error.status)
    taken = sum(line.taken for line in lines)
    return _render_list(request, lines=lines, status=200 if taken else 422)


@login_required
@require_http_methods(["GET", "POST"])
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    """One year: its days, its history, the due dates it moved; for the BDB the form to correct it
    (or to add it, when the year is not recorded yet)."""
    may_edit = _reader(request)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied(services.NOT_BDB)
    schedule = HolidayYear.objects.filter(year=year).select_related("recorded_by").first()
    if schedule is None and not may_edit:
        raise Http404("该年度的节假日安排尚未登记。")
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                result = services.schedule_save(
                    user=request.user, year=year, notice=data["notice"],
                    holidays=services.parse_days(data["holidays"], field_name="holidays"),
                    workdays=services.parse_days(data["workdays"], field_name="workdays"),
                )  # fmt: skip
            except errors.ActionError as error:
                add_error(form, error)
                return _render_year(request, year, schedule, form, may_edit, status=error.status)
            messages.success(request, _saved_message(year, result))
            return redirect("holidays:calendar_year", year=year)
        return _render_year(request, year, schedule, form, may_edit, status=422)
    form = None
    if may_edit:
        initial = {}
        if schedule is not None:
            days = list(schedule.days.order_by("day"))
            initial = {
                "notice": schedule.notice,
                "holidays": "\n".join(d.day.isoformat() for d in days if d.off),
                "workdays": "\n".join(d.day.isoformat() for d in days if not d.off),
            }
        form = ScheduleForm(initial=initial)
    return _render_year(request, year, schedule, form, may_edit)


def _saved_message(year: int, result: services.SaveResult) -> str:
    if result.revision is None:
        return f"{year}年节假日安排没有变化。"
    moved = sum(c.old_due != c.new_due for c in result.changes)
    return (
        f"已保存{year}年节假日安排第{result.revision.revision}版；重算未报备合同 {len(result.changes)} 份，"
        f"其中备案截止日调整 {moved} 份，已提醒项目单位。"
    )


def _render_year(request, year, schedule, form, may_edit, *, status=200) -> HttpResponse:
    days, revisions, changes = [], [], []
    if schedule is not None:
        days = list(schedule.days.order_by("day"))
        revisions = list(schedule.revisions.select_related("recorded_by").order_by("-revision"))
        # The contracts it moved, as far as the person may see their projects.
        changes = list(
            DueDateChange.objects.filter(
                revision__schedule=schedule, contract__project__in=Project.objects.visible_to(request.user)
            )
            .select_related("contract__project", "revision__schedule")
            .order_by("-at", "-pk")
        )
    context = {
        "year": year, "schedule": schedule, "form": form, "may_edit": may_edit, "status": status,
        "holidays": [d for d in days if d.off], "workdays": [d for d in days if not d.off],
        "revisions": revisions, "changes": changes,
    }  # fmt: skip
    return render(request, "holidays/year.html", context, status=status)
