"""The demo's bureau findings (govit.findings.demo): an audit answered by the unit on a delivered
project, a cybersecurity guidance open on one in construction; loading again adds none."""

import pytest

from govit.findings.demo import demo_findings_load
from govit.findings.models import Finding
from govit.projects.demo import demo_projects_load

pytestmark = pytest.mark.django_db
DELIVERED, BUILDING = "渝中区中小学智慧食堂监管平台", "渝中区教育资源公共服务平台"


def test_the_demo_loads_an_answered_audit_and_an_open_guidance_once(demo, client_for):
    demo_projects_load({DELIVERED, BUILDING})
    found = {(f.project.name, f.kind, f.state) for f in Finding.objects.select_related("project")}
    assert found == {(DELIVERED, "audit", "answered"), (BUILDING, "cac", "open")}
    audit = Finding.objects.get(kind="audit")
    assert (audit.opened_by, audit.answered_by) == (demo["audit"], demo["jiaowei_unit"])
    assert demo_findings_load() == 0 and Finding.objects.count() == 2
    page = client_for("cac").get(f"/projects/{Finding.objects.get(kind='cac').project_id}/findings/")
    assert "网络安全指导意见" in page.content.decode()


def test_only_the_projects_present_get_theirs(demo):
    demo_projects_load({"学籍管理系统升级改造"})
    assert not Finding.objects.exists()
