"""The project page from the approval on: the construction sections and their forms — who may use
them, and every refusal shown with its reason and article (第十六至二十二条)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from tests.construction import test_delivery_walk
from tests.construction.test_delivery_walk import ITEMS, _contract
from tests.fixtures.projects import deliver_as_approved, upload

from govit.construction import changes as construction_changes
from govit.construction import services as construction_services
from govit.construction.models import Baseline, ChangeRequest, Contract, Procurement
from govit.construction.selectors import LineIn
from govit.funds import services as funds_services
from govit.funds.models import Disbursement
from govit.projects.models import Project

pytestmark = pytest.mark.django_db
approved = test_delivery_walk.approved  # the fixture, shared

LINES = {
    "lines-TOTAL_FORMS": "6", "lines-INITIAL_FORMS": "0",
    "lines-0-kind": "software", "lines-0-name": "教育数据平台软件", "lines-0-quantity": "1",
    "lines-0-unit_price": "5000000", "lines-0-acceptance_terms": "功能测试通过",
    "lines-1-kind": "hardware", "lines-1-name": "服务器", "lines-1-specification": "2路32核",
    "lines-1-quantity": "10", "lines-1-unit_price": "200000",
}  # fmt: skip
CONTRACT = {
    "kind": "construction", "number": "HT-1", "title": "教育数据平台建设合同", "supplier": "重庆某科技有限公司",
    "amount_0": "700", "amount_1": "wan", "software_0": "", "signed_on": "2026-09-30",
    "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
}  # fmt: skip


def _page(client, project, tab: str = "construction"):
    response = client.get(
        f"/projects/{project.pk}/" if tab == "overview" else f"/projects/{project.pk}/{tab}/"
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def travel():
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        yield


@pytest.fixture
def building(demo, approved, act, travel):
    """The approved project with its baseline, a construction and a supervision contract, started."""
    # The baseline carries the terms of LINES, which the delivered-configuration form posts (第十七条).
    software, servers = ITEMS
    items = [replace(software, acceptance_terms="功能测试通过"), replace(servers, specification="2路32核")]
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=items)
    _contract(approved, demo)
    _contract(approved, demo, kind="supervision", number="JL-1")
    return act(approved, "jiaowei_unit", "start_construction")


# --- The baseline ----------------------------------------------------------------------------------


def test_the_unit_records_the_baseline_through_the_line_editor(client_for, approved, travel):
    client = client_for("jiaowei_unit")
    page = _page(client, approved)
    assert "登记批复配置清单" in page and 'name="lines-5-name"' in page
    response = client.post(f"/projects/{approved.pk}/baseline/", LINES)
    assert response.status_code == 302
    baseline = Baseline.objects.get(project=approved, active=True)
    assert [i.name for i in baseline.items.order_by("id")] == ["教育数据平台软件", "服务器"]
    page = _page(client, approved)
    assert "现行基线：第1版" in page and "2路32核" in page and "功能测试通过" in page


def test_a_baseline_above_the_approved_total_is_refused_with_article_21(client_for, approved, travel):
    data = {**LINES, "lines-1-quantity": "100"}
    response = client_for("jiaowei_unit").post(f"/projects/{approved.pk}/baseline/", data)
    assert response.status_code == 409  # a rule (第二十一条) refuses it, not the form
    page = response.content.decode()
    assert "超过批复总投资" in page and "依据第二十一条" in page
    assert not Baseline.objects.filter(project=approved).exists()


def test_a_line_without_quantity_is_shown_beside_the_row(client_for, approved, travel):
    data = {**LINES, "lines-1-quantity": ""}
    response = client_for("jiaowei_unit").post(f"/projects/{approved.pk}/baseline/", data)
    assert response.status_code == 422
    # The message sits beside the row's quantity: the form's own words, not a word every page has.
    assert response.context["baseline_forms"].forms[1].errors == {"quantity": ["请填写“数量”。"]}
    assert "请填写“数量”。" in response.content.decode()


@pytest.mark.parametrize(("username", "status"), [("jfb_unit", 404), ("bdb", 403), ("finance", 403)])
def test_only_the_unit_records_the_baseline(client_for, approved, travel, username, status):
    response = client_for(username).post(f"/projects/{approved.pk}/baseline/", LINES)
    assert response.status_code == status
    assert not Baseline.objects.filter(project=approved).exists()


def test_others_do_not_see_the_unit_forms(client_for, approved, travel):
    page = _page(client_for("bdb"), approved)
    assert "批复配置清单（基线，第十七条）" in page
    assert f'action="/projects/{approved.pk}/baseline/"' not in page


# --- What was delivered (第二十三条, checked against the baseline by 第十七条) ------------------------


def _delivered(**changes) -> dict:
    """The line editor as posted: the baseline's two lines as delivered, with `changes`."""
    data = {key.replace("lines-", "accepted-"): value for key, value in LINES.items()}
    return {**data, **changes}


