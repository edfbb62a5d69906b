"""Driving GovIT through its JSON API only: each demo person signs in for a token, then acts by HTTP."""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.projects.conftest import CHAPTERS, FORM, act, experts, new_project, to_listing  # noqa: F401

from govit import clock

PASSWORD = "govit2026"
PREFIX = "/api/v1"

# Every demo person (tests/conftest.py); /actions is checked for each of them at every step.
PEOPLE = (
    "jiaowei_unit", "jiaowei_leader", "jfb_unit", "jfb_leader", "bdb", "lg_office", "drc", "finance",
    "audit", "cac", "expert1", "expert2", "agency_design", "agency_supervision",
    "sysadmin", "secadmin", "auditadmin",
)  # fmt: skip

BEFORE_DEADLINE = time_machine.travel("2026-09-15 10:00 +0800", tick=False)
AFTER_DEADLINE = time_machine.travel("2026-10-10 10:00 +0800", tick=False)


def lg_meeting() -> dict[str, str]:
    """The leading group's meeting, held today (a date in the future would be refused)."""
    return {
        "meeting": "区云长制领导小组2026年第3次会议",
        "meeting_on": clock.today().isoformat(),
        "minutes_ref": "渝中云长办〔2026〕3号",
    }


PREPARER = {
    "preparer": "shancheng_design",
    "qualification": "电子通信广电行业甲级",
    "contact": "马俊杰 13700000000",
}


class ApiClient:
    """A client that sends one person's bearer token with every request to /api/v1."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any):
        return self.client.get(PREFIX + path, params, **self.headers)

    def post(self, path: str, data: Any = None):
        return self.client.post(
            PREFIX + path, {} if data is None else data, content_type="application/json", **self.headers
        )

    def patch(self, path: str, data: Any):
        return self.client.patch(PREFIX + path, data, content_type="application/json", **self.headers)

    def put(self, path: str, data: Any):
        return self.client.put(PREFIX + path, data, content_type="application/json", **self.headers)

    def upload(self, path: str, **fields: Any):
        return self.client.post(PREFIX + path, fields, **self.headers)


def ok(response, status: int = 200) -> Any:
    """The response's JSON, after checking its status (the body is shown when it is not)."""
    assert response.status_code == status, response.content.decode()
    return response.json()


def refused(response, status: int, *, article: int | None = None, field: str | None = None) -> dict:
    """The error body, after checking its status and that it has the API's one error shape."""
    body = ok(response, status)
    assert set(body) <= {"detail", "article", "field"} and body["detail"], body
    if article is not None:
        assert body.get("article") == article, body
    if field is not None:
        assert body.get("field") == field, body
    return body


@pytest.fixture
def during_the_call():
    """15 September 2026: an application for 2027 is on time (第九条)."""
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        yield


@pytest.fixture
def api(demo) -> Callable[[str], ApiClient]:
    """`api("bdb")` is a client holding a token the demo person got from POST /auth/token."""
    clients: dict[str, ApiClient] = {}

    def make(username: str) -> ApiClient:
        if username not in clients:
            body = ok(ApiClient(None).post("/auth/token", {"username": username, "password": PASSWORD}))
            clients[username] = ApiClient(body["token"])
        return clients[username]

    return make


@pytest.fixture
def walk(api) -> "Walk":
    return Walk(api)


class Walk:
    """Steps of a project's life through the API, as the demo people take them."""

    def __init__(self, api: Callable[[str], ApiClient]) -> None:
        self.api = api

    def create(self, unit: str = "jiaowei_unit", **changes: Any) -> int:
        """A complete application of `unit` (with its proposal when it is new); its id."""
        project = ok(self.api(unit).post("/projects", {**FORM, **changes}), 201)
        if project["work_type"]["code"] == "new":
            ok(self.api(unit).put(f"/projects/{project['id']}/proposal", CHAPTERS))
        return project["id"]

    def act(self, username: str, project_id: int, code: str, **inputs: Any) -> dict:
        return ok(self.api(username).post(f"/projects/{project_id}/actions/{code}", inputs))

    def upload(self, username: str, project_id: int, kind: str, name: str = "doc.pdf") -> int:
        file = SimpleUploadedFile(name, f"{kind} of {project_id}".encode(), content_type="application/pdf")
        return ok(self.api(username).upload(f"/projects/{project_id}/documents", kind=kind, file=file), 201)[
            "id"
        ]

    def actions(self, username: str, project_id: int) -> list[str] | None:
        """The codes of /actions for the person, or None when the project is not visible to them."""
        response = self.api(username).get(f"/projects/{project_id}/actions")
        if response.status_code == 404:
            return None
        return sorted(action["code"] for action in ok(response))

    def expect_actions(self, project_id: int, **expected: list[str]) -> None:
        """Exactly the listed people may act, each exactly as listed; everyone else may do nothing."""
        for username in PEOPLE:
            codes = self.actions(username, project_id)
            if username in expected:
                assert codes == sorted(expected[username]), username
            else:
                assert not codes, (username, codes)

    def state(self, project_id: int, username: str = "jiaowei_unit") -> str:
        return ok(self.api(username).get(f"/projects/{project_id}"))["state"]["code"]

    def to_review(self, project_id: int, unit: str = "jiaowei") -> None:
        """Submit and confirm: the application reaches the BDB."""
        self.act(f"{unit}_unit", project_id, "submit")
        self.act(f"{unit}_leader", project_id, "confirm")

    def approval(self, project_id: int, *, total: str, lines: bool = True) -> dict[str, Any]:
        """The DRC's approval inputs, with the approval document it uploads first."""
        document = self.upload("drc", project_id, "approval")
        inputs: dict[str, Any] = {
            "document_number": "渝中发改投〔2026〕123号", "approved_on": clock.today().isoformat(),
            "approved_total": total, "approval_document": document,
        }  # fmt: skip
        if lines:
            inputs |= {"approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万"}
        return inputs
