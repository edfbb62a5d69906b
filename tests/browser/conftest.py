"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: the tests use /usr/bin/chromium. Every request that leaves
127.0.0.1/localhost is blocked and fails the test, proving GovIT loads nothing from outside (R8.6).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
# from the test ("cannot be called from an async context"), though nothing here is async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"


def _browser_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("GOVIT_BROWSER_REQUIRED") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (never `playwright install`)"
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Guard:
    """What the page tried that it must not: outside requests, console errors, script errors."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.outside_requests, f"requests to outside the machine: {self.outside_requests}"
        assert not self.console_errors, f"browser console errors: {self.console_errors}"


# The moment every browser walk starts at, whatever the wall clock says: 2028's yearly call is open
# (it closes on 2027-09-30, 第九条) and the demo's history (2025–2026) lies behind it.
WALK_START = "2027-09-06 09:00 +0800"


@pytest.fixture(autouse=True)
def live_clock() -> Iterator[time_machine.Traveller]:
    """The clock of the test and of the live server (a thread of this process) alike, pinned at
    WALK_START and ticking from there; a walk moves it on with `live_clock.move_to(...)` to let
    a trial run last its months. Chromium keeps the real clock: sessions and cookies carry Max-Age,
    which it counts from the moment it receives them."""
    with time_machine.travel(WALK_START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def new_page(browser, live_server, guard: Guard, fast_password_hasher) -> Iterator:
    """`new_page(viewport)` opens a page on the live server; the test fails on any outside request."""
    contexts = []

    def route(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            guard.outside_requests.append(route.request.url)
            route.abort()

    def make(viewport: dict[str, int]):
        context = browser.new_context(
            viewport=viewport,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            base_url=live_server.url,
            is_mobile=viewport["width"] < 600,
            has_touch=viewport["width"] < 600,
        )
        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console", lambda message: message.type == "error" and guard.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: guard.console_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    guard.assert_clean()


@pytest.fixture
def screenshot():
    """`screenshot(page, "login-desktop")` saves test-artifacts/screenshots/login-desktop.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
