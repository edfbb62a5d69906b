"""The audit administrator's pages (role auditadmin, read only): the log with filters, one event
with its values before and after, and the last audit_verify with the latest checkpoints."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from govit.accounts.roles import Role
from govit.audit import selectors
from govit.audit.forms import AuditFilterForm
from govit.projects.views._common import require_roles

PAGE_SIZE = 50


@login_required
@require_GET
@require_roles(Role.AUDITADMIN)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    events = selectors.events_visible_to(request.user)
    if filters["kind"]:
        events = events.filter(kind=filters["kind"])
    if filters["who"]:
        events = events.filter(actor_name=filters["who"])
    if filters["since"]:
        events = events.filter(at__date__gte=filters["since"])
    if filters["until"]:
        events = events.filter(at__date__lte=filters["until"])
    page = Paginator(events.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "verification": selectors.last_verification(),
        "checkpoints": selectors.checkpoints(),
    }
    return render(request, "audit/list.html", context)


@login_required
@require_GET
@require_roles(Role.AUDITADMIN)
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(selectors.events_visible_to(request.user), seq=seq)
    fields = sorted(set(event.before or {}) | set(event.after or {}))
    rows = [((event.before or {}).get(name, ""), (event.after or {}).get(name, ""), name) for name in fields]
    return render(request, "audit/detail.html", {"event": event, "rows": rows})
