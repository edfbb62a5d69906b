"""Writing a project's events, its timeline (R0.2, R9.5). Each is also appended, with every field,
to the system's one audit log (govit.audit), whose keyed chain is what proves it; the per-project
SM3 chain here stays as the timeline's own check."""

import json
from datetime import UTC
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.db.models import Max, Q

from govit import clock
from govit.accounts.models import User
from govit.audit.services import append_project_events, audit_project_event
from govit.projects.models import Project, ProjectEvent


def sm3_hex(data: bytes) -> str:
    """SM3 (GB/T 32905-2016), the national standard hash."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _payload(event: ProjectEvent) -> bytes:
    # Everything that says what happened, in a fixed order; the hash covers it and the previous hash.
    fields = {
        "project": event.project_id,
        "seq": event.seq,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "actor": event.actor_id,
        "organisation": event.organisation_id,
        "role": event.role,
        "at": event.at.astimezone(UTC).isoformat(),  # as stored, whatever zone it came in
        "inputs": event.inputs,
        "article": event.article,
        "clause": event.clause,
        "policy": event.policy_id,
        "prev": event.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def record_event(
    *,
    project: Project,
    actor: User,
    role: str,
    action: str,
    label: str,
    from_state: str,
    to_state: str,
    inputs: dict[str, Any] | None = None,
    article: int | None = None,
    clause: int | None = None,
) -> ProjectEvent:
    """Append one event to the project's trail. Call inside the transaction that made the change."""
    last = ProjectEvent.objects.filter(project=project).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, "")
    event = ProjectEvent(
        project=project,
        seq=seq,
        action=action,
        label=label,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        organisation_id=actor.organisation_id,
        role=role,
        at=clock.now(),
        inputs=inputs or {},
        article=article,
        clause=clause,
        policy_id=project.policy_id,
        prev_hash=prev_hash,
    )
    event.hash = sm3_hex(_payload(event))
    event.save()
    audit_project_event(event=event)
    return event


def record_events(events: list[ProjectEvent]) -> list[ProjectEvent]:
    """Append many events at once (an import: each project's in order), as `record_event` appends
    one: numbered on and chained to its project's last event, sealed, written in one statement, and
    copied to the audit log in one. The events come unsaved, with all but seq and the hashes."""
    projects = {event.project_id for event in events}
    # Each project's last event, by the (project, seq) key: two queries, however long the histories.
    newest = ProjectEvent.objects.filter(project__in=projects).values("project").annotate(seq=Max("seq"))
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(project=row["project"], seq=row["seq"])
    last = {
        project: (seq, hash_)
        for project, seq, hash_ in ProjectEvent.objects.filter(wanted).values_list("project", "seq", "hash")
    }
    now = clock.now()
    for event in events:
        seq, prev = last.get(event.project_id, (0, ""))
        event.seq, event.prev_hash, event.at = seq + 1, prev, event.at or now
        event.organisation_id = event.actor.organisation_id
        event.hash = sm3_hex(_payload(event))
        last[event.project_id] = (event.seq, event.hash)
    ProjectEvent.objects.bulk_create(events, batch_size=500)
    append_project_events(events)
    return events


def first_broken_link(project: Project) -> ProjectEvent | None:
    """The first event whose hash does not match its content or its predecessor, or None."""
    prev = ""
    for event in ProjectEvent.objects.filter(project=project).order_by("seq").iterator():
        if event.prev_hash != prev or sm3_hex(_payload(event)) != event.hash:
            return event
        prev = event.hash
    return None
