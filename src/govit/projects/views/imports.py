"""导入历史清单 (R2.10): the BDB uploads a district's earlier list, sees every row judged, and
confirms; a long import runs as a background job with its bar. Thin: `projects.importing` judges
and imports, through the engine."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govit.accounts.roles import Role
from govit.front.fields import add_error
from govit.jobs.models import Job
from govit.projects import errors, importing, tasks
from govit.projects.forms import ImportConfirmForm, ImportUploadForm
from govit.projects.views.lists import xlsx_response
from govit.projects.workbook import WorkbookError, template_xlsx


def _bdb_only(request: HttpRequest) -> None:
    if Role.BDB not in request.user.role_set:
        raise Http404("只有区大数据发展局可以导入历史清单。")


@login_required
@require_http_methods(["GET", "POST"])
def list_import(request: HttpRequest) -> HttpResponse:
    """The upload, and the preview of what the workbook would give."""
    _bdb_only(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "preview": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            context["preview"] = importing.preview(content)
        except WorkbookError as error:
            add_error(form, errors.InvalidInput(str(error), field="file"))
            return render(request, "projects/import.html", context, status=422)
        importing.keep(content)
        context["confirm"] = ImportConfirmForm(
            initial={"digest": context["preview"].digest, "file_name": upload.name}
        )
    elif request.method == "POST":
        return render(request, "projects/import.html", context, status=422)
    return render(request, "projects/import.html", context)


@login_required
@require_POST
def list_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the rows the preview marked 将导入: at once when they are few, else as a job."""
    _bdb_only(request)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("projects:import")
    try:
        result = tasks.import_confirm(
            user=request.user, digest=form.cleaned_data["digest"], file_name=form.cleaned_data["file_name"]
        )
    except (errors.ActionError, WorkbookError) as error:
        messages.error(request, str(error))
        return redirect("projects:import")
    if isinstance(result, Job):
        return redirect("jobs:detail", pk=result.pk)
    messages.success(request, importing.summary(result))
    return redirect(reverse("projects:list"))


@login_required
@require_GET
def list_import_template(request: HttpRequest) -> HttpResponse:
    """The workbook to fill: the title, the header, and a sheet saying what each column takes."""
    _bdb_only(request)
    return xlsx_response(iter([template_xlsx()]), "政务信息化项目清单导入模板")
