"""Every page, posted (or asked) anything that any of GovIT's forms might be sent, by any demo person,
on the demo district's own projects and records: never a server error (issue 10 §5).

The pages are the URLconf's (every route outside /api/ and /admin/, discovered, not listed), the
data the union of every form's fields (tests/front/formdata.py), so each view finds its own
fields among them, and the objects in a route the demo's own: a project at any step, its
contracts, changes, data resources, reviews and documents.
"""

import os
import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.front.formdata import BUILDERS, FORMS, TRANSITIONS, posted, required_arguments

from govit.accounts.models import User

EXAMPLES = int(os.environ.get("GOVIT_PAGE_FUZZ_EXAMPLES", "4"))
SKIPPED = ("api/", "admin/", "logout/")
# The model a route's key names, by the route's first segment; any other key is any small number.
KEYS = {
    "projects": "projects.Project",
    "contracts": "construction.Contract",
    "changes": "construction.ChangeRequest",
    "data-resources": "operation.DataResource",
    "experts": "experts.Expert",
    "reviews": "experts.ExpertReview",
    "documents": "documents.Document",
    "reminders": "reminders.Reminder",
}


def _routes(patterns: list[Any], prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        elif not route.startswith(SKIPPED):
            found.append((route, pattern))
    return found


ROUTES = _routes(get_resolver().url_patterns)


def _keys(route: str) -> st.SearchStrategy[int]:
    label = KEYS.get(route.split("/", 1)[0])
    if label is None:
        return st.integers(0, 100)
    ids = list(apps.get_model(label).objects.values_list("pk", flat=True)[:200])
    return st.sampled_from(ids) if ids else st.integers(1, 100)


@st.composite
def _url(draw, route: str, pattern: URLPattern) -> tuple[str, str | None]:
    """The route with its parameters filled; the transition code, when the route takes one."""
    code = None
    arguments: dict[str, Any] = {}
    for name, converter in pattern.pattern.converters.items():
        if name == "code":
            code = draw(st.sampled_from(TRANSITIONS)).code
            arguments[name] = code
        elif name == "year":
            arguments[name] = draw(st.integers(1999, 2101))
        elif type(converter).__name__ == "IntConverter":
            arguments[name] = draw(_keys(route))
        else:
            arguments[name] = draw(st.from_regex(converter.regex, fullmatch=True))
    path = route
    for name, value in arguments.items():
        # <int:pk>, or <uidb64> with the default converter named nowhere.
        path = re.sub(rf"<(?:\w+:)?{name}>", lambda _match, value=value: str(value), path)
    return "/" + path, code


@st.composite
def _everything_posted(draw) -> tuple[MultiValueDict, MultiValueDict]:
    """One value or none for every field of every form, in one request."""
    data, files = MultiValueDict(), MultiValueDict()
    for cls in FORMS:
        arguments = {name: draw(BUILDERS[name]) for name in required_arguments(cls)}
        fields, uploads = draw(posted(cls(**arguments)))
        data.update(fields)
        files.update(uploads)
    return data, files


@pytest.fixture(scope="module")
def people(district, django_db_blocker) -> list[str]:
    with django_db_blocker.unblock():
        return sorted(User.objects.filter(is_active=True).values_list("username", flat=True))


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[route or "/" for route, _ in ROUTES])
def test_a_page_answers_anything_without_a_server_error(route, pattern, people, db):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def visit(data):
        path, code = data.draw(_url(route, pattern), label="path")
        fields, files = data.draw(_everything_posted(), label="posted")
        if code:  # an action's form reads its fields under the action's prefix
            fields = MultiValueDict({f"{code}-{k}": v for k, v in fields.lists()} | dict(fields.lists()))
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=data.draw(st.sampled_from(people), label="who")))
        if data.draw(st.booleans(), label="post"):
            response = client.post(path, {**{k: v for k, v in fields.lists()}, **files.dict()})
        else:
            response = client.get(path, {k: v for k, v in fields.lists() if v})
        assert response.status_code < 500, (path, response.status_code)

    visit()
