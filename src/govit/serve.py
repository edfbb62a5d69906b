"""`govit serve`: GovIT in production, under gunicorn, with WhiteNoise serving the static files.

    govit serve [--bind ADDRESS] [--workers N] [--timeout SECONDS] [--debug-ok]

Workers: 2 × cores + 1 (gunicorn's own rule: while one worker waits on the database another
computes), the cores being those this process may run on; GOVIT_WORKERS or --workers overrides.
Bind: GOVIT_BIND or --bind, default 127.0.0.1:8000 (nginx in front; `unix:/run/govit/govit.sock`
works too). Timeout: GOVIT_TIMEOUT or --timeout, default 120 s (a large export is written in one
request).

It refuses to start, exit 2, before any worker is forked:
- when the settings do not load (ImproperlyConfigured names the variable);
- with DEBUG on, unless --debug-ok: DEBUG is on when the variable is unset (the local run), and a
  production server that forgot DEBUG=0 would show tracebacks, settings and SQL to anyone;
- with DEBUG off and no collected static files (`govit manage collectstatic`): every page would fail
  on its first stylesheet.
"""

import argparse
import gc
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_TIMEOUT = 120
# The access log names the request's id (govit.request_id), as the application's log lines do.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s] "%(a)s"'


class ServeError(Exception):
    """A reason not to start, printed as it is."""


def cores() -> int:
    """The cores this process may run on (a container's or systemd's CPU limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(core_count: int) -> int:
    return 2 * core_count + 1


def _positive(name: str, value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ServeError(f"{name} 应为正整数，而不是 {value!r}") from None
    if number < 1:
        raise ServeError(f"{name} 应为正整数，而不是 {value!r}")
    return number


def _choose(given: str | None, flag: str, environ: dict[str, str], variable: str, default: int) -> int:
    """The option if given, else the variable if set, else the default."""
    if given is not None:
        return _positive(flag, given)
    if environ.get(variable):
        return _positive(variable, environ[variable])
    return default


def parse(argv: list[str], environ: dict[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="govit serve", description="Serve GovIT with gunicorn.")
    parser.add_argument("--bind", default=environ.get("GOVIT_BIND") or DEFAULT_BIND)
    parser.add_argument("--workers", help="default: GOVIT_WORKERS, or 2 × cores + 1")
    parser.add_argument(
        "--timeout", help=f"seconds a request may take; default GOVIT_TIMEOUT or {DEFAULT_TIMEOUT}"
    )
    parser.add_argument("--debug-ok", action="store_true", help="start even though DEBUG is on")
    args = parser.parse_args(argv)
    args.workers = _choose(args.workers, "--workers", environ, "GOVIT_WORKERS", default_workers(cores()))
    args.timeout = _choose(args.timeout, "--timeout", environ, "GOVIT_TIMEOUT", DEFAULT_TIMEOUT)
    return args


def check_settings(debug_ok: bool) -> None:
    """Load the settings here, once, so a bad environment stops the start with its reason."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        debug = settings.DEBUG
    except ImproperlyConfigured as error:
        raise ServeError(f"配置有误：{error}") from None
    if debug and not debug_ok:
        raise ServeError(
            "DEBUG 已开启（未设置 DEBUG 时默认开启），生产环境不得使用调试模式："
            "请设置 DEBUG=0；仅在本机试用 gunicorn 时可加 --debug-ok。"
        )
    if not debug:
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if not manifest.exists():
            raise ServeError(
                f"静态文件尚未收集（缺少 {manifest}）：请先运行 govit manage collectstatic --noinput"
            )


def gunicorn_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "bind": [args.bind],
        "workers": args.workers,
        "timeout": args.timeout,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        # gunicorn opens a control socket in ~/.gunicorn by default: two instances on one
        # machine (or one under a user with no home) would fight over it; GovIT uses none.
        "control_socket_disable": True,
        "proc_name": "govit",
    }


class Application(BaseApplication):
    """gunicorn, configured from `options` (gunicorn's setting names) and serving govit.wsgi."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from django.urls import get_resolver

        from govit.wsgi import application

        # Import every URLconf and build the API now, while the worker boots, not on the first
        # request it serves (a second and a half here).
        get_resolver().url_patterns  # noqa: B018
        # What the worker has loaded to serve stays for its life: frozen, the garbage collector
        # no longer walks it at each full collection (about 90 ms, every dozen requests or so).
        gc.freeze()
        return application


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    try:
        args = parse(argv, dict(os.environ))
        check_settings(args.debug_ok)
    except ServeError as error:
        sys.stderr.write(f"govit serve: {error}\n")
        return 2
    Application(gunicorn_options(args)).run()
    return 0
