"""The person's reminders (R8.2): the list, and marking one read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govit import clock
from govit.accounts.roles import Role
from govit.jobs.tasks import job_start
from govit.projects.models import Project
from govit.reminders import selectors, services, tasks
from govit.reminders.forms import RunForm

ONLY_BDB = "只有区大数据发展局的工作人员可以立即发送提醒。"


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Unread first, then by due date; a project is linked only if the person may still see it."""
    reminders = list(selectors.reminders_for(request.user))
    project_ids = {r.project_id for r in reminders if r.project_id}
    linkable = set(
        Project.objects.visible_to(request.user).filter(pk__in=project_ids).values_list("pk", flat=True)
    )
    context = {
        "reminders": reminders, "linkable": linkable, "today": clock.today(),
        "may_run": request.user.has_role(Role.BDB),
    }  # fmt: skip
    return render(request, "reminders/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Another person's reminder is a 404, as if it did not exist.
    reminder = get_object_or_404(selectors.reminders_for(request.user), pk=pk)
    services.reminder_mark_read(reminder=reminder, user=request.user)
    messages.success(request, "已标记为已读。")
    return redirect("reminders:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def run(request: HttpRequest) -> HttpResponse:
    """立即发送提醒: the BDB starts the reminder run as a background job and watches its page."""
    if not request.user.has_role(Role.BDB):
        raise PermissionDenied(ONLY_BDB)
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "reminders/run.html", {"form": form}, status=400)
        day = form.cleaned_data["date"] or clock.today()
        job = job_start(
            kind=tasks.KIND, title=f"发送到期提醒（{day.isoformat()}）", user=request.user,
            params={"date": day.isoformat()},
        )  # fmt: skip
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "reminders/run.html", {"form": form})
