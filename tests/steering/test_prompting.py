"""Every built system in service is prompted for its O&M application of the next call's year
(第二十五条、第二十六条, R5.6): reminded to its unit on the lead days before the call's deadline
(第九条), once each, and listed on the unit's to-do with a link that starts the application for it;
a system with its application of the year (at most one), a retired one or another unit's is not."""

from datetime import date

import pytest
import time_machine

from govit.projects import errors
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project
from govit.reminders.models import Reminder
from govit.reminders.services import reminders_send
from govit.steering.selectors import systems_without_om

pytestmark = pytest.mark.django_db

SYSTEM, RETIRED = "渝中区中小学智慧食堂监管平台", "解放碑街道视频会议系统"


@pytest.fixture
def systems(demo):
    demo_projects_load({SYSTEM, RETIRED})
    return {name: Project.objects.get(name=name).built_system for name in (SYSTEM, RETIRED)}


def _om(new_project, system, name="食堂监管平台运维（2027年度）"):
    return new_project(name=name, work_type="maintenance", amount="280000.00", maintains=system.pk,
                       continues_outside="")  # fmt: skip


def _leads(username="jiaowei_unit"):
    rows = Reminder.objects.filter(recipient__username=username, kind="om_application")
    return sorted(rows.values_list("lead_days", flat=True))


def test_a_system_is_reminded_on_the_lead_days_before_the_calls_deadline_once_each(systems):
    reminders_send(today=date(2026, 9, 22))
    assert _leads() == []  # before the first lead day
    for _ in range(2):
        reminders_send(today=date(2026, 9, 23))
    assert _leads() == [7]  # once, however often the command runs
    for day in range(24, 31):
        reminders_send(today=date(2026, 9, day))
    assert _leads() == [0, 1, 3, 7]
    reminders_send(today=date(2026, 10, 1))  # past the deadline: the next call's are not due yet
    assert _leads() == [0, 1, 3, 7]
    reminder = Reminder.objects.get(recipient__username="jiaowei_unit", kind="om_application", lead_days=7)
    assert reminder.title == f"2027年度运维申报还有7天到期：《{SYSTEM}》"
    assert "第二十五条" in reminder.body and "第二十六条" in reminder.body and "2026-09-30" in reminder.body
    assert _leads("jfb_unit") == [] and _leads("bdb") == []  # a retired system; not the BDB's to apply


def test_a_system_with_its_application_of_the_year_is_not_reminded(systems, new_project):
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        _om(new_project, systems[SYSTEM])
    reminders_send(today=date(2026, 9, 23))
    assert _leads() == []
    assert not systems_without_om(2027).exists() and systems_without_om(2028).count() == 1


def test_an_application_withdrawn_prompts_the_system_again(systems, new_project, act):
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        act(_om(new_project, systems[SYSTEM]), "jiaowei_unit", "withdraw", comment="重新编制。")
    assert list(systems_without_om(2027)) == [systems[SYSTEM]]


def test_at_most_one_application_a_system_and_year(systems, new_project):
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        _om(new_project, systems[SYSTEM])
        with pytest.raises(errors.ActionError) as refused:
            _om(new_project, systems[SYSTEM], name="重复的运维申报")
    assert "第二十五条" in str(refused.value) or refused.value.article == 25


@time_machine.travel("2026-09-15 10:00 +0800", tick=False)
def test_the_units_to_do_lists_the_systems_still_to_apply_with_a_link_to_start(
    client_for, systems, new_project
):
    page = client_for("jiaowei_unit").get("/todo/").content.decode()
    assert "2027年度尚未申报运维的已建系统" in page and "2026-09-30" in page
    assert f'href="/projects/new/?maintains={systems[SYSTEM].pk}"' in page and "申报2027年度运维" in page
    for username in ("jfb_unit", "bdb", "jiaowei_leader"):
        assert "尚未申报运维的已建系统" not in client_for(username).get("/todo/").content.decode()
    _om(new_project, systems[SYSTEM])
    assert "尚未申报运维的已建系统" not in client_for("jiaowei_unit").get("/todo/").content.decode()


@time_machine.travel("2026-09-15 10:00 +0800", tick=False)
def test_the_link_starts_the_systems_om_application_prefilled(client_for, systems):
    form = client_for("jiaowei_unit").get(f"/projects/new/?maintains={systems[SYSTEM].pk}").context["form"]
    assert (form["maintains"].value(), form["work_type"].value(), form["year"].value()) == (
        systems[SYSTEM].pk, "maintenance", 2027,
    )  # fmt: skip
    assert form["name"].value() == f"{SYSTEM}运行维护（2027年度）"
    for username, key in (
        ("jfb_unit", systems[SYSTEM].pk),
        ("jfb_unit", systems[RETIRED].pk),
        ("jiaowei_unit", "x"),
    ):
        response = client_for(username).get(f"/projects/new/?maintains={key}")
        assert response.status_code == 200 and response.context["form"]["maintains"].value() is None
