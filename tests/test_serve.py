"""Production serving: `govit serve` (gunicorn), the deploy/ files, and `check --deploy` under the
documented production environment."""

import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from django.db import connection

from govit import serve
from govit.documents.services import MAX_UPLOAD_BYTES

DEPLOY = Path(settings.BASE_DIR) / "deploy"
ENV_FILE = DEPLOY / "govit.env"
HOST = "govit.yuzhong.gov.cn"
# Everything the brief of production names; the file may say more.
PRODUCTION_VARIABLES = {
    "DEBUG",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "HTTPS",
    "BEHIND_PROXY",
    "GOVIT_AUDIT_KEY_FILE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "GOVIT_BACKUP_DIR",
    "GOVIT_BIND",
}


def env_file() -> dict[str, str]:
    """deploy/govit.env as systemd's EnvironmentFile= reads it: KEY=value lines, # comments."""
    values = {}
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The documented production environment, with its key files made under tmp_path, and nothing
    of the test run's own environment but what finds programs and the home folder."""
    secret, audit = tmp_path / "secret_key", tmp_path / "audit.key"
    secret.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    audit.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    return {
        **base,
        **env_file(),
        "SECRET_KEY_FILE": str(secret),
        "GOVIT_AUDIT_KEY_FILE": str(audit),
        **overrides,
    }


