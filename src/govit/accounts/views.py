"""The person's own account pages (账号安全): password, two-factor login, API tokens; and the BDB's
confirmation of role grants. Thin: the rules are in services, twofactor and api.tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govit.accounts import twofactor
from govit.accounts.forms import CodeForm, GrantDecisionForm, PasswordChangeForm, SetPasswordForm
from govit.accounts.models import RoleGrant
from govit.accounts.roles import Role
from govit.accounts.services import password_changed, role_grant_confirm, role_grant_reject
from govit.api.tokens import token_revoke, token_works, tokens_of


def _next(request: HttpRequest, default: str = "front:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(default)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """账号安全: the password, the second factor, the API tokens (with revoke)."""
    tokens = [(token, token_works(token, request.user)) for token in tokens_of(request.user)]
    return render(
        request, "accounts/account.html",
        {"tokens": tokens, "second_factor": twofactor.enabled(request.user), "required": twofactor.required(request.user)},
    )  # fmt: skip


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        password_changed(user=user, how="changed")
        messages.success(request, "密码已修改。用旧密码签发的接口令牌已失效。")
        return redirect(_next(request))
    return render(
        request, "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password, "expired": request.user.password_expired,
         "max_days": settings.GOVIT_PASSWORD_MAX_DAYS, "next": _next(request)},
    )  # fmt: skip


class ResetView(auth_views.PasswordResetConfirmView):
    """The one-time link mailed by password_reset_issue: the person sets their own password."""

    template_name = "accounts/reset.html"
    form_class = SetPasswordForm
    post_reset_login = False

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("front:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, how="reset")
        messages.success(self.request, "新密码已设置，请用新密码登录。")
        return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator (QR code, then a code to prove it), make new recovery codes, or
    turn two-factor login off (not for an administrator)."""
    user = request.user
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "recovery" and twofactor.enabled(user) and user.is_verified():
        return render(
            request, "accounts/recovery_codes.html", {"codes": twofactor.recovery_codes_new(user=user)}
        )
    if request.method == "POST" and action == "remove" and twofactor.enabled(user) and user.is_verified():
        try:
            twofactor.remove(user=user)
        except PermissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "已停用两步验证。")
        return redirect("accounts:account")
    if twofactor.enabled(user):
        return render(
            request, "accounts/two_factor.html", {"enabled": True, "required": twofactor.required(user)}
        )
    device = twofactor.pending(user) or twofactor.authenticator_start(user)
    form = CodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        codes = twofactor.authenticator_confirm(
            user=user, device=device, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "first": True, "next": _next(request)},
            )
        form.add_error("code", "验证码不正确，请核对手机时间后重新输入。")
    return render(
        request, "accounts/two_factor.html",
        {"enabled": False, "required": twofactor.required(user), "form": form, "qr": twofactor.qr_svg(device),
         "secret": twofactor.secret_text(device), "next": _next(request)},
    )  # fmt: skip


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code from the authenticator or a recovery code."""
    if not twofactor.enabled(request.user) or request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(user=request.user, code=form.cleaned_data["code"], request=request):
            return redirect(_next(request))
        form.add_error("code", "验证码不正确或已使用，请重新输入。")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    if token_revoke(user=request.user, token_id=token_id):
        messages.success(request, "接口令牌已撤销。")
    else:
        messages.error(request, "没有这个接口令牌，或它已被撤销。")
    return redirect("accounts:account")


@login_required
def grants(request: HttpRequest) -> HttpResponse:
    """角色授权确认: the proposals of the security administrator, for an officer of the BDB."""
    if not request.user.has_role(Role.BDB):
        raise PermissionDenied("只有区大数据发展局的工作人员可以确认角色授权。")
    rows = RoleGrant.objects.select_related("user__organisation", "proposed_by", "decided_by")
    return render(
        request, "accounts/grants.html",
        {"open": rows.filter(state=RoleGrant.State.PROPOSED), "decided": rows.exclude(state=RoleGrant.State.PROPOSED)[:50]},
    )  # fmt: skip


@login_required
@require_POST
def grant_decide(request: HttpRequest, grant_id: int) -> HttpResponse:
    if not request.user.has_role(Role.BDB):
        raise PermissionDenied("只有区大数据发展局的工作人员可以确认角色授权。")
    grant = get_object_or_404(RoleGrant, pk=grant_id)
    form = GrantDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择确认生效或退回。")
        return redirect("accounts:grants")
    try:
        if form.cleaned_data["decision"] == "confirm":
            role_grant_confirm(grant=grant, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, f"{grant.user} 的角色变更已生效。")
        else:
            role_grant_reject(grant=grant, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, f"已退回 {grant.user} 的角色变更。")
    except (PermissionDenied, ValidationError) as error:
        messages.error(
            request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        )
    return redirect("accounts:grants")
