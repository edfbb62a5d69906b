"""Classified projects (第二十七条, R6.1, R6.2): the BDB records the secrecy authority's approval;
from then GovIT keeps only the registration data — earlier text removed, no upload and no free
text accepted (by the services and by the database), the audit log still verifying."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from tests.fixtures.projects import upload

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.verify import verify
from govit.documents import services as documents_services
from govit.documents.models import Document
from govit.projects import errors, secrecy
from govit.projects.audit import first_broken_link
from govit.projects.models import ApplicationVersion, Project, ProjectEvent, Proposal
from govit.projects.models.events import WITHHELD_TEXT
from govit.reminders.models import Reminder
from govit.workflow import engine

REF = "渝中保密〔2026〕7号"


@pytest.fixture
def bdb2(demo) -> User:
    """A second BDB officer, not designated for the classified project."""
    return User.objects.create_user(
        "bdb_li", name="李明", organisation=demo["bdb"].organisation, roles=[Role.BDB]
    )


@pytest.fixture
def classified(demo, listed, act):
    """A listed 区教委 project with a document, a returned comment and a proposal, then classified
    by the BDB with `bdb` designated for it."""

    def make():
        project = listed(work_type="new", continues_outside="")
        upload(project, demo["jiaowei_unit"], "fsr", "可研报告.pdf")
        return secrecy.project_classify(
            project=project, by=demo["bdb"], ref=REF, on=date(2026, 9, 1), officers=[demo["bdb"]]
        )

    return make


def test_classifying_keeps_only_the_registration_data(demo, classified):
    project = classified()
    assert project.is_classified and project.secrecy_ref == REF and project.secrecy_on == date(2026, 9, 1)
    assert project.name == f"涉密项目（{project.list_code}）"
    assert project.reason == project.summary == project.expected_effect == project.progress == ""
    assert project.leader_name == project.leader_phone == project.filler_name == ""
    assert (project.unit_id, project.category, project.year, project.state) == (
        demo["jiaowei_unit"].organisation_id, "construction", 2027, "fsr_with_budget",
    )  # fmt: skip
    assert list(project.secrecy_officers.all()) == [demo["bdb"]]


def test_classifying_removes_the_earlier_free_text_and_documents(classified):
    project = classified()
    proposal = Proposal.objects.get(project=project)
    assert [getattr(proposal, code) for code in Proposal.CODES] == [""] * 5
    assert not Document.objects.filter(project=project).exists()
    for version in ApplicationVersion.objects.filter(project=project):
        assert set(version.data) <= set(secrecy.KEPT_IN_VERSIONS)
        assert "渝中区智慧教育管理平台" not in str(version.data)
    event = project.events.order_by("-seq").first()
    assert (event.action, event.article) == ("classify", 27)
    assert event.inputs["documents_removed"] == 1
    assert "reason" in event.inputs["removed"]["projects.project"]
    assert "purpose" in event.inputs["removed"]["projects.proposal"]


def test_the_audit_log_and_the_timeline_still_verify_after_classification(demo, classified):
    project = classified()
    assert first_broken_link(project) is None
    result = verify()
    assert result["ok"], result["problems"]


def test_earlier_texts_on_the_timeline_are_withheld_not_edited(demo, new_project, act, before_deadline):
    project = new_project(work_type="new", continues_outside="")
    project = act(project, "jiaowei_unit", "submit")
    project = act(project, "jiaowei_leader", "confirm")
    project = act(project, "bdb", "review_return", comment="请补充与教育云平台的关系说明")
    sealed = ProjectEvent.objects.get(project=project, action="review_return")
    secrecy.project_classify(
        project=project, by=demo["bdb"], ref=REF, on=date(2026, 9, 1), officers=[demo["bdb"]]
    )
    event = ProjectEvent.objects.select_related("project").get(pk=sealed.pk)
    assert event.inputs == sealed.inputs and event.hash == sealed.hash  # never edited
    assert event.shown_inputs["comment"] == WITHHELD_TEXT


def test_the_reminders_that_name_it_are_deleted(demo, classified, listed):
    project = listed()
    Reminder.objects.create(
        recipient=demo["jiaowei_unit"], project=project, kind="contract_filing", subject="contract:1",
        due=date(2026, 10, 1), lead_days=3, title=f"《{project.name}》", body=project.name,
    )  # fmt: skip
    secrecy.project_classify(
        project=project, by=demo["bdb"], ref=REF, on=date(2026, 9, 1), officers=[demo["bdb"]]
    )
    assert not Reminder.objects.filter(project=project).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ref": " "}, "secrecy_ref"),
        ({"ref": "号" * 101}, "secrecy_ref"),
        ({"on": None}, "secrecy_on"),
        ({"on": date(2026, 9, 16)}, "secrecy_on"),  # tomorrow
        ({"on": date(1949, 12, 31)}, "secrecy_on"),
        ({"officers": []}, "officers"),
        ({"officers": ["jiaowei_leader"]}, "officers"),
    ],
)
def test_the_approval_is_checked(demo, listed, changes, field):
    project = listed()
    given = {"ref": REF, "on": date(2026, 9, 15), "officers": ["bdb"], **changes}
    given["officers"] = [demo[name] for name in given["officers"]]
    with pytest.raises(errors.InvalidInput) as refused:
        secrecy.project_classify(project=project, by=demo["bdb"], **given)
    assert refused.value.field == field
    assert not Project.objects.get(pk=project.pk).is_classified


def test_the_approval_may_be_dated_today(demo, listed):
    project = listed()
    project = secrecy.project_classify(
        project=project, by=demo["bdb"], ref=REF, on=date(2026, 9, 15), officers=[demo["bdb"]]
    )
    assert project.secrecy_on == date(2026, 9, 15)


@pytest.mark.parametrize("username", ["jiaowei_unit", "jiaowei_leader", "drc", "finance"])
def test_only_the_bdb_classifies(demo, listed, username):
    project = listed()
    with pytest.raises((errors.NotPermitted, errors.NotVisible)):
        secrecy.project_classify(
            project=project, by=demo[username], ref=REF, on=date(2026, 9, 1), officers=[demo["bdb"]]
        )


def test_an_upload_is_refused(demo, classified):
    project = classified()
    file = SimpleUploadedFile("a.pdf", b"x", content_type="application/pdf")
    with pytest.raises(errors.Classified) as refused:
        documents_services.document_upload(
            project=project, user=demo["jiaowei_leader"], kind="other", upload=file
        )
    assert refused.value.article == 27 and refused.value.status == 422


def test_free_text_is_refused_by_the_services(demo, classified):
    from govit.projects import services

    project = classified()
    with pytest.raises(errors.Classified):
        services.proposal_update(project=project, user=demo["jiaowei_unit"], chapters={"purpose": "x"})
    with pytest.raises(errors.Classified):
        services.national_code_set(project=project, user=demo["jiaowei_unit"], code="")


def test_free_text_with_an_action_is_refused(demo, new_project, act, before_deadline):
    project = act(new_project(), "jiaowei_unit", "submit")
    project = act(project, "jiaowei_leader", "confirm")
    project = secrecy.project_classify(
        project=project, by=demo["bdb"], ref=REF, on=date(2026, 9, 1), officers=[demo["bdb"]]
    )
    with pytest.raises(errors.Classified) as refused:
        act(project, "bdb", "review_return", comment="请补充")  # a step that needs text is not taken
    assert refused.value.article == 27
    with pytest.raises(errors.Classified) as refused:
        act(project, "bdb", "review_pass", comment="同意")  # nor a text given with another
    assert (refused.value.field, refused.value.article) == ("comment", 27)
    blocked = {a.code: a.blocked for a in engine.actions_for(project, demo["bdb"])}
    assert blocked["review_return"][0].article == 27 and not blocked["review_pass"]
    project = act(project, "bdb", "review_pass")  # a step without text is still recorded
    assert project.state in {"leading_group_review", "listing"}


def test_the_database_refuses_free_text_on_the_project(classified):
    project = classified()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(summary="涉密内容")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(name="某某指挥系统")


def test_the_database_refuses_a_document_and_proposal_text(demo, classified):
    project = classified()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            project=project, kind="other", version=1, file="x", original_name="x.pdf", content_type="application/pdf",
            size=1, sha256="0" * 64, state=project.state, uploaded_by=demo["jiaowei_unit"],
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(project=project).update(purpose="涉密内容")
    Proposal.objects.filter(project=project).update(purpose="")  # empty stays allowed


def test_an_unclassified_projects_records_are_untouched_by_the_triggers(demo, listed):
    project = listed(work_type="new", continues_outside="")
    Proposal.objects.filter(project=project).update(purpose="新的目的")
    assert upload(project, demo["jiaowei_unit"], "other")


def test_the_classification_may_be_recorded_again(demo, classified, bdb2):
    project = classified()
    with time_machine.travel("2026-09-20 10:00 +0800", tick=False):
        project = secrecy.project_classify(
            project=project, by=demo["bdb"], ref="渝中保密〔2026〕8号", on=date(2026, 9, 18), officers=[bdb2]
        )
    assert project.secrecy_ref == "渝中保密〔2026〕8号"
    assert list(project.secrecy_officers.all()) == [bdb2]
    assert project.events.order_by("-seq").first().label == "更新涉密项目登记"


def test_a_reminder_naming_it_goes_only_to_those_cleared(demo, classified, bdb2):
    from govit.reminders.selectors import DueItem, Notice, _cleared

    project = classified()
    everyone = tuple(demo[name] for name in ("jiaowei_unit", "jiaowei_leader", "bdb", "drc")) + (bdb2,)
    notices = (
        Notice(3, date(2026, 9, 12), None, everyone, "t", "b"),
        Notice(0, date(2026, 9, 15), None, (demo["jiaowei_unit"], demo["cac"]), "t", "b"),
    )
    other = DueItem("contract_filing", "contract:2", date(2026, 9, 15), None, notices)
    [item, untouched] = _cleared(
        [DueItem("contract_filing", "contract:1", date(2026, 9, 15), project, notices), other]
    )
    assert [{p.username for p in n.recipients} for n in item.notices] == [{"jiaowei_leader", "bdb"}]
    assert untouched is other


def test_an_inbox_leaves_out_the_reminders_of_what_the_person_may_not_see(demo, classified):
    from govit.reminders.selectors import reminders_for, unread_count

    project = classified()
    Reminder.objects.create(
        recipient=demo["jiaowei_unit"], project=project, kind="contract_filing", subject="contract:1",
        due=date(2026, 10, 1), lead_days=3, title="t", body="b",
    )  # fmt: skip
    Reminder.objects.create(
        recipient=demo["jiaowei_leader"], project=project, kind="contract_filing", subject="contract:1",
        due=date(2026, 10, 1), lead_days=3, title="t", body="b",
    )  # fmt: skip
    assert not reminders_for(demo["jiaowei_unit"]).exists() and unread_count(demo["jiaowei_unit"]) == 0
    assert reminders_for(demo["jiaowei_leader"]).count() == 1 == unread_count(demo["jiaowei_leader"])


def test_every_rooms_record_is_refused_before_anything_else(demo, classified):
    from decimal import Decimal

    from govit.construction import changes
    from govit.operation import services as operation_services

    project = classified()
    with pytest.raises(errors.Classified):
        changes.change_request_create(
            project=project, user=demo["jiaowei_leader"], description="调整", software_amount=Decimal("1.00")
        )
    with pytest.raises(errors.Classified):
        operation_services.data_resource_record(
            project=project, user=demo["jiaowei_leader"], name="资源", items="项", update_cycle="月",
            sharing="unconditional", opening="none",
        )  # fmt: skip
