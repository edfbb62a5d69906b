"""The 监督意见 page's requests: open a finding, answer it, close it or send it back. Thin: the
services decide, refuse and audit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from govit.access import get_visible_project
from govit.findings import services
from govit.findings.forms import AnswerForm, CloseForm, OpenForm
from govit.findings.models import Finding
from govit.findings.selectors import label_of
from govit.front.fields import add_error
from govit.projects import errors
from govit.projects.views.page import render_page


def _back(request: HttpRequest, project, anchor: str, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{reverse('projects:findings', args=[project.pk])}#{anchor}")


def _finding(project, pk: int) -> Finding:
    """A finding of the project the person may see (get_visible_project); another's is 404."""
    finding = Finding.objects.filter(project=project, pk=pk).first()
    if finding is None:
        raise Http404("没有这条监督意见。")
    return finding


@login_required
@require_POST
def finding_open(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible_project(request.user, pk)
    form = OpenForm(request.POST, kinds=services.kind_choices(request.user, project))
    if not form.is_valid():
        return render_page(request, project, tab="findings", status=422, open_form=form)
    try:
        finding = services.finding_open(
            project=project, user=request.user, finding=services.FindingIn(**form.cleaned_data)
        )
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, tab="findings", status=error.status, error=error, open_form=form)
    return _back(request, project, finding.anchor, f"已登记{label_of(project, finding.kind)}。")


def _on_row(request: HttpRequest, pk: int, finding: int, form_class: type, name: str, act) -> HttpResponse:  # noqa: ANN001
    """One finding's next step: its form read, the service `act(project, finding, data)` asked (it
    returns what to say), and a refusal drawn on the page at the finding's row, as typed."""
    project = get_visible_project(request.user, pk)
    target = _finding(project, finding)
    form = form_class(request.POST, auto_id=f"{target.anchor}-%s")
    if not form.is_valid():
        return render_page(
            request, project, tab="findings", status=422, finding_row=target.anchor, **{name: form}
        )
    try:
        text = act(project, target, form.cleaned_data)
    except errors.ActionError as error:
        add_error(form, error)
        return render_page(request, project, tab="findings", status=error.status, error=error,
                           finding_row=target.anchor, **{name: form})  # fmt: skip
    return _back(request, project, target.anchor, text)


@login_required
@require_POST
def finding_answer(request: HttpRequest, pk: int, finding: int) -> HttpResponse:
    def act(project, target: Finding, data: dict) -> str:  # noqa: ANN001
        services.finding_answer(project=project, user=request.user, finding=target, answer=data["answer"])
        return "已提交整改答复。"

    return _on_row(request, pk, finding, AnswerForm, "answer_form", act)


@login_required
@require_POST
def finding_close(request: HttpRequest, pk: int, finding: int) -> HttpResponse:
    def act(project, target: Finding, data: dict) -> str:  # noqa: ANN001
        accept = data["decision"] == "close"
        services.finding_close(
            project=project, user=request.user, finding=target, accept=accept, note=data["note"]
        )
        return "已办结。" if accept else "已退回，待项目单位再次答复。"

    return _on_row(request, pk, finding, CloseForm, "close_form", act)
