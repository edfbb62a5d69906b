"""A built system's records through the API (第十九、二十、二十五、二十六条): what each person may
record and read, and what is refused — 403 for the wrong person, 404 outside the scope, 409 with
the article, 422 with the field."""

import pytest
import time_machine
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import make_key

from govit.operation import services as operation_services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED, BUILDING = "渝中区中小学智慧食堂监管平台", "渝中区教育资源公共服务平台"

ASSESSMENT = {
    "kind": "mlps", "level": 3, "done_on": "2025-08-31", "agency": "重庆信息安全测评中心", "result": "basic",
    "findings": "弱口令 2 处", "rectification": "已整改",
}  # fmt: skip
RESOURCE = {
    "name": "学校食堂基本信息", "items": "学校、食堂、许可证号", "update_cycle": "月", "sharing": "unconditional",
    "opening": "none", "legal_basis": "涉及未成年人信息，依据《未成年人保护法》不予开放",
}  # fmt: skip
SHARING = {"organisation": "bdb", "shared_on": "2026-09-01", "method": "接口", "purpose": "食品安全统计"}
SCORES = {
    "year": 2026, "operation": 90, "use": 85, "sharing": 70, "benefit": 80, "conclusion": "运行稳定",
    "evaluated_on": "2026-11-01",
}  # fmt: skip
INCIDENT = {"occurred_at": "2026-09-01T08:00:00", "severity": "minor", "description": "接口超时"}


@pytest.fixture
def delivered(demo) -> int:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED).pk


@pytest.fixture
def building(demo) -> int:
    demo_projects_load({BUILDING})
    return Project.objects.get(name=BUILDING).pk


# --- Security assessments (第十九条) ----------------------------------------------------------------


@time_machine.travel("2026-09-15 10:00 +0800", tick=False)
def test_an_assessment_says_when_the_next_is_due_and_whether_it_is_overdue(api, delivered):
    unit, path = api("jiaowei_unit"), f"/projects/{delivered}/security-assessments"
    assert ok(unit.get(path)) == []
    old = ok(unit.post(path, ASSESSMENT), 201)
    assert (old["kind"], old["next_due"], old["overdue"]) == (
        {"code": "mlps", "label": "网络安全等级保护测评"}, "2026-08-31", True,
    )  # fmt: skip
    new = ok(unit.post(path, {**ASSESSMENT, "done_on": "2026-08-31"}), 201)
    assert (new["next_due"], new["overdue"], new["result"]["code"]) == ("2027-08-31", False, "basic")
    # The newer one replaces the older: that one is no longer overdue.
    listed = ok(api("bdb").get(path))
    assert [(a["done_on"], a["overdue"]) for a in listed] == [("2026-08-31", False), ("2025-08-31", False)]


def test_an_assessment_is_recorded_by_the_unit_of_the_project_only(api, delivered):
    path = f"/projects/{delivered}/security-assessments"
    refused(api("finance").post(path, ASSESSMENT), 403)
    refused(api("jiaowei_leader").post(path, ASSESSMENT), 403)
    refused(api("jfb_unit").post(path, ASSESSMENT), 404)
    refused(api("jfb_unit").get(path), 404)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "astrology"}, "kind"),
        ({"result": "great"}, "result"),
        ({"result": "fail", "findings": ""}, "findings"),
        ({"level": 6}, "level"),
        ({"done_on": "2026-02-30"}, "done_on"),
    ],
)
def test_a_bad_assessment_names_the_field(api, delivered, change, field):
    path = f"/projects/{delivered}/security-assessments"
    refused(api("jiaowei_unit").post(path, {**ASSESSMENT, **change}), 422, field=field)


# --- Data resources and their sharing (第二十条) ----------------------------------------------------


def test_a_catalogued_resource_is_shared_and_listed_with_its_sharings(api, delivered):
    unit = api("jiaowei_unit")
    resource = ok(unit.post(f"/projects/{delivered}/data-resources", RESOURCE), 201)
    assert (resource["sharing"]["code"], resource["opening"]["label"], resource["sharings"]) == (
        "unconditional", "不予开放", [],
    )  # fmt: skip
    sharing = ok(unit.post(f"/data-resources/{resource['id']}/sharings", SHARING), 201)
    assert (sharing["organisation"]["code"], sharing["shared_on"]) == ("bdb", "2026-09-01")
    [listed] = ok(api("bdb").get(f"/projects/{delivered}/data-resources"))
    assert [s["purpose"] for s in listed["sharings"]] == ["食品安全统计"]


