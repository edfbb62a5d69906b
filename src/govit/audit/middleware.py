"""Makes the request known to the audit log's capture of record changes (govit.audit.context)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from govit.audit.context import current_request


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
