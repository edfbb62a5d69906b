"""The duplicate check's pages (第四条): the thesaurus (everyone with a business role reads it, the
BDB adds and removes its own groups; anyone else posting gets 403, the 三员 403 on every page), and
the similar projects of an application as its unit writes it (a fragment the form fetches)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from govit import access
from govit.accounts.roles import Role
from govit.front.fields import add_error, error_message
from govit.projects import errors
from govit.projects.models import Proposal
from govit.similar import selectors, services, text
from govit.similar.forms import SynonymGroupForm

DRAFT_FIELDS = ("name", "summary", "reason", "expected_effect")


def _may_write(request: HttpRequest) -> bool:
    if request.user.is_administrator:
        raise PermissionDenied("系统管理员不办理业务。")
    return Role.BDB in request.user.role_set


def _render(request: HttpRequest, form: SynonymGroupForm | None = None, status: int = 200) -> HttpResponse:
    shipped: dict[str, list[str]] = {}
    for variant, term in text.shipped_groups().items():
        shipped.setdefault(term, []).append(variant)
    context = {
        "own": selectors.own_groups(), "shipped": sorted(shipped.items()), "form": form or SynonymGroupForm(),
        "may_edit": Role.BDB in request.user.role_set,
    }  # fmt: skip
    return render(request, "similar/thesaurus.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thesaurus(request: HttpRequest) -> HttpResponse:
    """The thesaurus the duplicate check reads: GovIT's groups and the BDB's own; the BDB adds one."""
    may_write = _may_write(request)
    if request.method == "GET":
        return _render(request)
    if not may_write:
        raise PermissionDenied(services.NOT_BDB)
    form = SynonymGroupForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=422)
    try:
        term, same = services.synonyms_add(user=request.user, **form.cleaned_data)
    except errors.ActionError as error:
        add_error(form, error)
        return _render(request, form, status=error.status)
    messages.success(request, f"已添加同义词组“{term}”：{'、'.join(same)}。查重索引已按新词表更新。")
    return redirect("similar:thesaurus")


@login_required
@require_POST
def thesaurus_remove(request: HttpRequest) -> HttpResponse:
    """The BDB removes one of its own groups (GovIT's stay)."""
    if not _may_write(request):
        raise PermissionDenied(services.NOT_BDB)
    try:
        same = services.synonyms_remove(user=request.user, term=request.POST.get("term", ""))
    except errors.ActionError as error:
        messages.error(request, error_message(error))
        return redirect("similar:thesaurus")
    messages.success(request, f"已删除同义词组“{request.POST['term']}”（{'、'.join(same)}）。")
    return redirect("similar:thesaurus")


@login_required
@require_POST
def draft_panel(request: HttpRequest) -> HttpResponse:
    """相似项目 of the application its unit is writing, from what the form holds now (a fragment
    the form fetches as the text is typed): the unit's own similar projects in full, and how many
    of the district's ten best are other units'. The project edited is not its own match."""
    if not request.user.role_set & {Role.UNIT}:
        raise PermissionDenied("您的角色不能办理此事项。")
    exclude = None
    if (pk := request.POST.get("project", "")).isdigit():
        exclude = access.get_visible_project(request.user, int(pk)).pk
    fields = {name: request.POST.get(name, "")[:5000] for name in DRAFT_FIELDS}
    fields["proposal"] = "\n".join(request.POST.get(code, "")[:20000] for code in Proposal.CODES)
    found = (
        selectors.similar_to(fields, request.user, exclude=exclude)
        if any(v.strip() for v in fields.values())
        else None
    )
    return render(request, "similar/draft.html", {"similar": found, "similar_for_unit": True})
