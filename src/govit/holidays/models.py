"""The State Council's yearly holiday schedules as the BDB keeps them (R4.2), and what a change did.

A working day is Monday–Friday unless the year's schedule says otherwise: its days off (放假) and
its adjusted working weekends (调休上班), each from a notice of the General Office of the State
Council (e.g. 国办发明电〔2026〕N号). The current schedule of a year is `HolidayYear` with its
`HolidayDay`s; every version ever recorded is a `HolidayRevision`, never changed afterwards.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock

USER = settings.AUTH_USER_MODEL

# The years GovIT answers for (as `govit policy`): a schedule outside them is a typing error.
FIRST_YEAR, LAST_YEAR = 1950, 2999


class Source(models.TextChoices):
    PACKAGE = "chinese-calendar", "chinese-calendar 数据包（历年国务院办公厅通知）"
    PAGE = "page", "区大数据发展局录入"
    IMPORT = "import", "区大数据发展局导入文件"


class HolidayYear(models.Model):
    """One year's schedule as it stands now; its days are `days`, its history `revisions`."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField("依据通知", max_length=100, blank=True, help_text="如 国办发明电〔2026〕N号")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    revision = models.PositiveIntegerField("版本", default=1)
    recorded_by = models.ForeignKey(
        USER, models.PROTECT, verbose_name="登记人", null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR), name="holiday_year_in_range"
            ),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="holiday_year_source_known"),
            # Only the package's seed has nobody behind it.
            models.CheckConstraint(
                condition=Q(source=Source.PACKAGE) | Q(recorded_by__isnull=False),
                name="holiday_year_recorded_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class HolidayDay(models.Model):
    """One day of a year's schedule: a day off, or an adjusted working weekend."""

    schedule = models.ForeignKey(HolidayYear, models.CASCADE, verbose_name="年度", related_name="days")
    day = models.DateField("日期")
    off = models.BooleanField("放假", help_text="是：放假；否：调休上班")

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["day"]
        constraints = [
            # A day is in one year's schedule once: never both off and a working day.
            models.UniqueConstraint(fields=["day"], name="holiday_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {'放假' if self.off else '调休上班'}"


class HolidayRevision(models.Model):
    """One version of a year's schedule as recorded: who, when, from which notice. Never changed."""

    schedule = models.ForeignKey(HolidayYear, models.CASCADE, verbose_name="年度", related_name="revisions")
    revision = models.PositiveIntegerField("版本")
    notice = models.CharField("依据通知", max_length=100, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    holidays = models.JSONField("放假日期", default=list)
    workdays = models.JSONField("调休上班日期", default=list)
    note = models.CharField("说明", max_length=200, blank=True, help_text="如导入的文件名")
    recorded_by = models.ForeignKey(
        USER, models.PROTECT, verbose_name="登记人", null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=clock.now)
    # Names the calendar built after this revision: the cache of `work_calendar()` is keyed on the
    # newest one, so every process sees a change at once (a rolled-back row takes its stamp along).
    stamp = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "节假日安排修订记录"
        verbose_name_plural = "节假日安排修订记录"
        ordering = ["schedule", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "revision"], name="holiday_revision_once"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="holiday_revision_source_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule.year}年节假日安排第{self.revision}版"


class DueDateChange(models.Model):
    """A contract's filing due date recomputed because a year's schedule was added or corrected."""

    contract = models.ForeignKey(
        "construction.Contract", models.CASCADE, verbose_name="合同", related_name="due_changes"
    )
    revision = models.ForeignKey(
        HolidayRevision, models.PROTECT, verbose_name="节假日安排", related_name="due_changes"
    )
    old_due = models.DateField("原备案截止日")
    new_due = models.DateField("新备案截止日")
    old_provisional = models.BooleanField("原为临时推算")
    new_provisional = models.BooleanField("现为临时推算")
    passed = models.BooleanField("原截止日已过", help_text="重算时原截止日已经过去")
    at = models.DateTimeField("重算时间", default=clock.now)

    class Meta:
        verbose_name = "备案截止日重算"
        verbose_name_plural = "备案截止日重算"
        ordering = ["contract", "at", "pk"]
        constraints = [
            # A row says something changed: the date, or the provisional mark.
            models.CheckConstraint(
                condition=~Q(old_due=models.F("new_due"), old_provisional=models.F("new_provisional")),
                name="due_change_changes_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_due.isoformat()} → {self.new_due.isoformat()}"
