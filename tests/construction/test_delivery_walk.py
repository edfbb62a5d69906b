"""From the approval to the library of built systems and retirement (第十六至二十五条)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from tests.fixtures.projects import deliver_as_approved, upload

from govit import clock
from govit.acceptance import services as acceptance_services
from govit.acceptance.models import BuiltSystem
from govit.approvals import selectors as approvals_selectors
from govit.construction import changes as construction_changes
from govit.construction import services as construction_services
from govit.construction.models import ChangeRequest
from govit.construction.selectors import LineIn
from govit.funds import services as funds_services
from govit.operation import services as operation_services
from govit.projects import chronology, errors, services
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

ITEMS = [
    LineIn("教育数据平台软件", Decimal(1), Decimal("5000000.00"), "software"),
    LineIn("服务器", Decimal(10), Decimal("200000.00"), "hardware"),
]


@pytest.fixture
def approved(demo, new_project, act, to_listing):
    """A construction project of 800万 approved by the DRC (software 500万)."""
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        project = act(to_listing(new_project(amount="800万")), "bdb", "list")
        services.preparer_set(
            project=project,
            user=demo["jiaowei_unit"],
            preparer=demo.org("shancheng_design"),
            qualification="甲级",
            contact="",
        )
        upload(project, demo["jiaowei_unit"], "fsr")
        upload(project, demo["jiaowei_unit"], "budget")
        project = act(project, "jiaowei_unit", "submit_fsr_budget")
        project = act(project, "bdb", "design_pass", comment="同意")
        inputs = {
            "document_number": "渝中发改投〔2026〕9号", "approved_on": clock.today().isoformat(), "approved_total": "800万",
            "approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万",
            "approval_document": upload(project, demo["drc"], "approval"),
        }  # fmt: skip
        return act(project, "drc", "approve_budget", **inputs)


def _contract(project, demo, *, kind="construction", number="HT-1", signed="2026-09-30", items=()):
    data = {
        "kind": kind, "number": number, "title": f"{kind}合同", "supplier": "重庆某科技有限公司",
        "amount": Decimal("7000000.00"), "signed_on": date.fromisoformat(signed),
        "document_id": upload(Project.objects.get(pk=project.pk), demo["jiaowei_unit"], "contract"),
    }  # fmt: skip
    return construction_services.contract_record(
        project=project,
        user=demo["jiaowei_unit"],
        contract=construction_services.ContractIn(**data),
        items=list(items),
    )


def test_a_project_walks_from_contract_to_the_library_and_is_retired(demo, approved, act):
    project = approved
    # Each step at the day it happens: the dates it records are never in the future (第二十三条).
    with time_machine.travel("2026-10-01 10:00 +0800", tick=False):
        with pytest.raises(errors.NotPossible) as info:
            act(project, "jiaowei_unit", "start_construction")
        assert info.value.article == 17  # the baseline first
        construction_services.baseline_set(project=project, user=demo["jiaowei_unit"], items=ITEMS)
        contract = _contract(project, demo, items=[LineIn("服务器", Decimal(10), Decimal("200000.00"))])
        assert contract.filing_due == date(2026, 10, 15)  # 7 working days across National Day 2026
        with pytest.raises(errors.NotPossible) as info:
            act(project, "jiaowei_unit", "start_construction")
        assert info.value.article == 18  # 800万 ≥ 100万: supervision
        _contract(project, demo, kind="supervision", number="JL-1")
        project = act(project, "jiaowei_unit", "start_construction")
        assert project.state == "construction"

    with time_machine.travel("2026-10-16 10:00 +0800", tick=False):
        late = construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    assert late.filed_late
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        on_time = construction_services.contract_file(
            contract=project.contracts.get(number="JL-1"), user=demo["jiaowei_unit"]
        )
    assert not on_time.filed_late
    construction_services.contract_filing_confirm(contract=contract, user=demo["bdb"])

    with time_machine.travel("2026-12-31 10:00 +0800", tick=False):
        upload(project, demo["jiaowei_unit"], "acceptance")
        with pytest.raises(errors.NotPossible) as info:  # what was delivered, first
            act(
                project,
                "jiaowei_unit",
                "initial_acceptance",
                accepted_on="2026-12-31",
                trial_started_on="2026-12-31",
            )
        assert info.value.article == 23 and "实际交付的配置清单" in info.value.detail
        deliver_as_approved(project, demo["jiaowei_unit"])
        project = act(
            project,
            "jiaowei_unit",
            "initial_acceptance",
            accepted_on="2026-12-31",
            trial_started_on="2026-12-31",
        )
    with time_machine.travel("2027-02-27 10:00 +0800", tick=False), pytest.raises(errors.NotPossible) as info:
        act(project, "jiaowei_unit", "apply_compliance")
    assert info.value.article == 23 and "2027-02-28" in info.value.detail
    with time_machine.travel("2027-02-28 10:00 +0800", tick=False):
        project = act(project, "jiaowei_unit", "apply_compliance")
        failing = {
            "cloud_ok": "true",
            "sharing_ok": "",
            "sharing_finding": "未编制数据资源目录",
            "integration_ok": "true",
        }
        project = act(project, "bdb", "compliance_fail", **failing)
        assert project.state == "rectification"
        upload(project, demo["jiaowei_unit"], "rectification")
        project = act(project, "jiaowei_unit", "resubmit_compliance", comment="已编制目录并完成共享")
        project = act(
            project, "bdb", "compliance_pass", cloud_ok="true", sharing_ok="true", integration_ok="true"
        )
    with time_machine.travel("2027-03-20 10:00 +0800", tick=False):
        upload(project, demo["jiaowei_unit"], "final_acceptance")
        project = act(
            project,
            "jiaowei_unit",
            "file_final_acceptance",
            acceptance_agency="重庆某检测中心",
            final_accepted_on="2027-03-20",
        )
        assert not BuiltSystem.objects.filter(project=project).exists()
        # The unit's own hub record (第二十条) outweighs the review's integration check in the library.
        operation_services.hub_connection_set(project=project, user=demo["jiaowei_unit"], connected=False,
                                     scenarios="", legal_basis="涉密数据，经区网信办同意不接入")  # fmt: skip
        project = act(project, "bdb", "confirm_delivery")
    system = BuiltSystem.objects.get(project=project)
    assert (project.state, system.on_cloud, system.shares_data, system.hub_connected) == (
        "delivered", True, True, False,
    )  # fmt: skip
    assert [c.round for c in project.compliance_checks.all()] == [1, 2]

    with time_machine.travel("2030-01-01 10:00 +0800", tick=False):
        project = act(
            project,
            "jiaowei_unit",
            "retire",
            retired_on="2030-01-01",
            retire_reason="并入全市统建系统",
            data_destination="迁移至市教育数据中心",
        )
    system.refresh_from_db()
    assert (project.state, system.retired_on) == ("retired", date(2030, 1, 1))
    with time_machine.travel("2030-01-01 10:00 +0800", tick=False):
        assert chronology.violations(project) == []  # every date it recorded in the declared order


def test_a_contract_that_departs_from_the_baseline_is_refused_with_the_differences(demo, approved):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    with pytest.raises(errors.NotPossible) as info:
        _contract(
            approved,
            demo,
            items=[
                LineIn("服务器", Decimal(12), Decimal("200000.00")),
                LineIn("大屏", Decimal(1), Decimal(1)),
            ],
        )
    assert info.value.article == 17
    assert "数量 12 超过批复的 10" in info.value.detail and "大屏" in info.value.detail


@pytest.mark.parametrize(("amount", "reapproval"), [("500000.00", False), ("500000.01", True)])
def test_a_change_of_exactly_ten_percent_is_recorded_and_one_fen_more_goes_to_the_bdb(
    demo, approved, act, amount, reapproval
):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    _contract(approved, demo)
    _contract(approved, demo, kind="supervision", number="JL-1")
    project = act(approved, "jiaowei_unit", "start_construction")
    construction_changes.change_request_create(
        project=project,
        user=demo["jiaowei_unit"],
        description="增加统计报表",
        software_amount=Decimal("200000.00"),
    )
    change = construction_changes.change_request_create(
        project=project,
        user=demo["jiaowei_unit"],
        description="增加移动端",
        software_amount=Decimal(amount) - Decimal("200000.00"),
    )
    assert change.requires_reapproval is reapproval
    assert change.status == (ChangeRequest.Status.BDB_REVIEW if reapproval else ChangeRequest.Status.RECORDED)


def test_a_change_above_ten_percent_is_re_approved_and_becomes_the_new_baseline(demo, approved, act):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    _contract(approved, demo)
    _contract(approved, demo, kind="supervision", number="JL-1")
    project = act(approved, "jiaowei_unit", "start_construction")
    change = construction_changes.change_request_create(
        project=project,
        user=demo["jiaowei_unit"],
        description="新增移动端",
        software_amount=Decimal("800000.00"),
    )
    upload(project, demo["jiaowei_unit"], "acceptance")
    with pytest.raises(errors.NotPossible) as info:
        act(
            project,
            "jiaowei_unit",
            "initial_acceptance",
            accepted_on=clock.today().isoformat(),
            trial_started_on=clock.today().isoformat(),
        )
    assert info.value.article in (16, 21)
    mobile = [*ITEMS, LineIn("移动端", Decimal(1), Decimal("800000.00"))]
    with pytest.raises(errors.NotPossible) as info:  # delivered before the change is approved: refused
        acceptance_services.accepted_items_set(project=project, user=demo["jiaowei_unit"], items=mobile)
    assert info.value.article == 17 and "“移动端”不在批复的配置清单中" in info.value.detail
    change = construction_changes.change_request_review(
        change=change, user=demo["bdb"], passed=True, comment="同意报区发改委"
    )
    change = construction_changes.change_request_approve(
        change=change, user=demo["drc"], document_number="渝中发改投〔2027〕3号", approved_on=clock.today(),
        approved_total=Decimal("8800000.00"), approved_software=Decimal("5800000.00"),
        approved_hardware=Decimal("2000000.00"), approved_other=Decimal("1000000.00"),
        items=[*ITEMS, LineIn("移动端", Decimal(1), Decimal("800000.00"))],
    )  # fmt: skip
    baselines = list(project.baselines.order_by("version").values_list("version", "active"))
    assert baselines == [(1, False), (2, True)]
    assert approvals_selectors.current_approval(project).approved_total == Decimal("8800000.00")
    # the approved change covers it now
    assert (
        len(acceptance_services.accepted_items_set(project=project, user=demo["jiaowei_unit"], items=mobile))
        == 3
    )
    # Each step of the change's own lifecycle is in the project's history with both of its ends.
    steps = project.events.filter(action__startswith="change_").order_by("seq")
    assert [(e.action, e.inputs["from"], e.inputs["to"]) for e in steps] == [
        ("change_review_pass", "bdb_review", "drc_review"),
        ("change_approve", "drc_review", "approved"),
    ]
    with pytest.raises(errors.NotPossible):  # an approved change is settled: not evaluated again
        construction_changes.change_request_review(change=change, user=demo["bdb"], passed=False, comment="")


@pytest.fixture
def building(demo, approved, act):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    _contract(approved, demo)
    _contract(approved, demo, kind="supervision", number="JL-1")
    return act(approved, "jiaowei_unit", "start_construction")


def _deliver(project, demo, *lines):
    return acceptance_services.accepted_items_set(
        project=project, user=demo["jiaowei_unit"], items=list(lines)
    )


SOFTWARE, SERVERS = ITEMS


@pytest.mark.parametrize(
    ("servers", "price", "refusal"),
    [
        (Decimal(10), Decimal("200000.00"), None),  # exactly as approved
        (Decimal("10.01"), Decimal("200000.00"), "“服务器”数量 10.01 超过批复的 10.00"),
        (Decimal(10), Decimal("200000.01"), "“服务器”单价 200000.01 元高于批复的 200000.00 元"),
        (Decimal(9), Decimal("199999.99"), None),  # less, and cheaper: recorded, shown as short of the baseline
    ],
)  # fmt: skip
def test_what_was_delivered_is_checked_against_the_baseline_at_its_boundaries(
    demo, building, servers, price, refusal
):
    lines = [SOFTWARE, LineIn("服务器", servers, price, "hardware")]
    if refusal is None:
        assert [a.quantity for a in _deliver(building, demo, *lines)] == [Decimal(1), servers]
        return
    with pytest.raises(errors.NotPossible) as info:
        _deliver(building, demo, *lines)
    assert info.value.article == 17 and refusal in info.value.detail and "第二十一条" in info.value.detail


def test_an_item_the_approval_does_not_list_is_refused_with_every_difference(demo, building):
    with pytest.raises(errors.NotPossible) as info:
        _deliver(
            building,
            demo,
            SOFTWARE,
            LineIn("服务器", Decimal(11), SERVERS.unit_price),
            LineIn("大屏", Decimal(1), Decimal(1)),
        )
    assert (
        "“服务器”数量 11 超过批复的 10.00" in info.value.detail
        and "“大屏”不在批复的配置清单中" in info.value.detail
    )


def test_the_delivered_list_is_the_units_recorded_while_building_and_replaced_when_recorded_again(
    demo, building, approved
):
    with pytest.raises(errors.NotPermitted):
        acceptance_services.accepted_items_set(project=building, user=demo["jfb_unit"], items=[SOFTWARE])
    _deliver(building, demo, SOFTWARE, SERVERS)
    _deliver(building, demo, SERVERS)
    assert list(building.accepted_items.values_list("name", flat=True)) == ["服务器"]
    assert building.events.filter(action="set_accepted_items").count() == 2


def test_nothing_delivered_is_recorded_before_building_starts(demo, approved):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    with pytest.raises(errors.NotPossible):
        _deliver(approved, demo, SOFTWARE)


def test_finance_may_pay_up_to_the_approved_budget_and_not_a_fen_more(demo, approved):
    pay = funds_services.disbursement_record
    pay(
        project=approved,
        user=demo["finance"],
        paid_on=date(2026, 10, 1),
        amount=Decimal("7999999.99"),
        purpose="首付款",
        voucher="PZ-1",
    )
    pay(
        project=approved,
        user=demo["finance"],
        paid_on=date(2026, 10, 2),
        amount=Decimal("0.01"),
        purpose="尾款",
        voucher="PZ-2",
    )
    with pytest.raises(errors.NotPossible) as info:
        pay(
            project=approved,
            user=demo["finance"],
            paid_on=date(2026, 10, 3),
            amount=Decimal("0.01"),
            purpose="超付",
            voucher="PZ-3",
        )
    assert info.value.article == 22
    with pytest.raises(errors.NotPermitted):
        pay(
            project=approved,
            user=demo["jiaowei_unit"],
            paid_on=date(2026, 10, 3),
            amount=Decimal(1),
            purpose="x",
            voucher="y",
        )


def test_funds_and_contracts_are_refused_for_an_unlisted_project(demo, new_project):
    project = new_project()
    with pytest.raises(errors.NotPossible) as info:
        funds_services.disbursement_record(
            project=project,
            user=demo["finance"],
            paid_on=clock.today(),
            amount=Decimal(1),
            purpose="x",
            voucher="y",
        )
    assert info.value.article == 12


def test_a_supervision_waiver_counts_once_the_bdb_accepts_it(demo, approved, act):
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=ITEMS)
    _contract(approved, demo)
    construction_services.supervision_waiver_request(
        project=approved, user=demo["jiaowei_unit"], reason="由区大数据发展局统一监理"
    )
    with pytest.raises(errors.NotPossible):
        act(approved, "jiaowei_unit", "start_construction")
    construction_services.supervision_waiver_accept(project=approved, user=demo["bdb"])
    assert act(approved, "jiaowei_unit", "start_construction").state == "construction"
