"""立即发送提醒: the BDB starts the reminder run as a job and lands on its progress page."""

from datetime import date

import pytest
from django.urls import reverse
from tests.reminders.conftest import at

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.jobs.models import Job, State
from govit.jobs.services import job_create
from govit.jobs.tasks import run_job
from govit.projects import secrecy
from govit.reminders import tasks
from govit.reminders.models import Reminder

pytestmark = pytest.mark.django_db

URL = reverse("reminders:run")


def test_the_bdb_sees_the_form_and_the_button_on_the_reminders_page(client_for):
    client = client_for("bdb")
    response = client.get(URL)
    assert response.status_code == 200
    assert "按这一天计算" in response.content.decode()
    assert URL in client.get(reverse("reminders:inbox")).content.decode()


@pytest.mark.parametrize("username", ["jiaowei_unit", "drc", "sysadmin"])
def test_nobody_else_may_start_it(client_for, username):
    client = client_for(username)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"date": "2026-10-14"}).status_code == 403
    assert URL not in client.get(reverse("reminders:inbox")).content.decode()
    assert not Job.objects.exists()


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("front:login") in response["Location"]


@pytest.mark.parametrize("value", ["2026-13-01", "14/10/2026", "明天"])
def test_a_malformed_date_is_a_400_in_chinese_and_starts_nothing(client_for, value):
    response = client_for("bdb").post(URL, {"date": value})
    assert response.status_code == 400
    assert "日期格式应为 YYYY-MM-DD。" in response.content.decode()
    assert not Job.objects.exists()


# Transactional, as in production: the job runs when the request's transaction commits, and the
# run mails its outbox when its own commits, before the job ends.
@pytest.mark.django_db(transaction=True)
def test_a_run_is_a_job_whose_page_shows_what_it_sent(approved, sign, client_for):
    sign(approved)
    client = client_for("bdb")
    response = client.post(URL, {"date": "2026-10-14"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    # The embedded mode: the job ran in this process when the request's transaction committed.
    assert job.state == State.SUCCEEDED and job.created_by.username == "bdb"
    # (Counted over the table: a module's committed demo district may add its own due items.)
    count, mailed = Reminder.objects.count(), Reminder.objects.filter(emailed_at__isnull=False).count()
    assert mailed > 0 and (job.done, job.total) == (mailed, mailed)
    assert job.message == f"2026-10-14：生成提醒 {count} 条，发送邮件 {mailed} 封"
    page = client.get(response["Location"]).content.decode()
    assert "发送到期提醒（2026-10-14）" in page and 'value="100"' in page
    text = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content).decode()
    assert text.startswith(job.message) and "王晓燕（jiaowei_unit）：合同备案还有1天到期" in text
    # The job is its starter's: another BDB officer's page would be a 404 (tests/jobs).
    assert client_for("drc").get(response["Location"]).status_code == 404


def test_the_file_names_no_reminder_of_a_project_its_starter_may_not_see(demo, approved, sign):
    sign(approved)
    with at("2026-10-01"):
        secrecy.project_classify(
            project=approved, by=demo["bdb"], ref="渝中保密〔2026〕9号", on=date(2026, 10, 1),
            officers=[demo["bdb"]],
        )  # fmt: skip
    # A BDB officer not designated for the classified project (第二十七条).
    other = User.objects.create_user(
        "bdb_li", password="x", name="李明", organisation=demo["bdb"].organisation, roles=[Role.BDB],
        must_change_password=False,
    )  # fmt: skip
    # The day after the filing was due: the overdue notice, which goes to the designated officer.
    job = job_create(kind=tasks.KIND, title="发送到期提醒", user=other, params={"date": "2026-10-16"})
    run_job(str(job.pk))
    job.refresh_from_db()
    written = Reminder.objects.filter(project=approved)
    assert job.state == State.SUCCEEDED and written.exists()
    with job.result_file.open("rb") as stored:
        text = stored.read().decode()
    assert f"另有 {written.count()} 条提醒涉及您无权查看的项目，未列出。" in text
    assert not any(reminder.title in text for reminder in written)
