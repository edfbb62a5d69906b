"""The library of built systems (第二十四条, R5.7): scoped like the projects, filtered, paginated,
the same queries whatever the page size. The walk that fills it is in test_construction.py."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.fixtures.api import ApiClient, ok, refused
from tests.fixtures.projects import FORM

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.projects import services
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


def _systems(demo, count: int, *, unit: str = "jiaowei_unit", **fields) -> list[BuiltSystem]:
    """`count` delivered systems of `unit` (rows for the library; the walk is elsewhere)."""
    systems = []
    for n in range(count):
        project = services.project_create(
            user=demo[unit], application=services.Application(**{**FORM, "name": f"{unit}系统{n}"})
        )
        Project.objects.filter(pk=project.pk).update(submitted_at=clock.now())
        systems.append(
            BuiltSystem.objects.create(
                project=project,
                name=project.name,
                unit_id=project.unit_id,
                delivered_on=fields.get("delivered_on", date(2027, 3, 1)),
                on_cloud=fields.get("on_cloud", False),
                shares_data=fields.get("shares_data", False),
            )  # fmt: skip
        )
    return systems


def test_a_unit_sees_its_own_systems_and_the_bureaus_all(api, demo):
    _systems(demo, 2)
    _systems(demo, 1, unit="jfb_unit")
    assert ok(api("jiaowei_unit").get("/library"))["count"] == 2
    assert ok(api("jfb_unit").get("/library"))["count"] == 1
    assert ok(api("bdb").get("/library"))["count"] == 3
    assert ok(api("sysadmin").get("/library"))["count"] == 0
    refused(ApiClient(None).get("/library"), 401)


def test_the_library_filters_by_unit_year_cloud_sharing_and_retirement(api, demo):
    [cloud] = _systems(demo, 1, on_cloud=True, shares_data=True, delivered_on=date(2026, 12, 1))
    [plain] = _systems(demo, 1)
    BuiltSystem.objects.filter(pk=plain.pk).update(
        retired_on=date(2030, 1, 1), retire_reason="并入全市系统", data_destination="市数据中心"
    )
    [other] = _systems(demo, 1, unit="jfb_unit")
    bdb = api("bdb")

    def ids(**params) -> set[int]:
        return {row["id"] for row in ok(bdb.get("/library", **params))["items"]}

    assert ids(on_cloud="true") == {cloud.pk}
    assert ids(shares_data="false") == {plain.pk, other.pk}
    assert ids(year=2026) == {cloud.pk}
    assert ids(retired="true") == {plain.pk}
    assert ids(retired="false") == {cloud.pk, other.pk}
    assert ids(unit=other.unit_id) == {other.pk}
    refused(bdb.get("/library", on_cloud="perhaps"), 422, field="on_cloud")


def test_the_library_is_paginated(api, demo):
    _systems(demo, 3)
    page = ok(api("bdb").get("/library", page=2, page_size=2))
    assert (page["count"], page["page"], len(page["items"])) == (3, 2, 1)


def test_the_library_takes_the_same_queries_for_5_or_50_systems(api, demo):
    client = api("audit")
    ok(client.get("/library"))
    _systems(demo, 5)
    with CaptureQueriesContext(connection) as few:
        assert len(ok(client.get("/library", page_size=100))["items"]) == 5
    _systems(demo, 45)
    with CaptureQueriesContext(connection) as many:
        assert len(ok(client.get("/library", page_size=100))["items"]) == 50
    assert len(few) == len(many)
