"""Writing reminders and mailing them (R8.2); marking one read."""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from govit import clock
from govit.accounts.models import User
from govit.jobs.services import run_lock
from govit.reminders.models import Reminder
from govit.reminders.selectors import due_items

logger = logging.getLogger(__name__)

# An e-mail that could not go out is retried by the next runs for this long; after that the
# notice is stale and stays in-app only (a server down for a week must not flood people).
OUTBOX_DAYS = 2
# Two runs at once (two schedulers, beat beside cron, a page's run) queue on this lock.
RUN_LOCK = "reminders"

# `progress(done, total, message)`: a job's bar (govit.jobs), told how the mailing goes.
ProgressFn = Callable[[int, int, str], None]


@dataclass
class SendResult:
    created: list[Reminder] = field(default_factory=list)
    emailed: int = 0
    failed: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "emailed": self.emailed, "failed": self.failed}


def reminders_pending(*, today: date) -> list[Reminder]:
    """The reminders a run on `today` would write, unsaved: for each due item the notice whose day
    has come (the latest, so a missed day is caught up once), for each recipient without it."""
    wanted: list[Reminder] = []
    for item in due_items(today):
        notice = item.notice_for(today)
        if notice is None:
            continue
        wanted += [
            Reminder(
                recipient=person,
                project=item.project,
                kind=item.kind,
                subject=item.subject,
                due=item.due,
                lead_days=notice.lead_days,
                title=notice.title,
                body=notice.body,
                by_email=notice.by_email,
            )
            for person in notice.recipients
        ]
    if not wanted:
        return []
    existing = set(
        Reminder.objects.filter(
            subject__in={r.subject for r in wanted}, kind__in={r.kind for r in wanted}
        ).values_list("recipient_id", "kind", "subject", "due", "lead_days")
    )
    return [r for r in wanted if (r.recipient.pk, r.kind, r.subject, r.due, r.lead_days) not in existing]


@transaction.atomic
def reminders_send(*, today: date, progress: ProgressFn | None = None) -> SendResult:
    """Write today's reminders and mail them after commit. Idempotent: run it every few minutes.

    1. take the run lock: a concurrent run waits, then finds everything already written;
    2. compute what is due and not yet written (`reminders_pending`);
    3. write it; the unique key would still drop a row written by anything outside the lock;
    4. after commit, mail the outbox (rows not yet mailed), marking each mailed row.
    """
    run_lock(RUN_LOCK)
    result = SendResult(created=reminders_pending(today=today))
    for reminder in result.created:
        reminder.created_at = clock.now()
    Reminder.objects.bulk_create(result.created, ignore_conflicts=True)
    transaction.on_commit(lambda: _mail_outbox(result, progress))
    return result


def _mail_outbox(result: SendResult, progress: ProgressFn | None = None) -> None:
    """Claim the unmailed rows (a concurrent run skips them), mail each, and give back the failed."""
    now = clock.now()
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(emailed_at__isnull=True, by_email=True, created_at__gte=now - timedelta(days=OUTBOX_DAYS))
            .exclude(recipient__email="")
            .select_related("recipient")
            .order_by("pk")
        )
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=now)
    if not rows:
        return
    report = progress or (lambda done, total, message: None)
    report(0, len(rows), f"正在发送提醒邮件（共 {len(rows)} 封）")
    failed: list[int] = []
    try:
        with get_connection() as connection:
            for number, row in enumerate(rows, start=1):
                try:
                    connection.send_messages([_message(row)])
                except (smtplib.SMTPException, OSError):
                    logger.exception("提醒邮件发送失败：%s → %s", row.title, row.recipient.email)
                    failed.append(row.pk)
                report(number, len(rows), f"已发送提醒邮件 {number} / {len(rows)} 封")
    except (smtplib.SMTPException, OSError):
        logger.exception("无法连接邮件服务器，%d 封提醒邮件将在下次运行时重试", len(rows))
        failed = [r.pk for r in rows]
    if failed:
        Reminder.objects.filter(pk__in=failed).update(emailed_at=None)
    result.emailed += len(rows) - len(failed)
    result.failed += len(failed)


def _message(reminder: Reminder) -> EmailMessage:
    person = reminder.recipient
    link = getattr(settings, "SITE_URL", "") + reverse("reminders:inbox")
    body = (
        f"{person.name or person.username}：\n\n{reminder.body}\n\n"
        f"到期日：{reminder.due.isoformat()}\n查看全部提醒：{link}\n\n"
        "—— GovIT 政务信息化项目管理平台（系统自动发送，请勿回复）\n"
    )
    return EmailMessage(subject=f"【GovIT】{reminder.title}", body=body, to=[person.email])


@transaction.atomic
def reminder_mark_read(*, reminder: Reminder, user: User) -> Reminder:
    """The recipient marks a reminder read; reading it again keeps the first time."""
    reminder = Reminder.objects.select_for_update().get(pk=reminder.pk, recipient_id=user.pk)
    if reminder.read_at is None:
        reminder.read_at = clock.now()
        reminder.save(update_fields=["read_at"])
    return reminder
