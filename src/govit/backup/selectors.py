"""What a backup says about a database, read from the very snapshot it copies; and whether a
database about to be restored into already holds GovIT's data.

The facts are read through a plain DB-API cursor — of the SQLite copy itself, or of the PostgreSQL
transaction whose snapshot pg_dump was given — so they describe exactly what the backup holds,
whatever other connections wrote meanwhile.
"""

from typing import Any

from django.apps import apps
from django.db import connection

# `migrate` fills these apps' tables by itself: the holiday calendar's seed, and the audit log's
# record of that seed (holidays/apps.py). A database holding only these is still empty.
SEEDED_APPS = {"holidays", "audit"}
SEED_EVENTS = "holidays.%"


def quoted(table: str) -> str:
    # Table names come from the database's own catalogue, never from input.
    return '"' + table.replace('"', '""') + '"'


def table_names(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # noqa: S608 - a catalogue name
        counts[table] = cursor.fetchone()[0]
    return counts


def snapshot_facts(cursor: Any, vendor: str) -> dict[str, Any]:
    """Rows per table, the migrations applied, the audit chain's head, the documents' files."""
    tables = table_names(cursor, vendor)
    facts: dict[str, Any] = {"tables": row_counts(cursor, tables), "migrations": [], "audit_head": None}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        facts["migrations"] = [f"{app}.{name}" for app, name in cursor.fetchall()]
    if "audit_auditevent" in tables:
        cursor.execute("SELECT seq, hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1")
        head = cursor.fetchone()
        facts["audit_head"] = {"seq": head[0], "hash": head[1]} if head else None
    facts["document_files"] = []
    if "documents_document" in tables:
        cursor.execute("SELECT file FROM documents_document ORDER BY id")
        facts["document_files"] = [row[0] for row in cursor.fetchall()]
    return facts


def live_facts() -> dict[str, Any]:
    """The same facts of the database GovIT is connected to."""
    with connection.cursor() as cursor:
        return snapshot_facts(cursor, connection.vendor)


def govit_data() -> dict[str, int]:
    """The tables of GovIT's own apps that hold rows a person put there, with their row counts;
    empty for a database never migrated or only migrated."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("govit.") and config.label not in SEEDED_APPS
        for model in config.get_models(include_auto_created=True)
    } & existing
    found = {}
    with connection.cursor() as cursor:
        for table, rows in row_counts(cursor, sorted(tables)).items():
            if rows:
                found[table] = rows
        if "audit_auditevent" in existing:
            cursor.execute(
                "SELECT COUNT(*) FROM audit_auditevent WHERE target_model NOT LIKE %s", [SEED_EVENTS]
            )
            rows = cursor.fetchone()[0]
            if rows:
                found["audit_auditevent"] = rows
    return found
