"""A backup that is not exactly what was written is refused before anything is touched, naming
what is wrong; so is one this code cannot restore."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from tests.backup.conftest import empty_the_database, files_under, rows_of_every_table

from govit.backup import archive, database
from govit.backup.errors import BackupError
from govit.backup.services import backup_create, backup_restore

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = "documents/7/0a1b2c"


@pytest.fixture
def backup(settings):
    """A backup of a just-migrated database (a transactional test starts with one) and a document."""
    path = Path(settings.MEDIA_ROOT) / DOCUMENT
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.7 the FSR")
    taken = backup_create()
    path.write_bytes(b"%PDF-1.7 what is there now")
    return taken.path


@pytest.fixture
def untouched(settings):
    """Asserts, after the test, that the database, the files and the staging folder are as before."""
    rows, files = rows_of_every_table(), files_under(Path(settings.MEDIA_ROOT))
    yield
    assert rows_of_every_table() == rows
    assert files_under(Path(settings.MEDIA_ROOT)) == files
    assert [p.name for p in Path(settings.GOVIT_BACKUP_DIR).iterdir()] == [
        p.name for p in Path(settings.GOVIT_BACKUP_DIR).glob("govit-*.tar")
    ]


def _manifest(data: bytes) -> dict:
    return json.loads(data)


def test_a_changed_document_is_refused_naming_it(backup, rewrite, untouched):
    rewrite(backup, lambda name, data: b"%PDF-1.7 forged" if name == f"media/{DOCUMENT}" else data)
    with pytest.raises(BackupError, match=f"备份被篡改：media/{DOCUMENT} 的 SM3 哈希或大小与清单不符"):
        backup_restore(path=backup)


def test_a_changed_byte_of_the_database_copy_is_refused_naming_it(backup, rewrite, untouched):
    name = database.FILES[connection.vendor]

    def flip(member: str, data: bytes) -> bytes:
        return data[:-100] + bytes([data[-100] ^ 1]) + data[-99:] if member == name else data

    rewrite(backup, flip)
    with pytest.raises(BackupError, match=f"备份被篡改：{name} 的 SM3"):
        backup_restore(path=backup)


def test_a_manifest_edited_to_match_a_forged_file_is_refused_by_its_signature(backup, rewrite, untouched):
    forged = b"%PDF-1.7 forged"

    def forge(name: str, data: bytes) -> bytes:
        if name == f"media/{DOCUMENT}":
            return forged
        if name == archive.MANIFEST:
            manifest = _manifest(data)
            for entry in manifest["files"]:
                if entry["name"] == f"media/{DOCUMENT}":
                    # The right hash of the forged file: only the signature can tell.
                    entry["size"], entry["sm3"] = len(forged), _sm3(forged)
            return json.dumps(manifest).encode()
        return data

    rewrite(backup, forge)
    with pytest.raises(BackupError, match="备份被篡改：manifest.json 的签名（HMAC-SM3）不符"):
        backup_restore(path=backup)


def _sm3(data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def test_a_backup_signed_with_another_audit_key_is_refused(backup, settings, untouched):
    settings.GOVIT_AUDIT_KEY = "another installation's key"
    with pytest.raises(BackupError, match="manifest.json 的签名"):
        backup_restore(path=backup)


@pytest.mark.parametrize("name", ["media/documents/7/extra", "../outside", "/etc/cron.d/govit"])
def test_a_file_the_manifest_does_not_list_is_refused_naming_it(backup, rewrite, untouched, name):
    rewrite(backup, lambda member, data: data, extra={name: b"more"})
    with pytest.raises(BackupError, match="不在签名的清单中"):
        backup_restore(path=backup)


def test_a_listed_file_missing_from_the_archive_is_refused_naming_it(backup, rewrite, untouched):
    rewrite(backup, lambda name, data: None if name == f"media/{DOCUMENT}" else data)
    with pytest.raises(BackupError, match=f"备份不完整：缺少 media/{DOCUMENT}"):
        backup_restore(path=backup)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, untouched):
    other = tmp_path / "backups" / "govit-20261203-010000.tar"
    other.parent.mkdir(exist_ok=True)
    other.write_bytes(b"not a tar at all")
    with pytest.raises(BackupError, match="无法读取备份"):
        backup_restore(path=other)


def _resigned(backup: Path, rewrite, change) -> None:
    # As a newer GovIT (or the other engine) would have written and signed it with this key.
    def edit(name: str, data: bytes) -> bytes:
        if name != archive.MANIFEST:
            return data
        manifest = _manifest(data)
        change(manifest)
        return json.dumps(archive.sign(manifest)).encode()

    rewrite(backup, edit)


def test_a_backup_of_a_newer_govit_is_refused_naming_the_migration(backup, rewrite, untouched):
    _resigned(backup, rewrite, lambda m: m["database"]["migrations"].append("projects.9999_from_the_future"))
    with pytest.raises(BackupError, match="含本版本没有的迁移 projects.9999_from_the_future"):
        backup_restore(path=backup)


def test_a_backup_of_the_other_database_engine_is_refused(backup, rewrite, untouched):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _resigned(backup, rewrite, lambda m: m["database"].update(engine=other))
    with pytest.raises(BackupError, match="只能恢复到同一种数据库"):
        backup_restore(path=backup)


def test_the_command_exits_non_zero_naming_the_tampered_file(backup, rewrite, tmp_path):
    rewrite(backup, lambda name, data: b"forged" if name == f"media/{DOCUMENT}" else data)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
        "GOVIT_BACKUP_DIR": str(tmp_path / "scratch-backups"),
        "MEDIA_ROOT": str(tmp_path / "scratch-media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "govit", "manage", "restore", str(backup)],
        env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"media/{DOCUMENT}" in result.stderr
    assert not (tmp_path / "scratch-media").exists()


def test_a_backup_of_an_older_govit_is_restored_and_migrated(backup, rewrite, tmp_path):
    """A backup taken before this code's last migration: restored, then that migration applied."""
    if connection.vendor != "sqlite":
        pytest.skip("edits the SQLite copy in the archive")
    last = "audit.0004_backup_and_restore_kinds"
    copy = tmp_path / "older.sqlite3"
    edited: dict[str, bytes] = {}

    def older(name: str, data: bytes) -> bytes:
        if name == "database.sqlite3":
            copy.write_bytes(data)
            with sqlite3.connect(copy) as db:
                db.execute(
                    "DELETE FROM django_migrations WHERE app = 'audit' AND name = ?", [last.split(".")[1]]
                )
            db.close()
            edited[name] = copy.read_bytes()
            return edited[name]
        if name == archive.MANIFEST:
            manifest = _manifest(data)
            manifest["database"]["migrations"].remove(last)
            manifest["database"]["tables"]["django_migrations"] -= 1
            for entry in manifest["files"]:
                if entry["name"] == "database.sqlite3":
                    entry["size"], entry["sm3"] = (
                        len(edited["database.sqlite3"]),
                        _sm3(edited["database.sqlite3"]),
                    )
            return json.dumps(archive.sign(manifest)).encode()
        return data

    rewrite(backup, older)
    empty_the_database()  # of the backup's own event
    restored = backup_restore(path=backup)
    assert restored.migrated == [last]
    assert MigrationRecorder(connection).migration_qs.filter(app="audit", name=last.split(".")[1]).exists()
    assert restored.verification.ok, restored.verification.problems
