"""相似项目 beside the application form (第四条): as the unit writes the application or the proposal,
the projects most like what it has typed — its own in full, other units' only counted."""

import pytest
from tests.similar.texts import CANTEEN, TWIN, sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]


def test_the_new_application_form_has_the_panel_that_asks_as_it_is_typed(client_for):
    page = client_for("jiaowei_unit").get("/projects/new/").content.decode()
    assert "相似项目（查重）" in page and 'data-similar="/similar/draft/"' in page and "第四条" in page
    assert "similar/similar.js" in page and "purpose" in page  # the proposal's chapters are read too
    assert "填写项目名称和主要建设内容后" in page


def test_what_is_typed_finds_the_units_own_twin_and_counts_the_others(client_for, new_project, act):
    own = new_project(**TWIN)
    theirs = sent(act, new_project(unit="jfb_unit", **TWIN), "jfb")
    panel = client_for("jiaowei_unit").post("/similar/draft/", CANTEEN).content.decode()
    assert f'href="/projects/{own.pk}/"' in panel and '<mark class="term">' in panel
    assert f'href="/projects/{theirs.pk}/"' not in panel
    assert 'data-others="1"' in panel  # the jfb twin, counted, not shown
    proposal = client_for("jiaowei_unit").post("/similar/draft/", {"purpose": CANTEEN["summary"]})
    assert f'href="/projects/{own.pk}/"' in proposal.content.decode()  # the proposal's words count too
    empty = client_for("jiaowei_unit").post("/similar/draft/", {"name": " "}).content.decode()
    assert "填写项目名称和主要建设内容后" in empty


def test_the_edit_form_shows_the_saved_texts_twins_but_not_the_project_itself(client_for, new_project):
    mine, twin = new_project(**CANTEEN), new_project(**TWIN)
    page = client_for("jiaowei_unit").get(f"/projects/{mine.pk}/edit/").content.decode()
    panel = page[page.index('id="similar"') :].split("</section>")[0]
    assert f'href="/projects/{twin.pk}/"' in panel and f'href="/projects/{mine.pk}/"' not in panel
    assert f'data-project="{mine.pk}"' in panel
    asked = (
        client_for("jiaowei_unit").post("/similar/draft/", {**CANTEEN, "project": mine.pk}).content.decode()
    )
    assert f'href="/projects/{twin.pk}/"' in asked and f'href="/projects/{mine.pk}/"' not in asked


def test_only_a_unit_asks_and_only_of_its_own_project(client_for, new_project):
    mine = new_project(**CANTEEN)
    assert client_for("jfb_unit").post("/similar/draft/", {**CANTEEN, "project": mine.pk}).status_code == 404
    assert client_for("bdb").post("/similar/draft/", CANTEEN).status_code == 403
    assert client_for("jiaowei_leader").post("/similar/draft/", CANTEEN).status_code == 403
    assert client_for("jiaowei_unit").get("/similar/draft/").status_code == 405
