"""The people-facing pages: login, logout, home, the health check, and the 500 page."""

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from govit import request_id
from govit.accounts.roles import ROLE_DUTIES
from govit.api.errors import SERVER_ERROR
from govit.front.forms import LoginForm

logger = logging.getLogger("govit.front")


class LoginView(auth_views.LoginView):
    template_name = "front/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Who the person is: name, organisation, roles, and what each role does here."""
    duties = [(role, ROLE_DUTIES[role]) for role in request.user.role_list]
    return render(request, "front/home.html", {"duties": duties})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for `make run` and load balancers: the process answers; no login, no database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: GovIT's Chinese page showing the request's id, which every log line of the failed
    request carries (govit.request_id). Under /api/ the API's JSON shape with the same id.

    Rendered without the request's context, as Django's own handler is: the fault may be in the
    database or the session, which the context processors would touch again.
    """
    rid = getattr(request, "request_id", None) or request_id.current()
    if request.path.startswith("/api/"):
        body = {"detail": SERVER_ERROR, "request_id": rid}
        return JsonResponse(body, status=500, json_dumps_params={"ensure_ascii": False})
    try:
        page = loader.get_template("500.html").render({"request_id": rid})
    except Exception:  # the page itself failed (a missing static manifest, …): still answer
        logger.exception("the 500 page could not be rendered")
        page = f"<!doctype html><title>系统错误</title><p>系统处理时出现错误，已记录。请求编号：{rid}</p>"
    return HttpResponseServerError(page, content_type="text/html; charset=utf-8")