def test_the_unit_records_what_was_delivered_prefilled_from_the_baseline(client_for, building):
    client = client_for("jiaowei_unit")
    page = _page(client, building)
    assert "登记实际交付配置（初验前）" in page and 'name="accepted-1-name" value="服务器"' in page
    response = client.post(
        f"/projects/{building.pk}/accepted-items/", _delivered(**{"accepted-1-quantity": "9"})
    )
    assert response.status_code == 302
    page = _page(client, building)
    assert "计划（第1版）、现行（第1版）与实际交付对比" in page and "少于现行基线" in page
    assert list(building.accepted_items.values_list("name", "quantity")) == [
        ("教育数据平台软件", Decimal(1)), ("服务器", Decimal(9)),
    ]  # fmt: skip


def test_a_delivery_beyond_the_baseline_is_refused_beside_the_form(client_for, building):
    data = _delivered(**{"accepted-1-unit_price": "200000.01"})
    response = client_for("jiaowei_unit").post(f"/projects/{building.pk}/accepted-items/", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "“服务器”单价 200000.01 元高于批复的 200000.00 元" in page and "依据第十七条" in page
    assert 'id="accepted-form" open' in page and not building.accepted_items.exists()


@pytest.mark.parametrize(("username", "status"), [("jfb_unit", 404), ("bdb", 403)])
def test_only_the_unit_records_what_was_delivered(client_for, building, username, status):
    assert (
        client_for(username).post(f"/projects/{building.pk}/accepted-items/", _delivered()).status_code
        == status
    )
    assert 'id="accepted-form"' not in _page(client_for("bdb"), building)


# --- Procurement and contracts -----------------------------------------------------------------------


def test_the_unit_records_procurement_and_a_contract_with_its_due_date(client_for, demo, approved, travel):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    client = client_for("jiaowei_unit")
    procurement = {
        "method": "open", "subject": "教育数据平台", "awarded_on": "2026-09-25", "supplier": "重庆某科技有限公司",
        "amount_0": "700", "amount_1": "wan",
    }  # fmt: skip
    assert client.post(f"/projects/{approved.pk}/procurements/", procurement).status_code == 302
    assert Procurement.objects.get(project=approved).amount == Decimal("7000000.00")
    document = upload(approved, demo["jiaowei_unit"], "contract", "合同.pdf")
    data = {**CONTRACT, "document": str(document), "items-0-name": "服务器", "items-0-quantity": "10",
            "items-0-unit_price": "200000"}  # fmt: skip
    response = client.post(f"/projects/{approved.pk}/contracts/", data)
    assert response.status_code == 302
    contract = Contract.objects.get(project=approved)
    assert contract.filing_due == date(2026, 10, 15) and contract.document_id == document
    assert contract.items.count() == 1
    page = _page(client, approved)
    assert "2026-10-15" in page and "报备合同" in page and "公开招标" in page


def test_a_contract_that_departs_from_the_baseline_is_refused_with_the_differences(
    client_for,
    demo,
    approved,
    travel,
):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    data = {**CONTRACT, "items-0-name": "服务器", "items-0-quantity": "12", "items-0-unit_price": "200000"}
    response = client_for("jiaowei_unit").post(f"/projects/{approved.pk}/contracts/", data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "数量 12 超过批复的 10" in page and "依据第十七条" in page
    assert 'id="contract-form" open' in page  # the form stays open with what was typed
    assert not Contract.objects.exists()


def test_a_provisional_due_date_is_marked(client_for, demo, approved, travel):
    upload(approved, demo["jiaowei_unit"], "contract")
    data = {**CONTRACT, "signed_on": "2031-03-03"}  # no holiday data for 2031
    with time_machine.travel("2031-03-03 10:00 +0800", tick=False):  # signed today, not ahead of the clock
        assert client_for("jiaowei_unit").post(f"/projects/{approved.pk}/contracts/", data).status_code == 302
        contract = Contract.objects.get(project=approved)
        assert contract.filing_due_provisional
        assert ">临时</span>" in _page(client_for("bdb"), approved)


def test_filing_needs_the_document_and_the_bdb_confirms(client_for, demo, approved, travel):
    without = _contract(approved, demo)
    Contract.objects.filter(pk=without.pk).update(document=None)
    response = client_for("jiaowei_unit").post(f"/contracts/{without.pk}/file/")
    assert response.status_code == 409 and "请先上传合同复印件" in response.content.decode()
    assert "依据第十六条" in response.content.decode()
    contract = _contract(approved, demo, number="HT-2")
    assert client_for("bdb").post(f"/contracts/{contract.pk}/file/").status_code == 403
    assert client_for("jfb_unit").post(f"/contracts/{contract.pk}/file/").status_code == 404
    assert client_for("jiaowei_unit").post(f"/contracts/{contract.pk}/file/").status_code == 302
    contract.refresh_from_db()
    assert contract.filed_on == date(2026, 10, 10) and not contract.filed_late
    assert client_for("jiaowei_unit").post(f"/contracts/{contract.pk}/confirm/").status_code == 403
    page = _page(client_for("bdb"), approved)
    assert "确认备案" in page and "已报备，待确认" in page
    assert client_for("bdb").post(f"/contracts/{contract.pk}/confirm/").status_code == 302
    contract.refresh_from_db()
    assert contract.filing_confirmed_by == demo["bdb"]
    assert "已确认备案" in _page(client_for("jiaowei_unit"), approved)


def test_a_late_filing_is_accepted_and_marked(client_for, demo, approved):
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        contract = _contract(approved, demo)
    with time_machine.travel("2026-10-16 10:00 +0800", tick=False):
        assert "已逾期" in _page(client_for("jiaowei_unit"), approved)
        response = client_for("jiaowei_unit").post(f"/contracts/{contract.pk}/file/", follow=True)
        assert "（逾期备案）" in response.content.decode()
    assert Contract.objects.get(pk=contract.pk).filed_late


# --- Supervision (第十八条) ---------------------------------------------------------------------------


def test_the_unit_asks_for_a_waiver_and_the_bdb_accepts_it(client_for, approved, travel):
    client = client_for("jiaowei_unit")
    page = _page(client, approved)
    assert "尚无监理合同" in page and "申请不引入监理" in page and "100.00万元" in page
    response = client.post(f"/projects/{approved.pk}/supervision-waiver/", {"reason": ""})
    assert response.status_code == 422
    assert (
        client.post(f"/projects/{approved.pk}/supervision-waiver/", {"reason": "由区统一监理"}).status_code
        == 302
    )
    assert client.post(f"/projects/{approved.pk}/supervision-waiver/accept/").status_code == 403
    assert "认可不引入监理的理由" in _page(client_for("bdb"), approved)
    assert client_for("bdb").post(f"/projects/{approved.pk}/supervision-waiver/accept/").status_code == 302
    assert "已经区大数据发展局认可" in _page(client, approved)


def test_the_bdb_records_an_owner_decision(client_for, demo, approved, travel):
    data = {"kind": "agent", "organisation": str(demo.org("jfb_cbd").pk), "decision_ref": "渝中府〔2026〕12号",
            "decided_on": "2026-10-01"}  # fmt: skip
    assert (
        client_for("jiaowei_unit").post(f"/projects/{approved.pk}/owner-decisions/", data).status_code == 403
    )
    assert client_for("bdb").post(f"/projects/{approved.pk}/owner-decisions/", data).status_code == 302
    assert "渝中府〔2026〕12号" in _page(client_for("jiaowei_unit"), approved)


# --- Changes (第二十一条) -----------------------------------------------------------------------------


def test_a_change_shows_its_cumulative_ratio_and_goes_unit_bdb_drc(client_for, demo, building):
    project = building
    client = client_for("jiaowei_unit")
    data = {"description": "增加统计报表", "software_amount_0": "20", "software_amount_1": "wan"}
    response = client.post(f"/projects/{project.pk}/changes/", data, follow=True)
    assert "4.00%" in response.content.decode() and "未超出10%" in response.content.decode()
    data = {"description": "新增移动端", "software_amount_0": "60", "software_amount_1": "wan"}
    response = client.post(f"/projects/{project.pk}/changes/", data, follow=True)
    page = response.content.decode()
    assert "16.00%" in page and "4.00%" in page and "待区大数据发展局评估" in page
    change = ChangeRequest.objects.get(status="bdb_review")
    assert client.post(f"/changes/{change.pk}/review/", {"passed": "yes", "comment": "x"}).status_code == 403
    assert (
        client_for("drc").post(f"/changes/{change.pk}/review/", {"passed": "yes", "comment": "x"}).status_code
        == 403
    )
    bdb = client_for("bdb")
    assert "评估变更" in _page(bdb, project)
    assert bdb.post(f"/changes/{change.pk}/review/", {"passed": "yes", "comment": "同意"}).status_code == 302
    drc = client_for("drc")
    page = _page(drc, project)
    assert "下达方案及概算调整批复" in page and 'name="newlines-0-name" value="教育数据平台软件"' in page
    approval = {
        "document_number": "渝中发改投〔2027〕3号", "approved_on": "2026-10-10",
        "approved_total_0": "880", "approved_total_1": "wan", "approved_software_0": "580",
        "approved_software_1": "wan", "approved_hardware_0": "200", "approved_hardware_1": "wan",
        "approved_other_0": "100", "approved_other_1": "wan",
        "newlines-TOTAL_FORMS": "3", "newlines-INITIAL_FORMS": "0",
        "newlines-0-kind": "software", "newlines-0-name": "教育数据平台软件", "newlines-0-quantity": "1",
        "newlines-0-unit_price": "5000000", "newlines-1-kind": "hardware", "newlines-1-name": "服务器",
        "newlines-1-quantity": "10", "newlines-1-unit_price": "200000",
        "newlines-2-kind": "software", "newlines-2-name": "移动端", "newlines-2-quantity": "1",
        "newlines-2-unit_price": "800000",
    }  # fmt: skip
    wrong = {**approval, "approved_other_0": "90"}
    response = drc.post(f"/changes/{change.pk}/approve/", wrong)
    assert response.status_code == 422 and "三项金额之和应等于批复总投资" in response.content.decode()
    assert client_for("bdb").post(f"/changes/{change.pk}/approve/", approval).status_code == 403
    assert drc.post(f"/changes/{change.pk}/approve/", approval).status_code == 302
    page = _page(client, project)
    assert "现行基线：第2版" in page and "计划（第1版）与现行（第2版）对比" in page and "新增" in page
    assert "已重新批复" in page and "880.00万元" in page


def test_a_change_outside_construction_is_not_offered_and_refused(client_for, approved, travel):
    client = client_for("jiaowei_unit")
    assert "提出软件功能变更" not in _page(client, approved)
    data = {"description": "x", "software_amount_0": "1", "software_amount_1": "wan"}
    response = client.post(f"/projects/{approved.pk}/changes/", data)
    assert response.status_code == 409 and "不能登记建设实施记录" in response.content.decode()


# --- Funds (第二十二条) --------------------------------------------------------------------------------


def test_finance_records_a_payment_and_one_above_the_budget_is_refused(client_for, approved, travel):
    finance = client_for("finance")
    assert "登记资金拨付" in _page(finance, approved, "funds")
    data = {
        "paid_on": "2026-10-09",
        "amount_0": "700",
        "amount_1": "wan",
        "purpose": "首付款",
        "voucher": "PZ-1",
    }
    assert finance.post(f"/projects/{approved.pk}/disbursements/", data).status_code == 302
    over = {**data, "amount_0": "100.01", "voucher": "PZ-2"}
    response = finance.post(f"/projects/{approved.pk}/disbursements/", over)
    assert response.status_code == 409
    page = response.content.decode()
    assert "依据第二十二条" in page and 'id="disbursement-form" open' in page
    assert Disbursement.objects.count() == 1
    page = _page(client_for("jiaowei_unit"), approved, "funds")
    assert "尚可拨付" in page and "100.00万元" in page and "disbursement-form" not in page
    assert client_for("jiaowei_unit").post(f"/projects/{approved.pk}/disbursements/", data).status_code == 403
    assert client_for("audit").post(f"/projects/{approved.pk}/disbursements/", data).status_code == 403


# --- The compliance review's form, item by item ----------------------------------------------------


def test_the_compliance_form_pairs_each_item_with_its_finding(client_for, demo, building, act):
    project = building
    for contract in Contract.objects.filter(project=project):
        construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    upload(project, demo["jiaowei_unit"], "acceptance")
    deliver_as_approved(project, demo["jiaowei_unit"])
    # Accepted and on trial from the day building is done (2026-10-10); two months on, the review.
    project = act(
        project, "jiaowei_unit", "initial_acceptance", accepted_on="2026-10-10", trial_started_on="2026-10-10"
    )
    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):
        project = act(project, "jiaowei_unit", "apply_compliance")
        page = _page(client_for("bdb"), project, "overview")  # the review is one of the lifecycle's steps
        for label in ("政务云部署", "数据资源共享", "系统整合"):
            assert f'<legend class="field__label">{label}</legend>' in page
        data = {"version": project.version, "compliance_fail-version": project.version,
                "compliance_fail-cloud_ok": "on", "compliance_fail-integration_ok": "on",
                "compliance_fail-sharing_finding": "未编制数据资源目录"}  # fmt: skip
        assert (
            client_for("bdb").post(f"/projects/{project.pk}/actions/compliance_fail/", data).status_code
            == 302
        )
        page = _page(client_for("jiaowei_unit"), project)
        assert "合规性审查（第二十三条）" in page and "第1轮" in page and "未编制数据资源目录" in page


def test_the_project_page_costs_the_same_with_many_records(
    client_for, demo, building, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(username):
        with CaptureQueriesContext(connection) as captured:
            _page(client_for(username), building)
        return len(captured)

    few = {u: count(u) for u in ("jiaowei_unit", "bdb", "finance", "drc")}
    for n in range(8):
        _contract(building, demo, number=f"HT-X{n}")
        construction_changes.change_request_create(
            project=building, user=demo["jiaowei_unit"], description=f"变更{n}", software_amount=Decimal(1000)
        )
        funds_services.disbursement_record(
            project=building, user=demo["finance"], paid_on=date(2026, 10, 1), amount=Decimal(1000),
            purpose="进度款", voucher=f"PZ-{n}",
        )  # fmt: skip
    construction_changes.change_request_create(
        project=building, user=demo["jiaowei_unit"], description="大变更", software_amount=Decimal(900000)
    )
    assert {u: count(u) for u in few} == few


def test_an_unlisted_project_has_no_construction_sections(client_for, new_project, before_deadline):
    project = new_project()
    client = client_for("jiaowei_unit")
    page = _page(client, project, "overview")
    assert "资金拨付（第二十二条）" not in page and 'class="tabs"' not in page  # one page, no tabs yet
    for tab in ("construction", "funds", "operation"):
        assert client.get(f"/projects/{project.pk}/{tab}/").status_code == 404
    assert Project.objects.get(pk=project.pk).state == "draft"


def test_a_line_in_helper_is_what_the_service_takes():
    assert LineIn("a", Decimal(1), Decimal(2)).kind == "software"


def test_the_engine_offers_the_compliance_review_actions_unblocked(demo, building, act):
    from govit.workflow import engine

    for contract in Contract.objects.filter(project=building):
        construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    upload(building, demo["jiaowei_unit"], "acceptance")
    deliver_as_approved(building, demo["jiaowei_unit"])
    project = act(
        building,
        "jiaowei_unit",
        "initial_acceptance",
        accepted_on="2026-10-10",
        trial_started_on="2026-10-10",
    )
    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):  # two months of trial run
        project = act(project, "jiaowei_unit", "apply_compliance")
        actions = {a.code: a.blocked for a in engine.actions_for(project, demo["bdb"])}
    assert actions["compliance_pass"] == [] and actions["compliance_fail"] == []
