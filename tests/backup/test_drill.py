"""The monthly restore drill (scripts/restore-drill.sh): the newest backup restored into a scratch
database that was never migrated, with scratch folders; the live database and files untouched."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from tests.backup.conftest import files_under, rows_of_every_table
from tests.fixtures.projects import upload

from govit.backup.services import backup_create

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "restore-drill.sh"


@contextmanager
def scratch_database(tmp_path: Path):
    """A SQLite file not yet created, or a throwaway PostgreSQL database, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'drill.sqlite3'}"
        return
    name = f"govit_drill_{uuid.uuid4().hex[:12]}"
    params = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
        yield f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_drill_restores_the_newest_backup_apart_from_the_live_database(
    demo, new_project, before_deadline, settings, tmp_path
):
    upload(new_project(), demo["jiaowei_unit"], "proposal")
    backup_create()
    newest = backup_create()
    rows, files = rows_of_every_table(), files_under(Path(settings.MEDIA_ROOT))
    drill_tmp = tmp_path / "drill-tmp"
    drill_tmp.mkdir()
    with scratch_database(tmp_path) as url:
        result = subprocess.run(
            [str(SCRIPT)],
            env={
                **os.environ, "GOVIT_BACKUP_DIR": str(newest.path.parent), "DRILL_DATABASE_URL": url,
                "GOVIT": str(Path(sys.executable).parent / "govit"), "TMPDIR": str(drill_tmp),
            },
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"restore drill: {newest.path}" in result.stdout
    assert "审计日志完好" in result.stdout
    assert rows_of_every_table() == rows
    assert files_under(Path(settings.MEDIA_ROOT)) == files
    assert list(drill_tmp.iterdir()) == []


def test_the_drill_fails_when_there_is_no_backup(tmp_path):
    result = subprocess.run(
        [str(SCRIPT)], env={**os.environ, "GOVIT_BACKUP_DIR": str(tmp_path)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "no backup found" in result.stderr
