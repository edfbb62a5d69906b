"""Rules below the API that the API's own schemas also guard: blank required fields refused by the
services, an expert's to-do that follows the project's step, the DRC waiting for its experts."""

import pytest
from tests.fixtures.api import FORM, PREPARER, ok

from govit.projects import errors, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


@pytest.mark.parametrize(
    "data",
    [{"amount": None}, {"amount": ""}, {"form_date": None}, {"form_date": ""}],
    ids=["amount-null", "amount-blank", "form-date-null", "form-date-blank"],
)
def test_project_update_refuses_emptying_a_required_field_with_invalid_input(new_project, demo, data):
    project = new_project()
    with pytest.raises(errors.InvalidInput) as info:
        services.project_update(
            project=project, user=demo["jiaowei_unit"], application=services.Application(**data)
        )
    assert info.value.field == next(iter(data))


@pytest.mark.parametrize(
    "data", [{"amount": ""}, {"form_date": ""}, {"year": ""}], ids=["amount", "form-date", "year"]
)
def test_project_create_refuses_a_blank_required_field_with_invalid_input(demo, data):
    with pytest.raises(errors.InvalidInput) as info:
        services.project_create(
            user=demo["jiaowei_unit"], application=services.Application(**{**FORM, **data})
        )
    assert info.value.field == next(iter(data))


@pytest.fixture
def in_design_review(api, walk) -> int:
    project_id = walk.create()
    walk.to_review(project_id)
    walk.act("bdb", project_id, "review_pass")
    walk.act("bdb", project_id, "list")
    ok(api("jiaowei_unit").put(f"/projects/{project_id}/preparer", PREPARER))
    walk.upload("jiaowei_unit", project_id, "fsr")
    walk.upload("jiaowei_unit", project_id, "budget")
    walk.act("jiaowei_unit", project_id, "submit_fsr_budget")
    return project_id


def test_an_experts_todo_drops_a_review_the_project_has_moved_past(api, walk, experts, in_design_review):
    ok(
        api("bdb").post(f"/projects/{in_design_review}/expert-reviews", {"expert_id": experts["expert1"].pk}),
        201,
    )
    walk.act("bdb", in_design_review, "design_return", comment="请修改")
    # The expert can no longer submit the opinion ("项目已离开该评审环节"), so it is not to do.
    assert ok(api("expert1").get("/todo"))["count"] == 0


def test_the_drc_cannot_approve_while_the_experts_it_asked_have_not_answered(
    api, walk, experts, in_design_review
):
    walk.act("bdb", in_design_review, "design_pass", comment="同意")
    ok(
        api("drc").post(f"/projects/{in_design_review}/expert-reviews", {"expert_id": experts["expert1"].pk}),
        201,
    )
    response = api("drc").post(
        f"/projects/{in_design_review}/actions/approve_budget", walk.approval(in_design_review, total="800万")
    )
    assert response.status_code == 409 and response.json()["article"] == 15
