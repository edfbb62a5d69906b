"""Acceptance and the library of built systems (验收与已建项目清单库, 第二十三至二十六条)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from govit import clock
from govit.accounts.models import Organisation
from govit.construction.models import ConfigurationLine
from govit.projects.models import Project, ProjectRecord, text_field

USER = settings.AUTH_USER_MODEL


class AcceptedItem(ConfigurationLine):
    """第二十三条: one line of the configuration actually delivered, recorded by the unit for the
    initial acceptance and checked against the active baseline (第十七条). Beside the first and the
    active baseline it is the "actual" of plan, current and actual (R9.7)."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="accepted_items")
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "实际交付配置项"
        verbose_name_plural = "实际交付配置项"
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0), name="accepted_item_positive"
            ),
            models.UniqueConstraint(fields=["project", "name"], name="accepted_item_name_unique"),
        ]


class ComplianceCheck(ProjectRecord):
    """第二十三条: one round of the BDB's compliance review, item by item (R5.3)."""

    project = models.ForeignKey(
        Project, models.CASCADE, verbose_name="项目", related_name="compliance_checks"
    )
    round = models.PositiveIntegerField("轮次")
    cloud_ok = models.BooleanField("政务云部署")
    cloud_finding = text_field("政务云部署意见", blank=True)
    sharing_ok = models.BooleanField("数据资源共享")
    sharing_finding = text_field("数据资源共享意见", blank=True)
    integration_ok = models.BooleanField("系统整合")
    integration_finding = text_field("系统整合意见", blank=True)
    checked_by = models.ForeignKey(USER, models.PROTECT, verbose_name="审查人", related_name="+")
    checked_at = models.DateTimeField("审查时间", default=clock.now)

    class Meta:
        verbose_name = "合规性审查"
        verbose_name_plural = "合规性审查"
        ordering = ["project", "round"]
        constraints = [models.UniqueConstraint(fields=["project", "round"], name="compliance_round_unique")]

    def __str__(self) -> str:
        return f"{self.project} 合规性审查第{self.round}轮"

    @property
    def passed(self) -> bool:
        return self.cloud_ok and self.sharing_ok and self.integration_ok


class AcceptanceBody(ProjectRecord):
    """The body the unit engages for the final acceptance (终验机构, 第二十四条): its name as the unit
    gives it, and the registered third party it is (matched by name, like a contract's supplier),
    whose people then see the project and upload the final-acceptance report (R0.1)."""

    project = models.OneToOneField(
        Project, models.CASCADE, verbose_name="项目", related_name="acceptance_body"
    )
    name = models.CharField("终验机构", max_length=200)
    agency = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="登记的第三方机构", related_name="final_acceptances",
        null=True, blank=True,
    )  # fmt: skip
    named_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    named_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "终验机构"

    def __str__(self) -> str:
        return self.name


class BuiltSystem(ProjectRecord):
    """The library of built systems (已建项目清单库, 第二十四条): a project enters it when its final
    acceptance is filed with and confirmed by the BDB, and leaves service only by retirement (R5.7)."""

    project = models.OneToOneField(Project, models.PROTECT, verbose_name="项目", related_name="built_system")
    name = models.CharField("系统名称", max_length=200)
    unit = models.ForeignKey(
        Organisation, models.PROTECT, verbose_name="使用单位", related_name="built_systems"
    )
    delivered_on = models.DateField("交付使用日期")
    on_cloud = models.BooleanField("部署在政务云", default=False)
    shares_data = models.BooleanField("已共享数据资源", default=False)
    hub_connected = models.BooleanField("已接入智能中枢", default=False)
    retired_on = models.DateField("停用日期", null=True, blank=True)
    retire_reason = text_field("停用原因", blank=True)
    data_destination = text_field("数据去向", blank=True)

    class Meta:
        verbose_name = "已建系统"
        verbose_name_plural = "已建项目清单库"
        ordering = ["-delivered_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | (~Q(retire_reason="") & ~Q(data_destination="")),
                name="retired_system_says_why_and_where_its_data_went",
            ),
        ]
        indexes = [
            # The library's order (newest delivery first), read a page at a time.
            models.Index(F("delivered_on").desc(), "id", name="built_system_library_order"),
        ]

    def __str__(self) -> str:
        return self.name


class LibraryTally(models.Model):
    """The library's counts, kept by the database (issue 11): how many systems per year of
    delivery, using unit, cloud, sharing, hub and retired or not. The page's counts, its year filter
    and its number of pages read these few rows instead of counting every system on every request.
    Triggers on `acceptance_builtsystem` (migration 0003, SQLite and PostgreSQL alike) keep them,
    whatever writes the row."""

    year = models.PositiveSmallIntegerField("交付年度")
    unit = models.ForeignKey(
        Organisation, models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="使用单位"
    )
    on_cloud = models.BooleanField("部署在政务云")
    shares_data = models.BooleanField("已共享数据资源")
    hub_connected = models.BooleanField("已接入智能中枢")
    retired = models.BooleanField("已停用")
    systems = models.IntegerField("系统数")

    class Meta:
        verbose_name = verbose_name_plural = "已建项目库合计"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "on_cloud", "shares_data", "hub_connected", "retired"],
                name="library_tally_one_row_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id}: {self.systems}"
