"""The one audit log of the whole system (安全审计, R9.5): every event chained to the one before by
HMAC-SM3 with a key kept outside the database (chain.py)."""

from django.conf import settings
from django.db import models

from govit.accounts.models import Organisation
from govit.projects.models import Project, ProjectEvent


class Kind(models.TextChoices):
    PROJECT = "project", "项目操作"
    CREATE = "create", "新增记录"
    UPDATE = "update", "修改记录"
    DELETE = "delete", "删除记录"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    EXPORT = "export", "导出"
    DOWNLOAD = "download", "下载文件"
    ACCOUNT = "account", "账号安全"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"


class AuditEventQuerySet(models.QuerySet):
    def delete(self):  # noqa: ANN201 - Django's signature
        # The application never removes an event; only `audit_prune` does, after exporting it.
        raise PermissionError("审计日志不可删除。")


class AuditEvent(models.Model):
    """One thing that happened: who (person, the name they gave, organisation, role, address), what
    (kind, action, label, the record and its values before and after), when, on which project.

    `seq` numbers the whole log; `prev_hash`/`hash` chain it. Every field but the key is in the
    hash (chain.payload). Persons, organisations, projects and project events it names are
    PROTECTed: deleting them never deletes their events."""

    seq = models.BigIntegerField("序号", unique=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    action = models.CharField("操作", max_length=60)
    label = models.CharField("操作名称", max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, verbose_name="操作人", related_name="+"
    )
    # The username as given: the person's at the time, or the one tried in a failed login.
    actor_name = models.CharField("用户名", max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, verbose_name="操作人单位", related_name="+"
    )
    role = models.CharField("角色", max_length=200, blank=True)
    at = models.DateTimeField("时间")
    address = models.CharField("地址", max_length=64, blank=True)
    project = models.ForeignKey(Project, models.PROTECT, null=True, verbose_name="项目", related_name="+")
    project_event = models.OneToOneField(
        ProjectEvent, models.PROTECT, null=True, verbose_name="项目操作记录", related_name="+"
    )
    target_model = models.CharField("记录类型", max_length=100, blank=True)
    target_pk = models.CharField("记录编号", max_length=64, blank=True)
    before = models.JSONField("修改前", null=True)
    after = models.JSONField("修改后", null=True)
    detail = models.JSONField("详情", default=dict)
    prev_hash = models.CharField("前一事件哈希", max_length=64, blank=True)
    hash = models.CharField("哈希（HMAC-SM3）", max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-seq"]
        indexes = [
            # The audit page filtered by kind, newest first.
            models.Index(fields=["kind", "-seq"], name="audit_kind_seq"),
            # audit_prune: the events older than the retention.
            models.Index(fields=["at"], name="audit_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.label}"


class AuditHead(models.Model):
    """The chain's head, one row: a writer locks it instead of reading the chain (and two writers
    queue on it instead of forking the chain)."""

    seq = models.BigIntegerField("最后序号")
    hash = models.CharField("最后哈希", max_length=64, blank=True)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq}"


class AuditVerification(models.Model):
    """The result of one `audit_verify`, shown on the audit administrator's page."""

    at = models.DateTimeField("校验时间")
    ok = models.BooleanField("完好")
    events = models.BigIntegerField("校验事件数")
    last_seq = models.BigIntegerField("最后序号", null=True)
    problems = models.JSONField("问题", default=list)

    class Meta:
        verbose_name = "审计日志校验"
        verbose_name_plural = "审计日志校验"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'完好' if self.ok else '发现问题'}"
