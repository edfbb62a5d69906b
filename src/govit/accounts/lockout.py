"""登录失败处理: what django-axes answers when an account or an address is locked out, and the
address it counts failures by. The numbers are settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME)."""

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from govit.audit.context import request_address
from govit.audit.services import audit_account


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多（连续 {settings.AXES_FAILURE_LIMIT} 次），该账号或本机地址已被锁定 {minutes} 分钟，"
        "请稍后再试；如忘记密码，请联系系统管理员发送重置链接。"
    )


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """429 with the Chinese message: JSON in the API's error shape under /api/, else the login page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    from govit.front.forms import LoginForm

    form = LoginForm(request)
    return render(
        request, "front/login.html", {"form": form, "locked_out": lockout_message(), "next": ""}, status=429
    )


def client_address(request: HttpRequest) -> str:
    """The address failures are counted by: the same the audit log records."""
    return request_address(request)


@receiver(user_locked_out, dispatch_uid="govit_accounts_locked_out")
def _locked_out_logged(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    audit_account(
        action="locked_out", label="登录失败次数过多，已锁定", username=username or "", request=request,
        detail={"address": ip_address, "failures": settings.AXES_FAILURE_LIMIT},
    )  # fmt: skip
