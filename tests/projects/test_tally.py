"""The yearly list's kept totals (ProjectTally, kept by triggers): always what counting the projects
gives, for every person and every filter, whatever writes the rows — bulk inserts, the engine,
`update()`, classifying, deleting — and never a classified project in them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fixtures.projects import apply_writes, classify_rows

from govit.accounts.models import User
from govit.projects import selectors, totals
from govit.projects.models import Category, Project, ProjectTally, WorkType
from govit.projects.populate import populate
from govit.workflow.lifecycle import STATES

UNTIL = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def district(settings, tmp_path, fast_password_hasher) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    populate(projects=150, events=0, seed=7, until=UNTIL)


def recounted() -> dict[tuple, tuple[int, Decimal]]:
    """The tally as counting every unclassified project gives it."""
    rows = (
        Project.objects.filter(classified_at__isnull=True)
        .values("year", "unit_id", "category", "state", "work_type", "list_code", "submitted_at")
        .order_by()
    )
    counted: dict[tuple, list] = {}
    for row in rows.annotate(n=Count("id"), amount=Sum("amount")):
        key = (row["year"], row["unit_id"], row["category"], row["state"], row["work_type"],
               row["list_code"] is not None, row["submitted_at"] is not None)  # fmt: skip
        into = counted.setdefault(key, [0, Decimal(0)])
        into[0] += row["n"]
        into[1] += row["amount"]
    return {key: (n, amount) for key, (n, amount) in counted.items()}


def kept() -> dict[tuple, tuple[int, Decimal]]:
    rows = ProjectTally.objects.filter(~Q(projects=0) | ~Q(amount_fen=0))
    return {
        (r.year, r.unit_id, r.category, r.state, r.work_type, r.listed, r.submitted): (
            r.projects, Decimal(r.amount_fen) / 100
        )
        for r in rows
    }  # fmt: skip


def live(user: User, filters: dict) -> dict:
    projects = selectors.project_list(user=user, filters=filters)
    return totals._totals(projects.values("category"), amount="amount", count="id")


FILTERS = (
    {},
    {"year": 2026},
    {"year": 2027, "category": Category.CONSTRUCTION},
    {"state": "listed"},
    {"work_type": WorkType.MAINTENANCE},
    {"listed": True},
    {"listed": False},
    {"amount_min": Decimal("1000000")},  # not a kept column: counted live
    {"q": "平台"},
)


def test_filled_by_migration_and_triggers_equals_a_recount(district) -> None:
    assert kept() == recounted()
    assert ProjectTally.objects.exists()


def test_every_person_every_filter_sees_what_counting_their_list_gives(district) -> None:
    leader = User.objects.filter(roles__contains="unit_leader").first()
    some = Project.objects.filter(submitted_at__isnull=False, unit=leader.organisation)[:2]
    for project in some:  # classified ones: counted for who is cleared, live, never kept
        classify_rows(Project.objects.filter(pk=project.pk))
    bdb = User.objects.get(username="bdb")
    Project.secrecy_officers.through.objects.create(project_id=some[0].pk, user_id=bdb.pk)
    assert kept() == recounted()
    people = User.objects.filter(is_active=True).exclude(roles="")
    assert people.count() > 10
    for user in people:
        for filters in FILTERS:
            assert totals.project_totals(user=user, filters=filters) == live(user, filters), (
                user.username, filters,
            )  # fmt: skip


def test_a_kept_total_is_read_in_at_most_two_queries(district) -> None:
    bdb = User.objects.get(username="bdb")
    with CaptureQueriesContext(connection) as captured:
        totals.project_totals(user=bdb, filters={"year": 2027})
    assert len(captured) <= 2
    assert "projects_projecttally" in captured.captured_queries[0]["sql"]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["state", "amount", "year", "list", "unlist", "submit", "classify", "delete", "copy"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1, max_size=12,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_whatever_writes_the_rows_the_tally_stays_a_recount(district, operations) -> None:
    apply_writes(_write, operations)
    assert kept() == recounted()


def _write(operation: str, n: int) -> None:
    """One write of `operation` on the project `n` picks, as any code or SQL could make it."""
    states = [s.code for s in STATES]
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    if not projects:
        return
    pk = projects[n % len(projects)]
    rows = Project.objects.filter(pk=pk)
    if operation == "state":
        rows.filter(list_code__isnull=False).update(state=states[n % len(states)])
    elif operation == "amount":
        rows.update(amount=Decimal(n) * Decimal("1234.57"))
    elif operation == "year":
        rows.update(year=2024 + n % 5)
    elif operation == "list":
        rows.update(list_code=f"YZ-T-{n:05d}")
    elif operation == "unlist":
        rows.filter(state__in=["draft", "submitted"]).update(list_code=None)
    elif operation == "submit":
        rows.update(submitted_at=None if n % 2 else rows.get().created_at + timedelta(days=1))
    elif operation == "classify":
        classify_rows(rows)
    elif operation == "delete":
        rows.delete()
    elif operation == "copy":
        project = rows.get()
        project.pk, project.list_code, project.maintains_id = None, None, None
        Project.objects.bulk_create([project])
