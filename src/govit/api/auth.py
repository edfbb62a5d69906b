"""Signing in to the API: a token for a username and password, then `Authorization: Bearer <token>`."""

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Path, Router
from ninja.security import HttpBearer

from govit.accounts import twofactor
from govit.accounts.models import User
from govit.api.schemas.common import ErrorOut
from govit.api.schemas.people import TokenIn, TokenOut, TokenRowOut
from govit.api.tokens import token_issue, token_revoke, token_user, tokens_of
from govit.projects.errors import ActionError

BAD_CREDENTIALS = "用户名或密码错误，或账号已停用。"
OTP_NEEDED = "该账号已启用两步验证：请在 otp 字段中提供身份验证器上的验证码或一个恢复码。"
OTP_WRONG = "两步验证码不正确或已使用。"
OTP_NOT_SET_UP = "三员账号须先在网页上启用两步验证，才能签发接口令牌。"
PASSWORD_TO_CHANGE = "您的密码由他人设置或已过期，须先在网页上修改密码，才能签发接口令牌。"
NO_SUCH_TOKEN = "没有这个接口令牌，或它已被撤销。"


class BadCredentials(ActionError):
    status = 401


class NotYet(ActionError):
    status = 403


class NoSuchToken(ActionError):
    status = 404


class TokenAuth(HttpBearer):
    """The person a bearer token belongs to; a token of a deactivated person is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return token_user(token)


def person(request: HttpRequest) -> User:
    """The signed-in person of an authenticated endpoint."""
    return request.auth


router = Router(tags=["令牌"])


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="以用户名和密码（及两步验证码）换取令牌",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    # Django's backend refuses a deactivated person the same way as a wrong password; axes counts
    # the failures and answers a locked-out account or address with 429 (accounts.lockout).
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise BadCredentials(BAD_CREDENTIALS)
    if twofactor.enabled(user):
        if not payload.otp:
            raise BadCredentials(OTP_NEEDED, field="otp")
        if not twofactor.verify(user=user, code=payload.otp):
            raise BadCredentials(OTP_WRONG, field="otp")
    elif twofactor.required(user):
        raise NotYet(OTP_NOT_SET_UP)
    if user.must_change_password or user.password_expired:
        raise NotYet(PASSWORD_TO_CHANGE)
    raw = token_issue(user=user, name=payload.name)
    return {"token": raw, "expires": tokens_of(user).first().expires}


@router.get("/tokens", response=list[TokenRowOut], summary="我的接口令牌")
def my_tokens(request: HttpRequest) -> list[dict[str, Any]]:
    current = getattr(request.auth, "api_token", None)
    return [
        {"id": t.pk, "name": t.name, "created": t.created, "expires": t.expires, "last_used": t.last_used,
         "current": current is not None and t.pk == current.pk}
        for t in tokens_of(request.auth)
    ]  # fmt: skip


@router.delete("/tokens/{token_id}", response={204: None, 404: ErrorOut}, summary="撤销我的一个接口令牌")
def revoke_token(request: HttpRequest, token_id: int = Path(..., ge=1, le=2**63 - 1)) -> tuple[int, None]:
    if not token_revoke(user=request.auth, token_id=token_id):
        raise NoSuchToken(NO_SUCH_TOKEN)
    return 204, None
