"""第五条: a project the leading group designated a key project (重点建设项目, govit.plans).

On SQLite, Django adds a NOT NULL column by rebuilding the table, which would drop the triggers on
projects_project (the kept totals, 0012) and break those naming it (0011); SQLite's own ADD COLUMN
takes a constant default without a rebuild, so the column is added so there, and as usual elsewhere."""

from django.db import migrations, models

FIELD = models.BooleanField(default=False, verbose_name="重点建设项目")


def _add(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE projects_project ADD COLUMN key_project bool DEFAULT 0 NOT NULL")
        return
    field = FIELD.clone()
    field.set_attributes_from_name("key_project")
    schema_editor.add_field(apps.get_model("projects", "Project"), field)


def _remove(apps, schema_editor) -> None:
    schema_editor.execute("ALTER TABLE projects_project DROP COLUMN key_project")


class Migration(migrations.Migration):
    dependencies = [("projects", "0014_todo_covering")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="project", name="key_project", field=FIELD)],
            database_operations=[migrations.RunPython(_add, _remove)],
        )
    ]
