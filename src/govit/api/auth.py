"""Signing in to the API: a token for a username and password, then `Authorization: Bearer <token>`."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router
from ninja.security import HttpBearer

from govit.accounts.models import User
from govit.api.schemas.common import ErrorOut
from govit.api.schemas.people import TokenIn, TokenOut
from govit.api.tokens import token_issue, token_user
from govit.projects.errors import ActionError

BAD_CREDENTIALS = "用户名或密码错误，或账号已停用。"


class BadCredentials(ActionError):
    status = 401


class TokenAuth(HttpBearer):
    """The person a bearer token belongs to; a token of a deactivated person is refused."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return token_user(token)


def person(request: HttpRequest) -> User:
    """The signed-in person of an authenticated endpoint."""
    return request.auth


router = Router(tags=["令牌"])


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut}, summary="以用户名和密码换取令牌")
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    # Django's backend refuses a deactivated person the same way as a wrong password.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise BadCredentials(BAD_CREDENTIALS)
    return {"token": token_issue(user=user)}
