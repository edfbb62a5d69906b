"""The 公文 page's requests: a document (previewed, numbered or as signed), taking its number and
registering its signed scan. Thin: the services decide, refuse and audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from govit.access import get_visible_project
from govit.front.fields import add_error
from govit.papers import dossier, services
from govit.papers.forms import NumberForm, SignForm
from govit.papers.models import Paper, PaperKind
from govit.papers.panels import anchor_of
from govit.projects import errors
from govit.projects.views.page import render_page

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_attachment(content: bytes, filename: str) -> HttpResponse:
    """A written .docx handed out under `filename` (the page's and the API's)."""
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_GET
def project_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """项目档案: the project's whole file as the person may see it, as one .zip."""
    project = get_visible_project(request.user, pk)
    try:
        return dossier.project_download(request.user, project)
    except errors.ActionError as error:  # a classified project's file is not downloaded here
        return render_page(request, project, status=404, error=error)


@login_required
@require_GET
def year_dossier(request: HttpRequest, year: int) -> HttpResponse:
    """A year's list (the listed projects of `year`), each project's file in its folder, for the BDB."""
    try:
        return dossier.year_download(request.user, year)
    except errors.NotVisible as error:
        raise Http404(error.detail) from None


def _back(request: HttpRequest, project, kind: str, key: str, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{reverse('projects:papers', args=[project.pk])}#{anchor_of(kind, key)}")


def _kind(kind: str) -> str:
    if kind not in PaperKind.values:
        raise Http404("没有这一公文种类。")
    return kind


@login_required
@require_GET
def paper_document(request: HttpRequest, pk: int, kind: str, key: str) -> HttpResponse:
    """The .docx: the numbered one (as signed, once it is), or the preview before the number is
    taken; only the issuing office sees a document before it is signed (404 for anyone else)."""
    project = get_visible_project(request.user, pk)
    try:
        content, filename = services.paper_download(
            user=request.user, project=project, kind=_kind(kind), key=key
        )
    except errors.ActionError as error:  # no such decision, not yet signed, or a classified project
        return render_page(request, project, tab="papers", status=404, error=error)
    return docx_attachment(content, filename)


@login_required
@require_POST
def paper_number(request: HttpRequest, pk: int, kind: str, key: str) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    anchor = anchor_of(_kind(kind), key)
    form = NumberForm(request.POST, auto_id=f"{anchor}-%s")
    if not form.is_valid():
        return render_page(request, project, tab="papers", status=422, number_form=form, paper_row=anchor)
    try:
        paper = services.take_number(
            user=request.user, project=project, kind=kind, key=key, deadline=form.cleaned_data["deadline"]
        )
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, tab="papers", status=error.status, error=error, number_form=form,
                           paper_row=anchor)  # fmt: skip
    return _back(request, project, kind, key, f"已取号：{paper.number}（{paper.get_kind_display()}）。")


@login_required
@require_POST
def paper_sign(request: HttpRequest, pk: int, kind: str, key: str) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    anchor = anchor_of(_kind(kind), key)
    form = SignForm(request.POST, request.FILES, auto_id=f"{anchor}-%s")
    paper = Paper.objects.filter(project=project, kind=kind, subject=key).first()
    if not form.is_valid():
        return render_page(request, project, tab="papers", status=422, sign_form=form, paper_row=anchor)
    try:
        if paper is None:
            raise errors.NotPossible(services.NOT_NUMBERED)
        paper = services.sign(
            user=request.user, project=project, paper=paper, upload=form.cleaned_data["file"]
        )
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, tab="papers", status=error.status, error=error, sign_form=form,
                           paper_row=anchor)  # fmt: skip
    return _back(request, project, kind, key, f"已登记签发：{paper.number}。")
