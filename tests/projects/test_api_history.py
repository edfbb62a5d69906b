"""A project's audit trail through the API: who, in which organisation and role, did what and when,
on which article, chained by hash (R0.2, R9.5)."""

import pytest
from tests.fixtures.api import ok

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


def test_the_history_lists_every_event_with_its_actor_role_article_and_hash(api, walk):
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "submit", comment="请审核")
    walk.act("jiaowei_leader", project_id, "confirm")
    history = ok(api("audit").get(f"/projects/{project_id}/history"))

    assert [e["seq"] for e in history] == [1, 2, 3]
    assert [e["action"] for e in history] == ["create", "submit", "confirm"]
    confirm = history[2]
    assert confirm["label"] == "确认并报送区大数据发展局"
    assert confirm["from_state"] == {"code": "unit_confirm", "label": "待单位负责人确认"}
    assert confirm["to_state"] == {"code": "list_review", "label": "区大数据发展局审核"}
    assert confirm["actor"] == "陈建国"
    assert confirm["organisation"] == "区教委"
    assert confirm["role"] == {"code": "unit_leader", "label": "单位负责人"}
    assert confirm["at"] == "2026-09-15T10:00:00+08:00"
    assert confirm["article"] == 9 and confirm["clause"] is None
    assert confirm["policy_id"] == "yuzhong-2021"
    assert history[1]["inputs"] == {"comment": "请审核", "outline_reason": ""}  # every declared input
    assert [e["prev_hash"] for e in history] == ["", history[0]["hash"], history[1]["hash"]]
    assert all(len(e["hash"]) == 64 for e in history)


def test_the_history_costs_the_same_number_of_queries_however_long_it_is(
    api, walk, django_assert_max_num_queries
):
    short = walk.create()
    long = walk.create()
    for _ in range(5):
        ok(api("jiaowei_unit").patch(f"/projects/{long}", {"summary": "又改了一次"}))
    with django_assert_max_num_queries(4) as one:
        ok(api("jiaowei_unit").get(f"/projects/{short}/history"))
    with django_assert_max_num_queries(4) as six:
        assert len(ok(api("jiaowei_unit").get(f"/projects/{long}/history"))) == 6
    assert len(one.captured_queries) == len(six.captured_queries)


def test_the_versions_list_what_each_resubmission_changed(api, walk):
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "submit")
    walk.act("jiaowei_leader", project_id, "send_back", comment="请补充")
    ok(api("jiaowei_unit").patch(f"/projects/{project_id}", {"summary": "补充后的简介", "urgent": False}))
    walk.act("jiaowei_unit", project_id, "submit")
    first, second = ok(api("jiaowei_unit").get(f"/projects/{project_id}/versions"))
    assert first["number"] == 1 and first["changes"] == []
    assert first["submitted_by"] == "王晓燕"
    assert first["data"]["amount"] == "8000000.00"
    assert second["changes"] == [
        {"field": "项目内容简介", "before": "建设全区学校统一的教育管理平台。", "after": "补充后的简介"}
    ]
