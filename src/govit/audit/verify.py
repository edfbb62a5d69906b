"""Checking the log, anchoring its head outside the database, and pruning what is past retention.

audit_verify, step by step:
1. read the checkpoint file; a line whose signature fails is a problem; the last prune line says
   where the log must now begin (its seq and hash);
2. walk the events in seq order (in chunks, never all in memory): a gap in seq is a missing range,
   a prev_hash that is not the previous event's hash a broken link, a hash that is not the
   HMAC-SM3 of the event's fields a changed event;
3. the head row and every checkpoint must match an event (a checkpoint beyond the last event: the
   tail was deleted);
4. each project event (the timeline the pages show) must equal the one the log holds;
5. the result is saved for the audit administrator's page and, when the log is whole, a checkpoint
   of its head is written.
"""

from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govit.audit import chain
from govit.audit.models import AuditEvent, AuditHead, AuditVerification, Kind
from govit.audit.services import project_event_values
from govit.projects.models import ProjectEvent

CHUNK = 2000
MISSING = "缺失事件 #{first}–#{last}"
BROKEN = "#{seq} 与前一事件的链接断开（前一哈希不符）"
CHANGED = "#{seq} 的内容被修改（HMAC-SM3 不符）"


def _walk(start_seq: int, start_hash: str, wanted: set[int]) -> tuple[list[str], int, int | None, dict]:
    problems: list[str] = []
    expected, prev, count, last = start_seq, start_hash, 0, None
    hashes: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=CHUNK):
        count += 1
        if event.seq > expected:
            problems.append(MISSING.format(first=expected, last=event.seq - 1))
        elif event.seq < expected:
            problems.append(f"#{event.seq} 在已归档并清理的范围内（应从 #{expected} 开始）")
        elif event.prev_hash != prev:
            problems.append(BROKEN.format(seq=event.seq))
        if not chain.hmac_equal(chain.seal(event), event.hash):
            problems.append(CHANGED.format(seq=event.seq))
        if event.seq in wanted:
            hashes[event.seq] = event.hash
        prev, expected, last = event.hash, event.seq + 1, event.seq
    return problems, count, last, hashes


def _project_events(pruned_up_to: int) -> list[str]:
    """Step 4: the timeline rows against the log's copies of them."""
    problems = []
    logged = dict(
        AuditEvent.objects.filter(kind=Kind.PROJECT).values_list("project_event_id", "after").iterator()
    )
    for event in ProjectEvent.objects.order_by("pk").iterator(chunk_size=CHUNK):
        copy = logged.pop(event.pk, None)
        if copy is None:
            if event.pk > pruned_up_to:
                problems.append(f"项目操作记录 {event} 不在审计日志中")
        elif chain.canonical(copy) != chain.canonical(project_event_values(event)):
            problems.append(f"项目操作记录 {event} 与审计日志不符（被修改）")
    problems.extend(f"项目操作记录 #{pk} 已被删除" for pk in logged)
    return problems


def verify() -> dict[str, Any]:
    """The whole log and its checkpoints checked; the problems, first broken link first."""
    lines, problems = chain.read_lines()
    prunes = [line for line in lines if line.get("type") == "prune"]
    last_prune = max(prunes, key=lambda line: line["seq"], default=None)
    start_seq, start_hash = (last_prune["seq"] + 1, last_prune["hash"]) if last_prune else (1, "")
    checkpoints = [line for line in lines if line.get("type") == "checkpoint" and line["seq"] >= start_seq]
    walked, count, last, hashes = _walk(start_seq, start_hash, {line["seq"] for line in checkpoints})
    problems.extend(walked)
    for line in sorted(checkpoints, key=lambda line: line["seq"]):
        if last is None or line["seq"] > last:
            first = (last or start_seq - 1) + 1
            problems.append(
                MISSING.format(first=first, last=line["seq"]) + f"（检查点 {line['at']} 记录的链头）"
            )
            break
        if line["seq"] in hashes and hashes[line["seq"]] != line["hash"]:
            problems.append(f"#{line['seq']} 与检查点 {line['at']} 记录的哈希不符")
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and last is not None and head.seq > last:
        problems.append(MISSING.format(first=last + 1, last=head.seq) + "（链头记录）")
    problems.extend(_project_events(last_prune.get("project_event_max", 0) if last_prune else 0))
    return {"ok": not problems, "events": count, "last_seq": last, "problems": problems}


def audit_verify() -> AuditVerification:
    """Verify, keep the result, and anchor the head when the log is whole."""
    result = verify()
    if result["ok"] and result["last_seq"] is not None:
        audit_checkpoint()
    return AuditVerification.objects.create(at=timezone.now(), **result)


def audit_checkpoint() -> dict[str, Any] | None:
    """Append the head (seq, hash) to the signed checkpoint file; None while the log is empty."""
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    if head is None:
        return None
    return chain.append_line({"type": "checkpoint", "at": timezone.now().isoformat(), **head})


def retention_cutoff() -> Any:
    """Events older than this may be removed; an event exactly at it is kept."""
    return timezone.now() - timedelta(days=settings.GOVIT_AUDIT_RETENTION_DAYS)


@transaction.atomic
def audit_prune() -> dict[str, Any] | None:
    """Steps: the oldest run of events past retention is written to an export file with its own
    SM3 hash, a signed prune line (its last seq and hash, the file and its hash) anchors where the
    log now begins, and only then are those events deleted. None when nothing is past retention."""
    cutoff = retention_cutoff()
    keep = AuditEvent.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if keep is not None:
        old = old.filter(seq__lt=keep)
    last = old.order_by("-seq").first()
    if last is None:
        return None
    first = old.order_by("seq").values_list("seq", flat=True).first()
    folder = chain.checkpoint_file().parent / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"audit-{first:09d}-{last.seq:09d}.jsonl"
    digest = _export(old.order_by("seq"), path)
    line = chain.append_line({
        "type": "prune", "at": timezone.now().isoformat(), "seq": last.seq, "hash": last.hash,
        "first": first, "export": path.name, "export_sm3": digest,
        "project_event_max": max(old.exclude(project_event=None).values_list("project_event_id", flat=True), default=0),
    })  # fmt: skip
    old._raw_delete(old.db)  # the one deletion of the log, past retention and exported
    return line


def _export(events: Any, path: Any) -> str:
    digest = hashes.Hash(hashes.SM3())
    with path.open("wb") as out:
        for event in events.iterator(chunk_size=CHUNK):
            row = chain.payload(event)[:-1] + b',"hash":"' + event.hash.encode() + b'"}\n'
            out.write(row)
            digest.update(row)
    return digest.finalize().hex()
