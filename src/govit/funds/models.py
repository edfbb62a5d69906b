"""Funds (资金管理, 第二十二条): the Finance Bureau's payments, ring-fenced for the project."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govit import clock
from govit.projects.models import Project, ProjectRecord, money_field

USER = settings.AUTH_USER_MODEL


class Disbursement(ProjectRecord):
    """第二十二条: a payment by the Finance Bureau, ring-fenced for the project (R4.9)."""

    project = models.ForeignKey(Project, models.CASCADE, verbose_name="项目", related_name="disbursements")
    paid_on = models.DateField("拨付日期")
    amount = money_field("金额（元）")
    purpose = models.CharField("用途", max_length=200)
    voucher = models.CharField("凭证号", max_length=100)
    recorded_by = models.ForeignKey(USER, models.PROTECT, verbose_name="登记人", related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = "资金拨付"
        verbose_name_plural = "资金拨付"
        ordering = ["project", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive")]
        indexes = [
            # The ledger per year for finance and audit.
            models.Index(fields=["paid_on"], name="disbursement_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.purpose}"


class PaidTally(ProjectRecord):
    """What has been paid to one project in one year (`year` 0: in all years), kept by the database
    (issue 11): the ledger reads a page's 50 rows instead of summing every payment on every request.

    Triggers on `funds_disbursement` (migration 0002, SQLite and PostgreSQL alike) keep it, whatever
    writes the payment: the service, `bulk_create`, `populate` or SQL by hand. The amount is kept in
    fen (分), an integer, so that the sums are exact on SQLite as on PostgreSQL. `unit` is the
    project's, copied when its first payment is written (a project never changes its unit)."""

    project = models.ForeignKey(
        Project, models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="项目"
    )
    unit = models.ForeignKey(
        "accounts.Organisation", models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="单位"
    )
    year = models.PositiveSmallIntegerField("拨付年度（0：全部年度）")
    payments = models.IntegerField("笔数")
    amount_fen = models.BigIntegerField("金额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "项目拨付合计"
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="paid_tally_one_row_per_year")
        ]
        indexes = [
            # The ledger's page: the projects of a year in a few units, in project order.
            models.Index(fields=["year", "unit", "project"], name="paid_tally_ledger_page"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}: {self.amount_fen}"


class FundsTally(models.Model):
    """The ledger's totals per year of payment (0: all years) and project unit, kept by triggers on
    `funds_paidtally` (migration 0002): how many projects were paid, in how many payments, how much.
    A few hundred rows answer the page's totals, its per-year lines, its year filter and its count."""

    year = models.PositiveSmallIntegerField("拨付年度（0：全部年度）")
    unit = models.ForeignKey(
        "accounts.Organisation", models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="单位"
    )
    projects = models.IntegerField("项目数")
    payments = models.IntegerField("笔数")
    amount_fen = models.BigIntegerField("金额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "资金台账合计"
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="funds_tally_one_row_per_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_id}: {self.projects}"
