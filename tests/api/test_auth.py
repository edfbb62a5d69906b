"""Tokens: issued for a username and password, stored only as a hash, refused for a deactivated person."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.fixtures.api import PASSWORD, ApiClient, ok, refused

from govit.api.auth import BAD_CREDENTIALS
from govit.api.errors import UNAUTHENTICATED
from govit.api.models import ApiToken

pytestmark = pytest.mark.django_db


def _token(username: str, password: str = PASSWORD):
    return ApiClient(None).post("/auth/token", {"username": username, "password": password})


def test_it_issues_a_token_that_signs_the_person_in(demo):
    token = ok(_token("jiaowei_unit"))["token"]
    me = ok(ApiClient(token).get("/me"))
    assert me["username"] == "jiaowei_unit"


def test_it_stores_only_the_hash_of_the_token_and_when_it_was_last_used(demo):
    token = ok(_token("bdb"))["token"]
    stored = ApiToken.objects.get(user=demo["bdb"])
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.key_hash, str(stored.pk)}
    assert stored.last_used is None
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        ok(ApiClient(token).get("/me"))
        stored.refresh_from_db()
        first = stored.last_used
        assert first == timezone.now()
        # To the minute, as the account page shows it: a read within the minute writes nothing.
        traveller.shift(timedelta(seconds=59))
        with CaptureQueriesContext(connection) as queries:
            ok(ApiClient(token).get("/me"))
        assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
        stored.refresh_from_db()
        assert stored.last_used == first
        traveller.shift(timedelta(seconds=1))
        ok(ApiClient(token).get("/me"))
        stored.refresh_from_db()
        assert stored.last_used == first + timedelta(minutes=1)


def test_each_request_for_a_token_issues_a_new_one_and_both_work(demo):
    first, second = ok(_token("drc"))["token"], ok(_token("drc"))["token"]
    assert first != second
    assert (
        ok(ApiClient(first).get("/me"))["username"] == ok(ApiClient(second).get("/me"))["username"] == "drc"
    )


@pytest.mark.parametrize(("username", "password"), [("bdb", "wrong-password"), ("nobody", PASSWORD)])
def test_it_refuses_bad_credentials_with_401_in_chinese(demo, username, password):
    body = refused(_token(username, password), 401)
    assert body["detail"] == BAD_CREDENTIALS


def test_it_refuses_a_token_to_a_deactivated_person(demo):
    demo["jfb_unit"].is_active = False
    demo["jfb_unit"].save()
    refused(_token("jfb_unit"), 401)


def test_it_refuses_the_token_of_a_person_deactivated_after_it_was_issued(demo):
    token = ok(_token("jfb_unit"))["token"]
    demo["jfb_unit"].is_active = False
    demo["jfb_unit"].save()
    response = ApiClient(token).get("/me")
    assert refused(response, 401)["detail"] == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Token abc", "Basic YmRi"],
    ids=["none", "empty", "unknown", "other-scheme", "basic"],
)
def test_it_refuses_a_request_without_a_valid_bearer_token(demo, header):
    client = ApiClient(None)
    if header:
        client.headers = {"HTTP_AUTHORIZATION": header}
    assert refused(client.get("/projects"), 401)["detail"] == UNAUTHENTICATED


def test_a_token_request_without_a_password_names_the_missing_field(demo):
    body = refused(ApiClient(None).post("/auth/token", {"username": "bdb"}), 422, field="password")
    assert "password" in body["detail"]


def test_a_session_login_alone_does_not_open_the_api(client_for):
    # The API signs in by token only: a browser session gives no access (and so needs no CSRF check).
    response = client_for("bdb").get("/api/v1/me")
    assert response.status_code == 401
