"""A construction project from its approval to the library of built systems and retirement,
driven only through the API once it is approved (第十六至二十五条)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import upload

from govit import clock
from govit.projects import services

pytestmark = pytest.mark.django_db

ITEMS = [
    {"kind": "software", "name": "教育数据平台软件", "quantity": "1", "unit_price": "500万", "acceptance_terms": "功能测试通过"},
    {"kind": "hardware", "name": "服务器", "quantity": "10", "unit_price": "200000.00", "specification": "2路CPU"},
]  # fmt: skip


@pytest.fixture
def approved(demo, new_project, act, to_listing) -> int:
    return approve_a_project(demo, new_project, act, to_listing)


@pytest.fixture
def contract(api, walk) -> Callable[..., Any]:
    return contract_recorder(api, walk)


def approve_a_project(demo, new_project, act, to_listing) -> int:
    """The id of a construction project of 800万 the DRC approved (software 500万), built through
    the services and the engine like tests/construction/test_delivery_walk.py."""
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        project = act(to_listing(new_project(amount="800万")), "bdb", "list")
        services.preparer_set(
            project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
            qualification="甲级", contact="",
        )  # fmt: skip
        upload(project, demo["jiaowei_unit"], "fsr")
        upload(project, demo["jiaowei_unit"], "budget")
        project = act(project, "jiaowei_unit", "submit_fsr_budget")
        project = act(project, "bdb", "design_pass", comment="同意")
        inputs = {
            "document_number": "渝中发改投〔2026〕9号", "approved_on": clock.today().isoformat(), "approved_total": "800万",
            "approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万",
            "approval_document": upload(project, demo["drc"], "approval"),
        }  # fmt: skip
        return act(project, "drc", "approve_budget", **inputs).pk


def contract_recorder(api, walk) -> Callable[..., Any]:
    """`contract(project_id, kind=…, number=…, signed=…, items=…)` records one by HTTP, with its copy."""

    def record(project_id: int, *, kind="construction", number="HT-1", signed="2026-09-30", items=(), **more):
        data = {
            "kind": kind, "number": number, "title": f"{number}合同", "supplier": "重庆某科技有限公司",
            "amount": "700万", "signed_on": signed, "items": list(items),
            "document_id": walk.upload("jiaowei_unit", project_id, "contract"), **more,
        }  # fmt: skip
        return api("jiaowei_unit").post(f"/projects/{project_id}/contracts", data)

    return record


def _blocked(api, project_id: int, code: str) -> list[int]:
    action = next(
        a for a in ok(api("jiaowei_unit").get(f"/projects/{project_id}/actions")) if a["code"] == code
    )
    return [b["article"] for b in action["blocked"]]


# Building starts after the supervision contract of 2026-10-08; each later step at its own day.
@time_machine.travel("2026-10-08 10:00 +0800", tick=False)
def test_a_project_walks_from_its_approval_to_the_library_and_retirement(api, walk, approved, contract):
    pid, unit, bdb = approved, api("jiaowei_unit"), api("bdb")

    # 第十七条: the approved configuration list first.
    assert ok(unit.get(f"/projects/{pid}/baseline")) == {
        "active_version": None, "plan_total": None, "current_total": None, "approved_total": None, "versions": [],
        "actual_total": None, "actual": [],
    }  # fmt: skip
    assert 17 in _blocked(api, pid, "start_construction")
    baseline = ok(unit.put(f"/projects/{pid}/baseline", {"items": ITEMS}))
    assert (baseline["active_version"], baseline["plan_total"], baseline["approved_total"]) == (
        1, "7000000.00", "8000000.00",
    )  # fmt: skip
    assert [(i["name"], i["quantity"], i["amount"]) for i in baseline["versions"][0]["items"]] == [
        ("教育数据平台软件", "1", "5000000.00"), ("服务器", "10", "2000000.00"),
    ]  # fmt: skip

    # 第十八条: procurement, then the contract, compared with the baseline.
    procurement = {
        "method": "open", "subject": "平台建设", "announced_on": "2026-09-16", "awarded_on": "2026-09-20",
        "supplier": "重庆某科技有限公司", "amount": "700万",
    }  # fmt: skip
    assert ok(unit.post(f"/projects/{pid}/procurements", procurement), 201)["amount"] == "7000000.00"
    assert [p["method"]["code"] for p in ok(unit.get(f"/projects/{pid}/procurements"))] == ["open"]
    building = ok(contract(pid, items=[{"name": "服务器", "quantity": "10", "unit_price": "200000.00"}]), 201)
    assert (building["signed_on"], building["filing_due"], building["filing_due_provisional"]) == (
        "2026-09-30", "2026-10-15", False,
    )  # 7 working days across National Day 2026  # fmt: skip
    assert (building["filed_on"], building["filed_late"], building["filing_confirmed_at"]) == (
        None,
        False,
        None,
    )
    assert building["items"] == [{"name": "服务器", "quantity": "10", "unit_price": "200000.00"}]

    # 800万 ≥ 100万: no building without a supervisor (or an accepted reason).
    supervision = ok(unit.get(f"/projects/{pid}/supervision"))
    assert (supervision["required"], supervision["contract"], supervision["satisfied"]) == (True, None, False)
    assert supervision["basis"][0]["article"] == 18
    refused(unit.post(f"/projects/{pid}/actions/start_construction", {}), 409, article=18)
    ok(contract(pid, kind="supervision", number="JL-1", signed="2026-10-08", amount="20万"), 201)
    supervision = ok(unit.get(f"/projects/{pid}/supervision"))
    assert (supervision["contract"]["number"], supervision["satisfied"]) == ("JL-1", True)
    assert walk.act("jiaowei_unit", pid, "start_construction")["state"]["code"] == "construction"

    # 第十六条: filed a day late (due 2026-10-15), still accepted and marked; the other on time.
    [building, supervising] = ok(unit.get(f"/projects/{pid}/contracts"))
    with time_machine.travel("2026-10-16 10:00 +0800", tick=False):
        late = ok(unit.post(f"/contracts/{building['id']}/file"))
    assert (late["filed_on"], late["filed_late"]) == ("2026-10-16", True)
    refused(unit.post(f"/contracts/{building['id']}/file"), 409, article=16)
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        assert ok(unit.post(f"/contracts/{supervising['id']}/file"))["filed_late"] is False
    refused(unit.post(f"/contracts/{building['id']}/confirm-filing"), 403)
    confirmed = ok(bdb.post(f"/contracts/{building['id']}/confirm-filing"))
    assert confirmed["filing_confirmed_at"] and confirmed["filing_confirmed_by"]

    # 第二十一条: exactly 10% cumulative is recorded; one fen more goes to the BDB and the DRC.
    change = ok(
        unit.post(f"/projects/{pid}/changes", {"description": "增加统计报表", "software_amount": "50万"}), 201
    )
    assert (change["cumulative"], change["approved_software"], change["ratio"]) == (
        "500000.00", "5000000.00", "0.1000",
    )  # fmt: skip
    assert (change["requires_reapproval"], change["status"]["code"]) == (False, "recorded")
    more = ok(
        unit.post(f"/projects/{pid}/changes", {"description": "增加移动端", "software_amount": "0.01"}), 201
    )
    assert (more["cumulative"], more["requires_reapproval"], more["status"]["code"]) == (
        "500000.01", True, "bdb_review",
    )  # fmt: skip
    upload_acceptance = walk.upload("jiaowei_unit", pid, "acceptance")
    assert upload_acceptance and 21 in _blocked(api, pid, "initial_acceptance")
    refused(api("drc").post(f"/changes/{more['id']}/approve", _reapproval()), 409, article=21)
    refused(unit.post(f"/changes/{more['id']}/review", {"passed": True}), 403)
    assert (
        ok(bdb.post(f"/changes/{more['id']}/review", {"passed": True, "comment": "同意报区发改委"}))[
            "status"
        ]["code"]
        == "drc_review"
    )
    refused(bdb.post(f"/changes/{more['id']}/approve", _reapproval()), 403)
    approved_change = ok(api("drc").post(f"/changes/{more['id']}/approve", _reapproval()))
    assert (approved_change["status"]["code"], approved_change["approval_document_number"]) == (
        "approved", "渝中发改投〔2027〕3号",
    )  # fmt: skip
    baseline = ok(unit.get(f"/projects/{pid}/baseline"))
    assert [(v["version"], v["active"]) for v in baseline["versions"]] == [(1, False), (2, True)]
    assert (baseline["plan_total"], baseline["current_total"], baseline["approved_total"]) == (
        "7000000.00", "7500000.01", "8500000.01",
    )  # fmt: skip
    assert baseline["versions"][1]["approval"]["kind"]["code"] == "change"

    # 第二十三条: what was delivered, checked against the current baseline (第十七条), then the initial
    # acceptance, a trial run of two months, and the compliance review.
    assert 23 in _blocked(api, pid, "initial_acceptance")
    delivered = [
        {
            "kind": i["kind"]["code"],
            "name": i["name"],
            "quantity": i["quantity"],
            "unit_price": i["unit_price"],
        }
        for i in baseline["versions"][1]["items"]
    ]
    over = [{**delivered[0], "quantity": str(Decimal(delivered[0]["quantity"]) + 1)}, *delivered[1:]]
    body = refused(unit.put(f"/projects/{pid}/accepted-items", {"items": over}), 409, article=17)
    assert "超过批复的" in body["detail"]
    refused(bdb.put(f"/projects/{pid}/accepted-items", {"items": delivered}), 403)
    actual = ok(unit.put(f"/projects/{pid}/accepted-items", {"items": delivered}))
    assert (actual["actual_total"], len(actual["actual"])) == (actual["current_total"], len(delivered))
    assert 23 not in _blocked(api, pid, "initial_acceptance")
    with time_machine.travel("2027-01-04 10:00 +0800", tick=False):
        walk.act(
            "jiaowei_unit", pid, "initial_acceptance", accepted_on="2026-12-31", trial_started_on="2026-12-31"
        )
    with time_machine.travel("2027-02-27 10:00 +0800", tick=False):
        early = refused(unit.post(f"/projects/{pid}/actions/apply_compliance", {}), 409, article=23)
        assert "2027-02-28" in early["detail"]
    with time_machine.travel("2027-02-28 10:00 +0800", tick=False):
        walk.act("jiaowei_unit", pid, "apply_compliance")
        failing = {
            "cloud_ok": True,
            "sharing_ok": False,
            "sharing_finding": "未编制数据资源目录",
            "integration_ok": True,
        }
        assert walk.act("bdb", pid, "compliance_fail", **failing)["state"]["code"] == "rectification"
        walk.upload("jiaowei_unit", pid, "rectification")
        walk.act("jiaowei_unit", pid, "resubmit_compliance", comment="已编制目录并完成共享")
        walk.act("bdb", pid, "compliance_pass", cloud_ok=True, sharing_ok=True, integration_ok=True)
        rounds = ok(unit.get(f"/projects/{pid}/compliance-checks"))
        assert [(r["round"], r["passed"]) for r in rounds] == [(1, False), (2, True)]
        assert rounds[0]["items"][1] == {
            "code": "sharing", "label": "数据资源共享", "ok": False, "finding": "未编制数据资源目录",
        }  # fmt: skip

        # 第二十四条: the final acceptance filed with the BDB; confirmed, it is delivered and in the library.
        walk.upload("jiaowei_unit", pid, "final_acceptance")
        walk.act(
            "jiaowei_unit",
            pid,
            "file_final_acceptance",
            acceptance_agency="重庆某检测中心",
            final_accepted_on="2027-02-28",
        )
        assert ok(unit.get("/library"))["count"] == 0
        assert walk.act("bdb", pid, "confirm_delivery")["state"]["code"] == "delivered"
    library = ok(unit.get("/library"))
    [system] = library["items"]
    assert (system["project"]["id"], system["delivered_on"], system["on_cloud"], system["shares_data"]) == (
        pid, "2027-02-28", True, True,
    )  # fmt: skip
    assert ok(api("jfb_unit").get("/library"))["count"] == 0  # another unit's system
    assert ok(api("audit").get("/library"))["count"] == 1  # the bureaus see all

    # R5.7: retired, it stays in the library, with why and where its data went.
    with time_machine.travel("2030-01-01 10:00 +0800", tick=False):
        walk.act(
            "jiaowei_unit", pid, "retire", retired_on="2030-01-01", retire_reason="并入全市统建系统",
            data_destination="迁移至市教育数据中心",
        )  # fmt: skip
    [retired] = ok(unit.get("/library", retired="true"))["items"]
    assert (retired["retired_on"], retired["data_destination"]) == ("2030-01-01", "迁移至市教育数据中心")
    assert ok(unit.get("/library", retired="false"))["count"] == 0
    assert walk.state(pid) == "retired"


def _reapproval() -> dict[str, Any]:
    items = [*ITEMS, {"kind": "software", "name": "移动端", "quantity": "1", "unit_price": "500000.01"}]
    return {
        "document_number": "渝中发改投〔2027〕3号", "approved_on": clock.today().isoformat(), "approved_total": "8500000.01",
        "approved_software": "5500000.01", "approved_hardware": "200万", "approved_other": "100万", "items": items,
    }  # fmt: skip


def test_a_supervision_waiver_counts_once_the_bdb_accepts_it(api, walk, approved, contract):
    unit = api("jiaowei_unit")
    ok(unit.put(f"/projects/{approved}/baseline", {"items": ITEMS}))
    ok(contract(approved), 201)
    refused(api("bdb").post(f"/projects/{approved}/supervision-waiver/accept"), 409, article=18)
    waiver = ok(unit.put(f"/projects/{approved}/supervision-waiver", {"reason": "由区大数据发展局统一监理"}))
    assert (waiver["waiver_reason"], waiver["waiver_accepted"], waiver["satisfied"]) == (
        "由区大数据发展局统一监理", False, False,
    )  # fmt: skip
    refused(unit.post(f"/projects/{approved}/actions/start_construction", {}), 409, article=18)
    refused(unit.post(f"/projects/{approved}/supervision-waiver/accept"), 403)
    accepted = ok(api("bdb").post(f"/projects/{approved}/supervision-waiver/accept"))
    assert (accepted["waiver_accepted"], accepted["satisfied"]) == (True, True)
    assert walk.act("jiaowei_unit", approved, "start_construction")["state"]["code"] == "construction"


def test_the_bdb_records_an_agent_unit_on_a_district_decision(api, approved):
    decision = {
        "kind": "agent", "organisation": "bdb", "decision_ref": "渝中府〔2026〕12号", "decided_on": "2026-10-01",
    }  # fmt: skip
    refused(api("jiaowei_unit").post(f"/projects/{approved}/owner-decisions", decision), 403)
    body = ok(api("bdb").post(f"/projects/{approved}/owner-decisions", decision), 201)
    assert (body["kind"]["code"], body["organisation"]["code"], body["decision_ref"]) == (
        "agent", "bdb", "渝中府〔2026〕12号",
    )  # fmt: skip
    assert len(ok(api("jiaowei_unit").get(f"/projects/{approved}/owner-decisions"))) == 1
    refused(
        api("bdb").post(f"/projects/{approved}/owner-decisions", {**decision, "organisation": "nobody"}),
        422, field="organisation",
    )  # fmt: skip
