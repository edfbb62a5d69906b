"""The person's reminders (R8.2): the list, and marking one read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from govit import clock
from govit.projects.models import Project
from govit.reminders import selectors, services


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Unread first, then by due date; a project is linked only if the person may still see it."""
    reminders = list(selectors.reminders_for(request.user))
    project_ids = {r.project_id for r in reminders if r.project_id}
    linkable = set(
        Project.objects.visible_to(request.user).filter(pk__in=project_ids).values_list("pk", flat=True)
    )
    context = {"reminders": reminders, "linkable": linkable, "today": clock.today()}
    return render(request, "reminders/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Another person's reminder is a 404, as if it did not exist.
    reminder = get_object_or_404(selectors.reminders_for(request.user), pk=pk)
    services.reminder_mark_read(reminder=reminder, user=request.user)
    messages.success(request, "已标记为已读。")
    return redirect("reminders:inbox")
