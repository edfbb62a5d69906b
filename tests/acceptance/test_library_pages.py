"""已建项目库 (第二十四条): who sees which systems, the filters, the counts, fixed queries."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext

from govit.acceptance.models import BuiltSystem
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def systems(bulk_projects):
    """`systems(n, unit=…)`: n delivered systems (bulk rows; the walk tests build real ones)."""

    def make(count: int, unit: str = "jiaowei", start: int = 0) -> list[BuiltSystem]:
        projects = bulk_projects(count, unit=unit, state="list_review")
        # Bulk rows skip the walk; a delivered project carries a list code (a database constraint).
        pks = [p.pk for p in projects]
        Project.objects.filter(pk__in=pks).update(
            state="delivered", list_code=Concat(Value("YZ-TEST-"), Cast("pk", CharField()))
        )
        projects = list(Project.objects.filter(pk__in=pks).select_related("unit").order_by("pk"))
        rows = [
            BuiltSystem(
                project=p,
                name=p.name,
                unit=p.unit,
                delivered_on=date(2026 + (n % 2), 3, 1),
                on_cloud=n % 2 == 0,
                shares_data=n % 3 == 0,
                hub_connected=False,
                retired_on=date(2030, 1, 1) if n % 5 == 4 else None,
                retire_reason="并入市级系统" if n % 5 == 4 else "",
                data_destination="迁移" if n % 5 == 4 else "",
            )  # fmt: skip
            for n, p in enumerate(projects, start)
        ]
        return BuiltSystem.objects.bulk_create(rows)

    return make


def _get(client, url="/library/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_everyone_signed_in_may_open_the_library_and_anonymous_goes_to_login(client, client_for, demo):
    assert client.get("/library/").status_code == 302
    for username in ("bdb", "jiaowei_unit", "finance", "audit", "expert1"):
        assert _get(client_for(username)).status_code == 200


def test_a_unit_sees_its_own_systems_and_the_bureaus_see_all(client_for, systems):
    systems(3)
    systems(2, unit="jiefangbei")
    assert _get(client_for("bdb")).context["counts"]["total"] == 5
    assert _get(client_for("jiaowei_unit")).context["counts"]["total"] == 3
    assert _get(client_for("jfb_unit")).context["counts"]["total"] == 2
    assert _get(client_for("expert1")).context["counts"]["total"] == 0


def test_the_filters_and_counts(client_for, demo, systems):
    systems(10)
    client = client_for("bdb")
    counts = _get(client).context["counts"]
    assert (counts["total"], counts["on_cloud"], counts["shares_data"], counts["retired"], counts["in_use"]) == (
        10, 5, 4, 2, 8,
    )  # fmt: skip
    assert _get(client, on_cloud="yes").context["counts"]["total"] == 5
    assert _get(client, shares_data="no").context["counts"]["total"] == 6
    assert _get(client, retired="yes").context["counts"]["total"] == 2
    assert _get(client, retired="no").context["counts"]["total"] == 8
    assert _get(client, year="2027").context["counts"]["total"] == 5
    assert _get(client, unit=str(demo.org("jiaowei").pk)).context["counts"]["total"] == 10
    page = _get(client, retired="yes").content.decode()
    assert "2030-01-01 停用" in page and "数据去向：迁移" in page


def test_each_row_links_to_its_project(client_for, systems):
    system = systems(1)[0]
    page = _get(client_for("jiaowei_unit")).content.decode()
    assert f'href="/projects/{system.project_id}/"' in page
    assert client_for("jiaowei_unit").get(f"/projects/{system.project_id}/").status_code == 200


def test_the_library_costs_the_same_for_5_and_60_systems(client_for, systems):
    client = client_for("bdb")
    systems(5)

    def count():
        with CaptureQueriesContext(connection) as captured:
            _get(client)
        return len(captured)

    few = count()
    systems(55, start=5)
    assert count() == few


def test_the_nav_shows_the_library(client_for, demo):
    assert "已建项目库" in _get(client_for("jiaowei_unit"), "/todo/").content.decode()
