"""Who is acting now, for the events that do not name their actor (record changes): the request
being served, set by AuditContextMiddleware; outside a request (commands), nobody."""

from contextvars import ContextVar
from typing import Any

from django.conf import settings

current_request: ContextVar[Any] = ContextVar("govit_audit_request", default=None)


def request_address(request: Any) -> str:
    """The address the request came from: REMOTE_ADDR, or behind GovIT's own reverse proxy
    (BEHIND_PROXY) the last hop of X-Forwarded-For, which that proxy appended itself."""
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR") or ""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        address = next((hop for hop in reversed(forwarded) if hop), address)
    return address[:64]


def request_person(request: Any) -> Any:
    """The person signed in (session) or authenticated by an API token, else None."""
    if request is None:
        return None
    auth = getattr(request, "auth", None)
    if getattr(auth, "is_authenticated", False):
        return auth
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
