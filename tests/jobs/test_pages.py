"""A job's page, its JSON status and its file: for the person who started it only (else 404)."""

import pytest
from django.urls import reverse

from govit.jobs import services
from govit.jobs.models import State
from govit.jobs.tasks import run_job

pytestmark = pytest.mark.django_db


def test_a_running_job_shows_its_bar_and_refreshes_itself(make_job, client_for):
    job = make_job()
    services.job_claim(job_id=str(job.pk))
    services.Progress(job)(1, 4, "第 1 步")
    response = client_for("bdb").get(reverse("jobs:detail", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="job-progress" class="job__bar" max="100" value="25">' in html
    assert "1 / 4（25%）" in html and "第 1 步" in html and "进行中" in html
    assert '<meta http-equiv="refresh" content="2">' in html


def test_a_finished_job_stops_refreshing_and_offers_its_file(make_job, client_for):
    job = make_job(steps=2)
    run_job(str(job.pk))
    client = client_for("bdb")
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'value="100"' in html and "已完成" in html
    assert reverse("jobs:download", args=[job.pk]) in html
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"2\n"
    assert 'filename="count.txt"' in download["Content-Disposition"]


def test_the_status_is_json_for_a_poll(make_job, client_for):
    job = make_job(steps=3)
    client = client_for("bdb")
    queued = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert queued["state"] == State.QUEUED and queued["state_label"] == "排队中"
    assert (queued["done"], queued["total"], queued["percent"], queued["finished"]) == (0, 0, 0, False)
    assert queued["result_url"] is None
    run_job(str(job.pk))
    done = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert done == {
        "id": str(job.pk), "kind": job.kind, "title": "测试任务", "state": "succeeded", "state_label": "已完成",
        "done": 3, "total": 3, "percent": 100, "message": "数了 3 步", "error": "", "finished": True,
        "result_url": reverse("jobs:download", args=[job.pk]),
    }  # fmt: skip


def test_a_failed_job_says_so_with_its_number(make_job, client_for):
    job = make_job(fail=True)
    run_job(str(job.pk))
    html = client_for("bdb").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "失败" in html and services.FAILED_MESSAGE in html and str(job.pk) in html


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_another_persons_job_is_a_404(make_job, client_for, name):
    job = make_job()
    run_job(str(job.pk))
    assert client_for("drc").get(reverse(name, args=[job.pk])).status_code == 404
    assert client_for("jiaowei_unit").get(reverse(name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_a_visitor_is_sent_to_the_login(make_job, client, name):
    job = make_job()
    response = client.get(reverse(name, args=[job.pk]))
    assert response.status_code == 302 and reverse("front:login") in response["Location"]


def test_a_job_without_a_file_has_no_download(make_job, client_for):
    job = make_job()
    assert client_for("bdb").get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_unknown_job_is_a_404(demo, client_for):
    url = reverse("jobs:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for("bdb").get(url).status_code == 404
    assert client_for("bdb").get("/jobs/not-a-uuid/").status_code == 404


def test_the_pages_refuse_a_post(make_job, client_for):
    job = make_job()
    assert client_for("bdb").post(reverse("jobs:status", args=[job.pk])).status_code == 405
