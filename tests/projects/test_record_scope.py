"""Every record kept on a project's way is seen by whoever may see its project, and by no one else:
one rule (`ProjectQuerySet.visible_to`), inherited by each room's records (`ProjectRecord`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from govit.audit.models import AuditEvent
from govit.documents.models import Document
from govit.funds.models import Disbursement
from govit.projects.models import Project, ProjectRecord
from govit.reminders.models import Reminder
from govit.similar.models import IndexedProject, Posting

pytestmark = pytest.mark.django_db


# Rows that name a project but are not its records, and why.
NOT_RECORDS = {
    Reminder: "a reminder is its recipient's own (reminders.selectors scope it to them)",
    AuditEvent: "the audit log is the audit administrator's (audit.selectors.events_visible_to)",
    IndexedProject: "the duplicate check's index, read only by similar.selectors.similar_to, scoped by visible_to",
    Posting: "the duplicate check's index, read only by similar.selectors.similar_to, scoped by visible_to",
}


def _records() -> list[type[ProjectRecord]]:
    return [m for m in apps.get_models() if issubclass(m, ProjectRecord)]


def _reaches_project(model: type[ProjectRecord]) -> bool:
    current = model
    for name in model.project_path.split("__"):
        current = current._meta.get_field(name).related_model
    return current is Project


def test_every_record_that_points_at_a_project_is_a_project_record():
    pointing = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.many_to_one | field.one_to_one and field.related_model is Project
        and not field.auto_created and model is not Project
    }  # fmt: skip
    assert pointing - set(NOT_RECORDS) <= set(_records()), (
        "a record outside the scope rule: derive it from ProjectRecord"
    )


@pytest.mark.parametrize("model", _records(), ids=lambda m: m._meta.label)
def test_each_record_names_the_way_to_its_project(model):
    assert _reaches_project(model)


def test_a_unit_sees_its_own_projects_records_and_a_bureau_those_of_submitted_projects(demo, new_project):
    own = new_project()
    other = new_project("jfb_unit")
    Project.objects.filter(pk=other.pk).update(submitted_at=own.created_at)
    for project in (own, other):
        Disbursement.objects.create(
            project=project, paid_on=date(2027, 3, 1), amount=Decimal("1000"), purpose="首付款", voucher="V1",
            recorded_by=demo["finance"],
        )  # fmt: skip
    assert [d.project for d in Disbursement.objects.visible_to(demo["jiaowei_unit"])] == [own]
    assert [d.project for d in Disbursement.objects.visible_to(demo["finance"])] == [other]
    assert not Disbursement.objects.visible_to(demo["sysadmin"]).exists()
    assert not Document.objects.visible_to(AnonymousUser()).exists()
