"""GET /api/v1/projects page after page by cursor (`next`, passed back as `?after=`): the same rows
in the same order as the page-number pages, whoever asks and whatever the filters, read from the
index from the cursor's row on in a fixed number of queries with no count; a cursor that is not one
the list gave, or one beside a page number, is a 422 naming `after`."""

import base64
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import classify_rows

from govit.api.projects import BAD_CURSOR, CURSOR_WITH_PAGE
from govit.projects import selectors
from govit.projects.cursor import ListKey, list_after
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

FILTERS = (
    {},
    {"year": 2027},
    {"listed": False},
    {"listed": True},
    {"category": "service"},
    {"q": "批量项目00"},
)


@pytest.fixture
def district(demo, bulk_projects) -> dict[str, list[int]]:
    """Three years of two units' projects: listed ones whose codes do not follow their ids, unlisted
    ones (no code) tying on everything but their id, and classified ones of 教委 (第二十七条), one of
    them designated to the BDB officer."""
    made = {
        2027: bulk_projects(30, year=2027),
        2028: bulk_projects(25, unit="jiefangbei", year=2028),
        2026: bulk_projects(18, year=2026),
    }
    for year, rows in made.items():
        for n, project in enumerate(rows):
            if n % 3:  # two in three listed, codes in the reverse order of the ids
                code = f"YZ-{year}-{len(rows) - n:04d}"
                Project.objects.filter(pk=project.pk).update(list_code=code, state="approved")
    classified = [made[2027][4].pk, made[2027][5].pk, made[2026][9].pk]
    classify_rows(Project.objects.filter(pk__in=classified))
    Project.secrecy_officers.through.objects.create(project_id=classified[0], user_id=demo["bdb"].pk)
    return {"classified": classified}


def cursor_walk(client, page_size: int, **filters) -> tuple[list[int], list[dict]]:
    """Page 1, then each `next` passed back as `after` until there is none: the ids, and the bodies."""
    bodies = [ok(client.get("/projects", page_size=page_size, **filters))]
    while bodies[-1]["next"] is not None:
        assert len(bodies) < 200, "the walk does not end"
        bodies.append(ok(client.get("/projects", page_size=page_size, after=bodies[-1]["next"], **filters)))
    return [row["id"] for body in bodies for row in body["items"]], bodies


