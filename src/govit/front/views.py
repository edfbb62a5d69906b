"""The people-facing pages: login, logout, home, and the health check."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from govit.accounts.roles import ROLE_DUTIES
from govit.front.forms import LoginForm


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
