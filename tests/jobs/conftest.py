"""A job kind of the tests' own, registered for one test: it counts to `params["steps"]`."""

from collections.abc import Callable

import pytest

from govit.jobs import services
from govit.jobs.models import Job
from govit.jobs.services import JobOutput, Progress

KIND = "test_count"


@pytest.fixture
def runner(monkeypatch) -> list[str]:
    """Registers the counting kind; the list records each job it ran (a second run would show)."""
    ran: list[str] = []

    def count(job: Job, progress: Progress) -> JobOutput:
        ran.append(str(job.pk))
        steps = job.params.get("steps", 3)
        for step in range(1, steps + 1):
            progress(step, steps, f"第 {step} 步")
        if job.params.get("fail"):
            raise RuntimeError("the test's runner failed on purpose")
        return JobOutput(message=f"数了 {steps} 步", file_name="count.txt", content=f"{steps}\n".encode())

    monkeypatch.setitem(services.RUNNERS, KIND, count)
    return ran


@pytest.fixture
def make_job(demo, runner) -> Callable[..., Job]:
    def make(username: str = "bdb", **params) -> Job:
        return services.job_create(kind=KIND, title="测试任务", user=demo[username], params=params)

    return make
