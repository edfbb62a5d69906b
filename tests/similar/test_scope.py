"""What each person is shown: only what `Project.objects.visible_to` lets them see; of other units'
projects a unit is told how many are among the district's best, never which; classified projects
never, to anyone but those cleared for them."""

import pytest
from tests.fixtures.projects import classify_rows
from tests.similar.texts import CANTEEN, TWIN, sent

from govit.similar.selectors import similar_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


@pytest.fixture
def district(new_project, act):
    mine = sent(act, new_project(**CANTEEN))
    my_draft = new_project(**TWIN)
    theirs = sent(act, new_project(unit="jfb_unit", **TWIN), "jfb")
    their_draft = new_project(unit="jfb_unit", **TWIN)
    return {"mine": mine, "my_draft": my_draft, "theirs": theirs, "their_draft": their_draft}


def _ids(found):
    return [m.project.pk for m in found.results]


def test_a_unit_sees_its_own_and_is_told_how_many_others_there_are(district, demo):
    found = similar_to(district["mine"], demo["jiaowei_unit"])
    assert _ids(found) == [district["my_draft"].pk]
    assert found.others == 1  # 解放碑's sent twin; its draft is its own work, not counted


def test_the_bdb_sees_every_unit_s_sent_projects_but_no_draft(district, demo):
    found = similar_to(district["mine"], demo["bdb"])
    assert _ids(found) == [district["theirs"].pk] and found.others == 0
    assert found.results[0].score > 0.05 and "食堂" in found.results[0].terms


def test_a_text_being_written_is_compared_too(district, demo):
    found = similar_to("为学校伙房装摄像头，让家长看到后厨", demo["bdb"])
    assert district["theirs"].pk in _ids(found)


def test_a_classified_project_is_never_shown_nor_counted(district, demo):
    classify_rows(type(district["theirs"]).objects.filter(pk=district["theirs"].pk))
    for who in ("jiaowei_unit", "bdb", "drc"):
        found = similar_to(district["mine"], demo[who])
        assert district["theirs"].pk not in _ids(found) and found.others == 0, who


def test_the_query_project_itself_is_not_a_result(district, demo):
    assert district["mine"].pk not in _ids(similar_to(district["mine"], demo["jiaowei_unit"]))


def test_an_administrator_sees_nothing(district, demo):
    assert similar_to(district["mine"], demo["sysadmin"]).results == []
