"""The project events written before the audit log existed, appended to it in their order, so the
one chain holds every project event (audit_verify checks that it does)."""

from django.db import migrations


def append_existing(apps, schema_editor):
    from govit.audit import chain
    from govit.audit.services import project_event_values

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    ProjectEvent = apps.get_model("projects", "ProjectEvent")
    User = apps.get_model("accounts", "User")
    names = dict(User.objects.values_list("pk", "username"))
    seq, prev = 0, ""
    for old in ProjectEvent.objects.order_by("pk").iterator():
        seq += 1
        event = AuditEvent(
            seq=seq, kind="project", action=old.action[:60], label=old.label[:200], actor_id=old.actor_id,
            actor_name=names.get(old.actor_id, ""), organisation_id=old.organisation_id, role=old.role,
            at=old.at, address="", project_id=old.project_id, project_event_id=old.pk,
            target_model="projects.projectevent", target_pk=str(old.pk), before=None,
            after=project_event_values(old), detail={"migrated": True}, prev_hash=prev,
        )  # fmt: skip
        event.hash = chain.seal(event)
        event.save(force_insert=True)
        prev = event.hash
    if seq:
        AuditHead.objects.create(pk=1, seq=seq, hash=prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [migrations.RunPython(append_existing, migrations.RunPython.noop)]
