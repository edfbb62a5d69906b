"""What goes into the one log: logins, failed logins (never the password), logouts, record
changes with their values before and after, project events, exports and downloads."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from tests.fixtures.projects import upload

from govit.accounts.models import RoleGrant, User
from govit.accounts.services import role_grant_confirm, role_grant_propose
from govit.audit.middleware import AuditContextMiddleware
from govit.audit.models import AuditEvent, Kind
from govit.projects.models import ProjectEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(new_project, act):
    """A 区教委 project that has reached the BDB (so the BDB sees it)."""
    project = act(new_project(), "jiaowei_unit", "submit")
    return act(project, "jiaowei_leader", "confirm")


def _last(**filters) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).order_by("-seq").first()


def test_a_login_and_a_logout_are_logged_with_the_address(demo):
    client = Client(REMOTE_ADDR="10.1.2.3")
    assert client.post("/login/", {"username": "bdb", "password": "GovIT-Demo-2026"}).status_code == 302
    login = _last(kind=Kind.LOGIN)
    assert (login.actor, login.actor_name, login.address) == (demo["bdb"], "bdb", "10.1.2.3")
    assert login.organisation_id == demo["bdb"].organisation_id
    client.post("/logout/")
    assert _last(kind=Kind.LOGOUT).actor == demo["bdb"]


def test_a_failed_login_is_logged_with_the_username_tried_never_the_password(demo):
    Client(REMOTE_ADDR="10.9.9.9").post("/login/", {"username": "bdb", "password": "wrong-Secret-1"})
    failed = _last(kind=Kind.LOGIN_FAILED)
    assert (failed.actor, failed.actor_name, failed.address) == (None, "bdb", "10.9.9.9")
    assert not AuditEvent.objects.filter(detail__icontains="wrong-Secret").exists()
    assert "wrong-Secret" not in str(
        list(AuditEvent.objects.values_list("before", "after", "detail", "label"))
    )


def test_a_record_change_is_logged_with_its_values_before_and_after(demo):
    person = User.objects.get(username="jfb_unit")
    person.phone = "023-63001234"
    person.save()
    change = _last(kind=Kind.UPDATE, target_model="accounts.user")
    assert change.target_pk == str(person.pk)
    assert change.after == {"phone": "023-63001234"}
    assert list(change.before) == ["phone"] and change.before["phone"] != "023-63001234"


def test_a_role_given_by_the_security_administrator_is_logged_with_its_actor(demo):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.8")
    request.user = demo["secadmin"]

    def give(request):
        role_grant_propose(
            user=demo["jfb_unit"], roles=["unit", "unit_leader"], by=demo["secadmin"], reason="岗位调整"
        )
        return HttpResponse()

    AuditContextMiddleware(give)(request)
    proposal = _last(kind=Kind.CREATE, target_model="accounts.rolegrant")
    assert proposal.actor == demo["secadmin"] and proposal.after["roles_after"] == ",unit,unit_leader,"
    request.user = demo["bdb"]

    def confirm(request):
        role_grant_confirm(grant=RoleGrant.objects.get(user=demo["jfb_unit"]), by=demo["bdb"])
        return HttpResponse()

    AuditContextMiddleware(confirm)(request)
    change = _last(kind=Kind.UPDATE, target_model="accounts.user")
    assert (change.actor, change.target_pk) == (demo["bdb"], str(demo["jfb_unit"].pk))
    assert (change.before, change.after) == ({"roles": ",unit,"}, {"roles": ",unit,unit_leader,"})


def test_a_many_to_many_change_is_logged(demo):
    group = Group.objects.create(name="审计测试组")
    demo["jfb_unit"].groups.add(group)
    change = _last(kind=Kind.UPDATE, target_model="accounts.user")
    assert change.after == {"groups": {"add": [group.pk]}}


def test_a_password_change_is_logged_but_not_its_hash(demo):
    person = User.objects.get(username="jfb_unit")
    person.set_password("Another-Pass-2026")
    person.save()
    change = _last(kind=Kind.UPDATE, target_model="accounts.user")
    # A password set by anyone but its person must be changed at the next login: a flag, shown.
    assert change.after == {"password": "（已隐藏）", "must_change_password": True}


def test_a_write_while_serving_a_request_names_its_actor_and_address(demo, new_project):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    request.user = demo["jiaowei_unit"]
    made = []
    AuditContextMiddleware(lambda request: made.append(new_project()) or HttpResponse())(request)
    project = made[0]
    logged = _last(kind=Kind.CREATE, target_model="projects.project")
    assert (logged.project_id, logged.actor, logged.address) == (project.pk, demo["jiaowei_unit"], "10.0.0.7")
    assert logged.after["name"] == project.name


def test_every_project_event_is_in_the_log_with_its_label(new_project, to_listing, before_deadline):
    project = to_listing(new_project())
    timeline = list(ProjectEvent.objects.filter(project=project).order_by("seq"))
    logged = list(AuditEvent.objects.filter(kind=Kind.PROJECT, project=project).order_by("seq"))
    assert [e.project_event_id for e in logged] == [e.pk for e in timeline]
    assert [e.label for e in logged] == [e.label for e in timeline]


def test_a_download_and_an_export_are_logged(client_for, demo, project):
    document = upload(project, demo["jiaowei_unit"], "other", "依据文件.pdf")
    client = client_for("bdb")
    assert client.get(f"/documents/{document}/download/").status_code == 200
    download = _last(kind=Kind.DOWNLOAD)
    assert (download.actor, download.project_id, download.target_pk) == (
        demo["bdb"],
        project.pk,
        str(document),
    )
    assert client.get(f"/projects/{project.pk}/application.docx").status_code == 200
    assert _last(kind=Kind.EXPORT).detail["filename"].endswith("申报表.docx")
    assert client.get("/projects/export.xlsx").status_code == 200
    assert _last(kind=Kind.EXPORT).label.startswith("导出项目清单")


def test_deleting_a_project_with_events_is_refused(new_project):
    project = new_project()
    with pytest.raises(ProtectedError):
        project.delete()
    assert ProjectEvent.objects.filter(project=project).exists()


def test_the_log_cannot_be_deleted_through_the_application(new_project):
    new_project()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
