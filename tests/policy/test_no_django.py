"""`govit policy` answers without Django: no settings, no database (POLICY-CLI.md, govit/cli.py)."""

import json
import os
import subprocess
import sys

PROGRAM = """
import json, sys
import govit.policy, govit.policy.cli
from govit.cli import main
from govit.policy.cli import run

codes = [
    run(["route", "--category", "construction", "--amount", "1200万", "--new"])[0],
    run(["contract-due", "--signed", "2026-09-30"])[0],
    run(["classify", "--work", "new", "--amount", "-1"])[0],
    main(["policy", "change", "--approved-software", "100万", "--change", "10万"]),
]
django = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(json.dumps({"codes": codes, "django": django}))
"""


def test_the_policy_package_and_its_cli_never_import_django():
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "GOVIT_CALENDAR"}
    }

    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, env=environment, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert report["codes"] == [0, 0, 2, 0]
    assert report["django"] == []
