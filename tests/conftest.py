"""Fixtures for every test: the demo district and clients signed in as its people."""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from govit.accounts.models import Organisation, User


@dataclass
class Demo:
    """The loaded demo district: `demo["jiaowei_unit"]` is a person, `demo.org("bdb")` an organisation."""

    people: dict[str, User]

    def __getitem__(self, username: str) -> User:
        return self.people[username]

    def org(self, code: str) -> Organisation:
        return Organisation.objects.get(code=code)


@pytest.fixture
def fast_password_hasher(settings) -> None:
    # A real hash costs half a second by design; tests need none of that strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db, fast_password_hasher) -> Demo:
    """The demo district, loaded by the real `load_demo` command."""
    call_command("load_demo", "--no-projects", stdout=StringIO())
    people = User.objects.select_related("organisation").in_bulk(field_name="username")
    return Demo(people=people)


@pytest.fixture
def client_for(demo: Demo) -> Callable[[str], Client]:
    """`client_for("bdb")` is a test client signed in as that demo person."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo[username])
        return client

    return make


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    # Uploaded documents of a test go to its own folder, never to the local run's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
