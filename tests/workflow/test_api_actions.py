"""/actions and performing them: what each refusal looks like (403, 404, 409 with its article, 422 with
its field), in the one error shape."""

import pytest
from django.core.exceptions import ValidationError
from tests.fixtures.api import PASSWORD, PREPARER, ok, refused

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.projects.errors import CONFLICT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


@pytest.fixture
def listing(walk) -> int:
    """An application the BDB has passed but not yet listed (第十二条's gate is still shut)."""
    project_id = walk.create()
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    return project_id


@pytest.fixture
def design(api, walk, listing) -> int:
    """A listed project waiting for its FSR and budget, its preparer recorded."""
    walk.act("bdb", listing, "list")
    ok(api("jiaowei_unit").put(f"/projects/{listing}/preparer", PREPARER))
    return listing


def test_actions_describe_their_inputs_as_json_schema(api, walk):
    project_id = walk.create()
    walk.to_review(project_id)
    actions = {a["code"]: a for a in ok(api("bdb").get(f"/projects/{project_id}/actions"))}
    reject = actions["review_reject"]
    assert reject["label"] == "不予通过" and reject["article"] == 9 and reject["blocked"] == []
    assert reject["input_schema"]["required"] == ["comment"]
    assert reject["input_schema"]["properties"]["comment"]["title"] == "理由"
    assert actions["review_pass"]["input_schema"]["properties"]["accept_late"]["type"] == "boolean"


def test_an_action_returns_the_project_as_it_now_is(api, walk):
    project_id = walk.create()
    project = walk.act("jiaowei_unit", project_id, "submit", comment="请审核")
    assert project["state"] == {"code": "unit_confirm", "label": "待单位负责人确认"}
    assert project["version"] == 1


def test_it_refuses_an_action_of_another_role_with_403(api, walk):
    project_id = walk.create()
    body = refused(api("jiaowei_leader").post(f"/projects/{project_id}/actions/submit"), 403)
    assert "项目单位经办人" in body["detail"]
    walk.to_review(project_id)
    body = refused(api("drc").post(f"/projects/{project_id}/actions/review_pass"), 403)
    assert "区大数据发展局" in body["detail"]
    refused(api("audit").post(f"/projects/{project_id}/actions/review_reject", {"comment": "x"}), 403)


def test_it_refuses_a_unit_acting_on_another_units_project(api, demo, walk):
    """Another unit's people cannot see the project (404); one who can see it — the audit bureau —
    is still refused the unit's own step (403). A street office's leader who also works for the
    audit bureau, who once could be made, can be no more: a role belongs to its organisation."""
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "submit")
    refused(api("jfb_leader").post(f"/projects/{project_id}/actions/confirm"), 404)
    with pytest.raises(ValidationError):
        User.objects.create_user(
            "jfb_auditor", PASSWORD, name="钱多多", organisation=demo.org("jiefangbei"),
            roles=[Role.UNIT_LEADER, Role.AUDIT],
        )  # fmt: skip
    walk.act("jiaowei_leader", project_id, "send_back", comment="请补充")
    walk.to_review(project_id)
    ok(api("audit").get(f"/projects/{project_id}"))
    walk.act("bdb", project_id, "review_return", comment="请修改")
    walk.act("jiaowei_unit", project_id, "submit")
    refused(api("audit").post(f"/projects/{project_id}/actions/confirm"), 403)


@pytest.mark.parametrize("username", ["jfb_unit", "bdb", "sysadmin", "auditadmin", "expert1"])
def test_it_answers_404_to_a_person_who_cannot_see_the_project(api, walk, username):
    project_id = walk.create()
    refused(api(username).get(f"/projects/{project_id}/actions"), 404)
    refused(api(username).post(f"/projects/{project_id}/actions/submit"), 404)


def test_it_refuses_an_action_in_the_wrong_state_saying_where_the_project_is(api, walk):
    project_id = walk.create()
    walk.to_review(project_id)
    body = refused(api("jiaowei_unit").post(f"/projects/{project_id}/actions/submit"), 409)
    assert "区大数据发展局审核" in body["detail"]


