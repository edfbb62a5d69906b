"""The demo district's past projects (第四条): a body of built, retired and O&M systems of many units
and years, in which the duplicate check of the demo's applications finds their twins first."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govit.acceptance.models import BuiltSystem
from govit.projects.audit import first_broken_link
from govit.projects.models import Project
from govit.projects.views.page import tabs_of
from govit.similar import demo as similar_demo
from govit.similar.models import IndexedProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(demo):
    call_command("load_demo", stdout=StringIO())


def _first_row(page: str) -> str:
    panel = page[page.index('id="similar"') :]
    row = panel[panel.index('class="similar-row"') :]
    return row[: row.index("</tr>" if "</tr>" in row else "</li>")]


def test_the_past_projects_are_real_records_of_many_units_and_years(district):
    rows = similar_demo.rows()
    past = Project.objects.filter(name__in=[r["n"] for r in rows])
    assert past.count() == len(rows) >= 100
    assert {p.year for p in past} == set(range(2019, 2026))
    assert past.values("unit").distinct().count() >= 30
    assert {p.state for p in past} == {"delivered", "retired", "om_service", "om_closed"}
    built = BuiltSystem.objects.filter(project__in=past)
    assert built.filter(retired_on__isnull=True).count() > built.filter(retired_on__isnull=False).count() > 0
    assert all(p.submitted_at and first_broken_link(p) is None for p in past)
    assert IndexedProject.objects.filter(project__in=past).count() == len(rows)


@pytest.mark.parametrize(
    ("state", "twin"),
    [
        ("list_review", "解放碑街道基层网格事件处置系统"),  # 网格员 … 网格治理 for 网格化治理
        ("leading_group_review", "渝中区义务教育入学网上报名系统"),  # 上小学、小升初 for 招生入学
    ],
)
def test_the_bdb_sees_the_planted_twin_first(district, client_for, state, twin):
    project = Project.objects.get(
        state=state, name__in=["解放碑街道网格化社会治理平台", "渝中区招生入学一件事服务平台"]
    )
    first = _first_row(client_for("bdb").get(f"/projects/{project.pk}/").content.decode())
    assert twin in first and "已建系统" in first


def test_what_a_unit_types_finds_the_past_systems_in_other_words(district, client_for):
    typed = {"name": "学校智慧食堂", "summary": "学校食堂后厨直播，家长用小程序看菜谱。"}
    panel = client_for("jiaowei_unit").post("/similar/draft/", typed).content.decode()
    assert "渝中区学校伙房明厨亮灶工程" in _first_row('id="similar"' + panel)


def test_loading_them_again_changes_nothing(district):
    assert similar_demo.load_past() == 0


def test_a_past_systems_pages_open_for_the_bureaus_within_15_queries(district, client_for):
    past = Project.objects.get(name="渝中区学校伙房明厨亮灶工程")
    assert past.built_system.retired_on is None
    client = client_for("bdb")
    for tab in tabs_of(past):
        url = f"/projects/{past.pk}/" if tab.code == "overview" else f"/projects/{past.pk}/{tab.code}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, tab.code
        assert len(queries) <= 15, (tab.code, len(queries))
    assert client_for("jfb_unit").get(f"/projects/{past.pk}/").status_code == 404  # another unit's
