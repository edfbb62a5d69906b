"""The project page from construction on: security, data resources, the hub, O&M, the final
accounts and the evaluations — who may use the forms, every refusal shown with its reason and
article, and the BDB's list showing each unit's latest evaluation (第十九、二十、二十五、二十六条)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.fixtures.projects import make_key

from govit import clock
from govit.operation import services as operation_services
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
    OmPlan,
    SecurityAssessment,
    SharingRecord,
)
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED, BUILDING = "渝中区中小学智慧食堂监管平台", "渝中区教育资源公共服务平台"

SECURITY = {
    "kind": "mlps", "level": "3", "done_on": "2026-08-31", "agency": "重庆信息安全测评中心", "result": "basic",
    "findings": "弱口令 2 处", "rectification": "已整改", "rectified_on": "2026-09-10",
}  # fmt: skip
RESOURCE = {
    "name": "学校食堂基本信息", "items": "学校、食堂、许可证号", "update_cycle": "每月", "sharing": "unconditional",
    "sharing_conditions": "", "opening": "none", "legal_basis": "涉及未成年人信息，不予开放",
}  # fmt: skip
EVALUATION = {
    "year": "2026", "operation": "90", "use": "80", "sharing": "70", "benefit": "85",
    "conclusion": "运行稳定，建议扩大共享。", "evaluated_on": "2026-11-02",
}  # fmt: skip


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


@pytest.fixture
def building(demo) -> Project:
    demo_projects_load({BUILDING})
    return Project.objects.get(name=BUILDING)


def _page(client, project, tab: str = "operation") -> str:
    response = client.get(
        f"/projects/{project.pk}/" if tab == "overview" else f"/projects/{project.pk}/{tab}/"
    )
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- Security (第十九条) ------------------------------------------------------------------------


def test_the_unit_records_an_assessment_and_sees_when_the_next_is_due(client_for, delivered):
    client = client_for("jiaowei_unit")
    assert 'id="security-form"' in _page(client, delivered)
    response = client.post(f"/projects/{delivered.pk}/security/", SECURITY)
    assert response.status_code == 302
    assert SecurityAssessment.objects.get(project=delivered).next_due == date(2027, 8, 31)
    page = _page(client, delivered)
    assert "网络安全等级保护测评" in page and "2027-08-31" in page and "弱口令 2 处" in page


def test_an_overdue_assessment_is_marked_late(client_for, demo, delivered):
    operation_services.security_assessment_record(
        project=delivered, user=demo["jiaowei_unit"],
        kind="risk", done_on=date(2020, 1, 1), agency="某机构", result="pass",
    )  # fmt: skip
    page = _page(client_for("cac"), delivered)
    assert "2021-01-01" in page and "已逾期" in page


def test_a_refused_assessment_keeps_what_was_typed(client_for, delivered):
    data = {**SECURITY, "result": "fail", "findings": ""}
    response = client_for("jiaowei_unit").post(f"/projects/{delivered.pk}/security/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert operation_services.FINDINGS_NEEDED in page and 'id="security-form" open' in page
    assert 'value="重庆信息安全测评中心"' in page
    assert not SecurityAssessment.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("jfb_unit", 404), ("bdb", 403), ("cac", 403)])
def test_only_the_unit_records_an_assessment(client_for, delivered, username, status):
    response = client_for(username).post(f"/projects/{delivered.pk}/security/", SECURITY)
    assert response.status_code == status
    assert not SecurityAssessment.objects.exists()


def test_the_cac_sees_the_security_section_without_a_form(client_for, demo, delivered, building):
    for project in (delivered, building):
        page = _page(client_for("cac"), project)
        assert "网络安全测评（第十九条）" in page
        assert 'id="security-form"' not in page and 'id="resource-form"' not in page


# --- Data resources and the hub (第二十条) --------------------------------------------------------


def test_the_unit_records_a_resource_and_its_sharing(client_for, demo, building):
    client = client_for("jiaowei_unit")
    assert client.post(f"/projects/{building.pk}/data-resources/", RESOURCE).status_code == 302
    resource = DataResource.objects.get(project=building)
    sharing = {
        "organisation": str(demo.org("bdb").pk),
        "shared_on": "2026-09-01",
        "method": "接口",
        "purpose": "统计",
    }
    assert client.post(f"/data-resources/{resource.pk}/sharings/", sharing).status_code == 302
    assert SharingRecord.objects.get(resource=resource).method == "接口"
    page = _page(client, building)
    assert "学校食堂基本信息" in page and "无条件共享" in page and "2026-09-01" in page


def test_an_unshared_resource_without_basis_is_refused_with_article_20(client_for, building):
    data = {**RESOURCE, "sharing": "none", "legal_basis": ""}
    response = client_for("jiaowei_unit").post(f"/projects/{building.pk}/data-resources/", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert operation_services.NO_LEGAL_BASIS in page and "依据第二十条" in page
    assert 'id="resource-form" open' in page and 'value="学校食堂基本信息"' in page
    assert not DataResource.objects.exists()


def test_sharing_an_unshared_resource_is_refused_and_others_cannot_share(client_for, demo, building):
    resource = operation_services.data_resource_record(
        project=building, user=demo["jiaowei_unit"], **{**RESOURCE, "sharing": "none"}
    )
    sharing = {
        "organisation": str(demo.org("bdb").pk),
        "shared_on": "2026-09-01",
        "method": "接口",
        "purpose": "统计",
    }
    response = client_for("jiaowei_unit").post(f"/data-resources/{resource.pk}/sharings/", sharing)
    assert response.status_code == 409 and "依据第二十条" in response.content.decode()
    assert client_for("jfb_unit").post(f"/data-resources/{resource.pk}/sharings/", sharing).status_code == 404
    assert client_for("bdb").post(f"/data-resources/{resource.pk}/sharings/", sharing).status_code == 403
    assert not SharingRecord.objects.exists()


def test_the_hub_connection_and_its_refusal(client_for, building):
    client = client_for("jiaowei_unit")
    response = client.post(
        f"/projects/{building.pk}/hub/", {"connected": "no", "scenarios": "", "legal_basis": ""}
    )
    assert response.status_code == 409 and "依据第二十条" in response.content.decode()
    assert 'id="hub-form" open' in response.content.decode()
    data = {"connected": "yes", "scenarios": "教育资源全景展示", "legal_basis": ""}
    assert client.post(f"/projects/{building.pk}/hub/", data).status_code == 302
    assert HubConnection.objects.get(project=building).connected
    assert "已接入渝中区新型智慧城市智能中枢" in _page(client_for("bdb"), building)
    assert client_for("bdb").post(f"/projects/{building.pk}/hub/", data).status_code == 403


# --- O&M (第二十五条) -----------------------------------------------------------------------------


def test_the_unit_records_its_om_plan_costs_and_incidents(client_for, delivered):
    client = client_for("jiaowei_unit")
    plan = {"mechanism": "outsourced", "scope": "平台软硬件运维", "service_levels": "7×24小时",
            "five_year_budget_0": "50", "five_year_budget_1": "wan"}  # fmt: skip
    assert client.post(f"/projects/{delivered.pk}/om-plan/", plan).status_code == 302
    cost = {"year": "2026", "amount_0": "8", "amount_1": "wan", "note": "年度运维合同"}
    assert client.post(f"/projects/{delivered.pk}/om-costs/", cost).status_code == 302
    incident = {"occurred_at": "2026-09-01T10:00", "severity": "minor", "description": "服务中断 10 分钟",
                "resolved_at": "2026-09-01T10:10", "resolution": "重启服务"}  # fmt: skip
    assert client.post(f"/projects/{delivered.pk}/incidents/", incident).status_code == 302
    assert OmPlan.objects.get(project=delivered).five_year_budget == Decimal("500000.00")
    assert Incident.objects.filter(project=delivered).count() == 1
    response = client.get(f"/projects/{delivered.pk}/operation/")
    assert response.context["om_spending"]["remaining"] == Decimal("420000.00")
    page = response.content.decode()
    assert "运维外包" in page and "42.00万元" in page and "服务中断 10 分钟" in page
    # A second cost for the same year: refused beside the field, typed values kept.
    response = client.post(f"/projects/{delivered.pk}/om-costs/", cost)
    assert (
        response.status_code == 422
        and operation_services.COST_RECORDED.format(year=2026) in response.content.decode()
    )
    assert 'id="om-cost-form" open' in response.content.decode()
    assert OmCost.objects.filter(project=delivered).count() == 1


def test_costs_and_incidents_wait_for_the_system_in_service(client_for, building):
    client = client_for("jiaowei_unit")
    page = _page(client, building)
    assert 'id="om-plan-form"' in page and 'id="om-cost-form"' not in page
    cost = {"year": "2026", "amount_0": "8", "amount_1": "wan"}
    response = client.post(f"/projects/{building.pk}/om-costs/", cost)
    assert response.status_code == 409 and "不能登记此项" in response.content.decode()


@pytest.mark.parametrize(("username", "status"), [("jfb_unit", 404), ("bdb", 403), ("finance", 403)])
def test_only_the_unit_records_om(client_for, delivered, username, status):
    cost = {"year": "2026", "amount_0": "8", "amount_1": "wan"}
    assert client_for(username).post(f"/projects/{delivered.pk}/om-costs/", cost).status_code == status
    assert not OmCost.objects.exists()


# --- Final accounts and evaluations (第二十六条) ------------------------------------------------------


def test_the_final_account_is_recorded_once(client_for, delivered):
    client = client_for("jiaowei_unit")
    data = {
        "amount_0": "290",
        "amount_1": "wan",
        "approved_on": "2026-11-15",
        "document_ref": "渝中财建〔2026〕5号",
    }
    assert client_for("bdb").post(f"/projects/{delivered.pk}/final-account/", data).status_code == 403
    assert client.post(f"/projects/{delivered.pk}/final-account/", data).status_code == 302
    page = _page(client, delivered)
    assert "渝中财建〔2026〕5号" in page and 'id="final-account-form"' not in page
    response = client.post(f"/projects/{delivered.pk}/final-account/", data)
    assert response.status_code == 409 and "依据第二十六条" in response.content.decode()
    assert FinalAccount.objects.count() == 1


def test_the_unit_and_the_bdb_evaluate_and_the_page_shows_the_average(client_for, demo, delivered):
    assert "登记重点项目绩效评价" not in _page(client_for("bdb"), delivered)  # not a key project yet
    delivered = make_key(delivered, demo["lg_office"])
    bdb_page = _page(client_for("bdb"), delivered)
    assert "登记重点项目绩效评价" in bdb_page
    assert (
        client_for("jiaowei_unit").post(f"/projects/{delivered.pk}/evaluations/", EVALUATION).status_code
        == 302
    )
    data = {**EVALUATION, "operation": "70", "use": "70", "sharing": "70", "benefit": "70"}
    assert client_for("bdb").post(f"/projects/{delivered.pk}/evaluations/", data).status_code == 302
    assert set(Evaluation.objects.values_list("by", flat=True)) == {"unit", "bdb"}
    page = _page(client_for("finance"), delivered)
    assert "81.25" in page and "区大数据发展局重点评价" in page and "单位自评" in page
    assert 'id="evaluation-form"' not in page


def test_evaluation_refusals_show_their_reason(client_for, delivered, building):
    client = client_for("jiaowei_unit")
    response = client.post(f"/projects/{building.pk}/evaluations/", EVALUATION)
    assert response.status_code == 409 and "依据第二十六条" in response.content.decode()
    response = client.post(f"/projects/{delivered.pk}/evaluations/", {**EVALUATION, "use": "120"})
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        operation_services.SCORES_OUT_OF_RANGE in page
        and 'id="evaluation-form" open' in page
        and 'value="120"' in page
    )
    assert client_for("finance").post(f"/projects/{delivered.pk}/evaluations/", EVALUATION).status_code == 403
    assert (
        client_for("jfb_unit").post(f"/projects/{delivered.pk}/evaluations/", EVALUATION).status_code == 404
    )
    assert not Evaluation.objects.exists()


# --- The list (R5.6) and the query counts ----------------------------------------------------------


def _evaluate(demo, project, year=2026, score=80):
    scores = dict.fromkeys(("operation", "use", "sharing", "benefit"), score)
    return operation_services.evaluation_record(
        project=project, user=demo["jiaowei_unit"],
        **{"year": year, **scores, "conclusion": "良好", "evaluated_on": date(2026, 11, year - 2000)},
    )  # fmt: skip


def test_the_bdb_list_shows_the_units_latest_evaluation(client_for, demo, delivered, bulk_projects):
    _evaluate(demo, delivered, 2025, 60)
    _evaluate(demo, delivered, 2026, 88)
    bulk_projects(3)
    page = client_for("bdb").get("/projects/").content.decode()
    assert "单位上次绩效评价" in page and "88分" in page and "2026年度" in page
    assert "单位上次绩效评价" not in client_for("jiaowei_unit").get("/projects/").content.decode()


def test_the_list_costs_the_same_for_5_and_50_projects(client_for, demo, delivered, bulk_projects):
    _evaluate(demo, delivered)
    client = client_for("bdb")
    bulk_projects(5)
    bulk_projects(2, unit="jiefangbei")
    few = _queries(client, "/projects/")
    bulk_projects(45)
    bulk_projects(5, unit="jiefangbei")
    assert _queries(client, "/projects/") == few


def _records(demo, project, n):
    """One more of each repeated record: an assessment, a resource shared twice, a cost, an incident
    and an evaluation."""
    unit = demo["jiaowei_unit"]
    operation_services.security_assessment_record(
        project=project, user=unit,
        kind="mlps", done_on=date(2026, 1, n + 1), agency=f"机构{n}", result="pass",
    )  # fmt: skip
    resource = operation_services.data_resource_record(
        project=project, user=unit, **{**RESOURCE, "name": f"资源{n}"}
    )
    for m in range(2):
        operation_services.sharing_record(
            resource=resource, user=unit, organisation=demo.org("bdb"), shared_on=date(2026, 9, m + 1),
            method="接口", purpose="统计",
        )  # fmt: skip
    operation_services.om_cost_record(project=project, user=unit, year=2020 + n, amount=Decimal(1000))
    operation_services.incident_record(
        project=project,
        user=unit,
        occurred_at=clock.now(),
        severity="minor",
        description=f"事件{n}",
    )
    # Earlier years than the service allows (it takes the years since delivery): written directly.
    Evaluation.objects.create(
        project=project, by=Evaluation.By.UNIT, year=2000 + n, operation=80, use=80, sharing=80, benefit=80,
        conclusion="良好", evaluated_on=date(2026, 1, 1), recorded_by=unit,
    )  # fmt: skip


def test_the_project_page_costs_the_same_with_many_records(client_for, demo, delivered):
    users = ("jiaowei_unit", "bdb", "cac", "finance")
    url = f"/projects/{delivered.pk}/operation/"
    empty = {u: _queries(client_for(u), url) for u in users}
    _records(demo, delivered, 0)
    few = {u: _queries(client_for(u), url) for u in users}
    # An empty catalogue skips the sharings' prefetch: at most one query less, never more.
    assert all(few[u] - empty[u] <= 1 for u in users)
    for n in range(1, 6):
        _records(demo, delivered, n)
    assert {u: _queries(client_for(u), url) for u in users} == few


def test_a_resource_is_shared_with_government_bodies_not_third_parties(client_for, demo, delivered):
    resource = operation_services.data_resource_record(
        project=delivered,
        user=demo["jiaowei_unit"],
        **{**RESOURCE, "name": "食堂许可证", "opening": "none"},
    )
    page = client_for("jiaowei_unit").get(f"/projects/{delivered.pk}/operation/")
    offered = dict(page.context["sharing_form"].fields["organisation"].choices)
    assert demo.org("bdb").pk in offered and demo.org("jiefangbei").pk in offered
    assert demo.org("shancheng_design").pk not in offered and demo.org("cqu").pk not in offered
    data = {
        "organisation": demo.org("cqu").pk,
        "shared_on": "2026-09-01",
        "method": "接口",
        "purpose": "科研",
    }
    response = client_for("jiaowei_unit").post(f"/data-resources/{resource.pk}/sharings/", data)
    assert response.status_code == 422 and not resource.sharings.exists()
