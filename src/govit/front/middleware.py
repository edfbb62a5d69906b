"""Middleware of GovIT's own."""

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escape

from govit.front.text import control_message, first_with_control


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY, so the browser itself refuses any outside asset.

    Skipped with DEBUG on: Django's debug pages need inline styles and scripts.
    (Django 6.0 brings its own CSP support; this is for 5.2.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and not settings.DEBUG:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class NotFoundPageMiddleware:
    """With DEBUG on too, a missing page is GovIT's Chinese 404 (the 404.html production shows),
    not Django's English debug page, which would also list every URL pattern. The API keeps its
    JSON; with DEBUG off, Django's own handler already renders 404.html."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            from django.shortcuts import render

            return render(request, "404.html", status=404)
        return response


class ControlCharacterMiddleware:
    """Refuse a request whose text — query string, form fields, JSON body — holds a control
    character (govit.front.text), before any view or database sees it: a 400 naming the field, as
    JSON under /api/ (the API's one error shape), as a short page elsewhere. Files are not text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = first_with_control(self._fields(request))
        if field is None:
            return self.get_response(request)
        message = control_message(field)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "field": field}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponseBadRequest(
            f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>输入有误</title>'
            f'<p>{escape(message)}</p><p><a href="javascript:history.back()">返回</a></p></html>',
            content_type="text/html; charset=utf-8",
        )

    @staticmethod
    def _fields(request: HttpRequest) -> list[tuple[str, object]]:
        pairs: list[tuple[str, object]] = [(k, v) for k in request.GET for v in request.GET.getlist(k)]
        if request.method in {"POST", "PUT", "PATCH"}:
            if request.content_type == "application/json":
                try:
                    body = json.loads(request.body or b"null")
                except (ValueError, UnicodeDecodeError):
                    return pairs  # the API answers a body that is not JSON itself
                if isinstance(body, dict):
                    pairs += list(body.items())
                elif body is not None:
                    pairs.append(("请求体", body))
            else:
                pairs += [(k, v) for k in request.POST for v in request.POST.getlist(k)]
        return pairs
