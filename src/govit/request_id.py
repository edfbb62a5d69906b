"""One id per request: on the response (X-Request-ID), in every log line written while it is served,
and on the 500 page and the API's 500 JSON, so that what a person reports can be found in the log.

An id the reverse proxy (or a client) sent is kept when it is a sane token — nginx's $request_id,
a UUID — so one request has one id from the proxy's log to GovIT's; anything else is replaced by a
random one, never copied into the log.
"""

import contextvars
import logging
import re
import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NO_REQUEST = "-"  # what a log line written outside any request (a command, the server's start) shows

# Letters, digits and . _ - only, 8 to 64 of them: nothing a log line or a header could be broken with.
_SANE = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("govit_request_id", default=NO_REQUEST)


def current() -> str:
    """The id of the request being served in this thread, or "-"."""
    return _current.get()


def new_id() -> str:
    return secrets.token_hex(16)


def from_header(value: str | None) -> str:
    """The incoming id when it is a sane token, else a new random one."""
    if value and _SANE.fullmatch(value):
        return value
    return new_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE: every response, even one another middleware answers, carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = from_header(request.headers.get(HEADER))
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Give every record a request_id (the formatter prints it); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True


def logging_config(level: str) -> dict:
    """settings.LOGGING: one console handler (systemd's journal in production), each line with the
    request's id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "govit.request_id.RequestIdFilter"}},
        "formatters": {
            "govit": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "govit",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Axes says at INFO what the audit log records anyway; its warnings (a lockout) still show.
        "loggers": {"axes": {"level": "WARNING"}},
    }
