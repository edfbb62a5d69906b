"""登录失败处理 and the password policy: lockout per account and per address (5 → 30 minutes),
in Chinese and in the audit log; passwords of 12+ characters and three classes, not the username,
not common; a person changes their own password; a password someone else set is changed first."""

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from tests.fixtures.api import ApiClient

from govit.accounts.models import User
from govit.accounts.passwords import CONTAINS_USERNAME, character_classes
from govit.audit.models import AuditEvent

PASSWORD = "GovIT-Demo-2026"
LOCKED = "登录失败次数过多"


def _log_in(client: Client, username: str, password: str, address: str = "10.1.1.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Lockout ------------------------------------------------------------------------------------


def test_four_failures_do_not_lock_and_the_fifth_does(client, demo):
    for _ in range(4):
        assert _log_in(client, "jiaowei_unit", "wrong-password").status_code == 200
    # Just under the limit: the right password still works, and a success starts the count again.
    assert _log_in(client, "jiaowei_unit", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(5):
        _log_in(client, "jiaowei_unit", "wrong-password")
    refused = _log_in(client, "jiaowei_unit", PASSWORD)
    assert refused.status_code == 429
    content = refused.content.decode()
    assert LOCKED in content and "30 分钟" in content
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="locked_out", actor_name="jiaowei_unit").exists()
    assert AuditEvent.objects.filter(action="login_failed", actor_name="jiaowei_unit").count() >= 5


def test_a_lockout_ends_after_thirty_minutes(client, demo):
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False) as traveller:
        for _ in range(5):
            _log_in(client, "jfb_unit", "wrong-password")
        traveller.shift(29 * 60)
        assert _log_in(client, "jfb_unit", PASSWORD).status_code == 429
        traveller.shift(2 * 60)
        assert _log_in(client, "jfb_unit", PASSWORD).status_code == 302


def test_the_lock_is_per_account_whatever_the_address(client, demo):
    for n in range(5):
        _log_in(client, "jfb_leader", "wrong-password", address=f"10.2.0.{n}")
    assert _log_in(client, "jfb_leader", PASSWORD, address="10.2.0.99").status_code == 429
    # Another person from those addresses is not locked out by it.
    assert _log_in(Client(), "jiaowei_leader", PASSWORD, address="10.2.0.99").status_code == 302


def test_the_lock_is_per_address_whatever_the_account(client, demo):
    for n in range(5):
        _log_in(client, f"guess{n}", "wrong-password", address="10.3.3.3")
    assert _log_in(Client(), "bdb", PASSWORD, address="10.3.3.3").status_code == 429
    assert _log_in(Client(), "bdb", PASSWORD, address="10.3.3.4").status_code == 302


def test_the_api_locks_out_too_in_its_own_shape(demo):
    api = ApiClient(None)
    for _ in range(4):
        assert api.post("/auth/token", {"username": "drc", "password": "wrong-password"}).status_code == 401
    # The fifth failure locks, and says so.
    assert api.post("/auth/token", {"username": "drc", "password": "wrong-password"}).status_code == 429
    refused = api.post("/auth/token", {"username": "drc", "password": PASSWORD})
    assert refused.status_code == 429
    assert LOCKED in refused.json()["detail"]


def test_the_limits_are_settings(client, demo, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _log_in(client, "cac", "wrong-password")
    response = _log_in(client, "cac", PASSWORD)
    assert response.status_code == 429 and "连续 2 次" in response.content.decode()


# --- The policy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("Abcdefgh-12", False),  # 11 characters: just under
        ("Abcdefgh-123", True),  # 12: exactly at
        ("Abcdefgh-1234", True),  # 13: just over
        ("abcdefghijk1", False),  # two classes
        ("abcdefghijk-1", True),  # three: lower, digit, symbol
        ("ABCDEFGHIJ-K", False),  # two: upper, symbol
        ("Password1234", False),  # three classes, but common (Django's list of 20,000)
        ("Qwertyuiop123", False),  # likewise
        ("123456789012", False),  # numeric, one class
    ],
)
def test_the_password_policy_at_its_boundaries(demo, password, accepted):
    user = demo["jiaowei_unit"]
    if accepted:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_a_password_with_the_username_is_refused(demo):
    with pytest.raises(ValidationError) as caught:
        validate_password("xx-Jiaowei_Unit-9", demo["jiaowei_unit"])
    assert CONTAINS_USERNAME in caught.value.messages


def test_character_classes_counts_symbols_and_chinese_as_the_fourth():
    assert character_classes("aA1-") == 4
    assert character_classes("密码aA") == 3
    assert character_classes("") == 0


def test_the_demo_password_meets_the_policy(demo):
    for user in demo.people.values():
        validate_password(PASSWORD, user)


# --- Changing one's own password ------------------------------------------------------------------


def test_a_person_changes_their_password_and_their_old_tokens_stop(client_for, demo, api):
    token_client = api("jiaowei_unit")
    assert token_client.get("/me").status_code == 200
    client = client_for("jiaowei_unit")
    page = client.get("/account/password/")
    assert page.status_code == 200 and "当前密码" in page.content.decode()
    weak = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert weak.status_code == 200 and "密码" in weak.content.decode()
    same = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert "新密码不能与当前密码相同" in same.content.decode()
    done = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Jiaowei-Mine-2026",
            "new_password2": "Jiaowei-Mine-2026",
        },
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # the session goes on
    assert token_client.get("/me").status_code == 401  # the token issued under the old one does not
    assert AuditEvent.objects.filter(action="password_changed", actor=demo["jiaowei_unit"]).exists()


