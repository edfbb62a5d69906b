"""Security, data resources, the smart hub, O&M and evaluation (第十九、二十、二十五、二十六条)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from tests.fixtures.projects import make_key

from govit import clock
from govit.construction import services as construction_services
from govit.operation import selectors as operation_selectors
from govit.operation import services as operation_services
from govit.operation.models import DataResource, Evaluation
from govit.projects import errors
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


DELIVERED, BUILDING = "渝中区中小学智慧食堂监管平台", "渝中区教育资源公共服务平台"


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


@pytest.fixture
def building(demo) -> Project:
    demo_projects_load({BUILDING})
    return Project.objects.get(name=BUILDING)


def test_an_assessment_sets_when_the_next_one_is_due(demo, delivered):
    assessment = operation_services.security_assessment_record(
        project=delivered, user=demo["jiaowei_unit"],
        kind="mlps", level=3, done_on=date(2026, 8, 31), agency="重庆信息安全测评中心", result="basic", findings="弱口令 2 处", rectification="已整改",
    )  # fmt: skip
    assert assessment.next_due == date(2027, 8, 31)


def test_an_assessment_that_is_not_a_pass_names_its_findings(demo, delivered):
    with pytest.raises(errors.InvalidInput) as info:
        operation_services.security_assessment_record(
            project=delivered, user=demo["jiaowei_unit"],
            kind="risk", done_on=date(2026, 8, 31), agency="某机构", result="fail",
        )  # fmt: skip
    assert info.value.field == "findings"


def _resource(project, demo, **changes):
    data = {"name": "学校食堂基本信息", "items": "学校、食堂、许可证号", "update_cycle": "月", "sharing": "unconditional", "opening": "none",
            "legal_basis": "涉及未成年人信息，依据《未成年人保护法》不予开放"} | changes  # fmt: skip
    return operation_services.data_resource_record(project=project, user=demo["jiaowei_unit"], **data)


def test_a_resource_that_is_not_shared_needs_its_legal_basis(demo, delivered):
    with pytest.raises(errors.NotPossible) as info:
        _resource(delivered, demo, sharing="none", legal_basis="")
    assert info.value.article == 20
    assert _resource(delivered, demo, sharing="none").legal_basis


def test_the_database_refuses_an_unshared_resource_without_a_basis(demo, delivered):
    resource = _resource(delivered, demo)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataResource.objects.filter(pk=resource.pk).update(sharing="none", legal_basis="")


def test_a_resource_that_is_not_shared_cannot_be_shared(demo, delivered):
    resource = _resource(delivered, demo, sharing="none")
    with pytest.raises(errors.NotPossible):
        operation_services.sharing_record(
            resource=resource, user=demo["jiaowei_unit"], organisation=demo.org("bdb"), shared_on=date(2026, 9, 1),
            method="接口", purpose="统计",
        )  # fmt: skip


def test_not_connecting_to_the_hub_needs_its_basis(demo, delivered):
    with pytest.raises(errors.NotPossible) as info:
        operation_services.hub_connection_set(
            project=delivered, user=demo["jiaowei_unit"], connected=False, scenarios="", legal_basis=""
        )
    assert info.value.article == 20
    hub = operation_services.hub_connection_set(
        project=delivered, user=demo["jiaowei_unit"], connected=True, scenarios="食品安全预警", legal_basis=""
    )
    assert hub.connected


def test_om_costs_are_compared_with_the_five_year_budget(demo, delivered):
    operation_services.om_plan_set(
        project=delivered, user=demo["jiaowei_unit"], mechanism="outsourced", scope="平台及接口", service_levels="7×24",
        five_year_budget=Decimal("500000.00"),
    )  # fmt: skip
    operation_services.om_cost_record(
        project=delivered, user=demo["jiaowei_unit"], year=2026, amount=Decimal("120000.00")
    )
    assert operation_selectors.om_spending(delivered) == {
        "budget": Decimal("500000.00"), "spent": Decimal("120000.00"), "remaining": Decimal("380000.00"),
    }  # fmt: skip
    with pytest.raises(errors.InvalidInput):
        operation_services.om_cost_record(
            project=delivered, user=demo["jiaowei_unit"], year=2026, amount=Decimal(1)
        )


def test_om_costs_and_incidents_belong_to_a_system_in_service(demo, building):
    with pytest.raises(errors.NotPossible):
        operation_services.om_cost_record(
            project=building, user=demo["jiaowei_unit"], year=2026, amount=Decimal(1)
        )
    incident = {
        "occurred_at": datetime(2026, 9, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai")),
        "severity": "minor",
        "description": "接口超时",
    }
    with pytest.raises(errors.NotPossible):
        operation_services.incident_record(project=building, user=demo["jiaowei_unit"], **incident)


def _scores(year=2026, **changes):
    return {"year": year, "operation": 90, "use": 85, "sharing": 70, "benefit": 80, "conclusion": "运行稳定",
            "evaluated_on": date(2026, 11, 1)} | changes  # fmt: skip


def test_the_unit_and_the_bdb_each_evaluate_a_delivered_project_once_a_year(demo, delivered):
    own = operation_services.evaluation_record(project=delivered, user=demo["jiaowei_unit"], **_scores())
    with pytest.raises(errors.NotPossible) as refused:  # not a key project (第五条) yet
        operation_services.evaluation_record(project=delivered, user=demo["bdb"], **_scores(operation=60))
    assert (refused.value.article, refused.value.detail) == (26, operation_services.NOT_KEY)
    delivered = make_key(delivered, demo["lg_office"])
    key = operation_services.evaluation_record(project=delivered, user=demo["bdb"], **_scores(operation=60))
    assert (own.by, key.by, own.score) == ("unit", "bdb", 81.25)
    with pytest.raises(errors.InvalidInput):
        operation_services.evaluation_record(project=delivered, user=demo["jiaowei_unit"], **_scores())
    with pytest.raises(errors.InvalidInput) as info:
        operation_services.evaluation_record(
            project=delivered, user=demo["jiaowei_unit"], **_scores(year=2027, use=101)
        )
    assert info.value.field == "use"


def test_a_project_under_construction_is_not_evaluated_yet(demo, building):
    with pytest.raises(errors.NotPossible) as info:
        operation_services.evaluation_record(project=building, user=demo["jiaowei_unit"], **_scores())
    assert info.value.article == 26


def test_the_latest_evaluation_of_each_unit_is_found_in_one_query(demo, delivered, django_assert_num_queries):
    operation_services.evaluation_record(project=delivered, user=demo["jiaowei_unit"], **_scores())
    units = [delivered.unit_id, demo.org("jiefangbei").pk]
    with django_assert_num_queries(1):
        latest = operation_selectors.latest_evaluations_by_unit(units)
    assert list(latest) == [delivered.unit_id]


def test_the_latest_evaluation_is_the_newest_of_the_unit_and_follows_its_owner(demo, delivered):
    older = operation_services.evaluation_record(
        project=delivered, user=demo["jiaowei_unit"], **_scores(2025)
    )
    newer = operation_services.evaluation_record(
        project=delivered, user=demo["jiaowei_unit"], **_scores(evaluated_on=date(2026, 11, 2))
    )
    assert older.unit_id == newer.unit_id == delivered.unit_id  # kept beside it, for its index
    assert operation_selectors.latest_evaluations_by_unit([delivered.unit_id]) == {delivered.unit_id: newer}


def test_a_new_owner_takes_the_projects_evaluations_with_it(demo, building):
    # 第十六条: the owner changes during construction, when the lifecycle has no evaluation yet; a
    # row written beside it stands for any the project might carry, and moves with the owner.
    row = Evaluation.objects.create(
        project=building, recorded_by=demo["jiaowei_unit"], by="unit", **_scores()
    )
    street = demo.org("jiefangbei")
    construction_services.owner_decision_record(
        project=building, user=demo["bdb"], kind="owner_change", organisation=street,
        decision_ref="渝中府〔2026〕12号", decided_on=clock.today(),
    )  # fmt: skip
    assert Project.objects.get(pk=building.pk).unit == street
    row.refresh_from_db()
    assert row.unit == street
    assert operation_selectors.latest_evaluations_by_unit([street.pk]) == {street.pk: row}


def test_final_accounts_come_after_delivery_and_once(demo, delivered, building):
    with pytest.raises(errors.NotPossible):
        operation_services.final_account_record(
            project=building,
            user=demo["jiaowei_unit"],
            amount=Decimal(1),
            approved_on=date(2026, 9, 1),
            document_ref="x",
        )
    operation_services.final_account_record(
        project=delivered,
        user=demo["jiaowei_unit"],
        amount=Decimal("2950000.00"),
        approved_on=date(2026, 9, 1),
        document_ref="渝中财建〔2026〕8号",
    )
    with pytest.raises(errors.NotPossible):
        operation_services.final_account_record(
            project=delivered,
            user=demo["jiaowei_unit"],
            amount=Decimal(1),
            approved_on=date(2026, 9, 1),
            document_ref="x",
        )


def test_another_unit_records_nothing_on_the_project(demo, delivered):
    with pytest.raises(errors.NotPermitted):
        operation_services.hub_connection_set(
            project=delivered, user=demo["jfb_unit"], connected=True, scenarios="x", legal_basis=""
        )


RETIRED = "解放碑街道视频会议系统"


def test_an_om_application_for_a_retired_system_is_refused(demo, act):
    from tests.fixtures.projects import FORM

    from govit.projects import services

    demo_projects_load({RETIRED})
    system = Project.objects.get(name=RETIRED).built_system
    project = services.project_create(
        user=demo["jfb_unit"],
        application=services.Application(
            **{**FORM, "work_type": "maintenance", "amount": "30万", "maintains": system.pk}
        ),
    )
    with pytest.raises(errors.NotPossible) as info:
        act(project, "jfb_unit", "submit")
    assert info.value.article == 25 and "已于" in info.value.detail


def test_an_om_project_maintains_only_its_own_units_system(demo, delivered):
    from tests.fixtures.projects import FORM

    from govit.projects import services

    with pytest.raises(errors.InvalidInput) as info:
        services.project_create(
            user=demo["jfb_unit"],
            application=services.Application(
                **{
                    **FORM,
                    "work_type": "maintenance",
                    "amount": "30万",
                    "maintains": delivered.built_system.pk,
                }
            ),
        )
    assert info.value.field == "maintains"


# --- Records tell what happened: no dates after today ------------------------------------------


def _assessment(project, demo, done_on):
    return operation_services.security_assessment_record(
        project=project, user=demo["jiaowei_unit"],
        kind="risk", done_on=done_on, agency="某机构", result="pass",
    )  # fmt: skip


def test_an_assessment_may_be_dated_today_but_not_tomorrow(demo, delivered):
    from govit import clock

    today = clock.today()
    assert _assessment(delivered, demo, today).done_on == today
    with pytest.raises(errors.InvalidInput) as info:
        _assessment(delivered, demo, date.fromordinal(today.toordinal() + 1))
    assert (info.value.field, info.value.detail) == ("done_on", "测评日期不能晚于今天。")


def test_an_incident_is_resolved_after_it_occurred_and_not_in_the_future(demo):
    from govit import clock

    demo_projects_load({"教育城域网年度运维服务（2026年度）"})
    project = Project.objects.get(name="教育城域网年度运维服务（2026年度）")
    now = clock.now()

    def record(**times):
        return operation_services.incident_record(
            project=project, user=demo["jiaowei_unit"],
            **{"severity": "minor", "description": "中断", **times},
        )  # fmt: skip

    with pytest.raises(errors.InvalidInput) as info:
        # a year back and two (in days: on 29 February there is no such day a year earlier)
        record(occurred_at=now - timedelta(days=365), resolved_at=now - timedelta(days=730))
    assert info.value.field == "resolved_at"
    with pytest.raises(errors.InvalidInput) as info:
        record(occurred_at=now + timedelta(days=365))
    assert info.value.field == "occurred_at"
    assert record(occurred_at=now, resolved_at=now).pk


def test_an_evaluation_covers_a_year_from_delivery_to_this_one(demo, delivered):
    # delivered 2025-11-27 (the demo replays it); today is 2026 or later
    from govit import clock

    with pytest.raises(errors.InvalidInput) as info:
        operation_services.evaluation_record(
            project=delivered, user=demo["jiaowei_unit"], **_scores(year=2024)
        )
    assert (
        info.value.field == "year"
        and operation_services.EVALUATION_YEARS.format(first=2025) in info.value.detail
    )
    with pytest.raises(errors.InvalidInput) as info:
        operation_services.evaluation_record(
            project=delivered, user=demo["jiaowei_unit"], **_scores(year=clock.today().year + 1)
        )
    assert info.value.field == "year"
    assert operation_services.evaluation_record(
        project=delivered, user=demo["jiaowei_unit"], **_scores(year=2025)
    ).pk


def test_the_unit_saying_it_does_not_use_the_hub_changes_the_librarys_record(demo, delivered):
    from govit.acceptance.models import BuiltSystem

    operation_services.hub_connection_set(project=delivered, user=demo["jiaowei_unit"], connected=False, scenarios="",
                                 legal_basis="涉及未成年人信息，经区网信办同意暂不接入")  # fmt: skip
    assert BuiltSystem.objects.get(project=delivered).hub_connected is False
