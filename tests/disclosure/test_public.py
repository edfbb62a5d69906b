"""信息公开 (R9.6): /public/ and its open data, with no login, show the yearly list's projects in the
columns the BDB made public, and nothing else: never a classified project (第二十七条), never an
unlisted one, never free text; answers are cached, and a change of columns or a classification
takes effect at once."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govit import clock
from govit.audit.models import AuditEvent
from govit.projects import secrecy
from govit.projects.models import Project
from govit.projects.models.project import LIST_ORDER
from govit.public import selectors
from govit.public.models import Column, PublicColumn
from govit.public.services import public_columns_set

pytestmark = pytest.mark.django_db
ALL = list(Column.values)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def district(demo):
    call_command("load_demo", stdout=StringIO())
    return demo


def _json(client: Client, query: str = "") -> dict:
    response = client.get(f"/public/projects.json{query}")
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client: Client, query: str = "") -> list[list[str]]:
    response = client.get(f"/public/projects.csv{query}")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_nothing_is_public_until_the_bdb_says_so(demo):
    PublicColumn.objects.all().delete()
    client = Client()
    page = client.get("/public/")
    assert page.status_code == 200
    assert "区大数据发展局尚未公开项目信息" in page.content.decode()
    assert _json(client)["results"] == [] and _json(client)["columns"] == []
    assert _csv(client) == [[]]


def test_the_demo_publishes_its_listed_projects_and_nothing_unlisted(district):
    listed = Project.objects.filter(list_code__isnull=False, classified_at__isnull=True)
    unlisted = Project.objects.filter(list_code__isnull=True)
    assert listed.count() > selectors.PER_PAGE and unlisted.exists()  # the past projects too: pages
    client = Client()
    rows = _csv(client)
    assert rows[0] == [Column(c).label for c in ALL]
    assert sorted(r[0] for r in rows[1:]) == sorted(listed.values_list("name", flat=True))
    data = _json(client)
    assert data["count"] == listed.count() and [c["code"] for c in data["columns"]] == ALL
    names = [r["name"] for r in data["results"]]
    while data["next"]:
        data = _json(client, data["next"].partition("projects.json")[2])
        names += [r["name"] for r in data["results"]]
    assert sorted(names) == sorted(listed.values_list("name", flat=True))
    first = client.get("/public/").content.decode()
    newest = listed.order_by(*LIST_ORDER)[: selectors.PER_PAGE]
    assert all(p.name in first for p in newest)
    texts = [first, "\n".join(",".join(r) for r in rows), " ".join(names)]
    for project in unlisted:  # a draft, an application under review
        assert all(project.name not in text for text in texts), project.name


def test_free_text_and_documents_are_never_public(district):
    client = Client()
    texts = [client.get("/public/").content.decode(), json.dumps(_json(client), ensure_ascii=False)]
    texts.append("\n".join(",".join(r) for r in _csv(client)))
    for project in Project.objects.filter(list_code__isnull=False):
        for free in (project.summary, project.reason, project.leader_phone, project.contact_name):
            if len(free) > 1:  # an imported past project has no contact: "" is in every text
                assert all(free not in text for text in texts), free
    assert all("/documents/" not in text for text in texts)


def test_a_classified_project_is_out_of_every_answer_and_total_at_once(district):
    client = Client()
    before = _json(client)
    page_before = client.get("/public/").content.decode()
    project = Project.objects.filter(list_code__isnull=False, state="construction").first()
    assert project.name in page_before
    secrecy.project_classify(
        project=project, by=district["bdb"], ref="渝中保密〔2026〕9号", on=clock.today() - timedelta(days=1),
        officers=[district["bdb"]],
    )  # fmt: skip
    after = _json(client)  # no waiting for the cache: the classification is in its key
    assert after["count"] == before["count"] - 1
    assert project.name not in {r["name"] for r in after["results"]}
    assert project.name not in client.get("/public/").content.decode()
    assert project.name not in "".join(",".join(r) for r in _csv(client))
    approved = Project.objects.get(pk=project.pk)
    assert approved.classified_at is not None


def test_only_the_public_columns_are_shown_and_a_withdrawn_one_goes_at_once(district):
    client = Client()
    assert _json(client)["approved_total_wan"] is not None
    public_columns_set(user=district["bdb"], columns=["name", "unit", "year"])
    data = _json(client)
    assert [c["code"] for c in data["columns"]] == ["name", "unit", "year"]
    assert data["approved_total_wan"] is None
    assert all(set(r) == {"name", "unit", "year"} for r in data["results"])
    assert _csv(client)[0] == ["项目名称", "项目单位", "年度"]
    page = client.get("/public/").content.decode()
    assert "批复金额" not in page and "所处阶段" not in page
    # a filter on a column that is not public is ignored, not applied
    assert _json(client, "?stage=operation")["count"] == data["count"]


def test_filters_and_totals(district):
    client = Client()
    everything = _json(client)["count"]
    unit = Project.objects.filter(list_code__isnull=False).select_related("unit").first().unit
    by_unit = _json(client, f"?unit={unit.name}")
    assert (
        by_unit["count"]
        == Project.objects.filter(list_code__isnull=False, unit=unit, classified_at=None).count()
    )
    assert all(r["unit"] == unit.name for r in by_unit["results"])
    built = _json(client, "?stage=operation")
    assert built["count"] and all(
        r["state"] in {"已交付使用（已建项目库）", "运维服务中"} for r in built["results"]
    )
    assert all(r["delivered"] for r in built["results"] if r["state"].startswith("已交付"))
    by_year = _json(client, "?year=2026")
    assert by_year["count"] and all(r["year"] == 2026 for r in by_year["results"])
    years = set(Project.objects.filter(list_code__isnull=False).values_list("year", flat=True))
    assert sum(_json(client, f"?year={year}")["count"] for year in years) == everything
    # the approved amounts of every row add up to the total, in 万元 as exact decimal strings
    rows = _csv(client)
    column = rows[0].index(Column.APPROVED.label)
    total = sum((Decimal(r[column]) for r in rows[1:] if r[column]), Decimal(0))
    assert Decimal(_json(client)["approved_total_wan"]) == total


BAD = ("?year=abc", "?year=20277", "?page=-1", "?page=0", "?page=999999", "?page=1e3", "?category=nope",
       "?stage=<script>", "?unit=%3Cscript%3E", "?unit=" + "长" * 500, "?year=2026&year=2027")  # fmt: skip


def test_bad_queries_are_ignored_never_a_500(district):
    client = Client()
    for query in BAD:
        page = client.get(f"/public/{query}")
        assert page.status_code == 200, query
        assert "<script>" not in page.content.decode()
        assert client.get(f"/public/projects.json{query}").status_code == 200, query
        assert client.get(f"/public/projects.csv{query}").status_code == 200, query
    last = client.get("/public/?page=999999").content.decode()
    assert "没有符合条件的项目" not in last  # a page past the end shows the last one


def test_a_cached_answer_asks_the_database_two_small_questions(district):
    client = Client()
    client.get("/public/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/public/")
    assert again.status_code == 200
    assert len(queries) == 2  # the public columns, the classified projects' signature
    assert "Set-Cookie" not in again.headers  # no session, no form token: one answer for everyone


def test_the_page_runs_a_fixed_number_of_queries(district):
    client = Client()
    with CaptureQueriesContext(connection) as first:
        client.get("/public/")
    cache.clear()
    listed = Project.objects.filter(list_code__isnull=False)
    copies = []
    for n, project in enumerate(listed[:10]):
        project.pk, project.list_code, project.name = None, f"YZ-P-{n:04d}", f"{project.name}（副本{n}）"
        copies.append(project)
    Project.objects.bulk_create(copies)
    with CaptureQueriesContext(connection) as second:
        body = client.get("/public/").content.decode()
    assert "（副本9）" in body
    assert len(second) == len(first)


def test_a_signed_in_official_sees_the_same_public_answer_without_their_name(district, client_for):
    official = client_for("jiaowei_unit")
    page = official.get("/public/").content.decode()
    assert district["jiaowei_unit"].name not in page
    assert "退出登录" not in page


def test_only_the_bdb_chooses_the_columns(district, client_for):
    assert client_for("bdb").get("/settings/public/").status_code == 200
    reader = client_for("finance")
    assert reader.get("/settings/public/").status_code == 200
    assert reader.post("/settings/public/", {"columns": ["name"]}).status_code == 403
    assert client_for("sysadmin").get("/settings/public/").status_code in (302, 403)
    assert Client().get("/settings/public/").status_code == 302  # to the login
    bdb = client_for("bdb")
    refused = bdb.post("/settings/public/", {"columns": ["unit"]})
    assert refused.status_code == 422 and "须同时公开项目名称" in refused.content.decode()
    assert bdb.post("/settings/public/", {"columns": ["name", "secret"]}).status_code == 422
    seen = AuditEvent.objects.count()
    assert bdb.post("/settings/public/", {"columns": ["name", "year"]}).status_code == 302
    assert set(PublicColumn.objects.filter(public=True).values_list("column", flat=True)) == {"name", "year"}
    changed = AuditEvent.objects.filter(pk__gt=0).order_by("-seq")[: AuditEvent.objects.count() - seen]
    assert {e.target_model for e in changed} == {"public.publiccolumn"}
    assert all(e.actor_id == district["bdb"].pk for e in changed)
