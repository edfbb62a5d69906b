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
