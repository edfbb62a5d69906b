"""Login and logout through the real pages, for every demo person."""

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.fixtures.api import totp_code

from govit.accounts import demo as demo_data
from govit.front.forms import INVALID_LOGIN

LOGIN_URL = "/login/"


def _log_in(client, username: str, password: str = "GovIT-Demo-2026", **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def test_the_login_page_is_in_chinese(client, db):
    response = client.get(LOGIN_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in content
    assert "用户登录" in content and "用户名" in content and "密码" in content


@pytest.mark.parametrize("username", [person.username for person in demo_data.PEOPLE])
def test_every_demo_person_logs_in_and_sees_who_they_are(client, demo, username):
    person = demo[username]
    response = _log_in(client, username)
    assert response.status_code == 302
    assert response["Location"] == "/"
    if person.is_administrator:
        # The three administrators set up their second factor before anything else.
        gate = client.get("/")
        assert gate.status_code == 302 and gate["Location"].startswith("/account/two-factor/")
        page = client.get(gate["Location"]).content.decode()
        assert "<svg" in page and "三员账号必须先启用两步验证" in page
        device = TOTPDevice.objects.get(user=person, confirmed=False)
        codes = client.post(
            "/account/two-factor/", {"action": "confirm", "code": totp_code(device), "next": "/"}
        )
        assert codes.status_code == 200 and "请妥善保存这些恢复码" in codes.content.decode()
    home = client.get("/").content.decode()
    assert person.name in home
    assert person.organisation.name in home
    for role in person.role_list:
        assert role.label in home


def test_a_wrong_password_gives_a_chinese_error_and_no_session(client, demo):
    response = _log_in(client, "jiaowei_unit", "wrong-password")
    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_unknown_username_gives_the_same_error(client, demo):
    response = _log_in(client, "nobody")
    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()


def test_a_deactivated_account_cannot_log_in(client, demo):
    demo["jfb_unit"].is_active = False
    demo["jfb_unit"].save()
    response = _log_in(client, "jfb_unit")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_empty_fields_are_named_next_to_the_field(client, db):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"username": ["请输入用户名。"], "password": ["请输入密码。"]}
    content = response.content.decode()
    assert '<p class="field__error">请输入用户名。</p>' in content


def test_login_goes_on_to_the_page_asked_for(client, demo):
    response = _log_in(client, "bdb", next="/admin/")
    assert response["Location"] == "/admin/"


def test_login_refuses_to_go_on_to_another_site(client, demo):
    response = _log_in(client, "bdb", next="https://evil.example/")
    assert response["Location"] == "/"


def test_a_logged_in_person_is_sent_home_from_the_login_page(client_for):
    response = client_for("drc").get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_ends_the_session(client_for):
    client = client_for("drc")
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert SESSION_KEY not in client.session


def test_logout_needs_a_post(client_for):
    client = client_for("drc")
    assert client.get("/logout/").status_code == 405
    assert SESSION_KEY in client.session
