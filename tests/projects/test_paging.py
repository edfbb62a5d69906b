"""A deep page read by its keys first (projects.paging.KeysFirst) is the page the plain slice
gives: the same rows in the same order, in two queries however deep."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govit.projects import selectors
from govit.projects.paging import KeysFirst


@pytest.mark.django_db
def test_every_window_is_the_plain_slice_in_two_queries(demo, bulk_projects):
    bulk_projects(30, year=2027)
    bulk_projects(25, unit="jiefangbei", year=2028)
    projects = selectors.project_list(user=demo["bdb"])
    expected = list(projects)
    rows = KeysFirst(projects, len(expected))
    assert len(rows) == len(expected) > 50
    for start, stop in (
        (0, 20),
        (20, 40),
        (17, 18),
        (50, 70),
        (len(expected) - 3, len(expected) + 10),
        (90, 99),
    ):
        with CaptureQueriesContext(connection) as queries:
            window = rows[start:stop]
        assert [p.pk for p in window] == [p.pk for p in expected[start:stop]]
        assert len(queries) <= 2  # the keys, then (when there are any) their rows
        assert all(p.unit.name for p in window) and len(queries) <= 2  # the rows came with their unit
    assert rows[5].pk == expected[5].pk


@pytest.mark.django_db
def test_the_list_page_and_the_api_page_read_their_rows_by_keys(client_for, api, demo, bulk_projects):
    from tests.fixtures.api import ok

    bulk_projects(120)
    order = [p.pk for p in selectors.project_list(user=demo["bdb"])]
    page = client_for("bdb").get("/projects/", {"page": 3}).context["page"]
    assert [p.pk for p in page.object_list] == order[100:120]
    body = ok(api("bdb").get("/projects", page=4, page_size=30))
    assert [p["id"] for p in body["items"]] == order[90:120] and body["count"] == len(order)
