"""A hash re-made at login (an older hasher, or fewer rounds than today's) is the person's own
password, unchanged: signing in must not ask them to change it. Found by the two-server test,
whose servers re-hash the demo people's passwords at their first sign-in."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from tests.fixtures.api import PASSWORD, ApiClient, ok

from govit.accounts.hashers import PBKDF2SM3PasswordHasher
from govit.accounts.models import User

pytestmark = pytest.mark.django_db

HASHERS = [
    "govit.accounts.hashers.PBKDF2SM3PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture
def weak_hash(demo, settings) -> User:
    """jiaowei_unit's password hashed with fewer rounds than the hasher uses today."""
    settings.PASSWORD_HASHERS = HASHERS
    hasher = PBKDF2SM3PasswordHasher()
    User.objects.filter(username="jiaowei_unit").update(
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000), must_change_password=False
    )
    return User.objects.get(username="jiaowei_unit")


def test_the_rehash_at_login_does_not_ask_for_a_new_password(weak_hash):
    user = authenticate(RequestFactory().post("/login/"), username="jiaowei_unit", password=PASSWORD)
    assert user is not None and user.must_change_password is False
    user.refresh_from_db()
    assert user.password.startswith(f"pbkdf2_sm3${PBKDF2SM3PasswordHasher.iterations}$")  # re-hashed
    assert user.must_change_password is False


def test_a_token_is_issued_at_the_login_that_rehashes_the_password(weak_hash):
    body = ok(ApiClient(None).post("/auth/token", {"username": "jiaowei_unit", "password": PASSWORD}))
    assert body["token"]


def test_a_password_someone_else_sets_still_has_to_be_changed(weak_hash):
    weak_hash.set_password("Another-Pass-2026")
    assert weak_hash.must_change_password is True
