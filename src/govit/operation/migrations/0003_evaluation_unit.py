"""Each evaluation keeps its project's unit, indexed newest first, so that a unit's latest
evaluation (R5.6, beside its applications in the list review) is one step down an index instead
of a walk through every project of the unit. A nullable column is added in place on SQLite (no
table rebuild: the classified triggers on this table stay), then filled from the projects."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE operation_evaluation SET unit_id = "
    "(SELECT p.unit_id FROM projects_project p WHERE p.id = operation_evaluation.project_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_password_changed_at"),
        ("operation", "0002_text_length_limits"),
        ("projects", "0012_list_at_scale"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="项目单位",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["unit", "-evaluated_on", "-id"], name="evaluation_latest_of_unit"),
        ),
    ]
