"""A real Celery worker process, on GovIT's own Redis (scripts/ensure-redis.sh) and the test
database (the SQLite file, or PostgreSQL when DATABASE_URL says so): the BDB starts the reminder
run from its page, the worker does it, and the outcome is in the database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from govit.celery import app
from govit.jobs.models import Job, State
from govit.reminders.models import Reminder

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 25  # seconds from queuing to the job done, the worker's start included


def _redis_url() -> str:
    url = os.environ.get("GOVIT_TEST_REDIS_URL")
    if not url:
        started = subprocess.run(
            [str(ROOT / "scripts" / "ensure-redis.sh")], capture_output=True, text=True, timeout=60
        )
        if started.returncode != 0:
            if os.environ.get("CI") == "true":
                pytest.fail(f"scripts/ensure-redis.sh failed in CI: {started.stderr}")
            pytest.skip("Redis could not be started (scripts/ensure-redis.sh)")
        url = started.stdout.strip().splitlines()[-1]
    # One Redis database per pytest-xdist worker, so two test processes never share a queue.
    number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw-1").removeprefix("gw")) + 1
    return f"{url.rsplit('/', 1)[0]}/{number % 16}"


def _database_url() -> str:
    """The test database as a DATABASE_URL, for the worker process."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    auth = quote(config["USER"] or "")
    if config.get("PASSWORD"):
        auth += ":" + quote(config["PASSWORD"])
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


@pytest.fixture
def broker(monkeypatch):
    """This process sends to the real Redis (not the embedded mode) for the test's length."""
    import redis

    url = _redis_url()
    redis.Redis.from_url(url).flushdb()  # nothing left over from an earlier run
    monkeypatch.setitem(app.conf, "broker_url", url)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield url
    if app._pool is not None:
        app._pool.force_close_all()


@pytest.fixture
def worker(broker, tmp_path):
    """`celery worker` in its own process, one task at a time, logging to a file."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "GOVIT_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "govit.settings",
    }
    env.pop("CELERY_BROKER_URL", None)
    command = [
        sys.executable, "-m", "celery", "-A", "govit.celery", "worker", "--pool", "solo",
        "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel", "INFO",
        "--hostname", f"govit-test-{os.getpid()}@%h",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_reminder_job_the_bdb_started(approved, sign, client_for, worker):
    sign(approved)
    started = time.monotonic()
    response = client_for("bdb").post(reverse("reminders:run"), {"date": "2026-10-14"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.state == State.QUEUED  # queued on Redis, not run in this process
    while job.state not in (State.SUCCEEDED, State.FAILED):
        if time.monotonic() - started > DEADLINE:
            pytest.fail(f"the worker did not finish the job in {DEADLINE} s:\n{worker.read_text()}")
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.state == State.SUCCEEDED, worker.read_text()
    count, mailed = Reminder.objects.count(), Reminder.objects.filter(emailed_at__isnull=False).count()
    assert Reminder.objects.filter(project=approved).exists() and mailed > 0
    assert (job.done, job.total) == (mailed, mailed)
    assert job.message == f"2026-10-14：生成提醒 {count} 条，发送邮件 {mailed} 封"
    with job.result_file.open("rb") as stored:  # written by the worker, under the same MEDIA_ROOT
        assert "合同备案还有1天到期" in stored.read().decode()
    assert "Task govit.jobs.run[" in worker.read_text()
