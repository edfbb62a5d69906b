"""The yearly list through the API: filters, pages, totals, and a query count that does not grow with it."""

import pytest
from tests.fixtures.api import FORM, ok, refused

from govit.projects import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


@pytest.fixture
def district(demo, walk):
    """Four applications of two units; three have reached the BDB, one of them is listed."""
    ids = {
        "education": walk.create(name="智慧教育平台", amount="800万"),
        "school_om": walk.create(name="校园网运维", work_type="maintenance", amount="50万"),
        "draft": walk.create(name="教育草稿", amount="200000"),
        "street": walk.create(
            "jfb_unit", name="解放碑智慧街区", work_type="service_purchase", amount="1000万"
        ),
    }
    walk.to_review(ids["education"])
    walk.to_review(ids["school_om"])
    walk.to_review(ids["street"], unit="jfb")
    walk.act("bdb", ids["school_om"], "review_pass")
    walk.act("bdb", ids["school_om"], "list")
    return ids


def _names(response) -> list[str]:
    return sorted(item["name"] for item in ok(response)["items"])


def test_each_person_lists_only_what_they_may_see(api, district):
    assert _names(api("jiaowei_unit").get("/projects")) == sorted(["智慧教育平台", "教育草稿", "校园网运维"])
    assert _names(api("jfb_leader").get("/projects")) == ["解放碑智慧街区"]
    assert _names(api("bdb").get("/projects")) == ["智慧教育平台", "校园网运维", "解放碑智慧街区"]
    assert _names(api("expert1").get("/projects")) == []
    assert _names(api("sysadmin").get("/projects")) == []


def test_the_list_carries_totals_of_what_it_filtered(api, district):
    body = ok(api("bdb").get("/projects"))
    assert body["count"] == 3
    assert body["totals"]["count"] == 3
    assert body["totals"]["amount"] == "18500000.00"
    assert body["totals"]["by_category"] == [
        {"category": {"code": "construction", "label": "建设类"}, "count": 1, "amount": "8000000.00"},
        {"category": {"code": "om", "label": "运维类"}, "count": 1, "amount": "500000.00"},
        {"category": {"code": "service", "label": "购买服务类"}, "count": 1, "amount": "10000000.00"},
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"year": 2027}, ["智慧教育平台", "校园网运维", "解放碑智慧街区"]),
        ({"year": 2028}, []),
        ({"category": "service"}, ["解放碑智慧街区"]),
        ({"state": "list_review"}, ["智慧教育平台", "解放碑智慧街区"]),
        ({"work_type": "maintenance"}, ["校园网运维"]),
        ({"listed": "true"}, ["校园网运维"]),
        ({"listed": "false"}, ["智慧教育平台", "解放碑智慧街区"]),
        ({"q": "智慧"}, ["智慧教育平台", "解放碑智慧街区"]),
        ({"q": "YZ-2027"}, ["校园网运维"]),
        # Amounts in 万 or 元, both ends included.
        ({"amount_min": "800万"}, ["智慧教育平台", "解放碑智慧街区"]),
        ({"amount_max": "8000000"}, ["智慧教育平台", "校园网运维"]),
        ({"amount_min": "800万", "amount_max": "1000万元"}, ["智慧教育平台", "解放碑智慧街区"]),
        ({"amount_min": "8000000.01"}, ["解放碑智慧街区"]),
    ],
)
def test_it_filters_the_list(api, district, query, names):
    assert _names(api("bdb").get("/projects", **query)) == names


def test_it_filters_by_unit(api, district, demo):
    assert _names(api("bdb").get("/projects", unit=demo.org("jiefangbei").pk)) == ["解放碑智慧街区"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"amount_min": "很多"}, "amount_min"),
        ({"state": "built"}, "state"),
        ({"category": "palace"}, "category"),
        ({"year": "this"}, "year"),
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"listed": "maybe"}, "listed"),
    ],
)
def test_it_refuses_a_bad_filter_naming_it(api, district, query, field):
    refused(api("bdb").get("/projects", **query), 422, field=field)


def test_it_pages_the_list(api, district):
    first = ok(api("bdb").get("/projects", page_size=2))
    second = ok(api("bdb").get("/projects", page_size=2, page=2))
    beyond = ok(api("bdb").get("/projects", page_size=2, page=9))
    assert (len(first["items"]), len(second["items"]), beyond["items"]) == (2, 1, [])
    assert first["count"] == second["count"] == beyond["count"] == 3
    assert {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]} == {
        district["education"],
        district["school_om"],
        district["street"],
    }


def _projects(demo, n: int) -> None:
    for i in range(n):
        services.project_create(
            user=demo["jiaowei_unit"], application=services.Application(**{**FORM, "name": f"项目{i}"})
        )


def test_the_list_costs_the_same_number_of_queries_for_5_and_for_50_projects(
    api, demo, django_assert_max_num_queries
):
    # The token (1; its last use is written once a minute, and the fixture's first request wrote
    # it), the kept totals, whose count is the list's, and those of the classified projects the
    # person is cleared for (2), the classified projects withheld, counted (1, 第二十七条), the
    # page's keys and then its rows (2, paging.KeysFirst).
    client = api("jiaowei_unit")
    _projects(demo, 5)
    with django_assert_max_num_queries(6) as five:
        assert len(ok(client.get("/projects", page_size=100))["items"]) == 5
    _projects(demo, 45)
    with django_assert_max_num_queries(6) as fifty:
        assert len(ok(client.get("/projects", page_size=100))["items"]) == 50
    assert len(five.captured_queries) == len(fifty.captured_queries)
