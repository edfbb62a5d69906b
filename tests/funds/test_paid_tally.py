"""The ledger's kept totals (PaidTally, FundsTally, kept by triggers): always what summing the
payments gives, whatever writes them — the service, bulk inserts, `update()`, SQL, deleting — and the
page, read from them, always what the payments the person may see add up to, classified projects
(第二十七条) counted only."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fixtures.projects import apply_writes, classify_rows

from govit.accounts.models import User
from govit.approvals.selectors import current_budget
from govit.funds import selectors
from govit.funds.models import Disbursement, FundsTally, PaidTally
from govit.projects.models import Project
from govit.projects.populate import populate

UNTIL = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def district(settings, tmp_path, fast_password_hasher) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
    populate(projects=150, events=0, seed=11, until=UNTIL)


def recounted() -> tuple[dict, dict]:
    """PaidTally and FundsTally as summing every payment gives them."""
    per_project: dict[tuple[int, int], list] = {}
    for d in Disbursement.objects.select_related("project"):
        for year in (d.paid_on.year, 0):
            into = per_project.setdefault((d.project_id, year), [d.project.unit_id, 0, Decimal(0)])
            into[1], into[2] = into[1] + 1, into[2] + d.amount
    per_unit: dict[tuple[int, int], list] = {}
    for (_, year), (unit, payments, amount) in per_project.items():
        into = per_unit.setdefault((year, unit), [0, 0, Decimal(0)])
        into[0], into[1], into[2] = into[0] + 1, into[1] + payments, into[2] + amount
    return ({k: tuple(v) for k, v in per_project.items()}, {k: tuple(v) for k, v in per_unit.items()})


def kept() -> tuple[dict, dict]:
    projects = {(r.project_id, r.year): (r.unit_id, r.payments, Decimal(r.amount_fen) / 100)
                for r in PaidTally.objects.all()}  # fmt: skip
    units = {(r.year, r.unit_id): (r.projects, r.payments, Decimal(r.amount_fen) / 100)
             for r in FundsTally.objects.filter(~Q(projects=0) | ~Q(payments=0) | ~Q(amount_fen=0))}  # fmt: skip
    return projects, units


def live_ledger(user: User, year: int | None, unit: int | None) -> dict:
    """The ledger as main summed it, over every payment the person may see."""
    payments = Disbursement.objects.visible_to(user)
    if unit:
        payments = payments.filter(project__unit_id=unit)
    chosen = payments.filter(paid_on__year=year) if year else payments
    in_year = Q(disbursements__paid_on__year=year) if year else Q()
    projects = (
        Project.objects.visible_to(user)
        .filter(pk__in=chosen.values("project_id"))
        .annotate(paid=Sum("disbursements__amount", filter=in_year), paid_all=Sum("disbursements__amount"),
                  payments=Count("disbursements", filter=in_year), budget=current_budget())
        .order_by("unit__code", "pk")
    )  # fmt: skip
    per_year = (
        payments.annotate(year=ExtractYear("paid_on")).values("year")
        .annotate(total=Sum("amount"), count=Count("pk"), projects=Count("project", distinct=True))
        .order_by("-year")
    )  # fmt: skip
    total = chosen.aggregate(total=Sum("amount"), count=Count("pk"))
    return {
        "rows": [(p.pk, p.paid, p.paid_all, p.payments, p.budget) for p in projects],
        "per_year": list(per_year),
        "total": {"total": total["total"] or Decimal(0), "count": total["count"]},
        "years": sorted({d.year for d in payments.dates("paid_on", "year")}, reverse=True)
        if not unit
        else None,
        "classified": Project.objects.withheld_from(user)
        .filter(disbursements__isnull=False)
        .distinct()
        .count(),
    }


def kept_ledger(user: User, year: int | None, unit: int | None) -> dict:
    totals = selectors.ledger_totals(user)
    rows = selectors.ledger_rows(user, totals, year=year, unit=unit)
    paginator = Paginator(rows, 7)  # small pages: many a page falls across two units
    read = [p for n in paginator.page_range for p in paginator.page(n).object_list]
    return {
        "rows": [(p.pk, p.paid, p.paid_all, p.payments, p.budget) for p in read],
        "per_year": totals.per_year(unit),
        "total": totals.total(year, unit),
        "years": totals.years() if not unit else None,
        "classified": totals.withheld,
    }


def test_filled_by_migration_and_triggers_equals_a_recount(district) -> None:
    assert Disbursement.objects.count() > 20
    assert kept() == recounted()


def test_the_ledger_read_from_the_kept_totals_is_the_ledger_summed_for_everyone(district) -> None:
    paid = list(Project.objects.filter(disbursements__isnull=False).distinct().order_by("pk"))
    jiaowei = Project.objects.filter(unit__code="jiaowei", disbursements__isnull=False).distinct()[:1]
    for project in [*paid[:3], *jiaowei]:  # withheld from finance and audit (第二十七条)
        classify_rows(Project.objects.filter(pk=project.pk))
    years = sorted({d.year for d in Disbursement.objects.dates("paid_on", "year")})
    unit = paid[3].unit_id
    for username in ("finance", "audit", "jiaowei_unit", "jiaowei_leader"):  # a unit: summed live
        user = User.objects.get(username=username)
        for year, unit_id in (
            (None, None),
            (years[-1], None),
            (years[0], None),
            (None, unit),
            (years[-1], unit),
        ):
            assert kept_ledger(user, year, unit_id) == live_ledger(user, year, unit_id), (
                username,
                year,
                unit_id,
            )
    assert selectors.ledger_totals(User.objects.get(username="finance")).withheld == len(
        {*paid[:3], *jiaowei}
    )


def test_the_page_costs_the_same_queries_on_page_1_and_the_last(client_for, district) -> None:
    client = client_for("finance")

    def count(**params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/funds/", params).status_code == 200
        return len(captured)

    last = client.get("/funds/").context["page"].paginator.num_pages
    assert last > 1
    assert count() == count(page=last) == count(year=2025)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["pay", "amount", "date", "move", "delete", "delete_project", "sql"]),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1, max_size=12,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_whatever_writes_the_payments_the_kept_totals_stay_a_recount(district, operations) -> None:
    apply_writes(_write, operations)
    assert kept() == recounted()


def _write(operation: str, n: int) -> None:
    """One write of `operation` on the payment or project `n` picks, as any code or SQL could make it."""
    payments = list(Disbursement.objects.order_by("pk").values_list("pk", flat=True))
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    rows = Disbursement.objects.filter(pk=payments[n % len(payments)]) if payments else None
    if operation == "pay" or rows is None:
        finance = User.objects.get(username="finance")
        Disbursement.objects.bulk_create([
            Disbursement(project_id=projects[n % len(projects)], paid_on=date(2020 + n % 7, 1 + n % 12, 1),
                         amount=Decimal(n + 1) * Decimal("1234.57"), purpose="款", voucher=f"V{n}", recorded_by=finance)
        ])  # fmt: skip
    elif operation == "amount":
        rows.update(amount=Decimal(n + 1) / 100)
    elif operation == "date":
        rows.update(paid_on=date(2019 + n % 8, 6, 30))
    elif operation == "move":
        rows.update(project_id=projects[n % len(projects)])
    elif operation == "delete":
        rows.delete()
    elif operation == "delete_project":
        Project.objects.filter(pk=rows.get().project_id).delete()
    elif operation == "sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE funds_disbursement SET amount = amount + 0.01 WHERE id = %s", [rows.get().pk]
            )
