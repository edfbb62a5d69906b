"""Reading the audit log: the events a person may see (the one place the rule lives), the last
verification, the checkpoints."""

from typing import Any

from django.db.models import QuerySet

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit import chain
from govit.audit.models import AuditEvent, AuditVerification


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """The events `user` may read: all of them for the audit administrator, none for anyone else.
    A rule on which projects' events are withheld (classified projects) is added here."""
    if Role.AUDITADMIN not in user.role_set:
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor", "organisation", "project")


def last_verification() -> AuditVerification | None:
    return AuditVerification.objects.first()


def checkpoints(limit: int = 10) -> list[dict[str, Any]]:
    """The latest signed lines of the checkpoint file (newest first), and the bad ones."""
    lines, _ = chain.read_lines()
    return list(reversed(lines[-limit:]))
