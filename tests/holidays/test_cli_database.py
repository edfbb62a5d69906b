"""`govit policy … --calendar db` (or GOVIT_CALENDAR=db): a database that cannot answer is a clear
error naming the option (exit 2), never a traceback; without the option no Django is loaded."""

import json
import os
import subprocess
import sys


def _policy(tmp_path, *args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"GOVIT_CALENDAR", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"  # never migrated
    done = subprocess.run(
        [sys.executable, "-m", "govit", "policy", "contract-due", "--signed", "2026-12-28", *args],
        capture_output=True, env={**environment, **env}, timeout=60, check=False,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout.decode()), done.stderr.decode()


def test_a_database_without_the_schedules_is_an_error_naming_the_option(tmp_path):
    code, answer, stderr = _policy(tmp_path, "--calendar", "db")
    assert code == 2 and answer["error"].startswith("--calendar db: 无法读取数据库中的节假日安排")
    assert "Traceback" not in stderr


def test_govit_calendar_db_means_the_same(tmp_path):
    code, answer, _ = _policy(tmp_path, GOVIT_CALENDAR="db")
    assert code == 2 and answer["error"].startswith("--calendar db:")
    code, answer, _ = _policy(tmp_path)
    assert (code, answer["due"], answer["provisional"]) == (0, "2027-01-06", True)
