"""The audit trail of a project: one row per action, the only record of who did what (R0.2)."""

import re
from typing import Any

from django.conf import settings
from django.db import models

from govit.accounts.models import Organisation
from govit.projects.models.project import Project
from govit.projects.models.record import ProjectRecord

# 第二十七条: what a classified project's events show in place of a text typed into them.
WITHHELD_TEXT = "（涉密项目，文字内容不在本平台显示）"
# A value of an event that is data, not text: a date, a time, an amount, a code.
_DATA = re.compile(r"[0-9.:+\-TZ]*|[a-z_]+")
# Text a classified project's events show: its registration (list code, the secrecy approval).
_REGISTRATION = frozenset({"list_code", "funding_channel", "secrecy_ref"})


def _shown(key: str, value: Any) -> Any:
    if isinstance(value, str):
        return value if key in _REGISTRATION or _DATA.fullmatch(value) else WITHHELD_TEXT
    if isinstance(value, dict):
        return {k: _shown(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(key, v) for v in value]
    return value


class ProjectEvent(ProjectRecord):
    """Who (person, organisation, role) did what to a project, when, from which state to which,
    with which inputs, on which article and under which policy version.

    `seq` numbers a project's events; its uniqueness is a second guard against two concurrent
    writers (the first is the project's version check). `prev_hash`/`hash` chain the events
    for tamper evidence (R9.5).
    """

    # PROTECT: deleting a project never deletes its trail (R9.5).
    project = models.ForeignKey(Project, models.PROTECT, verbose_name="项目", related_name="events")
    seq = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=40)
    label = models.CharField("操作名称", max_length=100)
    from_state = models.CharField("原状态", max_length=30)
    to_state = models.CharField("新状态", max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, verbose_name="操作人", related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="操作人单位", related_name="+"
    )
    role = models.CharField("角色", max_length=20)
    at = models.DateTimeField("时间")
    inputs = models.JSONField("输入", default=dict)
    article = models.PositiveSmallIntegerField("依据条款", null=True)
    clause = models.PositiveSmallIntegerField("款", null=True)
    policy_id = models.CharField("政策版本", max_length=40)
    prev_hash = models.CharField("前一事件哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = "项目操作记录"
        verbose_name_plural = "项目操作记录"
        ordering = ["project", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["project", "seq"], name="project_event_seq_unique"),
        ]
        indexes = [
            # The done list (已办): a person's own actions, newest first.
            models.Index(fields=["actor", "-at"], name="event_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}#{self.seq} {self.label}"

    @property
    def shown_inputs(self) -> dict[str, Any]:
        """The inputs as the pages and the API show them: as sealed, but for a classified project
        (第二十七条), whose texts typed before its classification are withheld — the event itself
        is never edited, so its hash and the audit log keep verifying."""
        if self.project.classified_at is None:
            return self.inputs
        return {key: _shown(key, value) for key, value in self.inputs.items()}

    @property
    def is_transition(self) -> bool:
        return self.from_state != self.to_state
