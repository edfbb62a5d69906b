"""The one loop of every form posted from the project page: validate, call the service, show a
refusal beside the form with its reason and article on the page that holds the form, or go back
to the form's section there."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from govit.front.fields import add_error
from govit.projects import errors
from govit.projects.models import Project
from govit.projects.views.page import render_page, section_url, tab_of


def _page(
    request: HttpRequest, project: Project, anchor: str, error: errors.ActionError | None = None, **bound: Any
) -> HttpResponse:
    status = error.status if error else 422
    return render_page(request, project, tab=tab_of(anchor).code, status=status, error=error, **bound)


def _done(request: HttpRequest, project: Project, text: str, anchor: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(section_url(project, anchor))


def submit_forms(
    request: HttpRequest, project: Project, forms: dict[str, Any], write: Callable[[], Any],
    done: Callable[[Any], str], anchor: str, **context: Any,
) -> HttpResponse:  # fmt: skip
    """The loop of every record form on the project page: while any of `forms` (by their context
    names; the first is the one refusals stand beside) is invalid, or the service (`write`) refuses,
    re-render the page with them and the reason and article; else go back to `anchor` with the
    message `done(result)`. `context` says which row's form was used (e.g. the change reviewed)."""
    if not all(form.is_valid() for form in forms.values()):
        return _page(request, project, anchor, **forms, **context)
    try:
        result = write()
    except errors.ActionError as error:
        first = next(iter(forms.values()), None)
        if isinstance(first, BaseForm):  # a formset's refusal shows above it, from `error`
            add_error(first, error)
        return _page(request, project, anchor, error, **forms, **context)
    return _done(request, project, done(result), anchor)
