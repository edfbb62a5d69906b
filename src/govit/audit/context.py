"""Who is acting now, for the events that do not name their actor (record changes): the request
being served, set by AuditContextMiddleware; outside a request (commands), nobody."""

from contextvars import ContextVar
from typing import Any

current_request: ContextVar[Any] = ContextVar("govit_audit_request", default=None)


def request_address(request: Any) -> str:
    # REMOTE_ADDR: the address that reached GovIT (a reverse proxy's own, behind one).
    return (request.META.get("REMOTE_ADDR") or "")[:64] if request is not None else ""


def request_person(request: Any) -> Any:
    """The person signed in (session) or authenticated by an API token, else None."""
    if request is None:
        return None
    auth = getattr(request, "auth", None)
    if getattr(auth, "is_authenticated", False):
        return auth
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
