"""The reminder run as tasks: fired by celery beat every 15 minutes (it replaces the cron line),
and as a job the BDB starts from 立即发送提醒, whose page shows the mailing's progress."""

from datetime import date

from celery import shared_task

from govit import clock
from govit.jobs.models import Job
from govit.jobs.services import JobOutput, Progress, job_runner
from govit.projects.models import Project
from govit.reminders.models import Reminder
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
    shown = _visible_to_starter(job, result.created)
    lines = [f"{r.recipient.name}（{r.recipient.username}）：{r.title}" for r in shown]
    if len(shown) < len(result.created):
        lines.append(f"另有 {len(result.created) - len(shown)} 条提醒涉及您无权查看的项目，未列出。")
    content = "\n".join([summary, "", *lines]) + "\n"
    return JobOutput(
        message=summary, file_name=f"reminders-{today.isoformat()}.txt", content=content.encode()
    )


def summary_line(today: date, result: SendResult) -> str:
    counts = result.counts
    failed = f"，发送失败 {counts['failed']} 封（下次运行重试）" if counts["failed"] else ""
    return f"{today.isoformat()}：生成提醒 {counts['created']} 条，发送邮件 {counts['emailed']} 封{failed}"


def _visible_to_starter(job: Job, reminders: list[Reminder]) -> list[Reminder]:
    """The file lists only the reminders whose project its starter may see (a classified project's
    go to those cleared for it alone, 第二十七条); the others are counted, not named."""
    ids = {r.project_id for r in reminders if r.project_id}
    visible = set()
    if ids and job.created_by is not None:
        visible = set(
            Project.objects.visible_to(job.created_by).filter(pk__in=ids).values_list("pk", flat=True)
        )
    return [r for r in reminders if r.project_id is None or r.project_id in visible]
