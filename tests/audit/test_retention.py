"""Retention (网络安全法 第二十一条: at least six months, 183 days): an event is removed only once it
is older than the retention, only after it is exported to a file with its own hash, and the log
stays verifiable after pruning (the pruned head is anchored in the signed checkpoint file)."""

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from django.core.management import CommandError, call_command
from django.utils import timezone

from govit.audit import chain
from govit.audit.models import AuditEvent, Kind
from govit.audit.services import append
from govit.audit.verify import audit_prune, verify

pytestmark = pytest.mark.django_db

# After the demo district's own events (written when the test run began), whatever today is.
T0 = timezone.now().replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def old_and_new(demo, new_project):
    """Events written at T0 (a project and its changes), then one a day later."""
    with time_machine.travel(T0, tick=False):
        new_project()
        old = AuditEvent.objects.count()
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        append(kind=Kind.EXPORT, action="export", label="一天后的导出")
    return old


def _pruned_at(moment: datetime):
    with time_machine.travel(moment, tick=False):
        return audit_prune()


def _written_at_t0() -> int:
    return AuditEvent.objects.filter(at=T0).count()


def test_an_event_182_days_old_is_kept(old_and_new):
    written = _written_at_t0()
    _pruned_at(T0 + timedelta(days=182))
    assert _written_at_t0() == written > 0


def test_an_event_exactly_at_the_limit_is_kept(old_and_new):
    written = _written_at_t0()
    line = _pruned_at(T0 + timedelta(days=183))
    assert _written_at_t0() == written > 0
    assert line is None or line["seq"] < old_and_new  # only the demo district's older events went


def test_an_event_just_over_the_limit_is_exported_then_removed_and_the_log_still_verifies(old_and_new):
    line = _pruned_at(T0 + timedelta(days=183, microseconds=1))
    assert (line["first"], line["seq"]) == (1, old_and_new)
    assert AuditEvent.objects.order_by("seq").first().seq == old_and_new + 1
    export = chain.checkpoint_file().parent / "exports" / line["export"]
    digest = hashes.Hash(hashes.SM3())
    digest.update(export.read_bytes())
    assert digest.finalize().hex() == line["export_sm3"]
    rows = [json.loads(row) for row in export.read_text().splitlines()]
    assert [row["seq"] for row in rows] == list(range(1, old_and_new + 1))
    assert verify()["ok"], verify()["problems"]


def test_events_removed_without_the_prune_anchor_are_a_missing_range(old_and_new):
    AuditEvent.objects.filter(seq__lte=2)._raw_delete("default")
    assert verify()["problems"][0] == "缺失事件 #1–#2"


def test_a_broken_log_is_never_pruned(old_and_new):
    AuditEvent.objects.filter(seq=1).update(label="改过")
    with (
        time_machine.travel(T0 + timedelta(days=400), tick=False),
        pytest.raises(CommandError, match="未清理"),
    ):
        call_command("audit_prune", stdout=StringIO())
    assert AuditEvent.objects.filter(seq=1).exists()
