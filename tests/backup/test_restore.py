"""A backup brought back: the rows, the files and the audit log exactly as when it was taken; into
a database with GovIT's data nothing is restored."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tests.backup.conftest import empty_the_database, files_under, rows_of_every_table
from tests.fixtures.projects import upload

from govit.accounts import demo as demo_people
from govit.accounts.models import Organisation
from govit.audit import chain
from govit.audit.models import AuditEvent, Kind
from govit.audit.verify import verify
from govit.backup import archive
from govit.backup.errors import BackupError
from govit.backup.services import backup_create, backup_restore
from govit.documents.models import Document
from govit.projects.models import Project, ProjectEvent

pytestmark = pytest.mark.django_db(transaction=True)

# Written by the restore itself (its event, the chain's head, the verification): compared apart.
AUDIT_STATE = {"audit_auditevent", "audit_audithead", "audit_auditverification"}


@pytest.fixture
def district(demo, new_project, before_deadline) -> Project:
    """The demo district with a project of 区教委 and two of its documents."""
    project = new_project()
    upload(project, demo["jiaowei_unit"], "proposal", name="建议书.pdf")
    upload(project, demo["jiaowei_unit"], "minutes", name="纪要.pdf")
    return project


def test_a_restore_brings_back_every_row_and_file_and_the_audit_log_verifies(
    district, demo, new_project, settings
):
    media = Path(settings.MEDIA_ROOT)
    rows, files = rows_of_every_table(), files_under(media)
    backup = backup_create()
    head = backup.manifest["database"]["audit_head"]
    assert head["seq"] == AuditEvent.objects.filter(kind=Kind.PROJECT).latest("seq").seq

    # Then things change: a project and its event, a changed row, a document's file lost, a new one.
    later = new_project(name="渝中区智慧停车管理平台")
    organisation = demo.org("jiaowei")
    organisation.short_name = "教委（改）"
    organisation.save()
    lost = media / Document.objects.get(kind="proposal").file.name
    lost.unlink()
    upload(later, demo["jiaowei_unit"], "proposal", name="停车.pdf")
    empty_the_database()

    restored = backup_restore(path=backup.path)

    after = rows_of_every_table()
    assert {t: r for t, r in after.items() if t not in AUDIT_STATE} == {
        t: r for t, r in rows.items() if t not in AUDIT_STATE
    }
    assert set(rows["audit_auditevent"]) < set(after["audit_auditevent"])
    new_events = AuditEvent.objects.filter(seq__gt=head["seq"])
    assert [(e.seq, e.kind, e.label) for e in new_events.order_by("seq")] == [
        (head["seq"] + 1, Kind.RESTORE, f"恢复备份：{backup.path.name}")
    ]
    assert new_events.get().prev_hash == head["hash"]
    assert files_under(media) == files
    assert lost.exists()
    # The file uploaded after the backup was moved aside, not deleted.
    (aside,) = restored.moved_aside
    assert aside.name.startswith("media.before-restore-") and restored.moved_aside[aside] == 1
    assert not Project.objects.filter(name="渝中区智慧停车管理平台").exists()
    assert Organisation.objects.get(code="jiaowei").short_name != "教委（改）"
    assert restored.verification.ok, restored.verification.problems
    assert verify()["ok"]
    # GovIT goes on where the backup left it: new rows take new keys (PostgreSQL's sequences too).
    again = new_project(name="渝中区智慧停车管理平台")
    assert again.pk == later.pk and ProjectEvent.objects.filter(project=again).exists()
    assert verify()["ok"]


def test_backup_and_restore_are_each_an_audit_event(district):
    backup = backup_create()
    event = AuditEvent.objects.latest("seq")
    assert (event.kind, event.action, event.label) == (Kind.BACKUP, "backup", f"备份：{backup.path.name}")
    assert event.detail["sm3"] == archive.sm3_of(backup.path)
    assert event.detail["audit_head"] == backup.manifest["database"]["audit_head"]
    assert event.detail["size"] == backup.path.stat().st_size
    empty_the_database()
    call_command("restore", str(backup.path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    event = AuditEvent.objects.latest("seq")
    assert (event.kind, event.action) == (Kind.RESTORE, "restore")
    assert event.detail["created_at"] == backup.manifest["created_at"]
    assert event.detail["audit_head"] == backup.manifest["database"]["audit_head"]


def test_a_restore_into_a_database_with_govit_data_is_refused_and_changes_nothing(district, settings):
    backup = backup_create()
    Path(settings.MEDIA_ROOT, "documents", "stray.pdf").write_bytes(b"stray")
    rows, files = rows_of_every_table(), files_under(Path(settings.MEDIA_ROOT))
    checkpoints = chain.checkpoint_file().read_bytes() if chain.checkpoint_file().exists() else None
    with pytest.raises(
        CommandError,
        match=rf"目标数据库已有 GovIT 数据（projects_project 1 行、accounts_user {len(demo_people.PEOPLE)} 行、"
        rf"accounts_organisation {len(demo_people.ORGANISATIONS)} 行、documents_document 2 行等 \d+ 张表）",
    ):
        call_command("restore", str(backup.path))
    assert rows_of_every_table() == rows
    assert files_under(Path(settings.MEDIA_ROOT)) == files
    assert (chain.checkpoint_file().read_bytes() if chain.checkpoint_file().exists() else None) == checkpoints
    assert list(Path(settings.GOVIT_BACKUP_DIR).iterdir()) == [backup.path]


def test_one_audit_event_is_govit_data_though_the_calendar_seeded_by_migrate_is_not():
    backup = backup_create()
    empty_the_database()  # the backup's own event is data too
    AuditEvent.objects.create(
        seq=10_000, kind=Kind.LOGIN_FAILED, action="login_failed", label="登录失败", at=timezone.now()
    )
    with pytest.raises(BackupError, match=r"目标数据库已有 GovIT 数据（audit_auditevent 1 行）"):
        backup_restore(path=backup.path)


def test_a_restore_replaces_a_checkpoint_file_that_names_events_after_the_backup(district, new_project):
    backup = backup_create()
    new_project(name="备份之后的项目")
    call_command("audit_verify", stdout=open("/dev/null", "w"))  # noqa: SIM115 - a checkpoint past the backup
    later = chain.read_lines()[0][-1]
    empty_the_database()
    restored = backup_restore(path=backup.path)
    assert restored.verification.ok, restored.verification.problems
    event = AuditEvent.objects.get(kind=Kind.RESTORE)
    assert event.detail["replaced_checkpoint_head"]["seq"] == later["seq"]
    aside = chain.checkpoint_file().parent.with_name(
        next(folder.name for folder in restored.moved_aside if folder.name.startswith("audit."))
    )
    kept = [json.loads(line) for line in (aside / chain.CHECKPOINTS).read_text().splitlines()]
    assert kept[-1]["seq"] == later["seq"]
