"""相似项目 on the project's page: while the unit writes and while the bureaus review, the projects
most like it that the person may see, each with the words they share; a unit is told how many more
are other units'. Not once the project is listed, nor to anyone outside its unit and the bureaus."""

import pytest
from tests.similar.texts import CANTEEN, TWIN, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def test_the_unit_and_the_bdb_see_the_similar_projects_and_the_unit_only_its_own(
    new_project, act, client_for
):
    mine = new_project(**CANTEEN)
    twin = new_project(**TWIN)
    theirs = sent(act, new_project(unit="jfb_unit", **TWIN), "jfb")
    page = client_for("jiaowei_unit").get(f"/projects/{mine.pk}/").content.decode()
    assert "相似项目（查重）" in page and "第四条" in page
    assert f'href="/projects/{twin.pk}/"' in page and '<mark class="term">' in page
    assert (
        f'href="/projects/{theirs.pk}/"' not in page
        and "其他单位的相似项目由区大数据发展局审核时比对" in page
    )
    sent(act, mine)
    review = client_for("bdb").get(f"/projects/{mine.pk}/").content.decode()
    assert f'href="/projects/{theirs.pk}/"' in review  # the bureaus see the district's
    assert f'href="/projects/{twin.pk}/"' not in review  # but never a unit's draft
    assert "其他单位的相似项目由区大数据发展局审核时比对" not in review
    theirs_page = client_for("jfb_unit").get(f"/projects/{theirs.pk}/").content.decode()
    assert f'href="/projects/{mine.pk}/"' not in theirs_page


def test_it_is_not_shown_once_listed_or_to_a_third_party(new_project, to_listing, act, client_for):
    project = act(to_listing(new_project(**CANTEEN)), "bdb", "list")
    new_project(**TWIN)
    assert (
        "相似项目（查重）" not in client_for("jiaowei_unit").get(f"/projects/{project.pk}/").content.decode()
    )
