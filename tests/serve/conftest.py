"""Two application servers on one PostgreSQL database: two `govit serve` instances (real gunicorn,
two workers each, two free ports) and a Celery worker, on the test run's PostgreSQL database and
GovIT's own Redis (scripts/ensure-redis.sh), in the production environment of deploy/govit.env.

They are started once for the module; each test commits its rows (a transactional test), and the
servers see them as any other server of the installation would."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from tests.reminders.conftest import Collector, approved, sign  # noqa: F401  (fixtures)
from tests.reminders.conftest import free_port as free_smtp_port
from tests.serve.wire import Server
from tests.test_serve import database_url, free_port, govit, production_env, wait_until_up

from govit.audit.chain import audit_key

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("GOVIT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


def _postgres_answers() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="module")
def on_postgres(django_db_setup) -> None:
    """The test database is PostgreSQL; else the reason it is not."""
    if connection.vendor == "postgresql":
        return
    if not _postgres_answers():
        pytest.skip(f"PostgreSQL does not answer at {POSTGRES_URL}: two servers need one PostgreSQL")
    # The suite's SQLite run: make test runs the suite again on PostgreSQL, which runs these.
    pytest.skip(
        "two servers share one PostgreSQL database: run with DATABASE_URL=postgres://… (make test does)"
    )


@pytest.fixture(scope="module")
def redis_url(on_postgres) -> str:
    """GovIT's own Redis; one database per pytest worker, apart from tests/reminders/test_worker.py's."""
    started = subprocess.run(
        [str(ROOT / "scripts" / "ensure-redis.sh")], capture_output=True, text=True, timeout=120
    )
    if started.returncode != 0:
        pytest.fail(f"scripts/ensure-redis.sh did not start Redis: {started.stderr}")
    url = started.stdout.strip().splitlines()[-1]
    number = 8 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")) % 8
    url = f"{url.rsplit('/', 1)[0]}/{number}"
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(scope="module")
def mailbox(on_postgres) -> Iterator[Collector]:
    """A real SMTP server the worker mails the reminders to; emptied by each test that reads it."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_smtp_port())
    controller.start()
    collector.port = controller.port
    try:
        yield collector
    finally:
        controller.stop()


@dataclass
class Stack:
    servers: tuple[Server, Server]
    logs: dict[str, Path]

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")


def _stop_all(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to every one at once (each finishes its requests), a kill for any still up in 30 s."""
    for process in processes:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def stack(on_postgres, redis_url, mailbox, tmp_path_factory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("two-servers")
    # The test process's audit key: the chain the servers extend is verified here.
    key = tmp / "shared-audit.key"
    key.write_text(audit_key().decode(), encoding="utf-8")
    env = production_env(
        tmp,
        DATABASE_URL=database_url(),
        GOVIT_AUDIT_KEY_FILE=str(key),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),  # one document store for every server, as in production
        GOVIT_AUDIT_CHECKPOINT_DIR=str(tmp / "audit"),
        GOVIT_BACKUP_DIR=str(tmp / "backups"),
        GOVIT_BROKER_URL=redis_url,
        GOVIT_WORKERS="2",
        GOVIT_API_TOKEN_DAYS="30",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mailbox.port),
        LOG_LEVEL="INFO",
        DJANGO_SETTINGS_MODULE="govit.settings",
    )
    collected = govit("manage", "collectstatic", "--noinput", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    servers = (Server("A", free_port()), Server("B", free_port()))
    logs = {name: tmp / f"{name}.log" for name in ("A", "B", "worker")}
    processes: dict[str, subprocess.Popen] = {}
    try:
        for server in servers:
            with logs[server.name].open("w") as out:
                processes[server.name] = subprocess.Popen(
                    [sys.executable, "-m", "govit", "serve", "--bind", f"127.0.0.1:{server.port}"],
                    env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                )  # fmt: skip
        worker = [
            sys.executable, "-m", "celery", "-A", "govit.celery", "worker", "--concurrency", "2",
            "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "INFO",
            "--hostname", f"govit-two-servers-{os.getpid()}@%h",
        ]  # fmt: skip
        with logs["worker"].open("w") as out:
            processes["worker"] = subprocess.Popen(
                worker, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
            )
        for server in servers:
            wait_until_up(processes[server.name], server.port, logs[server.name], seconds=60)
        _wait_for_worker(processes["worker"], logs["worker"])
        yield Stack(servers=servers, logs=logs)
    finally:
        _stop_all(list(processes.values()))


def _wait_for_worker(process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}:\n{log.read_text()}")
        if " ready." in log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    pytest.fail(f"the Celery worker was not ready within {seconds} s:\n{log.read_text()}")
