"""The rules a signed-in session lives by, in one place (等保 身份鉴别, 剩余信息保护):
- it ends after GOVIT_SESSION_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE after login;
- a person with a second factor proves it before anything else; an administrator without one sets it up;
- a password someone else set is changed before anything else.
API requests carry a token, not a session, and are checked by api.tokens."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from govit.accounts import twofactor

LOGIN_AT = "govit_login_at"
SEEN_AT = "govit_seen_at"
# Whether the person had a second factor when they logged in: read once, not on every request.
SECOND_FACTOR = "govit_second_factor"
# Seen-at is written at most this often (seconds): not a session write on every request.
SEEN_RESOLUTION = 60
IDLE_ENDED = "您已超过 %(minutes)d 分钟未操作，为保护账号安全已自动退出，请重新登录。"
TOO_OLD_ENDED = "本次登录已超过 %(hours)d 小时，为保护账号安全已自动退出，请重新登录。"

# Pages a person may open before the second factor or the new password (and nothing else).
OPEN_BEFORE = frozenset(
    {"front:logout", "accounts:verify", "accounts:two_factor", "accounts:password_change"}
)


@receiver(user_logged_in, dispatch_uid="govit_accounts_session_start")
def _session_started(sender, request: HttpRequest, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
        request.session[SECOND_FACTOR] = twofactor.enabled(user)


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            # 剩余信息保护: what a signed-in person saw is not kept by the browser or a proxy after
            # they leave (the back button after logout shows nothing).
            response["Cache-Control"] = "no-store, private"
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return None
        ended = self._session_ended(request)
        if ended:
            logout(request)
            messages.warning(request, ended)
            return redirect_with_next("front:login", request)
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in OPEN_BEFORE:
            return None
        if request.session.get(SECOND_FACTOR) or twofactor.required(user):
            if not user.is_verified():
                has_one = twofactor.enabled(user)
                request.session[SECOND_FACTOR] = has_one
                return redirect_with_next("accounts:verify" if has_one else "accounts:two_factor", request)
        if user.must_change_password or user.password_expired:
            return redirect_with_next("accounts:password_change", request)
        return None

    @staticmethod
    def _session_ended(request: HttpRequest) -> str | None:
        now = int(time.time())
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = settings.GOVIT_SESSION_IDLE_MINUTES * 60
        if idle and now - seen_at > idle:
            return IDLE_ENDED % {"minutes": settings.GOVIT_SESSION_IDLE_MINUTES}
        if now - login_at > settings.SESSION_COOKIE_AGE:
            return TOO_OLD_ENDED % {"hours": settings.SESSION_COOKIE_AGE // 3600}
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now
        return None


def redirect_with_next(name: str, request: HttpRequest) -> HttpResponse:
    from django.urls import reverse

    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
