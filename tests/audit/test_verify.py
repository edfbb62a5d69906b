"""audit_verify names each tampering: an edited label, an event deleted in the middle and at the
tail, a project's events all deleted, a person's event changed and the chain recomputed without
the key. It exits non-zero and the audit page shows its result."""

from io import StringIO

import pytest
from cryptography.hazmat.primitives import hashes
from django.core.management import CommandError, call_command
from django.db import connection

from govit.audit import chain
from govit.audit.models import AuditEvent, AuditVerification, Kind
from govit.audit.verify import audit_checkpoint, verify
from govit.projects.models import ProjectEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(new_project, to_listing, before_deadline):
    """A project walked to the list: a dozen project events and record changes in the log."""
    project = to_listing(new_project())
    assert verify()["ok"], verify()["problems"]
    return project


def _delete(where: str, params: list) -> None:
    # As someone with the database's password would: past the application and its PROTECT.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        cursor.execute(where, params)


def _problems() -> list[str]:
    result = verify()
    assert not result["ok"]
    return result["problems"]


def test_an_intact_log_verifies_and_the_command_exits_zero(trail):
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "审计日志完好" in out.getvalue()
    assert AuditVerification.objects.get().ok
    assert chain.read_lines()[0][-1]["seq"] == AuditEvent.objects.order_by("-seq").first().seq


def test_an_edited_label_is_named(trail):
    event = AuditEvent.objects.filter(kind=Kind.PROJECT).order_by("seq")[2]
    AuditEvent.objects.filter(pk=event.pk).update(label="改过的操作名称")
    assert _problems()[0] == f"#{event.seq} 的内容被修改（HMAC-SM3 不符）"
    with pytest.raises(CommandError, match=f"#{event.seq} 的内容被修改"):
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())
    assert not AuditVerification.objects.get().ok


def test_an_edited_label_on_the_timeline_is_named(trail):
    event = ProjectEvent.objects.filter(project=trail).order_by("seq")[1]
    ProjectEvent.objects.filter(pk=event.pk).update(label="改过的操作名称")
    assert _problems() == [
        f"项目操作记录 {event.project_id}#{event.seq} 改过的操作名称 与审计日志不符（被修改）"
    ]


def test_an_event_deleted_in_the_middle_is_named_as_a_missing_range(trail):
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    middle = seqs[len(seqs) // 2]
    _delete("DELETE FROM audit_auditevent WHERE seq = %s", [middle])
    assert _problems()[0] == f"缺失事件 #{middle}–#{middle}"


def test_the_tail_deleted_is_found_by_the_checkpoint(trail):
    audit_checkpoint()
    last = AuditEvent.objects.order_by("-seq").first().seq
    _delete("DELETE FROM audit_auditevent WHERE seq > %s", [last - 3])
    _delete("UPDATE audit_audithead SET seq = %s", [last - 3])  # the head row mended too
    problems = _problems()
    assert problems[0].startswith(f"缺失事件 #{last - 2}–#{last}（检查点")


def test_a_projects_events_all_deleted_are_named(trail):
    logged = list(AuditEvent.objects.filter(project=trail).order_by("seq").values_list("seq", flat=True))
    _delete("DELETE FROM audit_auditevent WHERE project_id = %s", [trail.pk])
    _delete("DELETE FROM projects_projectevent WHERE project_id = %s", [trail.pk])
    problems = _problems()
    assert problems[0].startswith(f"缺失事件 #{logged[0]}–")
    assert len(logged) > 5


def test_a_person_changed_and_the_chain_recomputed_without_the_key_is_named(trail, demo):
    # The forger makes Li the actor of an event and reseals every hash after it — with plain SM3,
    # or any key but GovIT's: the first event they touched is named.
    events = list(AuditEvent.objects.order_by("seq"))
    target = events[3]
    target.actor = demo["bdb"]
    target.actor_name = "bdb"
    prev = events[2].hash
    for event in events[3:]:
        event.prev_hash = prev
        digest = hashes.Hash(hashes.SM3())
        digest.update(chain.payload(event))
        event.hash = prev = digest.finalize().hex()
    AuditEvent.objects.bulk_update(events[3:], ["actor", "actor_name", "prev_hash", "hash"])
    problems = _problems()
    assert problems[0] == f"#{target.seq} 的内容被修改（HMAC-SM3 不符）"


def test_a_forged_checkpoint_line_is_named(trail):
    audit_checkpoint()
    path = chain.checkpoint_file()
    path.write_text(path.read_text().replace('"seq": ', '"seq": 1', 1))
    assert _problems()[0] == "检查点文件第 1 行签名不符（被篡改或用了别的密钥）"


def test_the_tail_deleted_before_any_checkpoint_is_found_by_the_head_row(trail):
    last = AuditEvent.objects.order_by("-seq").first().seq
    _delete("DELETE FROM audit_auditevent WHERE seq > %s", [last - 2])
    assert _problems()[0] == f"缺失事件 #{last - 1}–#{last}（链头记录）"


def test_the_whole_demo_district_verifies(demo):
    call_command("load_demo", stdout=StringIO())
    result = verify()
    assert result["ok"], result["problems"]
    assert AuditEvent.objects.filter(kind=Kind.PROJECT).count() == ProjectEvent.objects.count() > 100
