"""The reminder run as tasks: fired by celery beat every 15 minutes (it replaces the cron line),
and as a job the BDB starts from 立即发送提醒, whose page shows the mailing's progress."""

from datetime import date

from celery import shared_task

from govit import clock
from govit.jobs.models import Job
from govit.jobs.services import JobOutput, Progress, job_runner
from govit.reminders.services import SendResult, reminders_send

KIND = "reminders"


@shared_task(name="govit.reminders.remind", ignore_result=True)
def remind() -> dict[str, int]:
    """Today's reminders; a second run at the same time waits for the first and sends nothing."""
    return reminders_send(today=clock.today()).counts


@job_runner(KIND)
def remind_job(job: Job, progress: Progress) -> JobOutput:
    """The run on the job's day (today unless it names one), and the list of what it sent."""
    today = date.fromisoformat(job.params["date"]) if job.params.get("date") else clock.today()
    progress(0, 0, "正在计算到期事项")
    result = reminders_send(today=today, progress=progress)
    summary = summary_line(today, result)
    lines = [f"{r.recipient.name}（{r.recipient.username}）：{r.title}" for r in result.created]
    content = "\n".join([summary, "", *lines]) + "\n"
    return JobOutput(
        message=summary, file_name=f"reminders-{today.isoformat()}.txt", content=content.encode()
    )


def summary_line(today: date, result: SendResult) -> str:
    counts = result.counts
    failed = f"，发送失败 {counts['failed']} 封（下次运行重试）" if counts["failed"] else ""
    return f"{today.isoformat()}：生成提醒 {counts['created']} 条，发送邮件 {counts['emailed']} 封{failed}"
