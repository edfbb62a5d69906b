"""Nothing is loaded from outside the machine (R8.6): no external URL in templates or static files."""

import re
from pathlib import Path

import pytest

import govit

SOURCE = Path(govit.__file__).parent
# src="…", href="…", action="…" and CSS url(…) pointing to another host (http://, https:// or //host).
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|srcset)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""",
    re.IGNORECASE,
)
FILES = sorted(
    path
    for pattern in ("*/templates/**/*.html", "*/static/**/*.css", "*/static/**/*.js", "*/static/**/*.svg")
    for path in SOURCE.glob(pattern)
)


def test_there_are_files_to_check():
    names = {path.name for path in FILES}
    assert {"base.html", "login.html", "home.html", "govit.css"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_it_loads_nothing_from_outside(path):
    found = EXTERNAL.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path} refers to an outside URL"


@pytest.mark.parametrize(
    "snippet",
    [
        '<link href="https://cdn.example.com/x.css">',
        "<script src='//cdn.example.com/x.js'></script>",
        "body { background: url(http://example.com/x.png) }",
        '@import "https://fonts.example.com/css";',
    ],
)
def test_the_check_would_catch_an_outside_url(snippet):
    assert EXTERNAL.search(snippet)


def test_the_check_ignores_namespaces_and_text():
    assert not EXTERNAL.search('<svg xmlns="http://www.w3.org/2000/svg">')


def test_pages_send_a_content_security_policy(client, db):
    response = client.get("/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
