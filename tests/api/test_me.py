"""Who am I, what waits for me (待办), what I did (已办)."""

import pytest
import time_machine
from tests.fixtures.api import ok, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


def test_me_says_who_i_am_in_which_organisation_and_with_which_roles(api):
    me = ok(api("jiaowei_leader").get("/me"))
    assert me["name"] == "陈建国"
    assert me["organisation"]["code"] == "jiaowei" and me["organisation"]["short_name"] == "区教委"
    assert me["roles"] == [{"code": "unit_leader", "label": "单位负责人"}]


def test_an_administrator_has_no_business_role(api):
    assert ok(api("sysadmin").get("/me"))["roles"] == [{"code": "sysadmin", "label": "系统管理员"}]


def test_the_todo_list_follows_the_project_from_person_to_person(api, walk):
    project_id = walk.create()
    assert [p["id"] for p in ok(api("jiaowei_unit").get("/todo"))["items"]] == [project_id]
    assert ok(api("jiaowei_leader").get("/todo"))["count"] == 0
    walk.act("jiaowei_unit", project_id, "submit")
    assert ok(api("jiaowei_unit").get("/todo"))["count"] == 0
    assert [p["id"] for p in ok(api("jiaowei_leader").get("/todo"))["items"]] == [project_id]
    assert ok(api("jfb_leader").get("/todo"))["count"] == 0
    walk.act("jiaowei_leader", project_id, "confirm")
    todo = ok(api("bdb").get("/todo"))
    assert todo["count"] == 1 and todo["items"][0]["state"]["code"] == "list_review"
    assert ok(api("drc").get("/todo"))["count"] == 0


def test_the_todo_list_pages(api, walk):
    for _ in range(3):
        walk.create()
    page = ok(api("jiaowei_unit").get("/todo", page_size=2, page=2))
    assert page["count"] == 3 and len(page["items"]) == 1
    refused(api("jiaowei_unit").get("/todo", page_size=1000), 422, field="page_size")


def test_the_done_list_shows_what_i_did_newest_first(api, walk):
    project_id = walk.create()
    with time_machine.travel("2026-09-15 11:00 +0800", tick=False):
        walk.act("jiaowei_unit", project_id, "submit")
    done = ok(api("jiaowei_unit").get("/done"))
    assert [(d["action"], d["at"]) for d in done] == [
        ("submit", "2026-09-15T11:00:00+08:00"), ("create", "2026-09-15T10:00:00+08:00"),
    ]  # fmt: skip
    assert done[0]["project"] == {"id": project_id, "name": "渝中区智慧教育管理平台", "list_code": None}
    assert done[0]["to_state"]["code"] == "unit_confirm"
    assert ok(api("bdb").get("/done")) == []


def test_the_todo_carries_the_work_beside_the_steps_with_due_dates_and_articles(api, demo):
    from datetime import date

    from govit.operation import services as operation_services
    from govit.projects.demo import demo_projects_load
    from govit.projects.models import Project

    name = "渝中区中小学智慧食堂监管平台"  # delivered 2025-11-27
    demo_projects_load({name})
    project = Project.objects.get(name=name)
    operation_services.security_assessment_record(
        project=project, user=demo["jiaowei_unit"],
        kind="mlps", level=3, done_on=date(2025, 11, 1), agency="测评中心", result="pass",
    )  # fmt: skip
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        work = ok(api("jiaowei_unit").get("/todo"))["work"]
        cac = ok(api("cac").get("/todo"))["work"]
        bdb = ok(api("bdb").get("/todo"))["work"]
    assert [(w["label"], w["due"], w["due_label"], w["late"], w["article"], w["section"]) for w in work] == [
        ("开展网络安全测评", "2026-11-01", "应测评", True, 19, "security"),
        ("开展年度绩效自评", "2026-03-31", "自评截止", True, 26, "evaluations"),
    ]  # fmt: skip
    assert work[0]["project"] == {"id": project.pk, "name": name, "list_code": project.list_code}
    assert [(w["label"], w["late"]) for w in cac] == [("督促开展网络安全测评", True)]
    assert bdb == []
