"""The project's pages (概况与办理, 建设, 资金, 运维, 公文): which a project has in which state, the queries
each runs (at most 15 whoever looks, STYLE), and a form posted on one coming back to that page."""

import re
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.construction import test_delivery_walk
from tests.fixtures import labels
from tests.fixtures.api import PEOPLE

from govit.accounts.models import User
from govit.projects.demo import PROJECTS as DEMO_PROJECTS
from govit.projects.models import Project
from govit.projects.views.page import TABS, tab_of, tabs_of
from govit.workflow.lifecycle import STATE_BY_CODE

pytestmark = pytest.mark.django_db
approved = test_delivery_walk.approved  # the fixture, shared

MOST_QUERIES = 15


@pytest.fixture
def demo_projects(demo):
    call_command("load_demo", stdout=StringIO())
    # The projects walked through the lifecycle (not the past ones imported for the duplicate check).
    return list(Project.objects.filter(name__in=[p.name for p in DEMO_PROJECTS]).order_by("pk"))


def _url(project: Project, code: str) -> str:
    return f"/projects/{project.pk}/" if code == "overview" else f"/projects/{project.pk}/{code}/"


def test_a_project_has_the_pages_of_the_phases_it_has_reached(demo_projects, client_for):
    seen = set()
    for project in demo_projects:
        if project.is_classified:
            continue
        client = client_for(User.objects.filter(organisation=project.unit, is_active=True).first().username)
        has = {tab.code for tab in tabs_of(project)}
        seen.add(frozenset(has))
        if STATE_BY_CODE[project.state].phase in ("application", "review") or not project.list_code:
            assert has - {"papers", "findings"} == {"overview"}, project.state
        assert ("papers" in has) == (project.submitted_at is not None), project.state
        assert ("findings" in has) == (project.list_code is not None), project.state
        for tab in TABS:
            response = client.get(_url(project, tab.code))
            assert response.status_code == (200 if tab.code in has else 404), (project.state, tab.code)
            if response.status_code == 200 and len(has) > 1:
                page = response.content.decode()
                assert f'aria-current="page">{tab.label}</a>' in page
                assert all(f'href="{_url(project, code)}"' in page for code in has)
    # the demo shows each step of the ladder: 概况 (and 公文 once reported, 监督意见 once listed), then
    # 建设 and 资金, then 运维
    assert {
        frozenset({"overview", "papers"}),
        frozenset({"overview", "papers", "findings"}),
        frozenset({"overview", "construction", "funds", "papers", "findings"}),
    } <= seen
    assert frozenset({"overview", "construction", "funds", "operation", "papers", "findings"}) in seen


# REQUIREMENTS.md's numbers (R9.7 …) are the engineers' words, never a page's: a page cites the Rules.
REQUIREMENT_CODE = re.compile(r"(?<![A-Za-z0-9])R[0-9]+\.[0-9]+")


def test_every_page_of_every_project_runs_at_most_15_queries_whoever_looks(demo_projects, client_for):
    # The clock stands still: a session notes when its person was last seen once a minute (one
    # write more), and this walk takes minutes on a busy machine.
    with time_machine.travel(time.time(), tick=False):
        _every_page_within_its_queries(demo_projects, client_for)


def _every_page_within_its_queries(demo_projects, client_for) -> None:
    clients = {username: client_for(username) for username in PEOPLE}
    worst = {}
    for project in demo_projects:
        for tab in tabs_of(project):
            url = _url(project, tab.code)
            for username, client in clients.items():
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                if response.status_code == 200:
                    worst[(tab.code, project.state, username)] = len(captured)
                    html = response.content.decode()
                    coded = REQUIREMENT_CODE.findall(html)
                    assert not coded, f"{url} as {username} shows requirement codes: {coded}"
                    unlabelled = labels.problems(html)  # every field labelled, no id twice
                    assert not unlabelled, f"{url} as {username}: {unlabelled}"
    assert {code for code, _, _ in worst} == {tab.code for tab in TABS}
    over = {key: n for key, n in worst.items() if n > MOST_QUERIES}
    assert not over


LISTS = ("/", "/todo/", "/done/", "/projects/", "/projects/new/", "/library/", "/funds/", "/experts/",
         "/reviews/", "/grants/", "/calendar/", "/reminders/", "/settings/public/", "/public/", "/account/")  # fmt: skip


def test_every_other_page_labels_its_fields_and_names_no_requirement(demo_projects, client_for):
    for username in PEOPLE:
        client = client_for(username)
        for url in LISTS:
            response = client.get(url)
            if response.status_code == 200:
                html = response.content.decode()
                assert not REQUIREMENT_CODE.findall(html), (url, username)
                assert not labels.problems(html), (url, username, labels.problems(html))


def test_the_delivered_projects_pages_cost_the_same_with_twice_the_records(demo_projects, client_for, demo):
    from tests.fixtures.projects import upload

    delivered = next(p for p in demo_projects if p.name == "渝中区中小学智慧食堂监管平台")
    client = client_for("bdb")

    def costs() -> dict[str, int]:
        found = {}
        for tab in tabs_of(delivered):
            client.get(_url(delivered, tab.code))
            with CaptureQueriesContext(connection) as captured:
                assert client.get(_url(delivered, tab.code)).status_code == 200
            found[tab.code] = len(captured)
        return found

    before = costs()
    for n in range(5):
        upload(delivered, demo["jiaowei_unit"], "other", f"附件{n}.pdf")
    assert costs() == before and max(before.values()) <= MOST_QUERIES


@time_machine.travel("2026-10-10 10:00 +0800", tick=False)
def test_a_form_refused_on_a_page_comes_back_on_that_page_and_one_done_goes_back_to_it(client_for, approved):
    finance = client_for("finance")
    refused = finance.post(f"/projects/{approved.pk}/disbursements/", {"paid_on": "", "purpose": ""})
    assert refused.status_code == 422
    assert (
        refused.context["tab"]["code"] == "funds"
        and 'id="disbursement-form" open' in refused.content.decode()
    )
    data = {
        "paid_on": "2026-10-09",
        "amount_0": "7",
        "amount_1": "wan",
        "purpose": "首付款",
        "voucher": "PZ-1",
    }
    done = finance.post(f"/projects/{approved.pk}/disbursements/", data)
    assert done.status_code == 302 and done["Location"] == f"/projects/{approved.pk}/funds/#funds"
    unit = client_for("jiaowei_unit")
    refused = unit.post(f"/projects/{approved.pk}/procurements/", {})
    assert refused.status_code == 422 and refused.context["tab"]["code"] == "construction"


def test_each_section_and_row_belongs_to_one_page():
    assert tab_of("contracts").code == "construction" and tab_of("contract-12").code == "construction"
    assert tab_of("resource-3").code == "operation" and tab_of("funds").code == "funds"
    assert tab_of("documents").code == "overview"
    anchors = [a for tab in TABS for a in (*tab.sections, *tab.rows)]
    assert len(anchors) == len(set(anchors))
    with pytest.raises(KeyError):
        tab_of("nowhere")
