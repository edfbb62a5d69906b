"""The task runner: a job is claimed once, reports its progress, and ends with its file or a
plain failure; in the embedded mode (no broker) it runs as soon as the transaction commits."""

import logging

import pytest
from tests.jobs.conftest import KIND

from govit.celery import app
from govit.jobs import services
from govit.jobs.models import Job, State
from govit.jobs.tasks import job_start, run_job

pytestmark = pytest.mark.django_db


def test_the_embedded_mode_runs_the_job_in_process_when_the_transaction_commits(
    demo, runner, django_capture_on_commit_callbacks
):
    assert app.conf.task_always_eager  # no broker configured in the tests' environment
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind=KIND, title="测试任务", user=demo["bdb"], params={"steps": 4})
        assert Job.objects.get(pk=job.pk).state == State.QUEUED  # nothing runs before the commit
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == (State.SUCCEEDED, 4, 4, 100)
    assert job.message == "数了 4 步"
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.result_name == "count.txt"
    with job.result_file.open("rb") as stored:
        assert stored.read() == b"4\n"


def test_a_job_delivered_twice_runs_once(make_job, runner):
    job = make_job(steps=1)
    run_job(str(job.pk))
    run_job(str(job.pk))
    assert runner == [str(job.pk)]
    assert Job.objects.get(pk=job.pk).state == State.SUCCEEDED


def test_an_unknown_job_id_is_ignored(runner):
    run_job("00000000-0000-0000-0000-000000000000")
    assert runner == []


def test_a_failing_job_is_marked_failed_with_a_plain_sentence_and_logged(make_job, caplog):
    job = make_job(steps=2, fail=True)
    with caplog.at_level(logging.ERROR, logger="govit.jobs.services"):
        run_job(str(job.pk))
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.error == services.FAILED_MESSAGE
    assert "RuntimeError" not in job.error
    assert not job.result_file
    assert str(job.pk) in caplog.text and "the test's runner failed on purpose" in caplog.text


def test_progress_never_passes_the_total_nor_goes_below_zero(make_job):
    job = make_job()
    services.job_claim(job_id=str(job.pk))
    progress = services.Progress(job)
    progress(7, 5, "超出")
    assert Job.objects.values_list("done", "total").get(pk=job.pk) == (5, 5)
    progress(-2, 5)
    assert Job.objects.values_list("done", "total", "message").get(pk=job.pk) == (0, 5, "超出")


def test_progress_of_a_job_not_running_changes_nothing(make_job):
    job = make_job()  # still queued
    services.Progress(job)(1, 3)
    assert Job.objects.values_list("done", "total").get(pk=job.pk) == (0, 0)


def test_a_job_of_an_unregistered_kind_is_refused(demo):
    with pytest.raises(ValueError, match="unknown job kind"):
        services.job_create(kind="nothing_like_it", title="x", user=demo["bdb"])


def test_the_percent_is_whole_and_zero_while_the_total_is_unknown(make_job):
    job = make_job()
    assert job.percent == 0
    job.done, job.total = 1, 3
    assert job.percent == 33


def test_the_database_refuses_done_beyond_total(make_job):
    from django.db import IntegrityError, transaction

    job = make_job()
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(done=2, total=1)


@pytest.mark.django_db(transaction=True)
def test_the_run_lock_needs_a_transaction():
    with pytest.raises(RuntimeError, match="needs a transaction"):
        services.run_lock("reminders")
