"""With DEBUG off: GovIT's Chinese error pages, the API's JSON, and one request id from the
response header to the log line and the 500 page."""

import io
import logging
import re

import pytest
from django.test import Client

from govit import request_id
from govit.api.errors import SERVER_ERROR

pytestmark = pytest.mark.urls("tests.front.error_urls")

RANDOM_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def production(settings) -> Client:
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.fixture
def log() -> io.StringIO:
    """What the console handler (systemd's journal in production) writes, as it writes it."""
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, request_id.RequestIdFilter) for f in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def logged_with(log: io.StringIO, rid: str) -> list[str]:
    return [line for line in log.getvalue().splitlines() if f"[{rid}]" in line]


@pytest.mark.django_db
def test_a_page_fault_is_the_chinese_500_page_showing_the_id_the_log_line_carries(production, log):
    response = production.get("/fault/")
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    rid = response["X-Request-ID"]
    assert RANDOM_ID.fullmatch(rid)
    page = response.content.decode()
    assert "系统错误" in page and f'请求编号：<code class="request-id">{rid}</code>' in page
    assert "RuntimeError" not in page and "Traceback" not in page
    lines = logged_with(log, rid)
    assert any("ERROR" in line and "Internal Server Error: /fault/" in line for line in lines), log.getvalue()
    assert "RuntimeError: a fault of GovIT's own" in log.getvalue()  # the traceback follows the line


@pytest.mark.django_db
def test_an_api_fault_is_the_documented_json_with_the_request_id(api, demo, production, monkeypatch, log):
    from govit.api import me

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of GovIT's own")

    client = api("bdb")  # its token first, through the working /me
    monkeypatch.setattr(me, "person", broken)
    client.client.raise_request_exception = False
    response = client.get("/me")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    rid = response["X-Request-ID"]
    assert response.json() == {"detail": SERVER_ERROR, "request_id": rid}
    assert any("API request failed: GET /api/v1/me" in line for line in logged_with(log, rid)), log.getvalue()


@pytest.mark.django_db
def test_a_fault_under_api_outside_the_apis_own_endpoints_is_json_too(production, log):
    response = production.get("/api/fault/")
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR, "request_id": response["X-Request-ID"]}
    assert logged_with(log, response["X-Request-ID"])


@pytest.mark.django_db
def test_a_missing_page_is_the_chinese_404_page(production):
    response = production.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert RANDOM_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_a_refusal_is_the_chinese_403_page(production):
    response = production.get("/forbidden/")
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


@pytest.mark.django_db
def test_an_api_miss_stays_the_apis_json(production):
    response = production.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.django_db
def test_when_the_500_page_itself_fails_a_plain_page_still_shows_the_id(production, monkeypatch, log):
    from govit.front import views

    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = production.get("/fault/")
    assert response.status_code == 500
    rid = response["X-Request-ID"]
    assert f"请求编号：{rid}" in response.content.decode()
    assert any("the 500 page could not be rendered" in line for line in logged_with(log, rid))


@pytest.mark.parametrize(
    "incoming", ["nginx-0123456789abcdef", "3f2c9a1e-7b4d-4e0a-9c1f-2a6b8d0e4f11", "a.b_c-d.e_f-g", "x" * 64]
)
def test_a_sane_incoming_id_is_kept(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "short",
        "x" * 65,
        "with space 123456",
        "line\nInjected: yes",
        "<script>alert(1)</script>",
        "编号12345678",
    ],
)
def test_anything_else_is_replaced_by_a_random_id(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert RANDOM_ID.fullmatch(response["X-Request-ID"])


def test_every_response_gets_its_own_id(client):
    ids = {client.get("/healthz")["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5 and all(RANDOM_ID.fullmatch(rid) for rid in ids)


def test_a_line_written_outside_any_request_shows_a_dash():
    record = logging.LogRecord("govit", logging.INFO, __file__, 1, "started", None, None)
    assert request_id.RequestIdFilter().filter(record) is True
    assert record.request_id == request_id.NO_REQUEST == request_id.current()


@pytest.mark.django_db
def test_with_debug_on_a_missing_page_is_still_the_chinese_404_page(client, settings, client_for):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "Using the URLconf" not in body and "Page not found" not in body
    missing = client_for("bdb").get("/projects/999999/")  # a project not there (or not theirs): the same
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert "退出登录" in missing.content.decode()  # GovIT's page, with the person's menu
    api = client.get("/api/v1/no-such-endpoint")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
