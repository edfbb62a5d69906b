"""Who am I, what waits for me (待办), what I did (已办)."""

import pytest
import time_machine
from tests.api.conftest import ok, refused

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
