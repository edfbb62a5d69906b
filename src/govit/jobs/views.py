"""A job's page (its progress bar, refreshed until it ends), its JSON status and its file.
Only the person who started a job sees it; anyone else gets a 404, as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from govit.jobs.models import Job

# Seconds between two refreshes of a running job's page.
REFRESH_SECONDS = 2


def _own_job(request: HttpRequest, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def detail(request: HttpRequest, pk) -> HttpResponse:
    job = _own_job(request, pk)
    return render(request, "jobs/detail.html", {"job": job, "refresh": REFRESH_SECONDS})


@login_required
@require_GET
def status(request: HttpRequest, pk) -> JsonResponse:
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "id": str(job.pk),
            "kind": job.kind,
            "title": job.title,
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "error": job.error,
            "finished": job.finished,
            "result_url": reverse("jobs:download", args=[job.pk]) if job.result_file else None,
        }
    )


@login_required
@require_GET
def download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if not job.result_file:
        raise Http404("该任务没有结果文件。")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
