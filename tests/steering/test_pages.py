"""绩效评价结果运用 beside the application (第二十六条第二款, R5.6), on its page and in the API: the
system's evaluations of every year (each by whom, four scores), last year's O&M amount, the request
and the recommendation, for the unit and every bureau (only the BDB decides); experts, agencies and
other units are told it does not exist. Only while the application is written and reviewed."""

import pytest
import time_machine
from tests.fixtures.api import ok

pytestmark = pytest.mark.django_db

BUREAUS = ("bdb", "lg_office", "drc", "finance", "audit", "cac")
OUTSIDERS = ("expert1", "agency_design", "agency_supervision", "jfb_unit")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        yield


def _panel(client, project) -> str:
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    return (
        content[content.index('id="steering"') :].split("</section>")[0] if 'id="steering"' in content else ""
    )


@pytest.mark.parametrize("username", ["jiaowei_unit", "jiaowei_leader", *BUREAUS])
def test_the_unit_and_the_bureaus_see_the_evaluations_and_the_recommendation(
    client_for, om_application, username
):
    panel = _panel(client_for(username), om_application)
    assert "绩效评价结果运用（第二十六条）" in panel and "第二十六条第二款" in panel
    assert "绩效评价得分 65.75（合格）" in panel and "超出建议额度" in panel
    assert "25.00万元" in panel and "2026年度运维费用" in panel  # last year's
    assert "28.00万元" in panel and "27.50万元" in panel  # the request, the cap
    assert "2025年度" in panel and "单位自评" in panel and ">72<" in panel and ">69<" in panel


def test_only_the_bdb_is_offered_the_choice(client_for, om_application):
    assert (
        'name="review_pass-steering"'
        in client_for("bdb").get(f"/projects/{om_application.pk}/").content.decode()
    )
    for username in ("jiaowei_unit", "drc", "finance"):
        assert (
            'name="review_pass-steering"'
            not in client_for(username).get(f"/projects/{om_application.pk}/").content.decode()
        )


@pytest.mark.parametrize("username", OUTSIDERS)
def test_experts_agencies_and_other_units_are_told_it_does_not_exist(
    client_for, api, om_application, username
):
    assert client_for(username).get(f"/projects/{om_application.pk}/").status_code == 404
    assert api(username).get(f"/projects/{om_application.pk}/steering").status_code == 404


def test_the_bdbs_key_evaluation_is_listed_beside_the_units_with_who_recorded_it(client_for, poorly):
    panel = _panel(client_for("bdb"), poorly)
    assert "区大数据发展局重点评价" in panel and "单位自评" in panel and "（较差）" in panel
    assert panel.index("区大数据发展局重点评价") < panel.index("单位自评")


def test_once_listed_the_panel_is_gone_and_the_api_still_reads(client_for, api, om_application, act):
    passed = act(om_application, "bdb", "review_pass", steering="heed")
    assert "65.75" in _panel(client_for("bdb"), passed)  # 待纳入清单: still being decided
    listed = act(passed, "bdb", "list")
    assert _panel(client_for("bdb"), listed) == ""
    assert ok(api("bdb").get(f"/projects/{listed.pk}/steering"))["applies"] is True


@pytest.mark.parametrize("username", ["jiaowei_unit", *BUREAUS])
def test_the_api_gives_the_evaluations_last_years_amount_and_the_recommendation(
    api, om_application, username
):
    body = ok(api(username).get(f"/projects/{om_application.pk}/steering"))
    assert (body["applies"], body["om"], body["last_year"], body["requested"]) == (
        True, True, "250000.00", "280000.00",
    )  # fmt: skip
    assert body["last_year_source"] == "2026年度运维费用"
    (system,) = body["systems"]
    assert system["name"] == "渝中区中小学智慧食堂监管平台" and system["score"] == "65.75"
    (evaluation,) = system["evaluations"]
    assert evaluation["by"] == {"code": "unit", "label": "单位自评"} and evaluation["recorded_by"]
    assert [evaluation[k] for k in ("year", "operation", "use", "sharing", "benefit")] == [
        2025,
        72,
        64,
        58,
        69,
    ]
    advice = body["recommendation"]
    assert (advice["band"], advice["article"], advice["clause"], advice["cap"], advice["exceeds"]) == (
        "合格", 26, 2, "275000.00", True,
    )  # fmt: skip


def test_an_application_nothing_bears_on_says_so(api, new_project, demo):
    project = new_project("jfb_unit")
    body = ok(api("jfb_unit").get(f"/projects/{project.pk}/steering"))
    assert body == {"applies": False, "om": False, "systems": [], "last_year": None, "last_year_source": "",
                    "requested": None, "recommendation": None}  # fmt: skip


def test_beside_a_units_other_application_its_systems_latest_evaluations(
    client_for, api, om_application, new_project
):
    project = new_project()
    panel = _panel(client_for("jiaowei_unit"), project)
    assert (
        "本单位在用已建系统的绩效评价" in panel
        and "渝中区中小学智慧食堂监管平台" in panel
        and "65.75" in panel
    )
    assert "建议：" not in panel  # a fair score asks nothing of it
    body = ok(api("jiaowei_unit").get(f"/projects/{project.pk}/steering"))  # a draft: its unit's only
    assert (body["applies"], body["om"], body["systems"][0]["score"]) == (False, False, "65.75")
