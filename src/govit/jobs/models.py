"""Long work done in the background (a reminder run, a large export): one row per job, with its
progress, its outcome and the file it produced; and the named locks that keep a scheduled run single."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from govit import clock


class State(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


FINISHED = (State.SUCCEEDED, State.FAILED)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A person sees the jobs they started, nobody else's (a job's file may hold what they may see)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(created_by_id=user.pk)


class Job(models.Model):
    """One piece of long work: queued by a page, done by the task runner (a Celery worker, or the
    request itself in the embedded mode), `done` of `total` steps reported as it goes.

    `total` 0 means "not known yet". The id is random, so a job's address gives nothing away.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True)
    result_file = models.FileField("结果文件", upload_to="jobs/%Y/%m", blank=True)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    error = models.CharField("错误", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        verbose_name="发起人",
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", default=clock.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="job_state_known"),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="job_done_within_total"),
        ]
        indexes = [
            # The person's own jobs, newest first (the jobs page).
            models.Index(fields=["created_by", "-created_at"], name="job_by_person"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int:
        if self.state == State.SUCCEEDED:
            return 100
        return self.done * 100 // self.total if self.total else 0


class RunLock(models.Model):
    """A named lock for work that must never run twice at once (two schedulers firing together).

    A run takes its row inside its transaction (an UPDATE: PostgreSQL's row lock, SQLite's write
    lock); a second run waits for the first to commit and then sees what it wrote.
    """

    name = models.CharField("名称", max_length=40, primary_key=True)
    taken_at = models.DateTimeField("最近取得时间", null=True, blank=True)

    class Meta:
        verbose_name = "运行锁"
        verbose_name_plural = "运行锁"

    def __str__(self) -> str:
        return self.name
