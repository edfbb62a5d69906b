"""Fixtures shared by the policy tests: no database, no Django, only the pure-Python Rules."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from govit.policy import WorkCalendar, load_policy


@dataclass(frozen=True)
class Answer:
    """What `govit policy …` did as a separate process: exit code, the one JSON object, stderr."""

    code: int
    data: dict[str, Any]
    stdout: str
    stderr: str


def _one_json_object(stdout: str) -> dict[str, Any]:
    # The contract: exactly one JSON object on standard output, nothing before or after it.
    text = stdout.strip()
    data, end = json.JSONDecoder().raw_decode(text)
    assert text[end:].strip() == "", f"more than one JSON value on stdout: {stdout!r}"
    assert isinstance(data, dict), f"stdout is not a JSON object: {stdout!r}"
    return data


@pytest.fixture(scope="session")
def govit():
    """Run `python -m govit policy ARGS` as a subprocess, the way other tools call it."""

    def run(*args: str, env: dict[str, str] | None = None, cwd: str | None = None) -> Answer:
        environment = {k: v for k, v in os.environ.items() if k != "GOVIT_CALENDAR"}
        environment.update(env or {})
        done = subprocess.run(
            [sys.executable, "-m", "govit", "policy", *args],
            capture_output=True,
            env=environment,
            cwd=cwd,
            timeout=60,
            check=False,
        )
        stdout = done.stdout.decode("utf-8")
        stderr = done.stderr.decode("utf-8")
        assert "Traceback" not in stderr, stderr
        return Answer(done.returncode, _one_json_object(stdout), stdout, stderr)

    return run


@pytest.fixture(scope="session")
def official() -> WorkCalendar:
    """The package's holiday schedules (chinese-calendar), nothing added."""
    return WorkCalendar.official()


@pytest.fixture(scope="session")
def policy():
    return load_policy("yuzhong-2021")


@pytest.fixture(scope="session", autouse=True)
def _no_bdb_calendar_from_the_environment():
    # A GOVIT_CALENDAR left in the developer's shell must not change what the tests expect.
    # Session-scoped, not monkeypatch: Hypothesis refuses function-scoped fixtures.
    saved = os.environ.pop("GOVIT_CALENDAR", None)
    yield
    if saved is not None:
        os.environ["GOVIT_CALENDAR"] = saved
