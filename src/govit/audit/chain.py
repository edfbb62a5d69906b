"""The chain's arithmetic: the key (never in the database), the HMAC-SM3 of an event's every field,
and the signed checkpoint file outside the database that anchors the head (and the pruned head).

A checkpoint file line is one JSON object: {"type": "checkpoint" | "prune", "seq", "hash", "at",
…, "mac"}; its `mac` is the HMAC-SM3 of the rest, so a line cannot be edited or forged either.
"""

import json
import os
import secrets
from datetime import UTC
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings

from govit.audit.models import AuditEvent

CHECKPOINTS = "checkpoints.jsonl"
# Each field of an event, as its hash covers it; `hash` itself is the only one outside.
FIELDS = (
    "seq", "kind", "action", "label", "actor_id", "actor_name", "organisation_id", "role", "address",
    "project_id", "project_event_id", "target_model", "target_pk", "before", "after", "detail", "prev_hash",
)  # fmt: skip


def audit_key() -> bytes:
    """GOVIT_AUDIT_KEY(_FILE); without one (development, tests), a key file made once under var/."""
    if settings.GOVIT_AUDIT_KEY:
        return settings.GOVIT_AUDIT_KEY.encode()
    path = Path(settings.GOVIT_AUDIT_DEV_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once keep the first one's key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def mac(data: bytes) -> str:
    """HMAC-SM3 (GB/T 32905-2016 in RFC 2104's construction)."""
    signer = hmac.HMAC(audit_key(), hashes.SM3())
    signer.update(data)
    return signer.finalize().hex()


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def payload(event: AuditEvent) -> bytes:
    fields = {name: getattr(event, name) for name in FIELDS}
    fields["at"] = event.at.astimezone(UTC).isoformat()  # as stored, whatever zone it came in
    return canonical(fields)


def seal(event: AuditEvent) -> str:
    return mac(payload(event))


def checkpoint_file() -> Path:
    return Path(settings.GOVIT_AUDIT_CHECKPOINT_DIR) / CHECKPOINTS


def append_line(record: dict[str, Any]) -> dict[str, Any]:
    """Sign `record` and append it to the checkpoint file (fsync'd: it is the anchor)."""
    signed = {**record, "mac": mac(canonical(record))}
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(signed, ensure_ascii=False, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return signed


def read_lines() -> tuple[list[dict[str, Any]], list[str]]:
    """The checkpoint file's lines whose signature holds, and a problem for each that does not."""
    path = checkpoint_file()
    if not path.exists():
        return [], []
    good, bad = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            record = json.loads(line)
            signature = record.pop("mac")
        except (ValueError, KeyError, AttributeError):
            bad.append(f"检查点文件第 {number} 行无法读取")
            continue
        if not isinstance(signature, str) or not hmac_equal(signature, mac(canonical(record))):
            bad.append(f"检查点文件第 {number} 行签名不符（被篡改或用了别的密钥）")
            continue
        good.append(record)
    return good, bad


def hmac_equal(left: str, right: str) -> bool:
    return secrets.compare_digest(left, right)
