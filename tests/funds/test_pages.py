"""资金台账 (第二十二条, R4.9): finance and audit only; totals per project and per year against the
approved budgets; fixed queries."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.construction import test_delivery_walk

from govit.funds import services as funds_services
from govit.funds.models import Disbursement

pytestmark = pytest.mark.django_db
approved = test_delivery_walk.approved  # the fixture, shared


def _pay(demo, project, amount: str, paid_on: str, voucher: str):
    return funds_services.disbursement_record(
        project=project, user=demo["finance"], paid_on=date.fromisoformat(paid_on), amount=Decimal(amount),
        purpose="进度款", voucher=voucher,
    )  # fmt: skip


@pytest.mark.parametrize(("username", "status"), [("finance", 200), ("audit", 200), ("bdb", 403),
                                                  ("jiaowei_unit", 403), ("drc", 403), ("expert1", 403)])  # fmt: skip
def test_only_finance_and_audit_open_the_ledger(client_for, demo, username, status):
    assert client_for(username).get("/funds/").status_code == status


def test_the_nav_shows_the_ledger_to_finance_and_audit_only(client_for, demo):
    assert "资金台账" in client_for("finance").get("/todo/").content.decode()
    assert "资金台账" in client_for("audit").get("/todo/").content.decode()
    assert "资金台账" not in client_for("bdb").get("/todo/").content.decode()


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)  # the payments of 2027 have happened
def test_the_ledger_totals_per_project_and_per_year(client_for, demo, approved):
    _pay(demo, approved, "3000000", "2026-10-01", "PZ-1")
    _pay(demo, approved, "1000000", "2027-02-01", "PZ-2")
    response = client_for("audit").get("/funds/")
    row = response.context["page"].object_list[0]
    assert (row.paid, row.paid_all, row.budget, row.remaining) == (
        Decimal("4000000.00"), Decimal("4000000.00"), Decimal("8000000.00"), Decimal("4000000.00"),
    )  # fmt: skip
    assert [(y["year"], y["total"]) for y in response.context["per_year"]] == [
        (2027, Decimal("1000000.00")), (2026, Decimal("3000000.00")),
    ]  # fmt: skip
    page = response.content.decode()
    assert "400.00" in page and "800.00" in page
    response = client_for("finance").get("/funds/", {"year": "2026"})
    row = response.context["page"].object_list[0]
    assert (row.paid, row.paid_all, row.payments) == (Decimal("3000000.00"), Decimal("4000000.00"), 1)
    assert response.context["total"]["total"] == Decimal("3000000.00")


def test_the_ledger_costs_the_same_for_5_and_55_projects(client_for, demo, bulk_projects):
    def paid(count):
        rows = [
            Disbursement(project=p, paid_on=date(2026, 5, 1), amount=Decimal(100), purpose="款", voucher="V",
                         recorded_by=demo["finance"])
            for p in bulk_projects(count)
        ]  # fmt: skip
        Disbursement.objects.bulk_create(rows)

    def count(client, **params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/funds/", params).status_code == 200
        return len(captured)

    client = client_for("finance")
    paid(5)
    few, few_year = count(client), count(client, year="2026")
    paid(50)
    assert (count(client), count(client, year="2026")) == (few, few_year)
    assert client.get("/funds/").context["page"].paginator.count == 55
