"""A reminder sent to one person about one due date (R8.2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.projects.models.fields import text_field


class Kind(models.TextChoices):
    """What falls due. A kind without a source yet is declared so its rows and pages need no migration."""

    APPLICATION_DEADLINE = "application_deadline", "年度申报截止"
    CONTRACT_FILING = "contract_filing", "合同备案"
    FILING_CONFIRMATION = "filing_confirmation", "合同备案待确认"
    TRIAL_RUN = "trial_run", "试运行期满可申请合规性审查"
    SECURITY_ASSESSMENT = "security_assessment", "安全测评到期"
    EVALUATION = "evaluation", "绩效评价"
    OM_APPLICATION = "om_application", "已建系统年度运维申报"


class Reminder(models.Model):
    """One notice to one person: `lead_days` before the due date (0 on the day, negative when overdue).

    The row is both the in-app message and the e-mail outbox (`emailed_at` null and `by_email`:
    still to send). Its unique key makes sending idempotent: `govit manage remind` may run every
    few minutes and never writes, nor mails, the same notice twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, verbose_name="接收人", related_name="reminders"
    )
    project = models.ForeignKey(
        "projects.Project", models.CASCADE, verbose_name="项目", null=True, blank=True, related_name="+"
    )
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    subject = models.CharField("事项", max_length=100, help_text="如 contract:12、project:7")
    due = models.DateField("到期日")
    lead_days = models.SmallIntegerField("提前天数", help_text="到期前天数；0 为当日，负数为逾期提醒")
    title = models.CharField("标题", max_length=200)
    body = text_field("内容")
    by_email = models.BooleanField("发送邮件", default=True)
    created_at = models.DateTimeField("生成时间", default=clock.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["recipient", "-due", "-lead_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "due", "lead_days"], name="reminder_sent_once"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="reminder_kind_known"),
        ]
        indexes = [
            # The e-mail outbox the command works off after each run.
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True, by_email=True),
                name="reminder_outbox",
            ),
            # The person's page and the unread count in the navigation.
            models.Index(fields=["recipient", "read_at"], name="reminder_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return self.lead_days < 0
