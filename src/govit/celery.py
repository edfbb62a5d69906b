"""GovIT's task queue: Celery with Redis as the broker.

`GOVIT_BROKER_URL` (or Celery's own `CELERY_BROKER_URL`, which wins when both are set) names the Redis server, e.g. redis://127.0.0.1:6379/0;
a worker runs the tasks (`celery -A govit.celery worker`) and beat fires the schedule below
(`celery -A govit.celery beat`). Without a broker (the embedded default, `make run`) every task
runs in the process that queues it, so one command still does everything.
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")

BROKER_SCHEMES = ("redis://", "rediss://", "redis+socket://")

# What beat fires, in Beijing time. The reminder run is idempotent and single (a run lock), so
# two beats firing at once, or beat beside an old cron line, send nothing twice.
BEAT_SCHEDULE = {
    "reminders-every-15-minutes": {"task": "govit.reminders.remind", "schedule": crontab(minute="*/15")},
    "audit-checkpoint-daily": {"task": "govit.audit.checkpoint", "schedule": crontab(hour=1, minute=30)},
    "audit-verify-daily": {"task": "govit.audit.verify", "schedule": crontab(hour=2, minute=0)},
}


def broker_url() -> str:
    """The broker from the environment, or "" for the embedded mode; anything but Redis is refused."""
    # Celery itself lets CELERY_BROKER_URL override its configuration, so it comes first here too.
    for name in ("CELERY_BROKER_URL", "GOVIT_BROKER_URL"):
        url = os.environ.get(name, "").strip()
        if url:
            if not url.startswith(BROKER_SCHEMES):
                raise ImproperlyConfigured(f"{name} must be a Redis URL (redis://host:port/db), not {url!r}")
            return url
    return ""


def configure(celery: Celery, url: str) -> None:
    celery.conf.update(
        # In-process: the eager path still takes a producer, from the in-memory transport.
        broker_url=url or "memory://localhost/",
        task_always_eager=not url,
        task_ignore_result=True,
        task_default_queue="govit",
        timezone="Asia/Shanghai",
        beat_schedule=BEAT_SCHEDULE,
        broker_connection_retry_on_startup=True,
        # A task is taken off the queue once it has started: a job is claimed in the database
        # (jobs.services.job_claim), so a redelivered message could not run it twice anyway.
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
    )


app = Celery("govit")
configure(app, broker_url())