def test_a_password_someone_else_set_is_changed_before_anything_else(client, demo):
    person = User.objects.create_user(
        "new_unit", "Initial-Pass-2026", name="新人", organisation=demo.org("jiaowei")
    )
    assert person.must_change_password
    assert _log_in(client, "new_unit", "Initial-Pass-2026").status_code == 302
    for path in ("/", "/projects/", "/account/"):
        gate = client.get(path)
        assert gate.status_code == 302 and gate["Location"].startswith("/account/password/")
    page = client.get("/account/password/").content.decode()
    assert "须修改后才能继续使用" in page
    token = ApiClient(None).post("/auth/token", {"username": "new_unit", "password": "Initial-Pass-2026"})
    assert token.status_code == 403 and "须先在网页上修改密码" in token.json()["detail"]
    client.post(
        "/account/password/",
        {
            "old_password": "Initial-Pass-2026",
            "new_password1": "My-Own-Pass-2026",
            "new_password2": "My-Own-Pass-2026",
        },
    )
    assert client.get("/").status_code == 200
    person.refresh_from_db()
    assert not person.must_change_password


def test_a_password_set_at_the_console_is_changed_at_the_next_login(demo, monkeypatch):
    from django.core.management import call_command

    answers = iter(["Console-Pass-2026", "Console-Pass-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("changepassword", "jfb_unit", stdout=__import__("io").StringIO())
    person = User.objects.get(username="jfb_unit")
    assert person.check_password("Console-Pass-2026") and person.must_change_password


def test_a_password_older_than_the_limit_is_changed_first(client, demo, settings):
    settings.GOVIT_PASSWORD_MAX_DAYS = 90
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False) as traveller:
        _log_in(client, "jiaowei_unit", PASSWORD)
        client.post(
            "/account/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "Jiaowei-Mine-2026",
                "new_password2": "Jiaowei-Mine-2026",
            },
        )
        traveller.shift(89 * 86400 + 23 * 3600)  # just under 90 days (idle limit aside: a fresh login)
        fresh = Client()
        _log_in(fresh, "jiaowei_unit", "Jiaowei-Mine-2026")
        assert fresh.get("/").status_code == 200
        traveller.shift(3600)  # exactly 90 days
        again = Client()
        _log_in(again, "jiaowei_unit", "Jiaowei-Mine-2026")
        gate = again.get("/")
        assert gate.status_code == 302 and gate["Location"].startswith("/account/password/")
        assert "已使用超过 90 天" in again.get(gate["Location"]).content.decode()


def test_passwords_are_hashed_with_pbkdf2_over_sm3(demo, settings):
    from django.contrib.auth.hashers import check_password, make_password

    settings.PASSWORD_HASHERS = ["govit.accounts.hashers.PBKDF2SM3PasswordHasher"]
    encoded = make_password("Sm3-Password-2026", salt="fixedsalt", hasher="pbkdf2_sm3")
    assert encoded.startswith("pbkdf2_sm3$300000$fixedsalt$")
    assert check_password("Sm3-Password-2026", encoded)
    assert not check_password("Sm3-Password-2027", encoded)
    # A known answer: PBKDF2-HMAC-SM3 of the same input gives the same bytes (a second implementation).
    import base64
    import hashlib
    import hmac

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as chmac

    def prf(key: bytes, data: bytes) -> bytes:
        mac = chmac.HMAC(key, hashes.SM3())
        mac.update(data)
        return mac.finalize()

    block = prf(b"Sm3-Password-2026", b"fixedsalt" + (1).to_bytes(4, "big"))
    result, u = bytearray(block), block
    for _ in range(300_000 - 1):
        u = prf(b"Sm3-Password-2026", u)
        result = bytearray(a ^ b for a, b in zip(result, u, strict=True))
    assert encoded.split("$")[3] == base64.b64encode(bytes(result)).decode()
    assert hashlib and hmac  # the standard library has no SM3: cryptography's HMAC stands in


def test_everyone_must_have_a_second_factor_when_the_setting_says_so(client, demo, settings):
    settings.GOVIT_TWO_FACTOR_FOR_EVERYONE = True
    _log_in(client, "jiaowei_unit", PASSWORD)
    gate = client.get("/")
    assert gate.status_code == 302 and gate["Location"].startswith("/account/two-factor/")


def test_behind_the_proxy_the_address_is_the_last_hop_it_wrote(demo, settings):
    settings.BEHIND_PROXY = True

    def attempt(client, forwarded):
        return client.post(
            "/login/", {"username": f"x{forwarded}", "password": "wrong-password"},
            REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded,
        )  # fmt: skip

    client = Client()
    for _ in range(5):
        attempt(client, "1.2.3.4, 172.16.0.5")  # a spoofed first hop, the proxy's own record last
    assert (
        _log_in(Client(), "bdb", PASSWORD, address="10.9.9.9").status_code == 302
    )  # the proxy is not locked
    locked = Client().post(
        "/login/",
        {"username": "bdb", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="172.16.0.5",
    )
    assert locked.status_code == 429
    # Five failures and the refused try during the lock; never the spoofed address.
    assert AuditEvent.objects.filter(action="login_failed", address="172.16.0.5").count() == 6
    assert not AuditEvent.objects.filter(address="1.2.3.4").exists()
