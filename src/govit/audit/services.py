"""Writing the audit log: one function appends an event to the chain; the others say what it is.

`append` locks the chain's head row (one row, AuditHead), seals the event with HMAC-SM3 over its
every field and the head's hash, and moves the head on — in the caller's transaction, so the
event commits or rolls back with what it records, and two writers queue on the head instead of
forking the chain. It never reads the chain itself.
"""

import json
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from govit.audit import chain
from govit.audit.context import current_request, request_address, request_person
from govit.audit.models import AuditEvent, AuditHead, Kind


def _head() -> tuple[int, str]:
    """The chain's head (seq, hash), with the head row locked until the caller's transaction ends.

    The row is the lock two writers queue on; the last event is read by its unique index (one
    row, never the chain). Whichever is further on is the head: rows loaded in bulk (a restore,
    the test fixtures) leave the row behind, and a deleted tail leaves the row ahead, so the next
    event keeps the gap in sight instead of closing it."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.bulk_create([AuditHead(pk=1, seq=0, hash="")], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is not None and last[0] >= head.seq:
        return last
    return head.seq, head.hash


def _event(*, seq: int, prev_hash: str, kind: str, action: str, label: str, actor: Any, actor_name: str,
           address: str | None, **fields: Any) -> AuditEvent:  # fmt: skip
    event = AuditEvent(
        seq=seq,
        kind=kind,
        action=action[:60],
        label=label[:200],
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
        organisation_id=getattr(actor, "organisation_id", None),
        role=getattr(actor, "roles", "") or "",
        at=timezone.now(),
        address=address,
        project_id=fields.get("project_id"),
        project_event_id=fields.get("project_event_id"),
        target_model=fields.get("target_model", ""),
        target_pk=fields.get("target_pk", ""),
        before=_plain(fields.get("before")),
        after=_plain(fields.get("after")),
        detail=_plain(fields.get("detail") or {}),
        prev_hash=prev_hash,
    )
    event.hash = chain.seal(event)
    return event


def append(
    *,
    kind: str,
    action: str,
    label: str,
    actor: Any = None,
    actor_name: str = "",
    address: str | None = None,
    project_id: int | None = None,
    project_event_id: int | None = None,
    target_model: str = "",
    target_pk: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; without `actor`/`address`, those of the request being served."""
    request = current_request.get()
    if actor is None:
        actor = request_person(request)
    if address is None:
        address = request_address(request)
    # No savepoint of its own: within the caller's transaction, an event that fails to be written
    # fails the whole of it (nothing commits unaudited), and a write costs two statements fewer.
    with transaction.atomic(savepoint=False):
        head_seq, head_hash = _head()
        event = _event(
            seq=head_seq + 1, prev_hash=head_hash, kind=kind, action=action, label=label, actor=actor,
            actor_name=actor_name, address=address, project_id=project_id, project_event_id=project_event_id,
            target_model=target_model, target_pk=target_pk, before=before, after=after, detail=detail,
        )  # fmt: skip
        event.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


def append_project_events(events: list[Any]) -> list[AuditEvent]:
    """Many project events at once (an import): the head locked once, each sealed on the one before
    it as `append` seals it, written in one statement, the head moved once."""
    if not events:
        return []
    address = request_address(current_request.get())
    with transaction.atomic(savepoint=False):
        seq, prev = _head()
        written = []
        for event in events:
            seq += 1
            sealed = _event(
                seq=seq, prev_hash=prev, actor=event.actor, actor_name="", address=address, **_of_project_event(event)
            )  # fmt: skip
            written.append(sealed)
            prev = sealed.hash
        AuditEvent.objects.bulk_create(written, batch_size=500)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return written


def _plain(value: Any) -> Any:
    # As the database gives it back (dates as text, tuples as lists…), so the hash sealed now is
    # the hash audit_verify computes from the row.
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_login(*, user: Any, request: Any) -> AuditEvent:
    return append(kind=Kind.LOGIN, action="login", label="登录", actor=user, address=request_address(request))


def audit_logout(*, user: Any, request: Any) -> AuditEvent:
    return append(
        kind=Kind.LOGOUT, action="logout", label="退出", actor=user, address=request_address(request)
    )


def audit_login_failed(*, username: str, request: Any) -> AuditEvent:
    """A failed login: the username tried and the address, never the password."""
    return append(
        kind=Kind.LOGIN_FAILED, action="login_failed", label="登录失败",
        actor_name=username, address=request_address(request),
    )  # fmt: skip


def audit_account(
    *,
    action: str,
    label: str,
    user: Any = None,
    username: str = "",
    actor: Any = None,
    request: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Something done to an account's security: a lockout, a password changed or reset, a second
    factor added or removed, a token issued or revoked, a role grant proposed or decided. `user` is
    the account concerned (in `detail`); `actor` who did it (the request's person by default)."""
    concerned = {"username": user.get_username() if user is not None else username}
    if user is not None:
        concerned["user_id"] = user.pk
    return append(
        kind=Kind.ACCOUNT, action=action, label=label, actor=actor, actor_name=concerned["username"],
        address=request_address(request) if request is not None else None,
        target_model="accounts.user" if user is not None else "", target_pk=str(user.pk) if user is not None else "",
        detail={**concerned, **(detail or {})},
    )  # fmt: skip


def audit_export(*, user: Any, label: str, filename: str, detail: dict[str, Any] | None = None) -> AuditEvent:
    """A workbook or document GovIT wrote and handed out (xlsx, docx)."""
    return append(
        kind=Kind.EXPORT, action="export", label=label, actor=user,
        detail={"filename": filename, **(detail or {})},
    )  # fmt: skip


def audit_download(*, user: Any, document: Any) -> AuditEvent:
    """A project's uploaded document, handed out."""
    return append(
        kind=Kind.DOWNLOAD, action="download", label=f"下载文件：{document.original_name}", actor=user,
        project_id=document.project_id, target_model=document._meta.label_lower, target_pk=str(document.pk),
        detail={"filename": document.original_name},
    )  # fmt: skip


def audit_project_event(*, event: Any) -> AuditEvent:
    """A project's event (its timeline row): every field of it, in the log's own chain."""
    return append(actor=event.actor, **_of_project_event(event))


def _of_project_event(event: Any) -> dict[str, Any]:
    """What the log records of a project's event, one at a time or many at once."""
    return {
        "kind": Kind.PROJECT, "action": event.action, "label": event.label, "project_id": event.project_id,
        "project_event_id": event.pk, "target_model": event._meta.label_lower, "target_pk": str(event.pk),
        "after": project_event_values(event),
    }  # fmt: skip


def project_event_values(event: Any) -> dict[str, Any]:
    """A project event's fields as the log keeps them; audit_verify compares the row with them."""
    return {
        "project": event.project_id, "seq": event.seq, "action": event.action, "label": event.label,
        "from_state": event.from_state, "to_state": event.to_state, "actor": event.actor_id,
        "organisation": event.organisation_id, "role": event.role, "at": event.at.astimezone(UTC).isoformat(),
        "inputs": event.inputs, "article": event.article, "clause": event.clause,
        "policy_id": event.policy_id, "prev_hash": event.prev_hash, "hash": event.hash,
    }  # fmt: skip


def audit_project_export(*, user: Any, project: Any, label: str, filename: str) -> AuditEvent:
    """A document about one project GovIT wrote and handed out (the 申报表 docx): an export on the
    project, so it is withheld with the project's other events where the project is (第二十七条)."""
    return append(
        kind=Kind.EXPORT, action="export", label=label, actor=user, project_id=project.pk,
        detail={"filename": filename, "project": project.pk},
    )  # fmt: skip
