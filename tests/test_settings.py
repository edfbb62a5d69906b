"""settings.py: every value from the environment, and ImproperlyConfigured on a bad one."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from govit.settings import (
    DEV_SECRET_KEY,
    SQLITE_OPTIONS,
    database_config,
    envbool,
    envint,
    envlist,
    envsecret,
    secret_key,
)

VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "HTTPS",
    "ALLOWED_HOSTS",
    "CONN_MAX_AGE",
    "GOVIT_AUDIT_KEY",
    "GOVIT_AUDIT_KEY_FILE",
    "GOVIT_AUDIT_RETENTION_DAYS",
)


# --- The helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), (" TRUE ", True), ("0", False), ("False", False)]
)
def test_envbool_reads_0_1_true_false(monkeypatch, value, expected):
    monkeypatch.setenv("GOVIT_FLAG", value)
    assert envbool("GOVIT_FLAG", not expected) is expected


def test_envbool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("GOVIT_FLAG", raising=False)
    assert envbool("GOVIT_FLAG", True) is True
    assert envbool("GOVIT_FLAG", False) is False


@pytest.mark.parametrize("value", ["yes", "2", "", "on", "真"])
def test_envbool_refuses_anything_else_and_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("GOVIT_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="GOVIT_FLAG"):
        envbool("GOVIT_FLAG", True)


def test_envint_reads_an_integer(monkeypatch):
    monkeypatch.setenv("GOVIT_NUMBER", " 600 ")
    assert envint("GOVIT_NUMBER", 0) == 600
    monkeypatch.delenv("GOVIT_NUMBER")
    assert envint("GOVIT_NUMBER", 7) == 7


@pytest.mark.parametrize("value", ["ten", "1.5", "", "-1"])
def test_envint_refuses_a_non_integer_or_negative(monkeypatch, value):
    monkeypatch.setenv("GOVIT_NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match="GOVIT_NUMBER"):
        envint("GOVIT_NUMBER", 0)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("GOVIT_LIST", " a.example , b.example,, ")
    assert envlist("GOVIT_LIST", "x") == ["a.example", "b.example"]
    monkeypatch.delenv("GOVIT_LIST")
    assert envlist("GOVIT_LIST", "127.0.0.1,localhost") == ["127.0.0.1", "localhost"]


def test_envsecret_reads_the_variable_or_its_file(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVIT_SECRET", "in-env")
    assert envsecret("GOVIT_SECRET") == "in-env"
    monkeypatch.delenv("GOVIT_SECRET")
    secret_file = tmp_path / "secret"
    secret_file.write_text("in-file\n", encoding="utf-8")
    monkeypatch.setenv("GOVIT_SECRET_FILE", str(secret_file))
    assert envsecret("GOVIT_SECRET") == "in-file"


def test_envsecret_refuses_both_forms_at_once(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVIT_SECRET", "in-env")
    monkeypatch.setenv("GOVIT_SECRET_FILE", str(tmp_path / "secret"))
    with pytest.raises(ImproperlyConfigured, match="GOVIT_SECRET"):
        envsecret("GOVIT_SECRET")


def test_envsecret_refuses_an_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVIT_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="GOVIT_SECRET_FILE"):
        envsecret("GOVIT_SECRET")


def test_secret_key_uses_the_development_key_only_with_debug(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    assert secret_key(debug=True) == DEV_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(debug=False)
    monkeypatch.setenv("SECRET_KEY", "a-real-key")
    assert secret_key(debug=False) == "a-real-key"


def test_sqlite_gets_wal_and_immediate_transactions():
    config = database_config("sqlite:////tmp/govit.sqlite3", conn_max_age=0)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/govit.sqlite3"
    assert config["OPTIONS"] == SQLITE_OPTIONS
    assert "PRAGMA journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_keeps_its_connections():
    config = database_config("postgres://govit@127.0.0.1:5432/govit", conn_max_age=120)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["HOST"], config["PORT"], config["NAME"]) == (
        "govit",
        "127.0.0.1",
        5432,
        "govit",
    )
    assert config["CONN_MAX_AGE"] == 120
    assert "OPTIONS" not in config or "init_command" not in config["OPTIONS"]


@pytest.mark.parametrize(
    "url", ["nonsense", "foo://x/y", "postgres://u@127.0.0.1:notaport/x", "mysql://u@127.0.0.1/x"]
)
def test_a_bad_database_url_is_a_configuration_error(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config(url, conn_max_age=0)


# --- The settings as loaded ---------------------------------------------------------------------


def test_the_fixed_settings():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans"]
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert settings.LOGIN_URL == "front:login"
    assert settings.LOGIN_REDIRECT_URL == "front:home"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import govit.settings in a fresh interpreter with exactly these GovIT variables set."""
    clean = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    code = (
        "import json, govit.settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, 'ENGINE': s.DATABASES['default']['ENGINE'],"
        "'NAME': str(s.DATABASES['default']['NAME']), 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,"
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'HSTS': s.SECURE_HSTS_SECONDS,"
        "'EMAIL_BACKEND': s.EMAIL_BACKEND, 'STATICFILES': s.STORAGES['staticfiles']['BACKEND']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def _loaded(**env: str) -> dict:
    result = _load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_local_run_needs_no_variable():
    loaded = _loaded()
    assert loaded["DEBUG"] is True
    assert loaded["SECRET_KEY"] == DEV_SECRET_KEY
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["NAME"] == str(settings.BASE_DIR / "var" / "govit.sqlite3")
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_a_server_without_debug_is_secure(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("server-key", encoding="utf-8")
    loaded = _loaded(
        DEBUG="0", SECRET_KEY_FILE=str(key_file), ALLOWED_HOSTS="govit.yuzhong.example", GOVIT_AUDIT_KEY="a"
    )
    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == "server-key"
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["HSTS"] > 0
    assert loaded["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert loaded["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert loaded["ALLOWED_HOSTS"] == ["govit.yuzhong.example"]


def test_a_plain_http_intranet_server_can_turn_https_off():
    loaded = _loaded(DEBUG="0", SECRET_KEY="k", HTTPS="0", GOVIT_AUDIT_KEY="a")
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["HSTS"] == 0


def test_a_retention_of_183_days_is_accepted():
    assert _load_settings(GOVIT_AUDIT_RETENTION_DAYS="183").returncode == 0


def test_postgres_comes_from_database_url():
    loaded = _loaded(DATABASE_URL="postgres://postgres@127.0.0.1:5432/govit")
    assert loaded["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "k"}, "GOVIT_AUDIT_KEY"),
        ({"GOVIT_AUDIT_RETENTION_DAYS": "182"}, "GOVIT_AUDIT_RETENTION_DAYS"),
        ({"DEBUG": "yes"}, "DEBUG"),
        ({"DATABASE_URL": "oracle-ish://x"}, "DATABASE_URL"),
        ({"CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE"),
        ({"HTTPS": "maybe"}, "HTTPS"),
    ],
)
def test_a_bad_environment_stops_the_start(env, named):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr
