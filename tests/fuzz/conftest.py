"""The API fuzz (scripts/test-api-fuzz.sh): schemathesis against the OpenAPI description, through
the WSGI application itself (no server), on the demo district with its projects.

It takes minutes, so the suite does not collect it: the script sets GOVIT_API_FUZZ=1."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

if not os.environ.get("GOVIT_API_FUZZ"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def district_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def district(django_db_setup, django_db_blocker, district_media) -> None:
    """The whole demo district, projects at every step included, loaded once and kept for the run."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=district_media):
        call_command("load_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def media_in_tmp(settings, district_media) -> None:
    # In place of tests/conftest.py's: the district's documents are where it stored them.
    settings.MEDIA_ROOT = district_media


@pytest.fixture(autouse=True, scope="session")
def connections_kept_open():
    """The WSGI handler closes the database connection around each request, as a server must; here
    each test's transaction must outlive its requests, as Django's test client arranges for itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
