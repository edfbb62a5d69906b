"""The `govit` command: `govit manage …` runs Django, `govit serve` serves it in production
(gunicorn), `govit policy …` answers the Rules.

`govit policy` must not import Django: it answers without a database or settings.
"""

import os
import sys

USAGE = """usage: govit {manage,serve,policy} ...

  govit manage <command> [options]   run a Django management command (migrate, runserver, …)
  govit serve [options]              serve GovIT in production with gunicorn (see `govit serve --help`)
  govit policy <command> [options]   answer the Rules' questions (see `govit policy --help`)
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE, end="")
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "policy":
        from govit.policy.cli import main as policy_main

        return policy_main(rest)
    if command == "serve":
        from govit.serve import main as serve_main

        return serve_main(rest)
    if command == "manage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["govit manage", *rest])
        return 0
    print(USAGE, end="", file=sys.stderr)
    return 2