def page_walk(client, page_size: int, **filters) -> list[int]:
    first = ok(client.get("/projects", page_size=page_size, **filters))
    ids = [row["id"] for row in first["items"]]
    for page in range(2, -(-first["count"] // page_size) + 1):
        ids += [
            row["id"]
            for row in ok(client.get("/projects", page=page, page_size=page_size, **filters))["items"]
        ]
    return ids


@pytest.mark.parametrize("username", ["bdb", "jiaowei_unit", "jiaowei_leader", "jfb_unit"])
@pytest.mark.parametrize("page_size", [1, 7, 20, 100])
def test_the_cursor_walk_gives_the_page_number_pages_in_the_lists_order(
    api, demo, district, username, page_size
):
    longest = 0
    for filters in FILTERS if page_size > 1 else FILTERS[:2]:
        order = list(
            selectors.project_list(user=demo[username], filters=filters).values_list("pk", flat=True)
        )
        ids, bodies = cursor_walk(api(username), page_size, **filters)
        assert ids == page_walk(api(username), page_size, **filters) == order, (username, filters)
        assert bodies[0]["count"] == len(order) and bodies[0]["page"] == 1 and bodies[0]["totals"]
        assert bodies[-1]["next"] is None
        for body in bodies[1:]:  # a cursor's page is not counted
            assert body["count"] is body["page"] is body["totals"] is None and body["page_size"] == page_size
            assert len(body["items"]) == page_size or body is bodies[-1]
        longest = max(longest, len(bodies))
    assert longest > 1 or page_size == 100  # (at 100 a page holds every row: the first is the last)


def test_each_numbered_page_gives_the_cursor_of_the_one_after_it(api, district):
    client = api("bdb")
    third = ok(client.get("/projects", page=3, page_size=10))
    fourth = ok(client.get("/projects", page=4, page_size=10))
    after = ok(client.get("/projects", page_size=10, after=third["next"]))
    assert [r["id"] for r in after["items"]] == [r["id"] for r in fourth["items"]]
    assert after["next"] == fourth["next"]
    last = ok(client.get("/projects", page=-(-third["count"] // 10), page_size=10))
    assert last["next"] is None and ok(client.get("/projects", page=99, page_size=10))["next"] is None


def test_who_sees_what_is_as_without_the_cursor(api, demo, district):
    classified = set(district["classified"])
    seen = {
        username: set(cursor_walk(api(username), 6)[0])
        for username in ("bdb", "jiaowei_unit", "jiaowei_leader", "jfb_unit")
    }
    for username, ids in seen.items():
        assert ids == set(Project.objects.visible_to(demo[username]).values_list("pk", flat=True)), username
    assert seen["jiaowei_leader"] & classified == classified  # the unit's leader is cleared for them
    assert seen["bdb"] & classified == {district["classified"][0]}  # the officer designated for one
    assert not seen["jiaowei_unit"] & classified and not seen["jfb_unit"] & classified
    assert all(Project.objects.get(pk=pk).unit.code == "jiefangbei" for pk in seen["jfb_unit"])


def test_a_cursor_from_a_row_out_of_sight_shows_nothing_more(api, demo, district):
    hidden = Project.objects.get(pk=district["classified"][1])  # 教委's, not designated to the BDB
    cursor = ListKey.of(hidden).encode()
    order = list(selectors.project_list(user=demo["bdb"]).values_list("pk", flat=True))
    body = ok(api("bdb").get("/projects", page_size=100, after=cursor))
    assert hidden.pk not in [row["id"] for row in body["items"]]
    assert set(row["id"] for row in body["items"]) <= set(order)
    unit = ok(api("jfb_unit").get("/projects", page_size=100, after=cursor))
    assert all(row["unit"]["code"] == "jiefangbei" for row in unit["items"])


def test_a_cursor_page_runs_the_same_few_queries_wherever_it_is_and_counts_nothing(api, demo, district):
    client = api("bdb")
    order = list(selectors.project_list(user=demo["bdb"]))
    last_listed_2028 = [row for row in order if row.year == 2028 and row.list_code][-1]  # three stretches
    counts = []
    for row in (order[0], order[9], last_listed_2028, order[len(order) // 2], order[-8], order[-1]):
        with CaptureQueriesContext(connection) as captured:
            ok(client.get("/projects", page_size=20, after=ListKey.of(row).encode()))
        sql = [query["sql"].upper() for query in captured.captured_queries]
        assert not [q for q in sql if "COUNT(" in q or "OFFSET" in q], sql
        counts.append(len(sql))
    # the token with its person, the stretches of the index the page reaches (three at most), the rows
    assert max(counts) == 5 and min(counts) >= 3, counts


def test_list_after_reads_a_page_in_four_queries_at_most(demo, district, django_assert_max_num_queries):
    projects = selectors.project_list(user=demo["bdb"])
    order = list(projects)
    for start in range(len(order)):
        with django_assert_max_num_queries(4):
            page = list_after(projects, ListKey.of(order[start]), 3)
            assert all(row.unit.name for row in page.rows)  # the rows came with their unit
        assert [row.pk for row in page.rows] == [row.pk for row in order[start + 1 : start + 4]]
        assert (page.next is None) == (start + 4 >= len(order))


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


BAD = (
    "", "!", "not a cursor", "a" * 200, "Zm9v=", "%00", "////",
    base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
    _cursor({}), _cursor([]), _cursor([2027, None]), _cursor([2027, None, 1, 4]), _cursor("2027"),
    _cursor(["2027", None, 1]), _cursor([2027, None, "1"]), _cursor([2027, 5, 1]), _cursor([True, None, 1]),
    _cursor([2027, None, True]), _cursor([2027, None, 1.5]), _cursor([2027, None, 0]), _cursor([-1, None, 1]),
    _cursor([2027, None, 2**63]), _cursor([2**64, None, 1]), _cursor([2027, "", 1]), _cursor([2027, "Y" * 21, 1]),
    _cursor([2027, "YZ\x00", 1]), _cursor([2027, "\ud800", 1]), _cursor([2027, ["YZ"], 1]), _cursor(None),
)  # fmt: skip


@pytest.mark.parametrize("cursor", BAD)
def test_a_cursor_that_is_not_one_the_list_gave_is_refused(api, demo, cursor):
    body = refused(api("bdb").get("/projects", after=cursor), 422, field="after")
    assert body["detail"] == BAD_CURSOR


def test_a_cursor_longer_than_any_the_list_gives_is_refused_by_its_length(api, demo):
    body = refused(api("bdb").get("/projects", after="a" * 201), 422, field="after")
    assert body["detail"] == "“after”不能超过 200 个字。"


def test_a_cursor_beside_a_page_number_is_refused(api, district):
    client = api("bdb")
    cursor = ok(client.get("/projects", page_size=5))["next"]
    body = refused(client.get("/projects", page=2, after=cursor), 422, field="after")
    assert body["detail"] == CURSOR_WITH_PAGE
    assert ok(client.get("/projects", page=1, page_size=5, after=cursor))["items"]  # page 1 is no page number


def test_a_cursor_is_short_and_url_safe(district):
    for project in Project.objects.all():
        cursor = ListKey.of(project).encode()
        assert len(cursor) <= 40 and cursor.replace("-", "").replace("_", "").isalnum(), cursor
        assert ListKey.decode(cursor) == ListKey.of(project)


# --- The walk is the sorted list, for any projects ------------------------------------------------

ROWS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=10**6),  # the id
        st.sampled_from([2025, 2026, 2027]),  # few years: ties in the year
        st.one_of(st.none(), st.integers(min_value=0, max_value=50)),  # the list code's number, or unlisted
    ),
    max_size=30,
    unique_by=(lambda row: row[0], lambda row: row[2] if row[2] is not None else -row[0]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, size=st.integers(min_value=1, max_value=6))
def test_the_cursor_walk_of_any_projects_is_the_sorted_list(demo, rows, size):
    Project.objects.all().delete()
    Project.objects.bulk_create([_project(demo, pk, year, code) for pk, year, code in rows])
    expected = sorted(
        ((year, f"C{code:03d}" if code is not None else None, pk) for pk, year, code in rows),
        key=lambda row: (-row[0], row[1] is None, row[1] or "", -row[2]),
    )
    projects = selectors.project_list(user=demo["bdb"])
    page = list_after(projects, None, size)
    walked = list(page.rows)
    while page.next is not None:
        key = ListKey.decode(page.next.encode())
        page = list_after(projects, key, size)
        assert page.rows, "a next cursor leads to a page"
        walked += page.rows
    assert [(p.year, p.list_code, p.pk) for p in walked] == expected
    assert [p.pk for p in walked] == list(projects.values_list("pk", flat=True))


def _project(demo, pk: int, year: int, code: int | None) -> Project:
    return Project(
        id=pk, unit=demo.org("jiaowei"), name=f"项目{pk}", leader_name="陈建国", leader_phone="13800138000",
        contact_name="王晓燕", contact_phone="023-63881234", category="service", reason="依据。",
        summary="简介。", expected_effect="效果。", amount=Decimal(100000), funding_source="区级财政资金",
        progress="进展。", filler_name="王晓燕", filler_phone="13900139000", form_date=f"{year - 1}-09-01",
        year=year, work_type="service_purchase", path="service", policy_id="yuzhong-2021",
        state="approved" if code is not None else "list_review", created_by=demo["jiaowei_unit"],
        submitted_at=f"{year - 1}-09-02T10:00:00+08:00", list_code=f"C{code:03d}" if code is not None else None,
    )  # fmt: skip
