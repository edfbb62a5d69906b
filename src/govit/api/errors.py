"""One error shape for the whole API: {"detail": "…", "article": N?, "field": "…"?}; a 500 carries
"request_id" too, the id its log lines carry (govit.request_id).

The services' own errors (govit.projects.errors) already carry their status, detail, article and
field. Here the rest is brought to the same shape: django-ninja's validation errors, a missing
or bad token, an object outside the person's scope.
"""

import logging
from typing import Any

from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import csrf
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from govit import request_id
from govit.policy.answers import PolicyError
from govit.projects.errors import ActionError

logger = logging.getLogger("govit.api")

NOT_FOUND = "未找到该对象，或您无权查看。"
NO_SUCH_ENDPOINT = "没有这个接口，请查阅 /api/v1/docs。"
UNAUTHENTICATED = "请先获取令牌（POST /api/v1/auth/token），并在请求头中提供 Authorization: Bearer <令牌>。"
BAD_JSON = "请求体不是有效的 JSON。"
CSRF_REFUSED = "请求未通过跨站请求伪造（CSRF）校验；调用接口请使用令牌（Authorization: Bearer <令牌>）。"
SERVER_ERROR = "服务器处理请求时出错，已记录在系统日志中；请稍后再试，或联系系统管理员。"
NINJA_BAD_BODY = "Cannot parse request body"  # django-ninja's HttpError(400) for an unreadable body

# Pydantic's error types, in Chinese; {field} is the field's name as the request gave it.
_MESSAGES = {
    "missing": "缺少必填字段“{field}”。",
    "int_type": "“{field}”应为整数。",
    "int_parsing": "“{field}”应为整数。",
    "int_from_float": "“{field}”应为整数。",
    "bool_type": "“{field}”应为 true 或 false。",
    "bool_parsing": "“{field}”应为 true 或 false。",
    "string_type": "“{field}”应为文字。",
    "string_too_long": "“{field}”不能超过 {max_length} 个字。",
    "string_too_short": "“{field}”不能为空。",
    "date_type": "“{field}”应为日期，格式 YYYY-MM-DD。",
    "date_parsing": "“{field}”应为日期，格式 YYYY-MM-DD。",
    "date_from_datetime_parsing": "“{field}”应为日期，格式 YYYY-MM-DD。",
    "date_from_datetime_inexact": "“{field}”应为日期，格式 YYYY-MM-DD。",
    "greater_than_equal": "“{field}”不能小于 {ge}。",
    "less_than_equal": "“{field}”不能大于 {le}。",
    "enum": "“{field}”应为以下之一：{expected}。",
    "dict_type": "“{field}”应为 JSON 对象。",
    "model_attributes_type": "“{field}”应为 JSON 对象。",
}


def _field(loc: tuple[Any, ...]) -> str | None:
    # ("body", "payload", "name") → "name"; ("query", "page_size") → "page_size"
    parts = [str(part) for part in loc[1:]]
    if loc and loc[0] == "body":
        parts = parts[1:]  # the endpoint's parameter, not a field of the request
    return ".".join(parts) or None


def validation_message(error: dict[str, Any]) -> tuple[str, str | None]:
    """A Chinese sentence for one of pydantic's errors, and the field it is about."""
    field = _field(tuple(error.get("loc", ())))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":
        return BAD_JSON, None
    if kind == "value_error":
        return f"“{field}”：{ctx.get('error', error.get('msg', ''))}", field
    template = _MESSAGES.get(kind, "“{field}”的取值无效。")
    return template.format(field=field or "请求体", **{k: v for k, v in ctx.items() if k != "field"}), field


def endpoint_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other URL under /api/v1/: a 404 in the API's shape, not the site's HTML page."""
    return JsonResponse({"detail": NO_SUCH_ENDPOINT}, status=404, json_dumps_params={"ensure_ascii": False})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. The API's endpoints take a bearer token, not a cookie, and are
    not CSRF-checked; what is checked under /api/ is the catch-all above, a POST to a URL that is no
    endpoint: it is still that 404, in the API's shape. Elsewhere, Django's own page."""
    if request.path.startswith("/api/"):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and match.func is endpoint_not_found:
            return endpoint_not_found(request, "")
        return JsonResponse({"detail": CSRF_REFUSED}, status=403, json_dumps_params={"ensure_ascii": False})
    return csrf.csrf_failure(request, reason)


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one shape."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_action_error(request: HttpRequest, error: ActionError) -> HttpResponse:
        return respond(request, error.status, error.as_dict())

    def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        detail, field = validation_message(error.errors[0])
        return respond(request, 422, {"detail": detail, "field": field} if field else {"detail": detail})

    def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, {"detail": UNAUTHENTICATED})
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        if str(error).startswith(NINJA_BAD_BODY):
            return respond(request, 422, {"detail": BAD_JSON})
        return respond(request, error.status_code, {"detail": str(error)})

    def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return respond(request, 404, {"detail": NOT_FOUND})

    def on_policy_error(request: HttpRequest, error: PolicyError) -> HttpResponse:
        # The Rules cannot answer these facts: the request's, so a 422 naming the article.
        body: dict[str, Any] = {"detail": str(error)}
        if error.article is not None:
            body["article"] = error.article
        return respond(request, 422, body)

    def on_anything_else(request: HttpRequest, error: Exception) -> HttpResponse:
        # A fault of GovIT's, never of the request: logged with its traceback, answered in the one
        # shape (JSON, whatever DEBUG says) with the request's id the log line carries, and
        # signalled as Django does for its own 500s.
        logger.error("API request failed: %s %s", request.method, request.path, exc_info=error)
        got_request_exception.send(sender=None, request=request)
        rid = getattr(request, "request_id", None) or request_id.current()
        return respond(request, 500, {"detail": SERVER_ERROR, "request_id": rid})

    api.add_exception_handler(ActionError, on_action_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PolicyError, on_policy_error)
    api.add_exception_handler(Exception, on_anything_else)
