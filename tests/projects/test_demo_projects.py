"""The demo district starts with projects in every state of the first half of the life."""

from io import StringIO

import pytest
from django.core.management import call_command

from govit.projects import chronology
from govit.projects.audit import first_broken_link
from govit.projects.models import Project, ProjectEvent
from govit.workflow.lifecycle import STATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_projects(demo):
    call_command("load_demo", stdout=StringIO())
    return Project.objects.all()


def test_the_demo_has_a_project_in_every_state(demo_projects):
    assert {p.state for p in demo_projects} == {s.code for s in STATES}


def test_loading_the_demo_again_changes_nothing(demo_projects):
    events = ProjectEvent.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert (Project.objects.count(), ProjectEvent.objects.count()) == (len(demo_projects), events)


def test_the_demo_projects_history_is_real_and_its_chain_intact(demo_projects):
    for project in demo_projects:
        assert first_broken_link(project) is None
    approved = demo_projects.get(name="渝中区智慧教育管理平台（二期）")
    assert approved.approvals.get().document_number.startswith("渝中发改投〔2026〕")
    assert not any(p.late for p in demo_projects)  # replayed at its September dates (govit.clock)


def test_a_tampered_event_is_found(demo_projects):
    project = demo_projects.get(name="渝中区智慧教育管理平台（二期）")
    event = ProjectEvent.objects.filter(project=project).order_by("seq")[3]
    ProjectEvent.objects.filter(pk=event.pk).update(inputs={"comment": "改过"})
    assert first_broken_link(project).pk == event.pk


def test_every_demo_projects_dates_respect_the_declared_order(demo_projects):
    # The demo reaches its later states by replaying history (govit.clock), never by backdating.
    for project in demo_projects:
        assert chronology.violations(project) == [], project.name
    delivered = demo_projects.get(name="渝中区中小学智慧食堂监管平台")
    recorded = chronology.recorded_dates(delivered)
    assert (
        recorded["trial_started"][0] >= recorded["initial_accepted"][0] >= recorded["construction_started"][0]
    )
    assert recorded["delivered"][0] >= recorded["final_accepted"][0] >= recorded["compliance_passed"][0]
