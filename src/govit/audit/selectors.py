"""Reading the audit log: the events a person may see (the one place the rule lives), the last
verification, the checkpoints."""

from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit import chain
from govit.audit.models import AuditEvent, AuditVerification
from govit.projects.models import Project, ProjectRecord


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """The events `user` may read: the audit administrator's, none for anyone else. Of them, the
    events of a classified project `user` is not cleared for are withheld (第二十七条, R6.2): on
    the project itself (its record changes and its timeline) or on a record kept on its way (a
    contract's line, a data resource's sharing), named by model and key."""
    if Role.AUDITADMIN not in user.role_set:
        return AuditEvent.objects.none()
    withheld = Project.objects.exclude(Project.objects.cleared_for(user))
    events = AuditEvent.objects.exclude(project__in=withheld)
    for label, pks in _withheld_records(withheld).items():
        events = events.exclude(target_model=label, target_pk__in=pks)
    return events.select_related("actor", "organisation", "project")


def _withheld_records(withheld: QuerySet[Project]) -> dict[str, list[str]]:
    """Keys of the records reached through another record (ContractItem, SharingRecord…) and of the
    projects' own rows, which an event names by model and key rather than by project."""
    records: dict[str, list[str]] = {
        "projects.project": [str(pk) for pk in withheld.values_list("pk", flat=True)]
    }
    if not records["projects.project"]:
        return {}
    for model in apps.get_models():
        if issubclass(model, ProjectRecord) and model.project_path != "project":
            rows = model._base_manager.filter(**{f"{model.project_path}__in": withheld})
            records[model._meta.label_lower] = [str(pk) for pk in rows.values_list("pk", flat=True)]
    return records


def last_verification() -> AuditVerification | None:
    return AuditVerification.objects.first()


def checkpoints(limit: int = 10) -> list[dict[str, Any]]:
    """The latest signed lines of the checkpoint file (newest first), and the bad ones."""
    lines, _ = chain.read_lines()
    return list(reversed(lines[-limit:]))
