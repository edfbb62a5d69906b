"""selectors.due_items asks the database a fixed number of times, however many contracts there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.reminders.conftest import at

from govit.construction import services as construction_services
from govit.reminders.models import Kind
from govit.reminders.selectors import due_items

pytestmark = pytest.mark.django_db


def _queries(today: date) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        items = due_items(today)
    return len(queries), items


def _sign_many(demo, approved, sign, first: int, last: int) -> None:
    for n in range(first, last):
        contract = sign(approved, number=f"HT-{n}")
        if n % 5 == 0:  # some filed, waiting for the BDB's confirmation
            with at("2026-10-09"):
                construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])


def test_due_items_costs_the_same_for_5_and_50_contracts(demo, approved, sign, new_project):
    with at("2026-09-15"):
        new_project(year=2028)  # an application of the next call, for the other source
    _sign_many(demo, approved, sign, 0, 5)
    few, items = _queries(date(2026, 10, 16))
    assert sum(i.kind == Kind.CONTRACT_FILING for i in items) == 4
    _sign_many(demo, approved, sign, 5, 50)
    many, items = _queries(date(2026, 10, 16))
    assert sum(i.kind == Kind.CONTRACT_FILING for i in items) == 40
    assert sum(i.kind == Kind.FILING_CONFIRMATION for i in items) == 10
    assert many == few <= 11  # one or two per source (the yearly O&M prompt, 第二十五条, is the seventh)
