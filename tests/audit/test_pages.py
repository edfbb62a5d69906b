"""The audit administrator's page: read only, for auditadmin alone; the list with its filters and
pages, an event with its values before and after, the last audit_verify and the checkpoints."""

from io import StringIO

import pytest
from django.core.management import call_command

from govit.accounts.models import User
from govit.audit.models import AuditEvent, Kind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "bdb", "audit", "jiaowei_unit"])
def test_only_the_audit_administrator_opens_the_log(client_for, username):
    assert client_for(username).get("/audit/").status_code == 403


def test_the_log_lists_events_filters_them_and_shows_the_last_verification(client_for, demo):
    person = User.objects.get(username="jfb_unit")
    person.phone = "023-63009999"
    person.save()
    call_command("audit_verify", stdout=StringIO())
    client = client_for("auditadmin")
    page = client.get("/audit/").content.decode()
    assert "完好" in page and "链头 #" in page
    logins = client.get("/audit/", {"kind": Kind.LOGIN}).content.decode()
    assert "登录" in logins and "修改用户" not in logins
    updates = client.get("/audit/", {"kind": Kind.UPDATE}).content.decode()
    assert "修改用户：" in updates


def test_an_event_shows_its_values_before_and_after(client_for, demo):
    person = User.objects.get(username="jfb_unit")
    person.phone = "023-63009999"
    person.save()
    event = AuditEvent.objects.filter(kind=Kind.UPDATE).order_by("-seq").first()
    page = client_for("auditadmin").get(f"/audit/{event.seq}/").content.decode()
    assert 'data-field="phone"' in page and "023-63009999" in page


def test_an_event_outside_the_log_is_404(client_for):
    assert client_for("auditadmin").get("/audit/999999/").status_code == 404


def test_the_page_is_read_only(client_for):
    assert client_for("auditadmin").post("/audit/").status_code == 405


def test_the_audit_administrator_finds_the_log_in_the_menu(client_for):
    assert (
        'href="/audit/" aria-current="page">安全审计'
        in client_for("auditadmin").get("/audit/").content.decode()
    )
    assert 'href="/audit/"' not in client_for("bdb").get("/").content.decode()