def govit(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govit", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


# --- The documented production environment ---------------------------------------------------------


def test_the_example_environment_file_names_every_production_setting():
    values = env_file()
    assert PRODUCTION_VARIABLES <= set(values), PRODUCTION_VARIABLES - set(values)
    assert values["DEBUG"] == "0" and values["HTTPS"] == "1" and values["BEHIND_PROXY"] == "1"
    assert "SECRET_KEY" not in values and "GOVIT_AUDIT_KEY" not in values  # only their files
    assert values["CSRF_TRUSTED_ORIGINS"] == f"https://{values['ALLOWED_HOSTS']}"


def test_a_shell_reads_the_environment_file_as_systemd_does():
    # The cron lines and the install steps source it (`set -a; . /etc/govit/govit.env`).
    script = f'set -a; . "{ENV_FILE}"; python3 -c "import json, os; print(json.dumps(dict(os.environ)))"'
    result = subprocess.run(
        ["bash", "-c", script], env={"PATH": os.environ["PATH"]}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    sourced = json.loads(result.stdout)
    assert {key: sourced.get(key) for key in env_file()} == env_file()


def test_check_deploy_passes_with_no_warning_in_the_documented_production_environment(tmp_path):
    result = govit("manage", "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert not re.search(r"\(\w+\.[WE]\d+\)", output), output


def test_check_deploy_does_fail_on_a_warning_when_a_setting_is_left_out(tmp_path):
    # The test above could pass on a check that never warns: without the redirect it does.
    result = govit(
        "manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(tmp_path, SECURE_SSL_REDIRECT="0"),
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


# --- The deploy/ files -------------------------------------------------------------------------------


def unit(name: str) -> str:
    return (DEPLOY / "systemd" / name).read_text(encoding="utf-8")


def test_the_systemd_units_read_the_environment_file_and_run_govits_own_commands():
    commands = get_commands()
    for name, command in [
        ("govit.service", "govit serve"),
        ("govit-backup.service", "govit manage backup --keep-days 30"),
        ("govit-audit.service", "govit manage audit_verify"),
    ]:
        text = unit(name)
        assert "EnvironmentFile=/etc/govit/govit.env" in text
        assert re.search(rf"^ExecStart=/srv/govit/\.venv/bin/{re.escape(command)}$", text, re.M), name
        if command.startswith("govit manage"):
            assert command.split()[2] in commands
    for timer, service in [("govit-backup.timer", "backup"), ("govit-audit.timer", "audit")]:
        assert "OnCalendar=*-*-* 01:" in unit(timer) and "Persistent=true" in unit(timer), service
    # The audit log is verified (and checkpointed) before the backup copies it.
    audit_at = re.search(r"OnCalendar=\S+ (\d\d:\d\d)", unit("govit-audit.timer")).group(1)
    backup_at = re.search(r"OnCalendar=\S+ (\d\d:\d\d)", unit("govit-backup.timer")).group(1)
    assert audit_at < backup_at


def test_the_nginx_site_passes_the_proxy_headers_and_takes_a_whole_upload():
    site = (DEPLOY / "nginx" / "govit.conf").read_text(encoding="utf-8")
    limit = re.search(r"client_max_body_size (\d+)m;", site)
    assert limit and int(limit.group(1)) * 1024 * 1024 > MAX_UPLOAD_BYTES
    for header in ("X-Forwarded-For", "X-Forwarded-Proto $scheme", "X-Request-ID $request_id", "Host $host"):
        assert f"proxy_set_header {header}" in site, header
    assert f"server 127.0.0.1:{env_file()['GOVIT_BIND'].rsplit(':', 1)[1]}" in site
    assert f"server_name {env_file()['ALLOWED_HOSTS']};" in site
    assert "ssl_certificate " in site and "return 301 https://" in site
    # Its own pages for what never reaches GovIT: too large a body, GovIT down (a 503, not a 502).
    assert "error_page 413 @too_large;" in site and "error_page 502 503 504 =503 @unavailable;" in site
    # 信息公开: cached and capped before GovIT, with no cookie either way; the officials' pages are not.
    public = site[site.index("location /public/ {") :].split("}", 1)[0]
    for line in (
        "proxy_cache govit_public;",
        'proxy_set_header Cookie "";',
        "limit_conn govit_public_conn 2;",
    ):
        assert line in public, line
    assert site.count("proxy_cache govit_public;") == 1


# --- govit serve's options -------------------------------------------------------------------------


def test_workers_are_two_per_core_and_one_more(monkeypatch):
    monkeypatch.setattr(serve, "cores", lambda: 2)
    args = serve.parse([], {})
    assert (args.workers, args.bind, args.timeout) == (5, "127.0.0.1:8000", serve.DEFAULT_TIMEOUT)
    monkeypatch.setattr(serve, "cores", lambda: 16)
    assert serve.parse([], {}).workers == 33


def test_the_variables_set_workers_bind_and_timeout_and_the_options_override_them(monkeypatch):
    environ = {"GOVIT_WORKERS": "3", "GOVIT_BIND": "unix:/run/govit/govit.sock", "GOVIT_TIMEOUT": "60"}
    args = serve.parse([], environ)
    assert (args.workers, args.bind, args.timeout) == (3, "unix:/run/govit/govit.sock", 60)
    args = serve.parse(["--workers", "7", "--bind", "0.0.0.0:9000", "--timeout", "30"], environ)
    assert (args.workers, args.bind, args.timeout) == (7, "0.0.0.0:9000", 30)


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", " "])
def test_a_bad_worker_count_is_refused_naming_where_it_came_from(value):
    with pytest.raises(serve.ServeError, match="GOVIT_WORKERS"):
        serve.parse([], {"GOVIT_WORKERS": value})
    with pytest.raises(serve.ServeError, match="--workers"):
        serve.parse(["--workers", value], {})


def test_the_options_are_valid_gunicorn_settings():
    args = serve.parse(["--workers", "2", "--bind", "127.0.0.1:8123"], {})
    cfg = serve.Application(serve.gunicorn_options(args)).cfg
    assert (cfg.workers, cfg.bind, cfg.timeout) == (2, ["127.0.0.1:8123"], serve.DEFAULT_TIMEOUT)
    assert cfg.control_socket_disable is True
    assert cfg.worker_class_str == "sync"


def test_a_worker_freezes_what_it_loaded_before_serving():
    import gc

    args = serve.parse(["--workers", "2"], {})
    try:
        application = serve.Application(serve.gunicorn_options(args)).load()
        assert callable(application)
        # Django, the URLconfs and the API, loaded once, out of the collector's full walks.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_debug_is_refused_in_process_too_unless_told(settings):
    settings.DEBUG = True
    with pytest.raises(serve.ServeError, match="DEBUG=0"):
        serve.check_settings(debug_ok=False)
    assert serve.check_settings(debug_ok=True) is None


def test_the_govit_command_offers_serve(capsys):
    from govit.cli import main

    assert main(["--help"]) == 0
    assert "govit serve" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--help"])
    assert stopped.value.code == 0 and "--workers" in capsys.readouterr().out


def test_serve_refuses_debug_unless_told(tmp_path):
    env = production_env(tmp_path)
    del env["DEBUG"]  # unset: the local run's DEBUG=1
    result = govit("serve", env=env)
    assert result.returncode == 2
    assert "DEBUG" in result.stderr and "--debug-ok" in result.stderr


def test_serve_refuses_a_bad_environment_naming_the_variable(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY_FILE"]
    result = govit("serve", env=env)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_to_start_before_the_static_files_are_collected(tmp_path):
    result = govit("serve", env=production_env(tmp_path, STATIC_ROOT=str(tmp_path / "static")))
    assert result.returncode == 2
    assert "collectstatic" in result.stderr


# --- The real server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database this test's rows are committed to, for the server to serve."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def fetch(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    """One request as nginx sends it: GovIT's name, over https, unless the headers say otherwise."""
    sent = {"Host": HOST, "X-Forwarded-Proto": "https", **headers}
    sent = {key: value for key, value in sent.items() if value}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=sent)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def wait_until_up(server: subprocess.Popen, port: int, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"govit serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            if fetch(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"govit serve did not answer within {seconds} s:\n{log.read_text()}")


@pytest.mark.django_db(transaction=True)
def test_govit_serve_serves_pages_and_static_files_under_gunicorn_and_stops_cleanly(demo, tmp_path):
    # The demo district is committed to the test database (a transactional test), migrated once
    # for the whole run; the server is given that database, in the production environment.
    port = free_port()
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        GOVIT_AUDIT_CHECKPOINT_DIR=str(tmp_path / "audit"),
        GOVIT_BACKUP_DIR=str(tmp_path / "backups"),
        GOVIT_BIND=f"127.0.0.1:{port}",
        GOVIT_WORKERS="2",
    )
    collected = govit("manage", "collectstatic", "--noinput", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    css = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]["govit/govit.css"]

    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "govit", "serve"], env=env, stdout=out, stderr=out)
    try:
        started = time.monotonic()
        wait_until_up(server, port, log)
        startup = time.monotonic() - started

        health = fetch(port, "/healthz", **{"X-Forwarded-Proto": ""})  # a probe on the machine: plain http
        assert (health.status, health.body) == (200, b"ok")

        login = fetch(port, "/login/", **{"X-Request-ID": "nginx-0123456789abcdef"})
        page = login.body.decode()
        assert login.status == 200 and "登录" in page
        assert login.getheader("X-Request-ID") == "nginx-0123456789abcdef"
        assert "Secure" in login.getheader("Set-Cookie")  # behind the proxy, the scheme is https
        assert login.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        assert f"/static/{css}" in page  # the hashed name collectstatic gave it

        static = fetch(port, f"/static/{css}", **{"Accept-Encoding": "gzip"})
        assert static.status == 200 and static.getheader("Content-Type").startswith("text/css")
        assert static.getheader("Cache-Control") == "max-age=315360000, public, immutable"
        assert static.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(static.body) == (tmp_path / "static" / css).read_bytes()

        plain = fetch(port, "/login/", **{"X-Forwarded-Proto": ""})  # http to a page: to https
        assert plain.status == 301 and plain.getheader("Location") == f"https://{HOST}/login/"
        assert fetch(port, "/login/", Host="elsewhere.example").status == 400  # ALLOWED_HOSTS
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    output = log.read_text()
    assert server.returncode == 0, output
    assert len(re.findall(r"Booting worker with pid", output)) == 2, output
    assert "Shutting down: Master" in output
    # The access log names each request's id, the one the proxy sent kept.
    assert '"GET /login/ HTTP/1.1" 200' in output and "[nginx-0123456789abcdef]" in output
    assert startup < 20, f"the server took {startup:.1f} s to answer"
