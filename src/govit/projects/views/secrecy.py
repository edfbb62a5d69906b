"""The BDB's page for a classified project (第二十七条, R6.1): the secrecy authority's approval
(reference, date) and the BDB officers designated for it, linked from the project page."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from govit.access import get_visible_project
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.front.fields import DateInput, add_error, required_error
from govit.projects import errors, secrecy
from govit.projects.models import Project
from govit.projects.views._common import require_roles


def bdb_officers() -> Any:
    """Who may be designated: the BDB's active people."""
    return User.objects.with_role(Role.BDB).filter(is_active=True).order_by("username")


class ClassificationForm(forms.Form):
    secrecy_ref = forms.CharField(
        label="保密主管部门批准文号", max_length=100, error_messages=required_error("保密主管部门批准文号"),
        help_text="定性为涉密政务信息化项目须经保密主管部门批准（第二十七条）。",
    )  # fmt: skip
    secrecy_on = forms.DateField(
        label="批准日期", widget=DateInput(), error_messages=required_error("批准日期")
    )
    officers = forms.TypedMultipleChoiceField(
        label="指定的区大数据发展局经办人", coerce=int, error_messages=required_error("指定的区大数据发展局经办人"),
        help_text="除本单位负责人外，只有指定的经办人可以看到该项目。",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(u.pk, f"{u.name}（{u.username}）") for u in bdb_officers()]


def _render(
    request: HttpRequest, project: Project, form: ClassificationForm, status: int = 200
) -> HttpResponse:
    return render(request, "projects/classification.html", {"project": project, "form": form}, status=status)


@login_required
@require_roles(Role.BDB)
@require_http_methods(["GET", "POST"])
def classification(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form (with the approval already recorded, if any); POST: record it."""
    project = get_visible_project(request.user, pk)
    if request.method == "GET":
        initial = {"secrecy_ref": project.secrecy_ref, "secrecy_on": project.secrecy_on,
                   "officers": list(project.secrecy_officers.values_list("pk", flat=True)) or [request.user.pk]}  # fmt: skip
        return _render(request, project, ClassificationForm(initial=initial))
    form = ClassificationForm(request.POST)
    if not form.is_valid():
        return _render(request, project, form, status=422)
    data = form.cleaned_data
    try:
        project = secrecy.project_classify(
            project=project, by=request.user, ref=data["secrecy_ref"], on=data["secrecy_on"],
            officers=list(bdb_officers().filter(pk__in=data["officers"])),
        )  # fmt: skip
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, project, form, status=error.status)
    messages.success(request, "已登记为涉密项目（第二十七条）。")
    if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists():
        return redirect("projects:list")  # the officer who recorded it did not designate themselves
    return redirect(project)
