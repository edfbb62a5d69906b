"""The yearly call (第九条, R2.2): an application for next year is on time until 30 September;
after it the BDB must accept it explicitly."""

import pytest
import time_machine
from tests.fixtures.api import AFTER_DEADLINE, BEFORE_DEADLINE, ok, refused

pytestmark = pytest.mark.django_db


@BEFORE_DEADLINE
def test_an_application_in_the_call_is_on_time(api, walk):
    project_id = walk.create(year=2027)
    walk.to_review(project_id)
    assert ok(api("bdb").get(f"/projects/{project_id}"))["late"] is False
    assert walk.act("bdb", project_id, "review_pass")["state"]["code"] == "listing"


@time_machine.travel("2026-09-30 23:59 +0800", tick=False)
def test_an_application_on_the_last_evening_of_september_is_on_time(api, walk):
    project_id = walk.create(year=2027)
    walk.to_review(project_id)
    assert ok(api("bdb").get(f"/projects/{project_id}"))["late"] is False


@AFTER_DEADLINE
def test_a_late_application_goes_on_only_when_the_bdb_accepts_it(api, walk):
    project_id = walk.create(year=2027)
    walk.to_review(project_id)
    project = ok(api("bdb").get(f"/projects/{project_id}"))
    assert project["late"] is True and project["late_accepted"] is False

    # /actions offers the step: whether the lateness is accepted is the BDB's input to it.
    [review_pass] = [
        a for a in ok(api("bdb").get(f"/projects/{project_id}/actions")) if a["code"] == "review_pass"
    ]
    assert review_pass["blocked"] == []
    for inputs in ({}, {"accept_late": False}):
        body = refused(api("bdb").post(f"/projects/{project_id}/actions/review_pass", inputs), 409, article=9)
        assert "逾期" in body["detail"] and "2026-09-30" in body["detail"]

    project = walk.act("bdb", project_id, "review_pass", accept_late=True)
    assert project["state"]["code"] == "listing"
    assert project["late_accepted"] is True


@AFTER_DEADLINE
def test_a_late_application_may_still_be_returned_or_rejected(api, walk):
    project_id = walk.create(year=2027)
    walk.to_review(project_id)
    assert (
        walk.act("bdb", project_id, "review_reject", comment="逾期且无特殊理由")["state"]["code"]
        == "rejected"
    )


@AFTER_DEADLINE
def test_an_application_for_the_year_after_next_is_not_late(api, walk):
    project_id = walk.create(year=2028)
    walk.to_review(project_id)
    assert ok(api("bdb").get(f"/projects/{project_id}"))["late"] is False
