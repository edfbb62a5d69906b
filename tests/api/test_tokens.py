"""API tokens: they expire, are listed and revoked by their owner, never pile up, and stop working
when the owner's password changes or the account is disabled."""

import time_machine
from tests.fixtures.api import ApiClient

from govit.accounts.models import User
from govit.api.models import ApiToken

PASSWORD = "GovIT-Demo-2026"


def _token(username: str = "jiaowei_unit", **extra) -> str:
    response = ApiClient(None).post("/auth/token", {"username": username, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_a_token_works_until_it_expires(demo, settings):
    settings.GOVIT_API_TOKEN_DAYS = 30
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False) as traveller:
        body = (
            ApiClient(None)
            .post("/auth/token", {"username": "bdb", "password": PASSWORD, "name": "报表脚本"})
            .json()
        )
        assert body["expires"].startswith("2026-10-15T10:00")
        client = ApiClient(body["token"])
        traveller.shift(30 * 86400 - 60)
        assert client.get("/me").status_code == 200  # just under
        traveller.shift(60)
        assert client.get("/me").status_code == 401  # exactly at


def test_the_owner_lists_and_revokes_their_tokens_and_only_theirs(demo):
    first, second = _token(name="甲"), _token(name="乙")
    client = ApiClient(second)
    rows = client.get("/auth/tokens").json()
    assert [row["name"] for row in rows] == ["乙", "甲"]
    assert [row["current"] for row in rows] == [True, False]
    other = ApiClient(_token("jfb_unit"))
    assert other.get("/auth/tokens").json()[0]["name"] == ""
    assert other.delete(f"/auth/tokens/{rows[1]['id']}").status_code == 404  # not theirs
    assert client.delete(f"/auth/tokens/{rows[1]['id']}").status_code == 204
    assert ApiClient(first).get("/me").status_code == 401
    assert client.delete(f"/auth/tokens/{rows[1]['id']}").status_code == 404
    assert client.delete("/auth/tokens/99999999999999999999").status_code == 422


def test_tokens_never_pile_up(demo, settings):
    settings.GOVIT_API_TOKENS_PER_PERSON = 5
    tokens = [_token() for _ in range(7)]
    assert ApiToken.objects.filter(user=demo["jiaowei_unit"]).count() == 5
    assert ApiClient(tokens[0]).get("/me").status_code == 401
    assert ApiClient(tokens[1]).get("/me").status_code == 401
    assert ApiClient(tokens[2]).get("/me").status_code == 200


def test_a_password_change_ends_every_token(demo):
    client = ApiClient(_token())
    person = User.objects.get(username="jiaowei_unit")
    person.set_password("Another-Pass-2026")
    person.save()
    assert client.get("/me").status_code == 401


def test_a_disabled_account_ends_every_token(demo):
    client = ApiClient(_token())
    User.objects.filter(username="jiaowei_unit").update(is_active=False)
    assert client.get("/me").status_code == 401


def test_the_account_page_lists_and_revokes(client_for, demo):
    _token(name="对接系统")
    page = client_for("jiaowei_unit")
    content = page.get("/account/").content.decode()
    assert "对接系统" in content and "有效" in content
    token = ApiToken.objects.get(user=demo["jiaowei_unit"])
    assert client_for("jfb_unit").post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.filter(pk=token.pk).exists()
    page.post(f"/account/tokens/{token.pk}/revoke/")
    assert not ApiToken.objects.filter(pk=token.pk).exists()
