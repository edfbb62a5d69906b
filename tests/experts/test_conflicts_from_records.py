"""An expert is tied to a project by the records too (R3.8): when the expert's organisation is a
party the project's contracts engage — its vendor or supervisor, or the earlier phase's for a
continuation — the pool marks them and the assignment is refused with the reason."""

from datetime import date

import pytest

from govit.construction.models import Contract
from govit.experts import selectors, services
from govit.projects import errors

pytestmark = pytest.mark.django_db


def _contract(project, supplier: str, agency=None) -> Contract:
    return Contract.objects.create(
        project=project, kind=Contract.Kind.SUPERVISION, number=f"HT-{project.pk}-{supplier[:4]}", title="监理合同",
        supplier=supplier, agency=agency, amount=100_000, signed_on=date(2026, 3, 2), filing_due=date(2026, 3, 11),
        recorded_by=project.created_by,
    )  # fmt: skip


def test_an_expert_of_a_contract_party_is_conflicted_and_refused(
    demo, experts, in_design_review, new_project
):
    project = in_design_review()
    expert = experts["expert1"]  # of 重庆大学
    assert selectors.expert_conflicts(expert, project) == []
    earlier = new_project(name="智慧校园一期")
    project.continues = earlier
    project.save(update_fields=["continues"])
    _contract(earlier, f" {expert.user.organisation.name} ")  # the earlier phase's supplier, by name
    why = selectors.expert_conflicts(expert, project)
    assert why == ["所在单位为项目的承建、监理等合同单位"]
    labels = dict(selectors.expert_choices(demo["bdb"], project))
    assert labels[expert.pk].endswith("有利害关系") and not labels[experts["expert2"].pk].endswith(
        "有利害关系"
    )
    with pytest.raises(errors.NotPossible, match="承建、监理等合同单位"):
        services.expert_assign(project=project, user=demo["bdb"], expert=expert)


def test_a_registered_agency_is_a_party_by_its_record_not_its_name(demo, experts, in_design_review):
    project = in_design_review()
    expert = experts["expert2"]
    _contract(project, "另一家公司", agency=expert.user.organisation)
    assert selectors.parties_of(project).engaged(expert.user.organisation)
    assert not selectors.parties_of(project).engaged(demo.org("jiaowei"))
    assert not selectors.parties_of(project).engaged(None)
