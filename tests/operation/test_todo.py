"""The to-do list's operation work (R8.1): security assessments falling due within the reminders'
lead days or overdue (第十九条; the overdue ones also for the CAC), and the unit's yearly
self-evaluation (第二十六条), each with its due date, article and late mark; and on the page of a
system in service, the timeline's evaluation step and only the forms that still apply."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govit.operation import services as operation_services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"  # 区教委's, delivered 2025-11-27


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


def _work(client, label: str | None = None):
    response = client.get("/todo/")
    assert response.status_code == 200
    rows = [(w.label, w.project.pk, w.due, w.late) for w in response.context["work"]]
    if label:
        rows = [row for row in rows if row[0] == label]
    return rows, response.content.decode()


def _assess(project, demo, done_on: date, kind: str = "mlps"):
    return operation_services.security_assessment_record(
        project=project, user=demo["jiaowei_unit"],
        kind=kind, level=3, done_on=done_on, agency="重庆信息安全测评中心", result="pass",
    )  # fmt: skip


SECURITY = "开展网络安全测评"


def test_an_assessment_waits_from_the_first_reminder_day_and_is_late_the_day_after(
    client_for, demo, delivered
):
    _assess(
        delivered, demo, date(2025, 12, 1)
    )  # 12 months: next due 2026-12-01; the first reminder 7 days before
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), SECURITY)[0] == []
    with time_machine.travel("2026-11-24 10:00 +0800", tick=False):
        rows, page = _work(client_for("jiaowei_unit"), SECURITY)
        assert rows == [(SECURITY, delivered.pk, date(2026, 12, 1), False)]
        assert (
            "网络安全等级保护测评，上次 2025-12-01" in page
            and "应测评 2026-12-01" in page
            and "第十九条" in page
        )
        assert _work(client_for("cac"))[0] == []  # not overdue yet
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), SECURITY)[0][0][3] is False  # due today: not late
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), SECURITY)[0] == [
            (SECURITY, delivered.pk, date(2026, 12, 1), True)
        ]
        assert _work(client_for("cac"))[0] == [
            ("督促开展网络安全测评", delivered.pk, date(2026, 12, 1), True)
        ]
        assert _work(client_for("jfb_unit"), SECURITY)[0] == []  # another unit's system
        assert _work(client_for("bdb"), SECURITY)[0] == []


def test_a_newer_assessment_of_the_same_kind_clears_it_and_each_kind_counts_alone(
    client_for, demo, delivered
):
    _assess(delivered, demo, date(2025, 11, 1))
    _assess(delivered, demo, date(2025, 11, 5), kind="crypto")
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        rows, _ = _work(client_for("jiaowei_unit"), SECURITY)
        assert [(due, late) for _, _, due, late in rows] == [
            (date(2026, 11, 1), True),
            (date(2026, 11, 5), True),
        ]
        _assess(delivered, demo, date(2026, 11, 20))
        rows, page = _work(client_for("jiaowei_unit"), SECURITY)
        assert [due for _, _, due, _ in rows] == [date(2026, 11, 5)] and "商用密码应用安全性评估" in page


def test_a_retired_system_is_not_asked_for_assessments(client_for, demo, delivered):
    _assess(delivered, demo, date(2025, 1, 1))
    Project.objects.filter(pk=delivered.pk).update(state="retired")
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), SECURITY)[0] == []
        assert _work(client_for("cac"))[0] == []


EVALUATION = "开展年度绩效自评"


def test_last_years_self_evaluation_waits_for_the_unit_until_it_is_recorded(client_for, demo, delivered):
    with time_machine.travel("2026-01-05 10:00 +0800", tick=False):  # delivered 2025-11-27: 2025 is asked for
        rows, page = _work(client_for("jiaowei_unit"), EVALUATION)
        assert rows == [(EVALUATION, delivered.pk, date(2026, 3, 31), False)]
        assert "2025年度" in page and "自评截止 2026-03-31" in page and "第二十六条" in page
        assert _work(client_for("jfb_unit"), EVALUATION)[0] == []
    with time_machine.travel("2026-03-31 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), EVALUATION)[0][0][3] is False
    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        assert _work(client_for("jiaowei_unit"), EVALUATION)[0][0][3] is True
        scores = {"operation": 90, "use": 85, "sharing": 70, "benefit": 80, "conclusion": "运行稳定"}
        operation_services.evaluation_record(
            project=delivered,
            user=demo["jiaowei_unit"],
            **{"year": 2025, "evaluated_on": date(2026, 4, 1), **scores},
        )
        assert _work(client_for("jiaowei_unit"), EVALUATION)[0] == []


def test_a_system_delivered_this_year_is_not_evaluated_for_last_year(client_for, demo, delivered):
    with time_machine.travel(
        "2025-12-20 10:00 +0800", tick=False
    ):  # 2024 is asked for; it was not built then
        assert _work(client_for("jiaowei_unit"), EVALUATION)[0] == []


def test_the_operation_work_costs_the_same_queries_for_one_system_or_many(client_for, demo, delivered):
    demo_projects_load({"渝中区教育资源公共服务平台"})  # one project waiting in the list too
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        client = client_for("jiaowei_unit")
        _assess(delivered, demo, date(2025, 11, 1))
        with CaptureQueriesContext(connection) as one:
            _work(client)
        for kind in ("risk", "crypto", "penetration"):
            _assess(delivered, demo, date(2025, 10, 1), kind=kind)
        with CaptureQueriesContext(connection) as many:
            rows, _ = _work(client)
        assert len([r for r in rows if r[0] == SECURITY]) == 4
        assert len(many) == len(one)


def test_a_system_in_service_waits_in_the_work_list_not_among_the_steps(client_for, demo, delivered):
    """Delivered or in O&M service, no step waits for the unit (retiring is its choice)."""
    page = client_for("jiaowei_unit").get("/todo/")
    assert delivered not in [row.project for row in page.context["rows"]]


def _evaluation_step(client, project):
    steps = client.get(f"/projects/{project.pk}/").context["steps"]
    return [(s.label, s.article, s.status) for s in steps if s.code == "evaluation"]


def test_the_timeline_ends_with_the_evaluation_current_in_service_and_done_once_recorded(
    client_for, demo, delivered
):
    client = client_for("jiaowei_unit")
    assert _evaluation_step(client, delivered) == [("绩效评价", 26, "current")]
    scores = {"operation": 90, "use": 85, "sharing": 70, "benefit": 80, "conclusion": "运行稳定"}
    operation_services.evaluation_record(
        project=delivered,
        user=demo["jiaowei_unit"],
        **{"year": 2025, "evaluated_on": date(2026, 4, 1), **scores},
    )
    assert _evaluation_step(client, delivered) == [("绩效评价", 26, "done")]
    demo_projects_load({"渝中区教育资源公共服务平台"})
    building = Project.objects.get(name="渝中区教育资源公共服务平台")
    assert _evaluation_step(client, building) == [("绩效评价", 26, "pending")]


def test_a_delivered_project_offers_no_preparer_or_national_code_forms(client_for, demo, delivered):
    """第十三条第一款: the design's preparer belongs to the approval; after delivery neither it nor the
    national code is registered any more (the page offers only what may be done now)."""
    from govit.projects import errors, services

    page = client_for("jiaowei_unit").get(f"/projects/{delivered.pk}/")
    assert "preparer_form" not in page.context and "national_code_form" not in page.context
    with pytest.raises(errors.NotPossible) as info:
        services.preparer_set(project=delivered, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
                              qualification="甲级", contact="")  # fmt: skip
    assert info.value.article == 13
    with pytest.raises(errors.NotPossible):
        services.national_code_set(
            project=delivered, user=demo["jiaowei_unit"], code="2026-500103-65-01-000001"
        )
    demo_projects_load({"渝中区教育资源公共服务平台"})  # under construction: the code may still be recorded
    building = Project.objects.get(name="渝中区教育资源公共服务平台")
    assert "national_code_form" in client_for("jiaowei_unit").get(f"/projects/{building.pk}/").context
