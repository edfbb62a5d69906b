"""Edges of the code the pages build on, found while building them (they were strict xfails until
their owners fixed them): a blank amount, and a review the project has left."""

import pytest

from govit.experts import services as experts_services
from govit.projects import errors, selectors, services
from govit.projects.models import Project


def test_project_create_refuses_a_blank_amount_in_chinese(demo):
    # Was: services._assign kept amount "" as a string, and _facts crashed with a TypeError (500).
    with pytest.raises(errors.InvalidInput, match="请填写项目投资估算"):
        services.project_create(
            user=demo["jiaowei_unit"],
            application=services.Application(name="x", amount="", year=2027, work_type="new"),
        )


def test_project_update_refuses_a_blank_amount_in_chinese(demo, new_project):
    project = new_project()
    with pytest.raises(errors.InvalidInput, match="项目投资估算"):
        services.project_update(
            project=project, user=demo["jiaowei_unit"], application=services.Application(amount="")
        )


def test_a_review_the_project_has_left_leaves_the_experts_todo(demo, experts, in_design_review, act):
    # Was: todo_for kept every unsubmitted review, so a returned design stayed in the expert's 待办
    # although expert_review_submit refuses it ("项目已离开该评审环节").
    project = in_design_review()
    experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
    act(Project.objects.get(pk=project.pk), "bdb", "design_return", comment="请修改。")
    assert list(selectors.todo_for(demo["expert1"])) == []
