"""The route follows the facts (第三条、第十三条), recomputed when a deciding fact changes; the
yearly deadline (第九条) marks a late application, which goes on only if the BDB accepts it."""

import pytest
import time_machine

from govit.projects import errors, services
from govit.projects.models import ProjectEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("work_type", "amount", "category", "path"),
    [
        ("continuation", "10000000.00", "construction", "combined"),  # 1000万以下（含1000万）
        ("continuation", "10000000.01", "construction", "separate"),
        ("new", "9999999.99", "construction", "combined"),
        ("service_purchase", "300万", "service", "service"),
        ("maintenance", "50万", "om", "om_budget"),
        ("upgrade", "200000.00", "om", "om_budget"),  # 20万元以下（含）
        ("upgrade", "200000.01", "construction", "combined"),
    ],
)
def test_the_category_and_path_follow_the_facts(new_project, work_type, amount, category, path):
    project = new_project(work_type=work_type, amount=amount)
    assert (project.category, project.path) == (category, path)


def test_om_that_needs_procurement_follows_the_service_path(new_project):
    assert new_project(work_type="maintenance", amount="50万", needs_procurement=True).path == "service"


def test_changing_the_amount_across_the_limit_recomputes_the_route_and_records_it(demo, new_project):
    project = new_project(amount="1000万")
    project = services.project_update(
        project=project,
        user=demo["jiaowei_unit"],
        application=services.Application(amount="10000000.01"),
    )
    assert project.path == "separate"
    event = ProjectEvent.objects.filter(project=project, action="edit").get()
    assert event.inputs["route_from"] == ["construction", "combined"]
    assert event.inputs["route_to"] == ["construction", "separate"]


def test_an_edit_that_keeps_the_route_records_no_route_change(demo, new_project):
    project = new_project(amount="500万")
    services.project_update(
        project=project, user=demo["jiaowei_unit"], application=services.Application(amount="600万")
    )
    assert "route_from" not in ProjectEvent.objects.get(project=project, action="edit").inputs


def test_a_submitted_application_cannot_be_edited(demo, new_project, act):
    project = act(new_project(), "jiaowei_unit", "submit")
    with pytest.raises(errors.NotPossible):
        services.project_update(
            project=project, user=demo["jiaowei_unit"], application=services.Application(summary="x")
        )


def test_a_returned_application_keeps_every_version_and_shows_what_changed(demo, new_project, act):
    from govit.projects.snapshot import changes

    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        project = act(act(new_project(), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
        project = act(project, "bdb", "review_return", comment="请补充建设依据")
        assert project.state == "returned"
        services.project_update(
            project=project,
            user=demo["jiaowei_unit"],
            application=services.Application(reason="新的依据"),
        )
        project = act(project, "jiaowei_unit", "submit")
    first, second = project.versions.order_by("number")
    assert [label for label, _, _ in changes(first.data, second.data)] == ["项目建设理由"]


@pytest.mark.parametrize(
    ("today", "late"), [("2026-09-30 23:59 +0800", False), ("2026-10-01 00:01 +0800", True)]
)
def test_an_application_reaching_the_bdb_after_30_september_is_late(new_project, act, today, late):
    with time_machine.travel(today, tick=False):
        project = act(act(new_project(year=2027), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    assert project.late is late


def test_a_late_application_goes_on_only_when_the_bdb_accepts_it(new_project, act):
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        project = act(act(new_project(year=2027), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
        with pytest.raises(errors.NotPossible) as info:
            act(project, "bdb", "review_pass")
        assert info.value.article == 9 and "逾期" in info.value.detail
        project = act(project, "bdb", "review_pass", accept_late="true")
    assert project.state == "listing" and project.late_accepted


def test_an_urgent_application_is_never_late(new_project, act):
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        project = new_project(
            year=2027, urgent=True, urgent_body="区委常委会", urgent_on="2026-12-18",
            urgent_decision="同意", urgent_ref="区委常委会纪要〔2026〕40号",
        )  # fmt: skip
        project = act(act(project, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    assert not project.late
