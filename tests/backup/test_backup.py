"""The backup itself: taken while another connection writes, it is one consistent moment; named in
Beijing time, written whole or not at all, kept as long as asked."""

import os
import sqlite3
import stat
import tarfile
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from tests.backup.conftest import empty_the_database

from govit.accounts import demo as demo_people
from govit.audit.models import AuditEvent, Kind
from govit.audit.services import append
from govit.backup import archive
from govit.backup.services import backup_create, backup_restore

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_taken_while_another_connection_writes_is_one_moment(demo):
    """The writer appends audit events, each moving the chain's head row in the same transaction:
    a copy that mixed two moments would hold a head that is not its last event, or counts that
    differ from the manifest's. The restore checks both (rows per table, then audit_verify)."""
    started = AuditEvent.objects.count()
    stop, written, failures = threading.Event(), [], []

    def write() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    append(kind=Kind.EXPORT, action="export", label=f"并发写入 {len(written)}")
                written.append(1)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        _wait_for(lambda: len(written) >= 20)
        backup = backup_create()
        during = len(written)
        _wait_for(lambda: len(written) >= during + 20)
    finally:
        stop.set()
        writer.join()
    assert failures == []
    head = backup.manifest["database"]["audit_head"]["seq"]
    # Taken in the middle of the writes, not before or after them.
    assert started + 20 <= head < AuditEvent.objects.filter(kind=Kind.EXPORT).latest("seq").seq
    assert backup.manifest["database"]["tables"]["audit_auditevent"] == head
    empty_the_database()
    restored = backup_restore(path=backup.path)
    assert restored.verification.ok, restored.verification.problems
    assert AuditEvent.objects.filter(label__startswith="并发写入").count() == head - started


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer did not write"
        time.sleep(0.01)


def test_the_sqlite_copy_is_one_file_whose_head_is_its_last_event(demo, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's copy")
    backup = backup_create()
    with tarfile.open(backup.path) as tar:
        tar.extract("database.sqlite3", tmp_path, filter="data")
    copy = sqlite3.connect(tmp_path / "database.sqlite3")
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert (
        copy.execute("SELECT seq, hash FROM audit_audithead").fetchone()
        == copy.execute("SELECT seq, hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1").fetchone()
    )
    assert copy.execute("SELECT COUNT(*) FROM accounts_user").fetchone() == (len(demo_people.PEOPLE),)
    copy.close()


def test_it_is_named_in_beijing_time_private_and_leaves_no_partial_file(settings):
    folder = Path(settings.GOVIT_BACKUP_DIR)
    # 17:30 UTC on New Year's Eve is already 01:30 on 1 January in Asia/Shanghai.
    with time_machine.travel("2026-12-31 17:30:05 +0000", tick=False):
        first = backup_create()
        second = backup_create()
    assert first.path == folder / "govit-20270101-013005.tar"
    assert second.path == folder / "govit-20270101-013005_02.tar"
    assert first.manifest["created_at"].startswith("2027-01-01T01:30:05")
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [first.path.name, second.path.name]


def test_a_failed_backup_leaves_nothing_behind(settings, monkeypatch):
    from govit.backup import database

    def broken(folder):
        (folder / "database.sqlite3").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(database, "dump", broken)
    with pytest.raises(OSError, match="disk full"):
        backup_create()
    assert list(Path(settings.GOVIT_BACKUP_DIR).iterdir()) == []
    assert not AuditEvent.objects.filter(kind=Kind.BACKUP).exists()


def test_out_names_the_folder_and_keep_days_removes_only_older_govit_backups(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    names = [
        "govit-20261102-020000.tar",
        "govit-20261103-020001.tar",
        "govit-20261103-020001_02.tar",
        "notes.tar",
    ]
    for name in names:
        (folder / name).write_bytes(b"")
    with time_machine.travel("2026-12-03 02:00:00 +0800", tick=False):
        out = StringIO()
        call_command("backup", "--out", str(folder), "--keep-days", "30", stdout=out)
    # 30 days before 2026-12-03 02:00 is 2026-11-03 02:00: a backup taken then or after is kept.
    assert sorted(p.name for p in folder.iterdir()) == [
        "govit-20261103-020001.tar", "govit-20261103-020001_02.tar", "govit-20261203-020000.tar", "notes.tar"
    ]  # fmt: skip
    assert "已删除过期备份：govit-20261102-020000.tar" in out.getvalue()


def test_keep_days_must_be_positive():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--keep-days 至少为 1"):
        call_command("backup", "--keep-days", "0")


def test_a_document_whose_file_is_lost_is_named_as_a_warning(demo, new_project, before_deadline, settings):
    from tests.fixtures.projects import upload

    from govit.documents.models import Document

    upload(new_project(), demo["jiaowei_unit"], "proposal")
    name = Document.objects.get().file.name
    os.remove(Path(settings.MEDIA_ROOT) / name)
    err = StringIO()
    call_command("backup", stdout=StringIO(), stderr=err)
    assert f"警告：数据库记录的文件 {name} 不在 MEDIA_ROOT 中" in err.getvalue()
    assert AuditEvent.objects.get(kind=Kind.BACKUP).detail["missing_documents"] == [name]


def test_every_file_is_listed_with_its_size_and_sm3(settings):
    media = Path(settings.MEDIA_ROOT) / "documents" / "3"
    media.mkdir(parents=True)
    (media / "abc").write_bytes(b"content")
    backup = backup_create()
    entries = {entry["name"]: entry for entry in backup.manifest["files"]}
    assert entries["media/documents/3/abc"]["size"] == 7
    assert entries["media/documents/3/abc"]["sm3"] == archive.sm3_of(media / "abc")
    with tarfile.open(backup.path) as tar:
        assert sorted(tar.getnames()) == sorted([*entries, archive.MANIFEST])


def test_a_backup_folder_inside_media_root_is_neither_backed_up_nor_moved_by_a_restore(settings):
    media = Path(settings.MEDIA_ROOT)
    settings.GOVIT_BACKUP_DIR = media / "backups"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "abc").write_bytes(b"a document")
    first = backup_create()
    second = backup_create()
    assert [e["name"] for e in second.manifest["files"] if e["name"].startswith("media/")] == [
        "media/documents/abc"
    ]
    empty_the_database()
    backup_restore(path=second.path)
    assert first.path.exists() and second.path.exists()
    assert not list(media.parent.glob("media.before-restore-*"))
