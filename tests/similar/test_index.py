"""The index is kept current as projects are written, and rebuilt in bulk to the same rows."""

import pytest

from govit import clock
from govit.projects import secrecy, services
from govit.similar import index
from govit.similar.models import IndexedProject, Posting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

CANTEEN = {
    "name": "学校智慧食堂",
    "summary": "学校伙房明厨亮灶，监护人在手机上查看每日菜谱。",
    "reason": "食品安全。",
}


def _terms(project) -> dict[str, float]:
    return dict(Posting.objects.filter(project=project).values_list("term", "weight"))


def test_writing_an_application_indexes_it(new_project):
    project = new_project(**CANTEEN)
    terms = _terms(project)
    assert {"食堂", "家长", "食品安全"} <= set(terms)
    assert IndexedProject.objects.get(project=project).length > 0


def test_editing_it_replaces_its_terms(new_project, demo):
    project = new_project(**CANTEEN)
    services.project_update(
        project=project,
        user=demo["jiaowei_unit"],
        application=services.Application(name="独居老人关爱", summary="探访一个人住的年长居民", reason=""),
    )
    terms = _terms(project)
    assert "独居老人" in terms and "关爱" in terms
    assert "食堂" not in terms and "食品安全" not in terms


def test_its_proposal_is_indexed_too(new_project, demo):
    project = new_project(**CANTEEN)
    services.proposal_update(
        project=project, user=demo["jiaowei_unit"], chapters={"plan": "接入政务云，整合视频监控。"}
    )
    assert {"政务云", "视频监控"} <= set(_terms(project))


def test_a_classified_project_leaves_the_index(new_project, act, demo):
    project = act(act(new_project(**CANTEEN), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    secrecy.project_classify(
        project=project, by=demo["bdb"], ref="渝中保密〔2026〕7号", on=clock.today(), officers=[demo["bdb"]]
    )
    assert not Posting.objects.filter(project=project).exists()
    assert not IndexedProject.objects.filter(project=project).exists()
    index.rebuild()
    assert not Posting.objects.filter(project=project).exists()


def test_the_rebuild_writes_what_the_services_wrote(new_project):
    projects = [new_project(**CANTEEN), new_project(name="独居老人关爱", summary="探访独居老人")]
    before = {p.pk: _terms(p) for p in projects}
    assert index.rebuild() == 2
    assert {p.pk: _terms(p) for p in projects} == before
