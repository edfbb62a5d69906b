"""Background jobs (a long import, a large export): the one who started a job polls it here, and
takes its file when it leaves one. Anyone else's job is a 404, as if it did not exist."""

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, LocalDateTime, file_answer
from govit.jobs.models import Job

router = Router(tags=["后台任务"])
NO_FILE = "该任务没有结果文件。"


class JobOut(Schema):
    id: UUID
    kind: str = Field(description="任务类型，如 project_list_import")
    title: str
    state: CodedOut = Field(description="queued 排队中，running 进行中，succeeded 已完成，failed 失败")
    done: int
    total: int = Field(description="总数；0 为尚不知道")
    percent: int
    message: str = Field(description="进度说明；完成后为结果摘要")
    error: str
    finished: bool
    created_at: LocalDateTime
    url: str = Field(description="轮询本任务的地址")
    result_url: str | None = Field(description="结果文件（如有）")

    @staticmethod
    def resolve_state(job: Job) -> dict[str, str]:
        return {"code": job.state, "label": job.get_state_display()}

    @staticmethod
    def resolve_url(job: Job) -> str:
        return reverse("api:job_status", args=[job.pk])

    @staticmethod
    def resolve_result_url(job: Job) -> str | None:
        return reverse("api:job_download", args=[job.pk]) if job.result_file else None


def _own_job(request: HttpRequest, job_id: UUID) -> Job:
    return get_object_or_404(Job.objects.visible_to(person(request)), pk=job_id)


@router.get(
    "/jobs/{uuid:job_id}",
    url_name="job_status",
    response={200: JobOut, **ERRORS},
    summary="后台任务的进度与结果",
)
def job_status(request: HttpRequest, job_id: UUID) -> Job:
    return _own_job(request, job_id)


@router.get(
    "/jobs/{uuid:job_id}/download",
    url_name="job_download",
    response={200: None, **ERRORS},
    summary="下载后台任务的结果文件",
    openapi_extra=file_answer("任务生成的文件", "application/octet-stream"),
)
def job_download(request: HttpRequest, job_id: UUID) -> FileResponse:
    job = _own_job(request, job_id)
    if not job.result_file:
        raise Http404(NO_FILE)
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
