"""The task runner: a job queued by a page is run by a Celery worker (or, with no broker
configured, right away in the process that queued it: the embedded mode)."""

from celery import shared_task
from django.db import transaction

from govit.accounts.models import User
from govit.jobs import services
from govit.jobs.models import Job


def job_start(*, kind: str, title: str, user: User | None, params: dict | None = None) -> Job:
    """Create the job and queue it once the transaction commits (a worker must find its row)."""
    job = services.job_create(kind=kind, title=title, user=user, params=params)
    transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


@shared_task(name="govit.jobs.run", ignore_result=True)
def run_job(job_id: str) -> None:
    """Steps: 1. claim the job (once); 2. run its kind's runner with a progress bar;
    3. record the outcome: its summary and file, or that it failed."""
    job = services.job_claim(job_id=job_id)
    if job is None:
        return
    runner = services.RUNNERS[job.kind]
    try:
        output = runner(job, services.Progress(job))
    except Exception as error:  # noqa: BLE001 - any failure is the job's outcome, logged with its traceback
        services.job_fail(job=job, error=error)
        return
    services.job_succeed(job=job, output=output)