def test_not_sharing_needs_a_legal_basis_and_an_unshared_resource_is_not_shared(api, delivered):
    unit, path = api("jiaowei_unit"), f"/projects/{delivered}/data-resources"
    body = refused(unit.post(path, {**RESOURCE, "sharing": "none", "legal_basis": ""}), 409, article=20)
    assert operation_services.NO_LEGAL_BASIS in body["detail"]
    unshared = ok(unit.post(path, {**RESOURCE, "sharing": "none"}), 201)
    refused(unit.post(f"/data-resources/{unshared['id']}/sharings", SHARING), 409, article=20)


def test_a_resource_of_another_unit_is_not_found_and_a_sharing_names_its_bad_field(api, delivered):
    unit = api("jiaowei_unit")
    resource = ok(unit.post(f"/projects/{delivered}/data-resources", RESOURCE), 201)
    refused(api("jfb_unit").post(f"/data-resources/{resource['id']}/sharings", SHARING), 404)
    refused(api("jfb_unit").post(f"/projects/{delivered}/data-resources", RESOURCE), 404)
    sharings = f"/data-resources/{resource['id']}/sharings"
    refused(unit.post(sharings, {**SHARING, "organisation": "nobody"}), 422, field="organisation")
    refused(api("bdb").post(sharings, SHARING), 403)
    refused(unit.post(f"/projects/{delivered}/data-resources", RESOURCE), 422, field="name")
    refused(
        unit.post(f"/projects/{delivered}/data-resources", {**RESOURCE, "sharing": "x"}), 422, field="sharing"
    )


# --- The smart-city hub (第二十条) ------------------------------------------------------------------


def test_the_hub_connection_is_recorded_and_not_connecting_needs_a_basis(api, demo, delivered):
    unit, path = api("jiaowei_unit"), f"/projects/{delivered}/hub"
    assert ok(unit.get(path)) is None
    refused(unit.put(path, {"connected": False}), 409, article=20)
    refused(unit.put(path, {"connected": True}), 422, field="scenarios")
    refused(api("drc").put(path, {"connected": True, "scenarios": "食品安全预警"}), 403)
    hub = ok(unit.put(path, {"connected": True, "scenarios": "食品安全预警"}))
    expected = (True, "食品安全预警", demo["jiaowei_unit"].name)
    assert (hub["connected"], hub["scenarios"], hub["recorded_by"]) == expected
    basis = ok(unit.put(path, {"connected": False, "legal_basis": "涉密，依据保密规定不接入"}))
    assert ok(api("bdb").get(path))["legal_basis"] == basis["legal_basis"] == "涉密，依据保密规定不接入"
    refused(api("jfb_unit").get(path), 404)


# --- O&M (第二十五条) -------------------------------------------------------------------------------


def test_om_costs_are_compared_with_the_five_year_budget(api, delivered):
    unit = api("jiaowei_unit")
    empty = ok(unit.get(f"/projects/{delivered}/om-plan"))
    assert empty == {"plan": None, "om_spending": {"budget": None, "spent": "0.00", "remaining": None}}
    plan = {
        "mechanism": "outsourced",
        "scope": "平台及接口",
        "service_levels": "7×24",
        "five_year_budget": "50万",
    }
    body = ok(unit.put(f"/projects/{delivered}/om-plan", plan))
    assert (body["plan"]["mechanism"]["code"], body["plan"]["five_year_budget"]) == (
        "outsourced",
        "500000.00",
    )
    cost = ok(unit.post(f"/projects/{delivered}/om-costs", {"year": 2026, "amount": "120000"}), 201)
    assert (cost["year"], cost["amount"]) == (2026, "120000.00")
    refused(unit.post(f"/projects/{delivered}/om-costs", {"year": 2026, "amount": "1"}), 422, field="year")
    assert ok(api("finance").get(f"/projects/{delivered}/om-plan"))["om_spending"] == {
        "budget": "500000.00", "spent": "120000.00", "remaining": "380000.00",
    }  # fmt: skip
    assert [c["year"] for c in ok(unit.get(f"/projects/{delivered}/om-costs"))] == [2026]
    refused(
        unit.put(f"/projects/{delivered}/om-plan", {**plan, "five_year_budget": "-1"}),
        422,
        field="five_year_budget",
    )
    refused(
        unit.put(f"/projects/{delivered}/om-plan", {**plan, "mechanism": "magic"}), 422, field="mechanism"
    )


def test_om_costs_and_incidents_belong_to_a_system_in_service(api, building):
    unit = api("jiaowei_unit")
    refused(unit.post(f"/projects/{building}/om-costs", {"year": 2026, "amount": "1"}), 409)
    refused(unit.post(f"/projects/{building}/incidents", INCIDENT), 409)


