"""Two-factor login: optional for everyone, required for the three administrators; the code after the
password on the page and in POST /auth/token; recovery codes that work once; a login that goes idle
or too old ends."""

import re

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.fixtures.api import ApiClient, authenticator, totp_code

from govit.accounts import twofactor
from govit.audit.models import AuditEvent

PASSWORD = "GovIT-Demo-2026"


@pytest.fixture(autouse=True)
def no_throttle(settings, request):
    """A wrong code makes django-otp wait 1, 2, 4 … seconds before the next; the tests' clock stands
    still, so they lift it, except the test of the throttle itself."""
    if "throttled" not in request.node.name:
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _log_in(client: Client, username: str):
    return client.post("/login/", {"username": username, "password": PASSWORD})


def _enable(client: Client, user) -> list[str]:
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/account/two-factor/",
        {"action": "confirm", "code": "000000" if totp_code(device) != "000000" else "111111"},
    )
    assert "验证码不正确" in wrong.content.decode()
    page = client.post("/account/two-factor/", {"action": "confirm", "code": totp_code(device)})
    assert "请妥善保存这些恢复码" in page.content.decode()
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.content.decode())


@time_machine.travel("2026-09-15 10:00 +0800", tick=False)
def test_a_person_turns_it_on_and_from_then_every_login_asks_for_a_code(client, demo):
    person = demo["jiaowei_leader"]
    _log_in(client, "jiaowei_leader")
    page = client.get("/account/two-factor/").content.decode()
    assert "<svg" in page and "otpauth" not in page  # the QR code drawn here, the key not as a link
    codes = _enable(client, person)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Only digests of the recovery codes are kept.
    assert not StaticToken.objects.filter(token__in=codes).exists()
    client.post("/logout/")

    fresh = Client()
    _log_in(fresh, "jiaowei_leader")
    gate = fresh.get("/projects/")
    assert gate.status_code == 302 and gate["Location"].startswith("/account/two-factor/verify/")
    assert "请输入验证码" in fresh.get(gate["Location"]).content.decode()
    bad = fresh.post("/account/two-factor/verify/", {"code": "12345"})
    assert "验证码不正确" in bad.content.decode()
    device = TOTPDevice.objects.get(user=person, confirmed=True)
    with time_machine.travel("2026-09-15 10:01 +0800", tick=False):  # a code not used before
        ok = fresh.post("/account/two-factor/verify/", {"code": totp_code(device), "next": "/projects/"})
    assert ok.status_code == 302 and ok["Location"] == "/projects/"
    assert fresh.get("/projects/").status_code == 200


def test_a_recovery_code_works_once(client, demo):
    person = demo["jfb_leader"]
    _log_in(client, "jfb_leader")
    codes = _enable(client, person)
    client.post("/logout/")
    for attempt, expected in ((1, 302), (2, 200)):
        other = Client()
        _log_in(other, "jfb_leader")
        response = other.post("/account/two-factor/verify/", {"code": codes[0].upper()})
        assert response.status_code == expected, attempt
    assert AuditEvent.objects.filter(action="recovery_code_used", actor=person).count() == 1


def test_an_administrator_cannot_turn_it_off_and_others_can(client_for, demo):
    admin = client_for("secadmin")
    response = admin.post("/account/two-factor/", {"action": "remove"}, follow=True)
    assert "不能停用" in response.content.decode()
    assert twofactor.enabled(demo["secadmin"])
    person = demo["bdb"]
    client = Client()
    _log_in(client, "bdb")
    _enable(client, person)
    client.post("/account/two-factor/", {"action": "remove"})
    assert not twofactor.enabled(person)


def test_an_administrator_without_a_second_factor_reaches_nothing_but_its_setup(client, demo):
    _log_in(client, "auditadmin")
    for path in ("/", "/audit/", "/account/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/"), path


def test_the_api_asks_for_the_code_of_a_person_who_has_one(demo):
    device = authenticator(demo["bdb"])
    api = ApiClient(None)
    missing = api.post("/auth/token", {"username": "bdb", "password": PASSWORD})
    assert missing.status_code == 401 and missing.json()["field"] == "otp"
    wrong = api.post("/auth/token", {"username": "bdb", "password": PASSWORD, "otp": "000001"})
    assert wrong.status_code == 401
    right = api.post("/auth/token", {"username": "bdb", "password": PASSWORD, "otp": totp_code(device)})
    assert right.status_code == 200 and right.json()["token"]


def test_an_administrator_without_a_second_factor_gets_no_token(demo):
    response = ApiClient(None).post("/auth/token", {"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 403 and "两步验证" in response.json()["detail"]


# --- Session limits ------------------------------------------------------------------------------


def test_a_login_ends_after_thirty_idle_minutes(client, demo):
    with time_machine.travel("2026-09-15 09:00 +0800", tick=False) as traveller:
        _log_in(client, "drc")
        traveller.shift(29 * 60)
        assert client.get("/").status_code == 200  # just under: and this request counts as activity
        traveller.shift(29 * 60)
        assert client.get("/").status_code == 200
        traveller.shift(31 * 60)
        ended = client.get("/projects/")
        assert ended.status_code == 302 and ended["Location"].startswith("/login/")
        page = client.get(ended["Location"]).content.decode()
        assert "30 分钟未操作" in page
        assert client.get("/").status_code == 302


def test_a_login_ends_after_the_absolute_limit_however_busy(client, demo):
    with time_machine.travel("2026-09-15 09:00 +0800", tick=False) as traveller:
        _log_in(client, "finance")
        for _ in range(16):  # 8 hours of a request every 30 minutes
            traveller.shift(30 * 60)
            last = client.get("/")
        assert last.status_code == 200
        traveller.shift(60)
        ended = client.get("/")
        assert ended.status_code == 302 and ended["Location"].startswith("/login/")


def test_the_idle_limit_is_a_setting(client, demo, settings):
    settings.GOVIT_SESSION_IDLE_MINUTES = 5
    with time_machine.travel("2026-09-15 09:00 +0800", tick=False) as traveller:
        _log_in(client, "audit")
        traveller.shift(6 * 60)
        assert client.get("/").status_code == 302


def test_a_wrong_code_is_throttled(demo):
    device = authenticator(demo["cac"])
    api = ApiClient(None)
    assert (
        api.post("/auth/token", {"username": "cac", "password": PASSWORD, "otp": "000001"}).status_code == 401
    )
    # At once the right code is refused too: django-otp makes the next try wait.
    refused = api.post("/auth/token", {"username": "cac", "password": PASSWORD, "otp": totp_code(device)})
    assert refused.status_code == 401


def test_what_a_signed_in_person_sees_is_not_stored_by_the_browser(client_for, demo):
    signed_in = client_for("jiaowei_unit")
    for path in ("/", "/projects/", "/account/"):
        response = signed_in.get(path)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"], path
