"""Backups and restores of the test database, with their files in the test's own folders."""

import io
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from govit.backup import selectors


@pytest.fixture(autouse=True)
def folders_in_tmp(settings, tmp_path) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    settings.GOVIT_BACKUP_DIR = tmp_path / "backups"


def empty_the_database() -> None:
    """What an operator restores into: a database just migrated (the calendar's seed in it)."""
    call_command("flush", interactive=False, verbosity=0)


def rows_of_every_table() -> dict[str, list[str]]:
    """Every row of every table, in a stable order, as text."""
    found = {}
    with connection.cursor() as cursor:
        for table in selectors.table_names(cursor, connection.vendor):
            cursor.execute(f"SELECT * FROM {selectors.quoted(table)}")
            found[table] = sorted(repr(row) for row in cursor.fetchall())
    return found


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def rewrite() -> Callable[..., None]:
    """`rewrite(archive, change)` rewrites the archive with `change(name, data)` applied to each
    member (returning new data, or None to drop it), as someone with the file but not the key could."""

    def run(
        archive: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
    ):
        with tarfile.open(archive) as tar:
            members = [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]
        with tarfile.open(archive, "w") as tar:
            for name, data in [*members, *(extra or {}).items()]:
                data = change(name, data)
                if data is None:
                    continue
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

    return run
