"""The library's kept counts (LibraryTally, kept by triggers): always what counting the built
systems gives, whatever writes them, and the page and the API, counted from them, always what
counting the systems the person may see gives, classified systems (第二十七条) counted only."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fixtures.api import ok
from tests.fixtures.projects import apply_writes, classify_rows

from govit.acceptance import selectors
from govit.acceptance.models import BuiltSystem, LibraryTally
from govit.accounts.models import User
from govit.projects.models import Project
from govit.projects.paging import KeysFirst
from govit.projects.populate import populate

UNTIL = date(2026, 11, 30)
FLAGS = ("on_cloud", "shares_data", "hub_connected")
pytestmark = pytest.mark.django_db


@pytest.fixture
def district(settings, tmp_path, fast_password_hasher) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    populate(projects=150, events=0, seed=13, until=UNTIL)


def recounted() -> dict[tuple, int]:
    counted: dict[tuple, int] = {}
    for s in BuiltSystem.objects.all():
        key = (
            s.delivered_on.year,
            s.unit_id,
            s.on_cloud,
            s.shares_data,
            s.hub_connected,
            s.retired_on is not None,
        )
        counted[key] = counted.get(key, 0) + 1
    return counted


def kept() -> dict[tuple, int]:
    return {
        (r.year, r.unit_id, r.on_cloud, r.shares_data, r.hub_connected, r.retired): r.systems
        for r in LibraryTally.objects.exclude(systems=0)
    }


def live(user: User, filters: dict) -> tuple[list[int], dict, list[int], int]:
    """The library as main counted it, over every system the person may see."""
    systems = BuiltSystem.objects.visible_to(user)
    if filters.get("unit"):
        systems = systems.filter(unit_id=filters["unit"])
    if filters.get("year"):
        systems = systems.filter(delivered_on__year=filters["year"])
    for flag in FLAGS:
        if filters.get(flag) is not None:
            systems = systems.filter(**{flag: filters[flag]})
    if filters.get("retired") is not None:
        systems = systems.filter(retired_on__isnull=not filters["retired"])
    counts = systems.aggregate(
        total=Count("pk"), in_use=Count("pk", filter=Q(retired_on__isnull=True)),
        on_cloud=Count("pk", filter=Q(on_cloud=True)), shares_data=Count("pk", filter=Q(shares_data=True)),
        hub_connected=Count("pk", filter=Q(hub_connected=True)), retired=Count("pk", filter=Q(retired_on__isnull=False)),
    )  # fmt: skip
    years = [d.year for d in BuiltSystem.objects.visible_to(user).dates("delivered_on", "year", "DESC")]
    rows = list(systems.order_by("-delivered_on", "pk").values_list("pk", flat=True))
    classified = Project.objects.withheld_from(user).filter(built_system__isnull=False).count()
    return rows, counts, years, classified


def read(user: User, filters: dict) -> tuple[list[int], dict, list[int], int]:
    library = selectors.Library(user)
    systems, counts = library.chosen(filters)
    paged = KeysFirst(systems, counts["total"])
    rows = [s.pk for start in range(0, counts["total"], 7) for s in paged[start : start + 7]]
    return rows, counts, library.years(), library.classified


def test_filled_by_migration_and_triggers_equals_a_recount(district) -> None:
    assert BuiltSystem.objects.count() > 20
    assert kept() == recounted()


def test_everyone_every_filter_sees_what_counting_their_systems_gives(district) -> None:
    delivered = list(Project.objects.filter(built_system__isnull=False).order_by("pk"))
    for project in delivered[:3]:  # classified: withheld but from the cleared
        classify_rows(Project.objects.filter(pk=project.pk))
    bdb = User.objects.get(username="bdb")
    Project.secrecy_officers.through.objects.create(project_id=delivered[0].pk, user_id=bdb.pk)
    system = BuiltSystem.objects.get(project=delivered[1])
    choices = (
        {}, {"year": system.delivered_on.year}, {"unit": system.unit_id}, {"on_cloud": system.on_cloud},
        {"shares_data": True, "retired": False}, {"hub_connected": system.hub_connected, "retired": True},
        {"year": system.delivered_on.year, "unit": system.unit_id, "on_cloud": system.on_cloud},
    )  # fmt: skip
    people = User.objects.filter(is_active=True).exclude(roles="")
    assert people.count() > 10
    for user in people:
        for filters in choices:
            assert read(user, filters) == live(user, filters), (user.username, filters)


def test_the_page_and_the_api_cost_the_same_queries_on_page_1_and_the_last(client_for, api, district) -> None:
    def count(client, url, **params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    def api_count(url):
        with CaptureQueriesContext(connection) as captured:
            body = ok(api("bdb").get(url))
        return len(captured), body

    client = client_for("bdb")
    last = client.get("/library/").context["page"].paginator.num_pages
    assert (
        count(client, "/library/")
        == count(client, "/library/", page=last)
        == count(client, "/library/", year=2025)
    )
    api("bdb")  # the token, fetched before counting
    first, body = api_count("/library?page_size=5")
    assert body["count"] == BuiltSystem.objects.visible_to(User.objects.get(username="bdb")).count()
    deep, body = api_count(f"/library?page_size=5&page={body['count'] // 5}")
    assert first == deep and body["items"]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flag", "retire", "unretire", "date", "unit", "delete", "copy"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1, max_size=12,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_whatever_writes_the_systems_the_kept_counts_stay_a_recount(district, operations) -> None:
    apply_writes(_write, operations)
    assert kept() == recounted()


def _write(operation: str, n: int) -> None:
    systems = list(BuiltSystem.objects.order_by("pk"))
    if not systems:
        return
    system = systems[n % len(systems)]
    rows = BuiltSystem.objects.filter(pk=system.pk)
    if operation == "flag":
        rows.update(**{FLAGS[n % 3]: not getattr(system, FLAGS[n % 3])})
    elif operation == "retire":
        rows.update(retired_on=date(2026, 6, 1), retire_reason="并入市级系统", data_destination="迁移")
    elif operation == "unretire":
        rows.update(retired_on=None)
    elif operation == "date":
        rows.update(delivered_on=date(2019 + n % 8, 3, 1))
    elif operation == "unit":
        rows.update(unit_id=systems[(n + 1) % len(systems)].unit_id)
    elif operation == "delete":
        Project.objects.filter(maintains=system).update(maintains=None)
        rows.delete()
    elif operation == "copy":  # another project's system, written in bulk
        taken = BuiltSystem.objects.values("project_id")
        project = Project.objects.exclude(pk__in=taken).order_by("pk")[n % 10 : n % 10 + 1].first()
        if project is not None:
            system.pk, system.project_id = None, project.pk
            BuiltSystem.objects.bulk_create([system])