def test_it_refuses_an_unknown_action(api, walk):
    project_id = walk.create()
    assert (
        "demolish"
        in refused(api("jiaowei_unit").post(f"/projects/{project_id}/actions/demolish"), 409)["detail"]
    )


@pytest.mark.parametrize(
    ("username", "code"),
    [("jiaowei_unit", "submit_fsr_budget"), ("jiaowei_unit", "submit_design"), ("drc", "approve_budget")],
)
def test_it_refuses_a_later_step_of_an_unlisted_project_citing_article_12(api, listing, username, code):
    body = refused(api(username).post(f"/projects/{listing}/actions/{code}"), 409, article=12)
    assert "清单" in body["detail"]


def test_it_refuses_a_step_whose_documents_are_missing(api, design):
    body = refused(api("jiaowei_unit").post(f"/projects/{design}/actions/submit_fsr_budget"), 409, article=13)
    assert "可行性研究报告" in body["detail"] and "概（预）算方案" in body["detail"]


def test_it_refuses_approving_without_the_four_approvals_of_civil_works(api, walk):
    project_id = walk.create(civil_works=True)
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("bdb", project_id, "list")
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "fsr")
    walk.upload("jiaowei_unit", project_id, "budget")
    walk.act("jiaowei_unit", project_id, "submit_fsr_budget")
    walk.act("bdb", project_id, "design_pass", comment="同意")
    inputs = walk.approval(project_id, total="800万")
    body = refused(api("drc").post(f"/projects/{project_id}/actions/approve_budget", inputs), 409, article=14)
    assert "节能评估审批" in body["detail"]
    for kind in ("energy_assessment", "site_selection", "land_pre_review", "eia"):
        walk.upload("jiaowei_unit", project_id, kind)
    assert walk.act("drc", project_id, "approve_budget", **inputs)["state"]["code"] == "approved"


@pytest.fixture
def approving(walk, design) -> int:
    walk.upload("jiaowei_unit", design, "fsr")
    walk.upload("jiaowei_unit", design, "budget")
    walk.act("jiaowei_unit", design, "submit_fsr_budget")
    walk.act("bdb", design, "design_pass", comment="同意")
    return design


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"approved_on": "2026-13-01"}, "approved_on"),
        ({"approved_on": None}, "approved_on"),
        ({"approved_total": "八百万"}, "approved_total"),
        ({"approved_software": "-1"}, "approved_software"),
        ({"document_number": ""}, "document_number"),
        ({"approval_document": 999999}, "approval_document"),
    ],
)
def test_it_refuses_invalid_action_input_naming_the_field(api, walk, approving, changes, field):
    inputs = {**walk.approval(approving, total="800万"), **changes}
    body = refused(api("drc").post(f"/projects/{approving}/actions/approve_budget", inputs), 422, field=field)
    assert walk.state(approving) == "fsr_budget_approval", body


def test_it_refuses_budget_lines_that_do_not_add_up(api, walk, approving):
    inputs = {**walk.approval(approving, total="800万"), "approved_other": "99万"}
    refused(api("drc").post(f"/projects/{approving}/actions/approve_budget", inputs), 409, article=13)


def test_it_refuses_an_action_on_a_stale_version(api, walk):
    project_id = walk.create()
    seen = ok(api("jiaowei_unit").get(f"/projects/{project_id}"))["version"]
    ok(api("jiaowei_unit").patch(f"/projects/{project_id}", {"summary": "改过了"}))
    body = refused(api("jiaowei_unit").post(f"/projects/{project_id}/actions/submit", {"version": seen}), 409)
    assert body["detail"] == CONFLICT
    assert walk.act("jiaowei_unit", project_id, "submit", version=seen + 1)["state"]["code"] == "unit_confirm"


def test_it_refuses_a_body_that_is_not_a_json_object(api, walk):
    project_id = walk.create()
    client = api("jiaowei_unit")
    response = client.client.post(
        f"/api/v1/projects/{project_id}/actions/submit",
        "{not json",
        content_type="application/json",
        **client.headers,
    )
    assert refused(response, 422)["detail"] == "请求体不是有效的 JSON。"
    refused(
        client.post(f"/projects/{project_id}/actions/submit", {"version": "latest"}), 422, field="version"
    )
