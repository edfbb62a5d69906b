"""A list longer than GOVIT_EXPORT_INLINE_ROWS is exported by a background job: the export goes
to the job's page, whose bar moves by the rows written, and the file it offers is the workbook the
streamed export sends, row for row (issue 11)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from govit.audit.models import AuditEvent
from govit.jobs.models import Job, State
from govit.projects import tasks

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def test_a_long_list_is_exported_by_a_job_whose_file_is_the_streamed_workbook(
    client_for, bulk_projects, settings, django_capture_on_commit_callbacks, monkeypatch
):
    bulk_projects(7, year=2027)
    bulk_projects(3, year=2028)
    client = client_for("bdb")
    streamed = b"".join(client.get("/projects/export.xlsx", {"year": 2027}).streaming_content)

    settings.GOVIT_EXPORT_INLINE_ROWS = 6
    monkeypatch.setattr(tasks, "EVERY", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/projects/export.xlsx", {"year": 2027})
    job = Job.objects.get(kind=tasks.KIND)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == State.SUCCEEDED and (job.done, job.total) == (7, 7)
    assert job.title.startswith("导出项目清单：") and job.title.endswith("，共 7 个项目")
    page = client.get(response["Location"]).content.decode()
    assert job.message in page and "共 7 个项目" in job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert _rows(b"".join(download.streaming_content)) == _rows(streamed)
    assert AuditEvent.objects.filter(action="export").count() == 2  # each export logged, job or not
    # The job's page and file are its starter's alone.
    assert client_for("drc").get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_at_the_threshold_the_list_still_streams(client_for, bulk_projects, settings):
    bulk_projects(6, year=2027)
    settings.GOVIT_EXPORT_INLINE_ROWS = 6
    response = client_for("bdb").get("/projects/export.xlsx", {"year": 2027})
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()


def test_the_jobs_filters_survive_the_queue_with_exact_amounts():
    from decimal import Decimal

    filters = {"year": 2027, "unit": 5, "category": "construction", "state": "", "work_type": "",
               "listed": None, "amount_min": Decimal("1000000.01"), "amount_max": None, "q": "平台"}  # fmt: skip
    assert tasks._filters(tasks.job_params(filters)) == filters
