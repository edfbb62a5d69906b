"""What the district publishes of its projects (R9.6): the columns the BDB marks public.

Only the columns named here can ever be published: registration facts, never free text, never a
document. Nothing is public until the BDB marks it (a new district publishes nothing); each change
is captured by the audit log like any other record's.
"""

from django.db import models

from govit import clock
from govit.accounts.models import User


class Column(models.TextChoices):
    """The columns a public list can have, in the order it shows them."""

    NAME = "name", "项目名称"
    UNIT = "unit", "项目单位"
    CATEGORY = "category", "项目类别"
    YEAR = "year", "年度"
    APPROVED = "approved", "批复金额（万元）"
    STATE = "state", "所处阶段"
    DELIVERED = "delivered", "交付使用日期"


class PublicColumn(models.Model):
    column = models.CharField("公开字段", max_length=20, choices=Column.choices, primary_key=True)
    public = models.BooleanField("公开", default=False)
    changed_by = models.ForeignKey(User, models.PROTECT, verbose_name="设置人", related_name="+")
    changed_at = models.DateTimeField("设置时间", default=clock.now)

    class Meta:
        verbose_name = "公开字段"
        verbose_name_plural = "公开字段"

    def __str__(self) -> str:
        return f"{self.get_column_display()}：{'公开' if self.public else '不公开'}"
