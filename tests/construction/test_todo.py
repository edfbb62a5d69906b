"""The to-do list's construction work (R8.1): contracts to file (unit, with due dates and late
marks), filings and waivers to confirm and changes to review (BDB), changes to approve (DRC)."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.construction import test_delivery_walk
from tests.construction.test_delivery_walk import ITEMS, _contract

from govit.construction import changes as construction_changes
from govit.construction import services as construction_services

pytestmark = pytest.mark.django_db
approved = test_delivery_walk.approved  # the fixture, shared


def _work(client):
    response = client.get("/todo/")
    assert response.status_code == 200
    return [(w.label, w.project.pk) for w in response.context["work"]], response.content.decode()


def test_contracts_to_file_wait_for_the_unit_with_due_date_and_late_mark(client_for, demo, approved):
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        contract = _contract(approved, demo)
    with time_machine.travel("2026-10-16 10:00 +0800", tick=False):
        work, page = _work(client_for("jiaowei_unit"))
        assert work == [("报备合同", approved.pk)]
        assert "备案截止 2026-10-15" in page and "已逾期" in page
        assert _work(client_for("jfb_unit"))[0] == []
        assert _work(client_for("bdb"))[0] == []
        construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
        assert _work(client_for("jiaowei_unit"))[0] == []
        work, page = _work(client_for("bdb"))
        assert work == [("确认合同备案", approved.pk)] and "逾期备案" in page
        construction_services.contract_filing_confirm(contract=contract, user=demo["bdb"])
        assert _work(client_for("bdb"))[0] == []


def test_waivers_and_changes_wait_for_the_bdb_then_the_drc(client_for, demo, approved, act):
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
        construction_services.supervision_waiver_request(
            project=approved, user=demo["jiaowei_unit"], reason="统一监理"
        )
        assert ("认可不引入监理的理由", approved.pk) in _work(client_for("bdb"))[0]
        construction_services.supervision_waiver_accept(project=approved, user=demo["bdb"])
        _contract(approved, demo)
        project = act(approved, "jiaowei_unit", "start_construction")
        change = construction_changes.change_request_create(
            project=project,
            user=demo["jiaowei_unit"],
            description="新增移动端",
            software_amount=Decimal(800000),
        )
        work, page = _work(client_for("bdb"))
        assert ("评估变更", project.pk) in work and "16.00%" in page
        assert _work(client_for("drc"))[0] == []
        construction_changes.change_request_review(
            change=change, user=demo["bdb"], passed=True, comment="同意"
        )
        assert ("下达方案及概算调整批复", project.pk) in _work(client_for("drc"))[0]
        assert ("评估变更", project.pk) not in _work(client_for("bdb"))[0]


def test_the_todo_costs_the_same_for_few_and_many_contracts(client_for, demo, approved):
    def count(username):
        with CaptureQueriesContext(connection) as captured:
            client_for(username).get("/todo/")
        return len(captured)

    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        _contract(approved, demo)
        few = {u: count(u) for u in ("jiaowei_unit", "bdb")}
        for n in range(6):
            contract = _contract(approved, demo, number=f"HT-{n + 2}")
            construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
        assert {u: count(u) for u in few} == few
