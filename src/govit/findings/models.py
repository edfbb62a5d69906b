"""The bureaus' own findings on a project (监督意见, R0.1): the Audit Bureau's 审计意见 on its funds, the
CAC's 网络安全指导意见, the DRC's on tendering and Finance's on procurement — what each bureau's
oversight duty (the policy's `oversight`) gives it to say. A finding is opened by its bureau with its
date, content and the rectification asked (by a day, if it sets one), answered by the project's unit,
and closed by the bureau that opened it — or sent back, when the answer does not do, to be answered
again. Each step is an event on the project's trail."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from govit import clock, limits
from govit.projects.models import Project, ProjectRecord
from govit.projects.models.fields import text_field

USER = settings.AUTH_USER_MODEL


class FindingKind(models.TextChoices):
    """Whose finding it is: the bureau's role (its label is the policy's, per version)."""

    AUDIT = "audit", "审计意见"
    CAC = "cac", "网络安全指导意见"
    DRC = "drc", "招投标监管意见"
    FINANCE = "finance", "政府采购监督意见"


class FindingState(models.TextChoices):
    OPEN = "open", "待项目单位整改答复"
    ANSWERED = "answered", "待监督部门审阅"
    CLOSED = "closed", "已办结"


class Finding(ProjectRecord):
    Kind = FindingKind
    State = FindingState

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="findings")
    kind = models.CharField("意见类型", max_length=20, choices=Kind.choices)
    issued_on = models.DateField("出具日期")
    reference = models.CharField("文号", max_length=100, blank=True)
    content = text_field("意见内容", limits.REPORT)
    rectification = text_field("整改要求", limits.REPORT, blank=True)
    due_on = models.DateField("整改期限", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(USER, models.PROTECT, verbose_name="出具人", related_name="+")
    opened_at = models.DateTimeField("登记时间", default=clock.now)
    answer = text_field("整改答复", limits.REPORT, blank=True)
    answered_by = models.ForeignKey(
        USER, models.PROTECT, verbose_name="答复人", null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    rounds = models.PositiveSmallIntegerField("答复轮次", default=0)
    closing_note = text_field("办结意见", limits.TEXT, blank=True)
    closed_by = models.ForeignKey(
        USER, models.PROTECT, verbose_name="办结人", null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监督意见"
        ordering = ["project", "issued_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FindingKind.values), name="finding_kind_known"),
            models.CheckConstraint(condition=Q(state__in=FindingState.values), name="finding_state_known"),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gt=F("issued_on")),
                name="finding_due_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(state=FindingState.CLOSED) | Q(closed_at__isnull=False),
                name="finding_closed_says_when",
            ),
        ]
        indexes = [
            # The to-do lists: a bureau's findings answered and waiting, a unit's open ones.
            models.Index(fields=["state", "kind"], name="finding_waiting"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.issued_on:%Y-%m-%d}）"

    @property
    def anchor(self) -> str:
        return f"finding-{self.pk}"
