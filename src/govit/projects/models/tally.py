"""The yearly list's totals, kept by the database (issue 11): how many projects and what they
amount to, per year, unit, category, state, work type, listed or not and reached the BDB or not.

The list, the API and the to-do count read these few rows instead of counting and summing every
project on every request. Triggers on `projects_project` (migration 0012, SQLite and PostgreSQL
alike) keep them, whatever writes the row: a service, `bulk_create`, `populate` or SQL by hand. A
classified project (第二十七条) is never tallied: whoever is cleared for one has it counted live
(`projects.selectors.project_totals`), so that no kept total tells what a classified project is.
The amount is kept in fen (分), an integer, so that the sum is exact on SQLite as on PostgreSQL.
"""

from django.db import models


class ProjectTally(models.Model):
    year = models.PositiveSmallIntegerField("申报年度")
    unit = models.ForeignKey(
        "accounts.Organisation", models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="单位"
    )
    category = models.CharField("项目类别", max_length=20)
    state = models.CharField("状态", max_length=30)
    work_type = models.CharField("建设性质", max_length=20)
    listed = models.BooleanField("已列入清单")
    submitted = models.BooleanField("已报送")
    projects = models.IntegerField("项目数")
    amount_fen = models.BigIntegerField("投资估算（分）")

    class Meta:
        verbose_name = verbose_name_plural = "项目清单合计"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "category", "state", "work_type", "listed", "submitted"],
                name="project_tally_one_row_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category} {self.state}: {self.projects}"
