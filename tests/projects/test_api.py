"""Projects: create, read, change the application and proposal, record the preparer and the national code."""

import pytest
from tests.fixtures.api import CHAPTERS, FORM, PREPARER, ok, refused

from govit.projects.errors import NOT_YOUR_UNIT
from govit.projects.services import NOT_EDITABLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


def test_a_unit_creates_a_draft_with_its_category_and_route(api):
    project = ok(api("jiaowei_unit").post("/projects", {**FORM, "amount": "1200万"}), 201)
    assert project["state"] == {"code": "draft", "label": "草稿"}
    assert project["unit"]["code"] == "jiaowei"
    assert project["amount"] == "12000000.00"
    assert project["category"] == {"code": "construction", "label": "建设类"}
    assert project["path"]["code"] == "separate"
    assert project["year"] == 2027
    assert project["form_date"] == "2026-09-15"
    assert project["created_at"] == "2026-09-15T10:00:00+08:00"
    assert project["list_code"] is None and project["approval"] is None
    assert project["route"][0] == {
        "code": "application", "label": "填报项目申报表", "actor": "unit", "actor_label": "项目单位",
        "article": 9, "status": "current",
    }  # fmt: skip
    assert {"article": 13, "clause": 2} == {k: project["basis"][2][k] for k in ("article", "clause")}
    assert "1,200" in project["basis"][2]["reason"]


def test_an_amount_in_yuan_is_read_as_yuan(api):
    project = ok(api("jiaowei_unit").post("/projects", {**FORM, "amount": "8000000.5"}), 201)
    assert project["amount"] == "8000000.50"


@pytest.mark.parametrize("username", ["jiaowei_leader", "bdb", "drc", "expert1", "agency_design", "sysadmin"])
def test_it_refuses_a_project_created_by_anyone_but_a_unit(api, username):
    refused(api(username).post("/projects", FORM), 403)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "八百万"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "0.001"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"form_date": "2026-02-30"}, "form_date"),
        ({"urgent_on": "yesterday"}, "urgent_on"),
        ({"leader_phone": "12345"}, "leader_phone"),
        ({"work_type": "palace"}, "work_type"),
        ({"year": "next"}, "year"),
        ({"name": "  "}, "name"),
    ],
)
def test_it_refuses_invalid_input_naming_the_field(api, changes, field):
    body = refused(api("jiaowei_unit").post("/projects", {**FORM, **changes}), 422, field=field)
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"]), body  # a Chinese sentence


@pytest.mark.parametrize("missing", ["name", "amount", "work_type"])
def test_it_refuses_an_application_without_a_required_field(api, missing):
    data = {k: v for k, v in FORM.items() if k != missing}
    body = refused(api("jiaowei_unit").post("/projects", data), 422, field=missing)
    assert missing in body["detail"]


def test_a_unit_edits_its_draft(api, walk):
    project_id = walk.create()
    project = ok(
        api("jiaowei_unit").patch(f"/projects/{project_id}", {"amount": "1500万", "civil_works": True})
    )
    assert project["amount"] == "15000000.00"
    assert project["path"]["code"] == "separate"
    assert project["civil_works"] is True
    assert project["version"] == 1


def test_it_refuses_an_edit_once_the_application_has_left_the_unit(api, walk):
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "submit")
    body = refused(api("jiaowei_unit").patch(f"/projects/{project_id}", {"name": "新名称"}), 409, article=9)
    assert body["detail"] == NOT_EDITABLE


def test_it_refuses_an_edit_on_a_stale_version(api, walk):
    project_id = walk.create()
    ok(api("jiaowei_unit").patch(f"/projects/{project_id}", {"summary": "第一次修改", "version": 0}))
    refused(
        api("jiaowei_unit").patch(f"/projects/{project_id}", {"summary": "第二次修改", "version": 0}), 409
    )


