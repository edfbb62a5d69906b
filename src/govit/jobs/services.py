"""Jobs: creating one, claiming it for a run, its progress and its outcome; the run locks.

The runner of each kind of job is registered here (`job_runner`) by the room that owns the work;
the task that runs a job (govit.jobs.tasks) looks it up. Progress and outcome are single UPDATEs
in their own transaction, so the status page sees them while the job is still working.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F

from govit import clock
from govit.accounts.models import User
from govit.jobs.models import Job, RunLock, State

logger = logging.getLogger(__name__)

FAILED_MESSAGE = "任务执行出错，已记入系统日志；请稍后重试或联系系统管理员。"


@dataclass
class JobOutput:
    """What a finished job leaves: a one-line summary, and optionally a file to download."""

    message: str
    file_name: str = ""
    content: bytes | IO[bytes] | None = None


class Progress:
    """`progress(done, total, message)`: the job's bar. `done` never passes `total`."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int, message: str = "") -> None:
        total = max(total, 0)
        done = min(max(done, 0), total)
        fields = {"done": done, "total": total}
        if message:
            fields["message"] = message[:200]
        Job.objects.filter(pk=self.job.pk, state=State.RUNNING).update(**fields)


Runner = Callable[[Job, Progress], JobOutput]
RUNNERS: dict[str, Runner] = {}


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    """Register the function that does jobs of `kind`: `runner(job, progress) -> JobOutput`."""

    def register(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return register


@transaction.atomic
def job_create(*, kind: str, title: str, user: User | None, params: dict | None = None) -> Job:
    """A queued job of a registered kind. Queuing it for a worker is the caller's (jobs.tasks)."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown job kind: {kind}")
    return Job.objects.create(kind=kind, title=title[:200], params=params or {}, created_by=user)


def job_claim(*, job_id: str) -> Job | None:
    """Mark a queued job running and return it; None when it is unknown or already taken, so a
    task delivered twice (a broker's redelivery) runs the job once."""
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=clock.now()
    )
    return Job.objects.get(pk=job_id) if claimed else None


def job_succeed(*, job: Job, output: JobOutput) -> None:
    fields = {"state": State.SUCCEEDED, "finished_at": clock.now(), "message": output.message[:200]}
    if output.content is not None:
        content = output.content
        stored = ContentFile(content) if isinstance(content, bytes) else File(content)
        name = output.file_name or f"{job.kind}.bin"
        job.result_file.save(name, stored, save=False)
        fields |= {"result_file": job.result_file.name, "result_name": name[:200]}
    Job.objects.filter(pk=job.pk).update(done=F("total"), **fields)


def job_fail(*, job: Job, error: BaseException) -> None:
    # The person sees a plain sentence; the traceback goes to the log, with the job's id.
    logger.error("后台任务 %s（%s）失败", job.pk, job.kind, exc_info=error)
    Job.objects.filter(pk=job.pk).update(state=State.FAILED, finished_at=clock.now(), error=FAILED_MESSAGE)


def run_lock(name: str) -> None:
    """Take the lock `name` until the current transaction ends: a second run waits here for the
    first to commit. Must be called inside `transaction.atomic`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("run_lock needs a transaction")
    RunLock.objects.get_or_create(name=name)
    RunLock.objects.filter(name=name).update(taken_at=clock.now())
