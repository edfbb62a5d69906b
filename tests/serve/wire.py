"""Talking to a real GovIT server over HTTP, as nginx passes a request on: GovIT's host name, the
scheme https (`X-Forwarded-Proto`). No Django test client here: what a server answers, it sent
over a socket."""

import http.client
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.test_serve import HOST

PASSWORD = "GovIT-Demo-2026"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    """One application server (one gunicorn instance) on 127.0.0.1:port."""

    name: str
    port: int

    def request(self, method: str, path: str, body: bytes = b"", **headers: str) -> Answer:
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **headers}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=sent)
            response = conn.getresponse()
            cookies = {}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    cookies[key] = rest.split(";", 1)[0]
            headers_in = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, headers_in, response.read(), cookies)
        finally:
            conn.close()


class Api:
    """One person's bearer token, used on whichever server a request is sent to."""

    def __init__(self, token: str) -> None:
        self.token = token

    def call(self, server: Server, method: str, path: str, data: Any = None) -> Answer:
        body = b"" if data is None else json.dumps(data).encode()
        headers = {"Authorization": f"Bearer {self.token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        return server.request(method, "/api/v1" + path, body, **headers)

    def ok(self, server: Server, method: str, path: str, data: Any = None, status: int = 200) -> Any:
        answer = self.call(server, method, path, data)
        assert answer.status == status, (server.name, method, path, answer.status, answer.body.decode())
        return answer.json()

    def upload(self, server: Server, project_id: int, kind: str) -> int:
        """A PDF of `kind`, as a multipart form (the documents endpoint's only shape)."""
        boundary = secrets.token_hex(12)
        pdf = f"%PDF-1.4 {kind} of {project_id}".encode()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{kind}.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + pdf
            + f"\r\n--{boundary}--\r\n".encode()
        )
        answer = server.request(
            "POST", f"/api/v1/projects/{project_id}/documents", body,
            Authorization=f"Bearer {self.token}", **{"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )  # fmt: skip
        assert answer.status == 201, (server.name, answer.status, answer.body.decode())
        return answer.json()["id"]


def sign_in(server: Server, username: str) -> Api:
    """POST /auth/token with the demo password, on that server."""
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    answer = server.request("POST", "/api/v1/auth/token", body, **{"Content-Type": "application/json"})
    assert answer.status == 200, (server.name, username, answer.body.decode())
    return Api(answer.json()["token"])


class Browser:
    """A person's browser on one server: its cookies, and the CSRF token of the last form it read."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, body: bytes = b"", **headers: str) -> Answer:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = self.server.request(method, path, body, **headers)
        self.cookies.update(answer.cookies)
        return answer

    def get(self, path: str) -> Answer:
        return self._send("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        """The form on `path` read first for its CSRF token, then posted as the browser would
        (over https the Referer must name GovIT itself)."""
        page = self.get(path).body.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        body = urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
        return self._send(
            "POST", path, body, Referer=f"https://{HOST}{path}",
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip

    def log_in(self, username: str) -> "Browser":
        answer = self.post_form("/login/", {"username": username, "password": PASSWORD})
        assert answer.status == 302, (self.server.name, username, answer.status, answer.body.decode()[:500])
        return self


def at_once(*calls: Callable[[], Answer]) -> list[Answer]:
    """Each call in its own thread, released together; their answers in the calls' order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], Answer]) -> None:
        barrier.wait()
        try:
            answers[index] = call()
        except BaseException as error:  # noqa: BLE001 - raised below, in the test's thread
            answers[index] = error

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers  # type: ignore[return-value]
