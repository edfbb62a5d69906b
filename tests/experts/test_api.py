"""Expert reviews (第十五条) through the API: the pool, assigning, an expert's own reviews and opinion."""

import pytest
from tests.fixtures.api import PREPARER, ok, refused

from govit.experts.api import POOL_REFUSED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


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


def _assign(api, username: str, project_id: int, expert_id: int):
    return api(username).post(f"/projects/{project_id}/expert-reviews", {"expert_id": expert_id})


@pytest.mark.parametrize("username", ["bdb", "drc"])
def test_the_bdb_and_the_drc_read_the_expert_pool(api, experts, username):
    pool = ok(api(username).get("/experts"))
    assert [(e["name"], e["organisation"], e["field"]) for e in pool] == [
        ("何静怡", "重庆邮电大学", "软件工程"), ("黄立新", "重庆大学", "软件工程"),
    ]  # fmt: skip


@pytest.mark.parametrize("username", ["jiaowei_unit", "audit", "expert1", "sysadmin"])
def test_nobody_else_reads_the_expert_pool(api, experts, username):
    assert refused(api(username).get("/experts"), 403)["detail"] == POOL_REFUSED


def test_an_assigned_expert_sees_the_project_and_gives_an_opinion(api, experts, in_design_review):
    review = ok(_assign(api, "bdb", in_design_review, experts["expert1"].pk), 201)
    assert review["expert"] == "黄立新"
    assert review["step"] == {"code": "design_review", "label": "区大数据发展局审核初步设计"}
    assert review["conclusion"] is None and review["submitted_at"] is None

    assert [r["id"] for r in ok(api("expert1").get("/expert-reviews"))] == [review["id"]]
    assert ok(api("expert2").get("/expert-reviews")) == []
    assert ok(api("expert1").get(f"/projects/{in_design_review}"))["id"] == in_design_review
    refused(api("expert2").get(f"/projects/{in_design_review}"), 404)

    done = ok(
        api("expert1").post(f"/expert-reviews/{review['id']}", {"opinion": "同意。", "conclusion": "revise"})
    )
    assert done["conclusion"] == {"code": "revise", "label": "修改后同意"}
    assert done["submitted_at"] == "2026-09-15T10:00:00+08:00"
    assert [r["id"] for r in ok(api("bdb").get("/expert-reviews"))] == [review["id"]]
    refused(
        api("expert1").post(f"/expert-reviews/{review['id']}", {"opinion": "再改", "conclusion": "pass"}),
        409,
        article=15,
    )


def test_only_the_assigned_expert_may_give_the_opinion(api, experts, in_design_review):
    review = ok(_assign(api, "bdb", in_design_review, experts["expert1"].pk), 201)
    opinion = {"opinion": "同意。", "conclusion": "pass"}
    refused(api("expert2").post(f"/expert-reviews/{review['id']}", opinion), 404)
    refused(api("bdb").post(f"/expert-reviews/{review['id']}", opinion), 403)


@pytest.mark.parametrize(("opinion", "field"), [({"opinion": " ", "conclusion": "pass"}, "opinion"),
                                                ({"opinion": "好", "conclusion": "maybe"}, "conclusion"),
                                                ({"opinion": "好"}, "conclusion")])  # fmt: skip
def test_it_refuses_an_incomplete_opinion_naming_the_field(api, experts, in_design_review, opinion, field):
    review = ok(_assign(api, "bdb", in_design_review, experts["expert1"].pk), 201)
    refused(api("expert1").post(f"/expert-reviews/{review['id']}", opinion), 422, field=field)


def test_it_refuses_assigning_an_expert_out_of_turn_or_by_the_wrong_person(
    api, walk, experts, in_design_review, demo
):
    refused(_assign(api, "jiaowei_unit", in_design_review, experts["expert1"].pk), 403)
    refused(_assign(api, "bdb", in_design_review, 999999), 422, field="expert_id")
    ok(_assign(api, "drc", in_design_review, experts["expert2"].pk), 201)
    refused(_assign(api, "bdb", in_design_review, experts["expert2"].pk), 409, article=15)
    experts["expert1"].conflicts.add(demo.org("jiaowei"))
    body = refused(_assign(api, "bdb", in_design_review, experts["expert1"].pk), 409, article=15)
    assert "利害关系" in body["detail"]

    draft = walk.create()
    walk.to_review(draft)
    refused(_assign(api, "bdb", draft, experts["expert1"].pk), 409, article=15)
