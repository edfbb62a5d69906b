"""SQLite's copy goes through the connection, never the file's path: an in-memory database (as
Django's test runner may make) is backed up and restored the same way as a file."""

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from govit.backup import database


def _in_memory() -> DatabaseWrapper:
    return DatabaseWrapper({**connection.settings_dict, "NAME": ":memory:"}, alias="backup-memory")


@pytest.mark.django_db
def test_an_in_memory_database_is_copied_and_restored_through_its_connection(monkeypatch, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    source = _in_memory()
    source.ensure_connection()
    source.connection.executescript(
        "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT);"
        "INSERT INTO django_migrations (app, name) VALUES ('projects', '0001_initial');"
        "CREATE TABLE projects_project (id INTEGER PRIMARY KEY, name TEXT);"
        "INSERT INTO projects_project (name) VALUES ('渝中区智慧教育管理平台'), ('校园一卡通');"
    )
    monkeypatch.setattr(database, "connection", source)
    name, facts = database.dump(tmp_path)
    assert facts["tables"] == {"django_migrations": 1, "projects_project": 2}
    assert facts["migrations"] == ["projects.0001_initial"]

    target = _in_memory()
    monkeypatch.setattr(database, "connection", target)
    database.load(tmp_path / name, "sqlite")
    # Closing an in-memory database would lose it; Django ignores the close, the rows are there.
    rows = target.connection.execute("SELECT name FROM projects_project ORDER BY id").fetchall()
    assert rows == [("渝中区智慧教育管理平台",), ("校园一卡通",)]
    source.close()
