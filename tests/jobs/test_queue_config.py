"""The queue's configuration: Redis from the environment or the embedded mode; beat's schedule;
the audit log's daily tasks."""

import pytest
from celery import Celery
from django.core.exceptions import ImproperlyConfigured

from govit import celery as queue
from govit.audit.models import AuditVerification


def test_without_a_broker_every_task_runs_in_process(monkeypatch):
    monkeypatch.delenv("GOVIT_BROKER_URL", raising=False)
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    assert queue.broker_url() == ""
    celery = Celery("t", set_as_current=False)
    queue.configure(celery, "")
    assert celery.conf.task_always_eager is True


def test_a_redis_broker_is_taken_from_the_environment(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setenv("GOVIT_BROKER_URL", "redis://127.0.0.1:6379/0")
    assert queue.broker_url() == "redis://127.0.0.1:6379/0"
    celery = Celery("t", set_as_current=False)
    queue.configure(celery, queue.broker_url())
    assert celery.conf.task_always_eager is False
    assert celery.conf.broker_url == "redis://127.0.0.1:6379/0"


def test_celerys_own_variable_wins_as_celery_itself_would_have_it(monkeypatch):
    monkeypatch.setenv("GOVIT_BROKER_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://other:6379/1")
    assert queue.broker_url() == "redis://other:6379/1"


@pytest.mark.parametrize("url", ["amqp://guest@localhost//", "memory://", "127.0.0.1:6379"])
def test_a_broker_other_than_redis_stops_the_start_naming_the_variable(monkeypatch, url):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setenv("GOVIT_BROKER_URL", url)
    with pytest.raises(ImproperlyConfigured, match="GOVIT_BROKER_URL must be a Redis URL"):
        queue.broker_url()


def test_beat_fires_the_reminders_every_15_minutes_and_the_audit_tasks_daily_in_beijing_time():
    schedule = queue.app.conf.beat_schedule
    assert queue.app.conf.timezone == "Asia/Shanghai"
    assert {entry["task"] for entry in schedule.values()} == {
        "govit.reminders.remind", "govit.audit.checkpoint", "govit.audit.verify",
    }  # fmt: skip
    remind = schedule["reminders-every-15-minutes"]["schedule"]
    assert remind.minute == {0, 15, 30, 45} and len(remind.hour) == 24
    for name in ("audit-checkpoint-daily", "audit-verify-daily"):
        assert len(schedule[name]["schedule"].hour) == 1
    # Every scheduled task is one the app knows (found in the rooms' tasks modules).
    assert {entry["task"] for entry in schedule.values()} <= set(queue.app.tasks)
    assert "govit.jobs.run" in queue.app.tasks


@pytest.mark.django_db
def test_the_daily_audit_tasks_sign_the_head_and_verify_the_chain(demo, settings, tmp_path):
    from govit.audit.tasks import checkpoint, verify

    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    assert checkpoint.apply().get() is not None  # the demo's rows were logged: there is a head
    assert verify.apply().get() is True
    assert AuditVerification.objects.latest("at").ok
