"""第二十七条 (R6.2) in the database itself: whatever writes the row, a classified project gets no
document and none of the free text of its records (the project's own row is held by the CHECK
constraint `project_classified_keeps_no_free_text`). Triggers, on SQLite and PostgreSQL alike,
because a CHECK constraint cannot look at another table's row."""

from django.db import migrations

REFUSAL = "classified project (article 27): GovIT keeps no documents or free text for it"

# (trigger name, table, the columns that must stay empty; none: no row at all)
GUARDED = (
    ("classified_no_document", "documents_document", ()),
    ("classified_no_proposal_text", "projects_proposal",
     ("purpose", "necessity", "requirements", "plan", "investment")),
    ("classified_no_group_comment", "approvals_leadinggroupdecision", ("comment",)),
    ("classified_no_review_opinion", "experts_expertreview", ("opinion",)),
    ("classified_no_change_text", "construction_changerequest", ("description",)),
    ("classified_no_incident_text", "operation_incident", ("description", "resolution")),
    ("classified_no_evaluation_text", "operation_evaluation", ("conclusion",)),
    ("classified_no_security_text", "operation_securityassessment", ("findings", "rectification")),
    ("classified_no_compliance_text", "acceptance_compliancecheck",
     ("cloud_finding", "sharing_finding", "integration_finding")),
)  # fmt: skip

CLASSIFIED = "EXISTS (SELECT 1 FROM projects_project p WHERE p.id = NEW.project_id AND p.classified_at IS NOT NULL)"


def _text(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"COALESCE(NEW.{c}, '') <> ''" for c in columns) if columns else "1 = 1"


def _sqlite(name: str, table: str, columns: tuple[str, ...]) -> list[str]:
    events = ["INSERT"] if not columns else ["INSERT", "UPDATE"]
    return [
        f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN {CLASSIFIED} AND ({_text(columns)}) "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for event in events
    ]


def _postgres(name: str, table: str, columns: tuple[str, ...]) -> list[str]:
    events = "INSERT" if not columns else "INSERT OR UPDATE"
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF {CLASSIFIED} AND ({_text(columns)}) THEN "
        f"RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$",
        f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name, table, columns in GUARDED:
        statements = _postgres(name, table, columns) if vendor == "postgresql" else _sqlite(name, table, columns)
        for sql in statements:
            schema_editor.execute(sql)


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name, table, columns in GUARDED:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_classified_projects"),
        # After every change of the guarded tables: SQLite rebuilds a table to alter it, which would
        # drop its triggers (and fails on a trigger naming a table it is rebuilding).
        ("documents", "0002_content_type_determined"),
        ("approvals", "0003_text_length_limits"),
        ("experts", "0002_text_length_limits"),
        ("construction", "0003_text_length_limits"),
        ("operation", "0002_text_length_limits"),
        ("acceptance", "0002_text_length_limits"),
        ("reminders", "0002_text_length_limits"),
    ]

    operations = [migrations.RunPython(create, drop)]
