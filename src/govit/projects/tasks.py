"""The yearly list's export as a background job, when the list is longer than a download should
wait for (GOVIT_EXPORT_INLINE_ROWS): the same workbook as the streamed one, written to the job's
file a chunk at a time, its bar moving by the rows written."""

import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings

from govit.accounts.models import User
from govit.documents import xlsx
from govit.jobs.models import Job
from govit.jobs.services import JobOutput, Progress, job_runner
from govit.jobs.tasks import job_start
from govit.projects import importing, selectors

KIND = "project_list_export"
AMOUNTS = ("amount_min", "amount_max")
EVERY = 2_000  # rows between two moves of the bar


def job_params(filters: dict[str, Any]) -> dict[str, Any]:
    """The list's filters as a job keeps them (JSON: the amounts in yuan as text)."""
    return {"filters": {k: str(v) if k in AMOUNTS and v is not None else v for k, v in filters.items()}}


def _filters(params: dict[str, Any]) -> dict[str, Any]:
    kept = params["filters"]
    return {k: Decimal(v) if k in AMOUNTS and v is not None else v for k, v in kept.items()}


@job_runner(KIND)
def export_job(job: Job, progress: Progress) -> JobOutput:
    """The list as its starter may see it now, with the filters they chose (visible_to, 第二十七条)."""
    user, filters = job.created_by, _filters(job.params)
    projects = selectors.project_list(user=user, filters=filters)
    total = projects.count()
    progress(0, total, "正在写入工作簿")
    rows = _counted(
        projects.values_list(*xlsx.LIST_FIELDS).iterator(chunk_size=xlsx.CHUNK_ROWS), total, progress
    )
    classified = selectors.classified_withheld(user=user, filters=filters)
    file = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the job, which stores and closes it
    for piece in xlsx.list_xlsx(rows, year=filters["year"], classified=classified):
        file.write(piece)
    file.seek(0)
    progress(total, total, "已完成")
    title = xlsx.list_title(filters["year"])
    return JobOutput(message=f"{title}：共 {total:,} 个项目", file_name=title + ".xlsx", content=file)


def _counted(rows: Iterator[Sequence[Any]], total: int, progress: Progress) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % EVERY == 0:
            progress(done, total, f"已写入 {done:,} / {total:,} 行")


IMPORT_KIND = "project_list_import"


@job_runner(IMPORT_KIND)
def import_job(job: Job, progress: Progress) -> JobOutput:
    """A workbook's rows taken in (R2.10), its bar moving a thousand projects at a time."""
    content = importing.kept(job.params["digest"])
    progress(0, 1, "正在导入")
    result = importing.take(
        user=job.created_by, content=content, file_name=job.params["file_name"], progress=progress
    )
    return JobOutput(message=importing.summary(result))


def import_confirm(*, user: User, digest: str, file_name: str) -> Job | dict[str, int]:
    """Import the rows of the kept workbook `digest` that its preview marks 将导入: at once when
    they are no more than GOVIT_IMPORT_INLINE_ROWS (the result, as `importing.take` counts it),
    else as a background job (the job, its bar to poll); the page's confirm and the API's."""
    content = importing.kept(digest)
    rows = importing.preview(content).count(importing.TAKE)
    if rows > settings.GOVIT_IMPORT_INLINE_ROWS:
        return job_start(kind=IMPORT_KIND, title=f"导入历史清单：{file_name}，{rows:,} 个项目", user=user,
                         params={"digest": digest, "file_name": file_name})  # fmt: skip
    return importing.take(user=user, content=content, file_name=file_name)
