"""Issue 11, the funds ledger at 100,000 projects: what each project was paid per year and in all
(PaidTally) and the ledger's totals per year and unit (FundsTally), filled from the payments and kept
by triggers on SQLite and PostgreSQL alike, whatever writes a payment. The SQL is frozen here."""

import django.db.models.deletion
from django.db import migrations, models


def _fen(row: str, vendor: str) -> str:
    kind = "BIGINT" if vendor == "postgresql" else "INTEGER"
    return f"CAST(ROUND({row}.amount * 100) AS {kind})"


def _year(row: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {row}.paid_on) AS INTEGER)"
    return f"CAST(strftime('%Y', {row}.paid_on) AS INTEGER)"


def _add(row: str, vendor: str) -> list[str]:
    """The payment `row` (NEW) added to its project's year and to its all-years row (year 0)."""
    unit = f"(SELECT unit_id FROM projects_project WHERE id = {row}.project_id)"
    return [
        "INSERT INTO funds_paidtally (project_id, unit_id, year, payments, amount_fen) "
        f"VALUES ({row}.project_id, {unit}, {year}, 1, {_fen(row, vendor)}) "
        "ON CONFLICT (project_id, year) DO UPDATE SET payments = funds_paidtally.payments + 1, "
        "amount_fen = funds_paidtally.amount_fen + excluded.amount_fen"
        for year in (_year(row, vendor), "0")
    ]


def _remove(row: str, vendor: str) -> list[str]:
    """The payment `row` (OLD) taken away; a project's row with no payment left goes."""
    return [
        f"UPDATE funds_paidtally SET payments = payments - 1, amount_fen = amount_fen - {_fen(row, vendor)} "
        f"WHERE project_id = {row}.project_id AND year IN ({_year(row, vendor)}, 0)",
        f"DELETE FROM funds_paidtally WHERE project_id = {row}.project_id AND payments = 0",
    ]


# funds_paidtally's rows summed into funds_fundstally: a new row is a project paid once more.
TALLY_INSERT = (
    "INSERT INTO funds_fundstally (year, unit_id, projects, payments, amount_fen) "
    "VALUES (NEW.year, NEW.unit_id, 1, NEW.payments, NEW.amount_fen) "
    "ON CONFLICT (year, unit_id) DO UPDATE SET projects = funds_fundstally.projects + 1, "
    "payments = funds_fundstally.payments + excluded.payments, "
    "amount_fen = funds_fundstally.amount_fen + excluded.amount_fen"
)
TALLY_UPDATE = (
    "UPDATE funds_fundstally SET payments = payments + NEW.payments - OLD.payments, "
    "amount_fen = amount_fen + NEW.amount_fen - OLD.amount_fen WHERE year = NEW.year AND unit_id = NEW.unit_id"
)
TALLY_DELETE = (
    "UPDATE funds_fundstally SET projects = projects - 1, payments = payments - OLD.payments, "
    "amount_fen = amount_fen - OLD.amount_fen WHERE year = OLD.year AND unit_id = OLD.unit_id"
)


def _changed(vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in ("project_id", "paid_on", "amount"))


def _triggers(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "CREATE FUNCTION funds_paid_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND NOT ({_changed(vendor)}) THEN RETURN NULL; END IF; "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {'; '.join(_remove('OLD', vendor))}; END IF; "
            f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {'; '.join(_add('NEW', vendor))}; END IF; "
            "RETURN NULL; END $$",
            "CREATE TRIGGER funds_paid_tally AFTER INSERT OR UPDATE OR DELETE ON funds_disbursement "
            "FOR EACH ROW EXECUTE FUNCTION funds_paid_tally()",
            "CREATE FUNCTION funds_tally() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' THEN {TALLY_INSERT}; ELSIF TG_OP = 'UPDATE' THEN {TALLY_UPDATE}; "
            f"ELSE {TALLY_DELETE}; END IF; RETURN NULL; END $$",
            "CREATE TRIGGER funds_tally AFTER INSERT OR UPDATE OR DELETE ON funds_paidtally "
            "FOR EACH ROW EXECUTE FUNCTION funds_tally()",
        ]
    add, remove = "; ".join(_add("NEW", vendor)), "; ".join(_remove("OLD", vendor))
    return [
        f"CREATE TRIGGER funds_paid_tally_insert AFTER INSERT ON funds_disbursement BEGIN {add}; END",
        f"CREATE TRIGGER funds_paid_tally_delete AFTER DELETE ON funds_disbursement BEGIN {remove}; END",
        f"CREATE TRIGGER funds_paid_tally_update AFTER UPDATE ON funds_disbursement WHEN {_changed(vendor)} "
        f"BEGIN {remove}; {add}; END",
        f"CREATE TRIGGER funds_tally_insert AFTER INSERT ON funds_paidtally BEGIN {TALLY_INSERT}; END",
        f"CREATE TRIGGER funds_tally_update AFTER UPDATE ON funds_paidtally BEGIN {TALLY_UPDATE}; END",
        f"CREATE TRIGGER funds_tally_delete AFTER DELETE ON funds_paidtally BEGIN {TALLY_DELETE}; END",
    ]