@pytest.mark.parametrize("field", ["amount", "name", "form_date", "year", "work_type"])
def test_it_refuses_emptying_a_field_a_project_always_has(api, walk, field):
    project_id = walk.create()
    refused(api("jiaowei_unit").patch(f"/projects/{project_id}", {field: None}), 422, field=field)


def test_it_refuses_an_edit_by_another_unit_or_a_bureau(api, walk):
    project_id = walk.create()
    refused(api("jfb_unit").patch(f"/projects/{project_id}", {"name": "x"}), 404)
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_return", comment="请修改")
    refused(api("bdb").patch(f"/projects/{project_id}", {"name": "x"}), 403)
    refused(api("jiaowei_leader").patch(f"/projects/{project_id}", {"name": "x"}), 403)


def test_a_unit_writes_the_proposal_of_a_new_project_chapter_by_chapter(api):
    project = ok(api("jiaowei_unit").post("/projects", {**FORM, "work_type": "new"}), 201)
    proposal = ok(api("jiaowei_unit").put(f"/projects/{project['id']}/proposal", {"purpose": "目的。"}))
    assert proposal["purpose"] == "目的。"
    assert len(proposal["missing"]) == 4
    proposal = ok(api("jiaowei_unit").put(f"/projects/{project['id']}/proposal", CHAPTERS))
    assert proposal["missing"] == []
    assert ok(api("jiaowei_unit").get(f"/projects/{project['id']}"))["proposal"]["plan"] == CHAPTERS["plan"]


def test_a_unit_records_the_qualified_preparer_of_a_listed_project(api, walk):
    project_id = walk.create()
    refused(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER), 409, article=12)
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("bdb", project_id, "list")

    refused(api("bdb").put(f"/projects/{project_id}/preparer", PREPARER), 403)
    refused(
        api("jiaowei_unit").put(f"/projects/{project_id}/preparer", {**PREPARER, "preparer": "jiaowei"}),
        422,
        field="preparer",
    )
    refused(
        api("jiaowei_unit").put(f"/projects/{project_id}/preparer", {**PREPARER, "qualification": " "}),
        422,
        field="qualification",
    )
    project = ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    assert project["preparer"]["code"] == "shancheng_design"
    assert project["preparer_qualification"] == PREPARER["qualification"]
    # The preparer's people now see the project they work on.
    assert ok(api("agency_design").get(f"/projects/{project_id}"))["id"] == project_id


def test_a_unit_records_the_national_code_of_a_listed_project(api, walk):
    project_id = walk.create()
    code = {"code": "2101-500103-04-01-123456"}
    refused(api("jiaowei_unit").put(f"/projects/{project_id}/national-code", code), 409, article=12)
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("bdb", project_id, "list")
    refused(
        api("jiaowei_unit").put(f"/projects/{project_id}/national-code", {"code": "12345"}),
        422,
        field="national_code",
    )
    assert (
        ok(api("jiaowei_unit").put(f"/projects/{project_id}/national-code", code))["national_code"]
        == code["code"]
    )


def test_a_project_outside_a_persons_scope_does_not_exist_for_them(api, walk, experts):
    project_id = walk.create()
    for username in (
        "jfb_unit",
        "jfb_leader",
        "bdb",
        "audit",
        "expert1",
        "agency_design",
        "sysadmin",
        "secadmin",
    ):
        refused(api(username).get(f"/projects/{project_id}"), 404)
    walk.to_review(project_id)
    for username in ("bdb", "lg_office", "drc", "finance", "audit", "cac"):
        assert ok(api(username).get(f"/projects/{project_id}"))["id"] == project_id
    for username in ("jfb_unit", "expert1", "agency_design", "sysadmin", "secadmin", "auditadmin"):
        refused(api(username).get(f"/projects/{project_id}"), 404)
        refused(api(username).get(f"/projects/{project_id}/history"), 404)


def test_it_refuses_another_units_people_with_a_404_not_a_403(api, walk):
    project_id = walk.create()
    body = refused(api("jfb_unit").post(f"/projects/{project_id}/actions/submit"), 404)
    assert body["detail"] != NOT_YOUR_UNIT