def test_an_incident_is_recorded_in_beijing_time(api, delivered):
    unit = api("jiaowei_unit")
    incident = ok(unit.post(f"/projects/{delivered}/incidents", INCIDENT), 201)
    assert (incident["occurred_at"], incident["severity"]["label"], incident["resolved_at"]) == (
        "2026-09-01T08:00:00+08:00", "一般", None,
    )  # fmt: skip
    assert [i["id"] for i in ok(api("audit").get(f"/projects/{delivered}/incidents"))] == [incident["id"]]
    refused(
        unit.post(f"/projects/{delivered}/incidents", {**INCIDENT, "severity": "apocalyptic"}),
        422,
        field="severity",
    )
    refused(api("cac").post(f"/projects/{delivered}/incidents", INCIDENT), 403)


# --- Final accounts (第二十六条) --------------------------------------------------------------------


def test_the_final_account_is_recorded_once_after_delivery(api, delivered, building):
    unit = api("jiaowei_unit")
    account = {"amount": "295万", "approved_on": "2026-09-01", "document_ref": "渝中财建〔2026〕8号"}
    assert ok(unit.get(f"/projects/{delivered}/final-account")) is None
    refused(unit.put(f"/projects/{building}/final-account", account), 409)
    refused(api("finance").put(f"/projects/{delivered}/final-account", account), 403)
    body = ok(unit.put(f"/projects/{delivered}/final-account", account))
    assert (body["amount"], body["document_ref"]) == ("2950000.00", "渝中财建〔2026〕8号")
    assert ok(api("bdb").get(f"/projects/{delivered}/final-account"))["amount"] == "2950000.00"
    refused(unit.put(f"/projects/{delivered}/final-account", account), 409, article=26)
    refused(
        unit.put(f"/projects/{delivered}/final-account", {**account, "amount": "很多"}), 422, field="amount"
    )


# --- Evaluations (第二十六条, R5.6) -----------------------------------------------------------------


def test_the_unit_and_the_bdb_each_evaluate_a_delivered_project(api, demo, delivered):
    path = f"/projects/{delivered}/evaluations"
    own = ok(api("jiaowei_unit").post(path, SCORES), 201)
    # 第二十六条: the BDB's key-project evaluation, once the leading group has made it one (第五条).
    refused(api("bdb").post(path, {**SCORES, "evaluated_on": "2026-11-20"}), 409, article=26)
    make_key(Project.objects.get(pk=delivered), demo["lg_office"])
    assert (own["by"]["code"], own["average"], own["project"]["id"]) == ("unit", 81.25, delivered)
    key = ok(api("bdb").post(path, {**SCORES, "operation": 60, "evaluated_on": "2026-11-20"}), 201)
    assert (key["by"]["code"], key["average"]) == ("bdb", 73.75)
    assert [e["by"]["code"] for e in ok(api("jiaowei_unit").get(path))] == ["bdb", "unit"]
    refused(api("jiaowei_unit").post(path, SCORES), 422, field="year")


def test_an_evaluation_is_refused_before_delivery_to_the_wrong_person_and_with_a_bad_score(
    api, delivered, building
):
    unit = api("jiaowei_unit")
    refused(unit.post(f"/projects/{building}/evaluations", SCORES), 409, article=26)
    refused(api("finance").post(f"/projects/{delivered}/evaluations", SCORES), 403)
    refused(api("jfb_unit").post(f"/projects/{delivered}/evaluations", SCORES), 404)
    body = refused(unit.post(f"/projects/{delivered}/evaluations", {**SCORES, "use": 101}), 422, field="use")
    assert "100" in body["detail"]
    refused(unit.post(f"/projects/{delivered}/evaluations", {**SCORES, "benefit": -1}), 422, field="benefit")


def test_a_units_latest_evaluation_is_read_by_the_bureaus_and_the_unit_itself(api, demo, delivered):
    jiaowei, jfb = demo["jiaowei_unit"].organisation_id, demo["jfb_unit"].organisation_id
    path = f"/units/{jiaowei}/latest-evaluation"
    assert ok(api("bdb").get(path)) is None
    ok(api("jiaowei_unit").post(f"/projects/{delivered}/evaluations", SCORES), 201)
    newer = ok(api("jiaowei_unit").post(f"/projects/{delivered}/evaluations", {**SCORES, "year": 2025, "evaluated_on": "2026-11-20"}), 201)  # fmt: skip
    for reader in ("bdb", "drc", "audit", "jiaowei_unit", "jiaowei_leader"):
        assert ok(api(reader).get(path))["id"] == newer["id"], reader
    assert ok(api("jfb_unit").get(f"/units/{jfb}/latest-evaluation")) is None
    for outsider in ("jfb_unit", "expert1", "agency_design", "sysadmin"):
        refused(api(outsider).get(path), 404)
    refused(api("bdb").get("/units/999999/latest-evaluation"), 404)
