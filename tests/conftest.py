"""Fixtures for every test: the demo district and clients signed in as its people."""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client, override_settings

from govit.accounts.models import Organisation, User

# Projects at any step, built through the real services (fixtures/projects.py); the steps the pages
# show (fixtures/web.py); clients of the JSON API (fixtures/api.py). Every room's tests use them.
pytest_plugins = ["tests.fixtures.projects", "tests.fixtures.web", "tests.fixtures.api"]


@dataclass
class Demo:
    """The loaded demo district: `demo["jiaowei_unit"]` is a person, `demo.org("bdb")` an organisation."""

    people: dict[str, User]

    def __getitem__(self, username: str) -> User:
        return self.people[username]

    def org(self, code: str) -> Organisation:
        return Organisation.objects.get(code=code)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fast_password_hasher(settings) -> None:
    # A real hash costs half a second by design; tests need none of that strength.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker) -> list[tuple[type[Model], list[Model]]]:
    """The rows the real `load_demo` command writes for the district, read once per test run.

    Loading the district costs a fifth of a second; taken 1,700 times it cost more than the tests
    themselves. It is loaded once here, inside a transaction that is rolled back, and each test
    that asks for `demo` inserts the same rows again in a few queries."""
    models = apps.get_models(include_auto_created=True)
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
            call_command("load_demo", "--no-projects", stdout=StringIO())
            rows = [
                (model, [row for row in model.objects.all() if row.pk not in before[model]])
                for model in models
            ]
            transaction.set_rollback(True)
    return [(model, objects) for model, objects in rows if objects]


@pytest.fixture
def demo(demo_rows, db, fast_password_hasher) -> Demo:
    """The demo district: its organisations and people, as `load_demo` writes them."""
    if not connection.in_atomic_block:
        # A transactional test (a live server, threads): the tables were emptied before it and the
        # content types and permissions made again under other keys, so the command runs for real.
        call_command("load_demo", "--no-projects", stdout=StringIO())
    else:
        _insert(demo_rows)
    people = User.objects.select_related("organisation").in_bulk(field_name="username")
    return Demo(people=people)


def _insert(demo_rows: list[tuple[type[Model], list[Model]]]) -> None:
    # One transaction: the foreign keys are checked when it commits, whatever the models' order.
    with transaction.atomic():
        for model, objects in demo_rows:
            model.objects.bulk_create(objects)
        # Rows inserted with their keys leave PostgreSQL's sequences behind; move them on.
        statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in demo_rows])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture
def client_for(demo: Demo) -> Callable[[str], Client]:
    """`client_for("bdb")` is a test client signed in as that demo person."""

    def make(username: str) -> Client:
        return signed_in(Client(), demo[username])

    return make


def signed_in(client: Client, user: User) -> Client:
    """`client` signed in as `user`; an administrator also past the second factor (TOTP), as
    AccountSecurityMiddleware requires of the three administrators."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.is_administrator:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    # Uploaded documents of a test go to its own folder, never to the local run's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
