"""R3.9: the DRC's approval is a 批复文件 the DRC uploaded; the BDB's review opinion a 审核意见 the
BDB uploaded. A unit's own FSR can no longer be chosen as the DRC's approval."""

import pytest
import time_machine
from tests.fixtures.projects import upload

from govit.documents.models import Document
from govit.projects import errors, services
from govit.workflow.inputs import json_schema
from govit.workflow.lifecycle import TRANSITIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(demo, new_project, act, to_listing):
    """A 1000万 continuation in the BDB's design review (the combined path of 第十三条第二款)."""
    with time_machine.travel("2026-09-15 10:00 +0800", tick=False):
        project = act(to_listing(new_project(amount="1000万")), "bdb", "list")
        services.preparer_set(
            project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
            qualification="甲级", contact="",
        )  # fmt: skip
        upload(project, demo["jiaowei_unit"], "fsr")
        upload(project, demo["jiaowei_unit"], "budget")
        yield act(project, "jiaowei_unit", "submit_fsr_budget")


@pytest.fixture
def at_drc(in_review, act):
    with time_machine.travel("2026-09-16 10:00 +0800", tick=False):
        yield act(in_review, "bdb", "design_pass", comment="同意")


def _approve(act, project, document):
    inputs = {
        "document_number": "渝中发改投〔2026〕9号", "approved_on": "2026-09-16", "approved_total": "1000万",
        "approved_software": "600万", "approved_hardware": "300万", "approved_other": "100万",
        "approval_document": document,
    }  # fmt: skip
    with time_machine.travel("2026-09-17 10:00 +0800", tick=False):
        return act(project, "drc", "approve_budget", **inputs)


def test_the_units_fsr_cannot_be_the_drcs_approval(demo, at_drc, act):
    fsr = Document.objects.get(project=at_drc, kind="fsr")
    with pytest.raises(errors.InvalidInput) as refusal:
        _approve(act, at_drc, fsr.pk)
    assert refusal.value.field == "approval_document"
    assert refusal.value.detail == (
        "“批复文件”应为区发改委上传的“批复文件”文件；所选文件是项目单位经办人上传的“可行性研究报告”，不能作为批复文件。"
    )
    assert fsr.uploaded_as == "unit"


def test_an_approval_the_unit_uploaded_is_not_the_drcs(demo, at_drc, act):
    forged = upload(at_drc, demo["jiaowei_unit"], "approval", "自拟批复.pdf")
    with pytest.raises(errors.InvalidInput) as refusal:
        _approve(act, at_drc, forged)
    assert (
        refusal.value.field == "approval_document"
        and "项目单位经办人上传的“批复文件”" in refusal.value.detail
    )


def test_the_drcs_own_approval_is_taken(demo, at_drc, act):
    document = upload(at_drc, demo["drc"], "approval", "批复.pdf")
    project = _approve(act, at_drc, document)
    assert project.state == "approved" and project.approvals.get().document_id == document


def test_the_bdbs_opinion_document_is_optional_and_must_be_its_own(demo, in_review, act):
    by_unit = upload(in_review, demo["jiaowei_unit"], "opinion", "意见.pdf")
    with time_machine.travel("2026-09-16 10:00 +0800", tick=False):
        with pytest.raises(errors.InvalidInput) as refusal:
            act(in_review, "bdb", "design_pass", comment="同意", opinion_document=by_unit)
        assert (
            refusal.value.field == "opinion_document"
            and "区大数据发展局上传的“审核意见”" in refusal.value.detail
        )
        budget = Document.objects.get(project=in_review, kind="budget").pk
        with pytest.raises(errors.InvalidInput):
            act(in_review, "bdb", "design_pass", comment="同意", opinion_document=budget)
        own = upload(in_review, demo["bdb"], "opinion", "审核意见.pdf")
        project = act(in_review, "bdb", "design_pass", comment="同意", opinion_document=own)
    assert project.state == "fsr_budget_approval"
    assert project.events.get(action="design_pass").inputs["opinion_document"] == own


def test_a_document_remembers_the_office_it_was_uploaded_for(demo, in_review):
    assert Document.objects.get(project=in_review, kind="fsr").uploaded_as == "unit"
    assert Document.objects.get(pk=upload(in_review, demo["drc"], "approval")).uploaded_as == "drc"


def test_the_api_schema_says_which_document_each_input_takes():
    approve = next(t for t in TRANSITIONS if t.code == "approve_fsr")
    schema = json_schema(approve.inputs)["properties"]["approval_document"]
    assert schema["type"] == "integer" and "区发改委" in schema["description"]
    design_pass = next(t for t in TRANSITIONS if t.code == "design_pass")
    assert "opinion_document" not in json_schema(design_pass.inputs)["required"]
