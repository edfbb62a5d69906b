"""GET /api/v1/projects/{id}/similar: its shape, its scope, its errors."""

import pytest
from tests.fixtures.api import ok, refused
from tests.similar.texts import CANTEEN, TWIN, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


@pytest.fixture
def pair(new_project, act):
    return sent(act, new_project(**CANTEEN)), sent(act, new_project(unit="jfb_unit", **TWIN), "jfb")


def test_the_bdb_gets_the_twin_with_its_unit_state_amount_score_and_terms(api, pair):
    mine, theirs = pair
    body = ok(api("bdb").get(f"/projects/{mine.pk}/similar"))
    assert body["others"] == 0
    [first] = body["results"]
    assert first["project"] == theirs.pk and isinstance(first["score"], float) and "食堂" in first["terms"]
    assert first["unit"] == "解放碑街道" or first["unit"]
    assert first["state"]["code"] == theirs.state and first["amount"] == "8000000.00"
    assert first["built"] is False and first["name"] == TWIN["name"]


def test_a_unit_is_told_only_how_many_of_others_there_are(api, pair):
    mine, theirs = pair
    body = ok(api("jiaowei_unit").get(f"/projects/{mine.pk}/similar"))
    assert body == {"results": [], "others": 1}


def test_a_project_one_may_not_see_is_a_404(api, pair):
    mine, _ = pair
    refused(api("jfb_unit").get(f"/projects/{mine.pk}/similar"), 404)
    refused(api("jfb_unit").get("/projects/999999/similar"), 404)