def fill(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    fen, year = _fen("d", vendor), _year("d", vendor)
    # A constant in GROUP BY would name a column: the all-years rows group by project alone.
    for by, group in ((year, f", {year}"), ("0", "")):
        schema_editor.execute(
            "INSERT INTO funds_paidtally (project_id, unit_id, year, payments, amount_fen) "
            f"SELECT d.project_id, p.unit_id, {by}, COUNT(*), SUM({fen}) FROM funds_disbursement d "
            f"JOIN projects_project p ON p.id = d.project_id GROUP BY d.project_id, p.unit_id{group}"
        )
    schema_editor.execute(
        "INSERT INTO funds_fundstally (year, unit_id, projects, payments, amount_fen) "
        "SELECT year, unit_id, COUNT(*), SUM(payments), SUM(amount_fen) FROM funds_paidtally GROUP BY year, unit_id"
    )
    for sql in _triggers(vendor):
        schema_editor.execute(sql)
    if vendor == "postgresql":
        # The planner needs the tables' statistics to choose the partial index of the classified
        # projects (projects.project_classified) over a scan; autovacuum keeps them on a server
        # that runs it, and a database filled in bulk may have none yet.
        schema_editor.execute("ANALYZE funds_disbursement, funds_paidtally, funds_fundstally, projects_project")


def unfill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS funds_paid_tally ON funds_disbursement")
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_paid_tally()")
        schema_editor.execute("DROP TRIGGER IF EXISTS funds_tally ON funds_paidtally")
        schema_editor.execute("DROP FUNCTION IF EXISTS funds_tally()")
    else:
        for name in ("paid_tally_insert", "paid_tally_delete", "paid_tally_update",
                     "tally_insert", "tally_update", "tally_delete"):  # fmt: skip
            schema_editor.execute(f"DROP TRIGGER IF EXISTS funds_{name}")
    schema_editor.execute("DELETE FROM funds_paidtally")
    schema_editor.execute("DELETE FROM funds_fundstally")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_password_changed_at'),
        ('funds', '0001_initial'),
        ('projects', '0012_list_at_scale'),
    ]

    operations = [
        migrations.CreateModel(
            name='FundsTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='拨付年度（0：全部年度）')),
                ('projects', models.IntegerField(verbose_name='项目数')),
                ('payments', models.IntegerField(verbose_name='笔数')),
                ('amount_fen', models.BigIntegerField(verbose_name='金额（分）')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name='单位')),
            ],
            options={
                'verbose_name': '资金台账合计',
                'verbose_name_plural': '资金台账合计',
                'constraints': [models.UniqueConstraint(fields=('year', 'unit'), name='funds_tally_one_row_per_unit')],
            },
        ),
        migrations.CreateModel(
            name='PaidTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='拨付年度（0：全部年度）')),
                ('payments', models.IntegerField(verbose_name='笔数')),
                ('amount_fen', models.BigIntegerField(verbose_name='金额（分）')),
                ('project', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='projects.project', verbose_name='项目')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation', verbose_name='单位')),
            ],
            options={
                'verbose_name': '项目拨付合计',
                'verbose_name_plural': '项目拨付合计',
                'indexes': [models.Index(fields=['year', 'unit', 'project'], name='paid_tally_ledger_page')],
                'constraints': [models.UniqueConstraint(fields=('project', 'year'), name='paid_tally_one_row_per_year')],
            },
        ),
        migrations.RunPython(fill, unfill),
    ]
