"""Issue 11, the yearly list and the to-do list at 100,000 projects: the list's order and who may
see a row in one index, the classified projects in a partial one, the moment each project entered its
state (filled from its timeline), and the list's totals kept by the database (ProjectTally), filled
from the projects and kept by triggers on SQLite and PostgreSQL alike, whatever writes the row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# A tally row's key, as each side of a project row gives it.
KEY = ("year", "unit_id", "category", "state", "work_type", "listed", "submitted")


def _values(row: str, vendor: str) -> list[str]:
    fen = f"ROUND(COALESCE({row}.amount, 0) * 100)"
    fen = f"CAST({fen} AS BIGINT)" if vendor == "postgresql" else f"CAST({fen} AS INTEGER)"
    return [
        f"{row}.year", f"{row}.unit_id", f"{row}.category", f"{row}.state", f"{row}.work_type",
        f"({row}.list_code IS NOT NULL)", f"({row}.submitted_at IS NOT NULL)", fen,
    ]  # fmt: skip


def _add(row: str, sign: str, vendor: str) -> str:
    """The statement that adds (sign "+") or takes away ("-") the project `row` (NEW or OLD). Taking
    away only changes a row that is there (a table emptied before the projects stays empty) and
    removes it when it holds no project any more."""
    values = _values(row, vendor)
    if sign == "-":
        key = " AND ".join(f"{column} = {value}" for column, value in zip(KEY, values, strict=False))
        return (
            f"UPDATE projects_projecttally SET projects = projects - 1, amount_fen = amount_fen - {values[-1]} "
            f"WHERE {key}; DELETE FROM projects_projecttally WHERE {key} AND projects = 0"
        )
    return (
        f"INSERT INTO projects_projecttally ({', '.join(KEY)}, projects, amount_fen) "
        f"VALUES ({', '.join(values[:-1])}, {sign}1, {sign}{values[-1]}) "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET projects = projects_projecttally.projects + "
        f"excluded.projects, amount_fen = projects_projecttally.amount_fen + excluded.amount_fen"
    )


def _changed(vendor: str) -> str:
    columns = ("year", "unit_id", "category", "state", "work_type", "amount", "classified_at")
    changed = [f"OLD.{c} IS DISTINCT FROM NEW.{c}" if vendor == "postgresql" else f"OLD.{c} IS NOT NEW.{c}"
               for c in columns]  # fmt: skip
    changed += [f"(OLD.{c} IS NULL) <> (NEW.{c} IS NULL)" for c in ("list_code", "submitted_at")]
    return " OR ".join(changed)


def _triggers(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "CREATE FUNCTION project_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND NOT ({_changed(vendor)}) THEN RETURN NULL; END IF; "
            f"IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.classified_at IS NULL THEN {_add('OLD', '-', vendor)}; END IF; "
            f"IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.classified_at IS NULL THEN {_add('NEW', '+', vendor)}; END IF; "
            "RETURN NULL; END $$",
            "CREATE TRIGGER project_tally AFTER INSERT OR UPDATE OR DELETE ON projects_project "
            "FOR EACH ROW EXECUTE FUNCTION project_tally()",
        ]  # fmt: skip
    return [
        "CREATE TRIGGER project_tally_insert AFTER INSERT ON projects_project WHEN NEW.classified_at IS NULL "
        f"BEGIN {_add('NEW', '+', vendor)}; END",
        "CREATE TRIGGER project_tally_delete AFTER DELETE ON projects_project WHEN OLD.classified_at IS NULL "
        f"BEGIN {_add('OLD', '-', vendor)}; END",
        "CREATE TRIGGER project_tally_update_old AFTER UPDATE ON projects_project "
        f"WHEN OLD.classified_at IS NULL AND ({_changed(vendor)}) BEGIN {_add('OLD', '-', vendor)}; END",
        "CREATE TRIGGER project_tally_update_new AFTER UPDATE ON projects_project "
        f"WHEN NEW.classified_at IS NULL AND ({_changed(vendor)}) BEGIN {_add('NEW', '+', vendor)}; END",
    ]  # fmt: skip


def fill(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        "UPDATE projects_project SET state_since = COALESCE((SELECT e.at FROM projects_projectevent e "
        "WHERE e.project_id = projects_project.id AND e.to_state = projects_project.state "
        "AND (e.action = 'create' OR e.from_state <> e.to_state) ORDER BY e.seq DESC LIMIT 1), created_at)"
    )
    values = _values("p", vendor)
    schema_editor.execute(
        f"INSERT INTO projects_projecttally ({', '.join(KEY)}, projects, amount_fen) "
        f"SELECT {', '.join(values[:-1])}, COUNT(*), SUM({values[-1]}) FROM projects_project p "
        f"WHERE p.classified_at IS NULL GROUP BY {', '.join(values[:-1])}"
    )
    for sql in _triggers(vendor):
        schema_editor.execute(sql)


def unfill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS project_tally ON projects_project")
        schema_editor.execute("DROP FUNCTION IF EXISTS project_tally()")
    else:
        for event in ("insert", "delete", "update_old", "update_new"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS project_tally_{event}")
    schema_editor.execute("DELETE FROM projects_projecttally")


class Migration(migrations.Migration):
    dependencies = [
        ("acceptance", "0002_text_length_limits"),
        ("accounts", "0003_password_changed_at"),
        ("projects", "0011_classified_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="申报年度")),
                ("category", models.CharField(max_length=20, verbose_name="项目类别")),
                ("state", models.CharField(max_length=30, verbose_name="状态")),
                ("work_type", models.CharField(max_length=20, verbose_name="建设性质")),
                ("listed", models.BooleanField(verbose_name="已列入清单")),
                ("submitted", models.BooleanField(verbose_name="已报送")),
                ("projects", models.IntegerField(verbose_name="项目数")),
                ("amount_fen", models.BigIntegerField(verbose_name="投资估算（分）")),
            ],
            options={
                "verbose_name": "项目清单合计",
                "verbose_name_plural": "项目清单合计",
            },
        ),
        migrations.RemoveIndex(
            model_name="project",
            name="project_state",
        ),
        migrations.AddField(
            model_name="project",
            name="state_since",
            field=models.DateTimeField(blank=True, null=True, verbose_name="进入当前状态时间"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["state", "state_since", "id"], name="project_todo_order"),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                models.OrderBy(models.F("year"), descending=True),
                models.ExpressionWrapper(
                    models.Q(("list_code__isnull", True)), output_field=models.BooleanField()
                ),
                models.F("list_code"),
                models.OrderBy(models.F("id"), descending=True),
                models.F("submitted_at"),
                models.F("classified_at"),
                models.F("unit"),
                name="project_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("classified_at__isnull", False)),
                fields=["classified_at"],
                name="project_classified",
            ),
        ),
        migrations.AddField(
            model_name="projecttally",
            name="unit",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.organisation",
                verbose_name="单位",
            ),
        ),
        migrations.AddConstraint(
            model_name="projecttally",
            constraint=models.UniqueConstraint(
                fields=("year", "unit", "category", "state", "work_type", "listed", "submitted"),
                name="project_tally_one_row_per_kind",
            ),
        ),
        migrations.RunPython(fill, unfill),
    ]
