"""Issue 11, the library at 100,000 projects: its order in one index, and its counts kept by the
database (LibraryTally), filled from the built systems and kept by triggers on SQLite and PostgreSQL
alike, whatever writes the row. The SQL is frozen here."""

import django.db.models.deletion
from django.db import migrations, models

KEY = ("year", "unit_id", "on_cloud", "shares_data", "hub_connected", "retired")


def _values(row: str, vendor: str) -> list[str]:
    if vendor == "postgresql":
        year = f"CAST(EXTRACT(YEAR FROM {row}.delivered_on) AS INTEGER)"
    else:
        year = f"CAST(strftime('%Y', {row}.delivered_on) AS INTEGER)"
    flags = [f"{row}.{c}" for c in ("unit_id", "on_cloud", "shares_data", "hub_connected")]
    return [year, *flags, f"({row}.retired_on IS NOT NULL)"]


def _add(row: str, vendor: str) -> str:
    return (
        f"INSERT INTO acceptance_librarytally ({', '.join(KEY)}, systems) "
        f"VALUES ({', '.join(_values(row, vendor))}, 1) ON CONFLICT ({', '.join(KEY)}) "
        "DO UPDATE SET systems = acceptance_librarytally.systems + 1"
    )


def _remove(row: str, vendor: str) -> str:
    where = " AND ".join(f"{c} = {v}" for c, v in zip(KEY, _values(row, vendor), strict=True))
    return f"UPDATE acceptance_librarytally SET systems = systems - 1 WHERE {where}"


def _changed(vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    columns = ("delivered_on", "unit_id", "on_cloud", "shares_data", "hub_connected")
    changed = [f"OLD.{c} {differs} NEW.{c}" for c in columns]
    return " OR ".join([*changed, "(OLD.retired_on IS NULL) <> (NEW.retired_on IS NULL)"])


def _triggers(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "CREATE FUNCTION library_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND NOT ({_changed(vendor)}) THEN RETURN NULL; END IF; "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_remove('OLD', vendor)}; END IF; "
            f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {_add('NEW', vendor)}; END IF; "
            "RETURN NULL; END $$",
            "CREATE TRIGGER library_tally AFTER INSERT OR UPDATE OR DELETE ON acceptance_builtsystem "
            "FOR EACH ROW EXECUTE FUNCTION library_tally()",
        ]
    return [
        f"CREATE TRIGGER library_tally_insert AFTER INSERT ON acceptance_builtsystem BEGIN {_add('NEW', vendor)}; END",
        "CREATE TRIGGER library_tally_delete AFTER DELETE ON acceptance_builtsystem "
        f"BEGIN {_remove('OLD', vendor)}; END",
        f"CREATE TRIGGER library_tally_update AFTER UPDATE ON acceptance_builtsystem WHEN {_changed(vendor)} "
        f"BEGIN {_remove('OLD', vendor)}; {_add('NEW', vendor)}; END",
    ]


def fill(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    values = _values("s", vendor)
    schema_editor.execute(
        f"INSERT INTO acceptance_librarytally ({', '.join(KEY)}, systems) "
        f"SELECT {', '.join(values)}, COUNT(*) FROM acceptance_builtsystem s GROUP BY {', '.join(values)}"
    )
    for sql in _triggers(vendor):
        schema_editor.execute(sql)
    if vendor == "postgresql":
        # The planner needs the tables' statistics to choose the partial index of the classified
        # projects (projects.project_classified) over a scan; autovacuum keeps them on a server
        # that runs it, and a database filled in bulk may have none yet.
        schema_editor.execute("ANALYZE acceptance_builtsystem, acceptance_librarytally, projects_project")


def unfill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS library_tally ON acceptance_builtsystem")
        schema_editor.execute("DROP FUNCTION IF EXISTS library_tally()")
    else:
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS library_tally_{event}")
    schema_editor.execute("DELETE FROM acceptance_librarytally")


class Migration(migrations.Migration):

    dependencies = [
        ('acceptance', '0002_text_length_limits'),
        ('accounts', '0003_password_changed_at'),
        ('projects', '0012_list_at_scale'),
    ]

    operations = [
        migrations.CreateModel(
            name='LibraryTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='交付年度')),
                ('on_cloud', models.BooleanField(verbose_name='部署在政务云')),
                ('shares_data', models.BooleanField(verbose_name='已共享数据资源')),
                ('hub_connected', models.BooleanField(verbose_name='已接入智能中枢')),
                ('retired', models.BooleanField(verbose_name='已停用')),
                ('systems', models.IntegerField(verbose_name='系统数')),
            ],
            options={
                'verbose_name': '已建项目库合计',
                'verbose_name_plural': '已建项目库合计',
            },
        ),
        migrations.AddIndex(
            model_name='builtsystem',
            index=models.Index(models.OrderBy(models.F('delivered_on'), descending=True), models.F('id'), name='built_system_library_order'),
        ),
        migrations.AddField(
            model_name='librarytally',
            name='unit',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name='使用单位'),
        ),
        migrations.AddConstraint(
            model_name='librarytally',
            constraint=models.UniqueConstraint(fields=('year', 'unit', 'on_cloud', 'shares_data', 'hub_connected', 'retired'), name='library_tally_one_row_per_kind'),
        ),
        migrations.RunPython(fill, unfill),
    ]
