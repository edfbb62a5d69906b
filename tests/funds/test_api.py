"""Funds (第二十二条, R4.9): finance pays up to the approved budget and not a fen more; the ledger
is for finance and audit, one query per page whatever its size."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.construction.test_api import approve_a_project
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import FORM

from govit import clock
from govit.approvals.models import Approval
from govit.funds.models import Disbursement
from govit.projects import services
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo, new_project, act, to_listing) -> int:
    return approve_a_project(demo, new_project, act, to_listing)


def _pay(api, project_id: int, amount: str, paid_on: str = "2026-10-01", who: str = "finance"):
    payment = {"paid_on": paid_on, "amount": amount, "purpose": "合同款", "voucher": f"PZ-{amount}-{paid_on}"}
    return api(who).post(f"/projects/{project_id}/disbursements", payment)


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)  # the payments of 2027 have happened
def test_finance_pays_up_to_the_approved_budget_and_not_a_fen_more(api, approved):
    first = ok(_pay(api, approved, "7999999.99"), 201)
    assert (first["amount"], first["running_total"]) == ("7999999.99", "7999999.99")
    assert ok(_pay(api, approved, "0.01", "2027-01-05"), 201)["running_total"] == "8000000.00"
    body = refused(_pay(api, approved, "0.01", "2027-01-06"), 409, article=22)
    assert body["detail"]
    ledger = ok(api("jiaowei_unit").get(f"/projects/{approved}/disbursements"))
    assert (ledger["approved_total"], ledger["disbursed"], ledger["remaining"]) == (
        "8000000.00", "8000000.00", "0.00",
    )  # fmt: skip
    assert [row["running_total"] for row in ledger["items"]] == ["7999999.99", "8000000.00"]


def test_only_finance_records_a_disbursement(api, approved):
    refused(_pay(api, approved, "1万", who="jiaowei_unit"), 403)
    refused(_pay(api, approved, "1万", who="bdb"), 403)
    refused(_pay(api, approved, "1万", who="jfb_unit"), 404)


@pytest.mark.parametrize(
    ("payment", "field"),
    [({"amount": "-5"}, "amount"), ({"paid_on": "yesterday"}, "paid_on"), ({"voucher": ""}, "voucher")],
)
def test_a_bad_disbursement_names_the_field(api, approved, payment, field):
    data = {"paid_on": "2026-10-01", "amount": "1万", "purpose": "合同款", "voucher": "PZ-1", **payment}
    refused(api("finance").post(f"/projects/{approved}/disbursements", data), 422, field=field)


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)  # the payments of 2027 have happened
def test_the_ledger_is_for_finance_and_audit_with_a_year_filter(api, approved):
    ok(_pay(api, approved, "100万", "2026-10-01"), 201)
    ok(_pay(api, approved, "50万", "2027-03-01"), 201)
    for username in ("jiaowei_unit", "bdb", "drc", "sysadmin"):
        refused(api(username).get("/funds"), 403)
    [row] = ok(api("audit").get("/funds"))["items"]
    assert (row["project"]["id"], row["approved_total"], row["disbursed"], row["remaining"]) == (
        approved, "8000000.00", "1500000.00", "6500000.00",
    )  # fmt: skip
    year = ok(api("finance").get("/funds", year=2027))
    assert [(r["disbursed"], r["disbursed_total"], r["remaining"]) for r in year["items"]] == [
        ("500000.00", "1500000.00", "6500000.00"),
    ]
    assert year["totals"] == {
        "approved_total": "8000000.00",
        "disbursed": "500000.00",
        "remaining": "6500000.00",
    }
    assert ok(api("finance").get("/funds", year=2025))["count"] == 0
    unit = Project.objects.get(pk=approved).unit_id
    assert ok(api("finance").get("/funds", unit=unit))["count"] == 1
    assert ok(api("finance").get("/funds", unit=unit + 1000))["count"] == 0


def _funded_projects(demo, count: int) -> None:
    """`count` submitted projects each with a budget approval and two payments (rows for counting
    queries, not a walk: the walk is in test_construction.py)."""
    for n in range(count):
        project = services.project_create(
            user=demo["jiaowei_unit"], application=services.Application(**{**FORM, "name": f"项目{n}"})
        )
        Project.objects.filter(pk=project.pk).update(submitted_at=clock.now())
        Approval.objects.create(
            project=project, kind=Approval.Kind.FSR_BUDGET, document_number=f"渝中发改投〔2026〕{n + 1}号",
            approved_total=Decimal("1000000.00"), recorded_by=demo["drc"],
        )  # fmt: skip
        for day in (1, 2):
            Disbursement.objects.create(
                project=project, paid_on=date(2026, 10, day), amount=Decimal("100.00"), purpose="款",
                voucher=f"{n}-{day}", recorded_by=demo["finance"],
            )  # fmt: skip


def _queries(client, path: str, **params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        body = ok(client.get(path, **params))
    return len(queries), body


def test_the_ledger_takes_the_same_queries_for_5_or_50_projects(api, demo):
    finance = api("finance")
    ok(finance.get("/funds"))  # the token is read once; warm up
    _funded_projects(demo, 5)
    few, body = _queries(finance, "/funds", page_size=100)
    assert body["count"] == 5 and body["totals"]["disbursed"] == "1000.00"
    _funded_projects(demo, 45)
    many, body = _queries(finance, "/funds", page_size=100)
    assert body["count"] == 50 and len(body["items"]) == 50
    assert body["totals"] == {
        "approved_total": "50000000.00",
        "disbursed": "10000.00",
        "remaining": "49990000.00",
    }
    assert few == many


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)
@pytest.mark.parametrize("amount", ["0", "0.00", "0万"])
def test_a_payment_of_nothing_is_refused_by_article_22_and_nothing_is_written(api, approved, amount):
    body = refused(_pay(api, approved, amount), 422, article=22)
    assert "大于 0" in body["detail"]
    assert ok(api("finance").get(f"/projects/{approved}/disbursements"))["items"] == []
