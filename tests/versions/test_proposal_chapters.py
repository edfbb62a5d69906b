"""A project's proposal is titled by its own version's outline (附件2): a later version that words a
chapter otherwise changes the chapters of its own projects and of new applications, not those of a
project applied under the earlier one."""

import pytest
from tests.fixtures.outlines import reword
from tests.versions.conftest import UNDER_2031, at

from govit.projects import services
from govit.projects.models import Proposal
from govit.workflow import guards

pytestmark = pytest.mark.django_db

RENAMED = "第三章 项目需求与整合分析"


@pytest.fixture
def reworded_2031(two_versions, monkeypatch):
    """test-2031 titles its chapter 3 otherwise, with other guidance."""
    return reword(monkeypatch, "test-2031", 3, "项目需求与整合分析", "包含2031年版的说明")


def test_each_project_keeps_its_own_versions_chapters(reworded_2031, project_under, client_for, demo):
    new = project_under("test-2031", work_type="new")
    old = project_under("yuzhong-2021", work_type="new")
    unit = demo["jiaowei_unit"]
    with at(UNDER_2031):
        for project in (new, old):
            services.proposal_update(project=project, user=unit, chapters={"requirements": ""})
        client = client_for("jiaowei_unit")
        new_form = client.get(f"/projects/{new.pk}/edit/").content.decode()
        old_form = client.get(f"/projects/{old.pk}/edit/").content.decode()
        fresh = client.get("/projects/new/").content.decode()
        assert guards.proposal_complete.check(new, {}) == [f"新建项目须编制项目建议书，尚缺：{RENAMED}"]
        assert guards.proposal_complete.check(old, {}) == [
            "新建项目须编制项目建议书，尚缺：第三章 项目需求分析"
        ]
    assert RENAMED in new_form and "包含2031年版的说明" in new_form
    assert RENAMED not in old_form and "第三章 项目需求分析" in old_form
    assert RENAMED in fresh  # a new application follows the version in force
    assert Proposal.objects.get(project=new).missing_chapters() == [RENAMED]
