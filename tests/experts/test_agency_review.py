"""A third-party evaluation agency (第三方专业评估机构, 第十五条) asked instead of or beside experts: the
BDB or the DRC assigns a registered agency that has no tie to the project; its people see the project,
upload their evaluation report and give the agency's opinion; another agency sees nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import upload

from govit import clock
from govit.construction.models import Contract
from govit.documents.models import Document
from govit.experts import services
from govit.experts.models import ExpertReview
from govit.projects import errors
from govit.projects.models import Project, ProjectEvent

pytestmark = pytest.mark.django_db
TESTING = "cq_testing"  # 重庆市软件评测中心, agency_acceptance's


@pytest.fixture
def assigned(demo, in_design_review):
    project = in_design_review()
    return project, services.agency_assign(project=project, user=demo["bdb"], agency=demo.org(TESTING))


def test_the_assigned_agency_sees_the_project_and_no_other_agency_does(demo, assigned, client_for):
    project, review = assigned
    assert review.reviewer == "软件评测中心" and review.expert is None
    assert Project.objects.visible_to(demo["agency_acceptance"]).filter(pk=project.pk).exists()
    assert client_for("agency_acceptance").get(f"/projects/{project.pk}/").status_code == 200
    rows = client_for("agency_acceptance").get("/reviews/").context["rows"]
    assert [r["review"] for r in rows] == [review] and rows[0]["form"] is not None
    # The supervision company was not asked (nor is it the preparer): 404.
    assert client_for("agency_supervision").get(f"/projects/{project.pk}/").status_code == 404
    assert client_for("agency_supervision").get("/reviews/").context["rows"] == []
    assert client_for("agency_supervision").post(f"/reviews/{review.pk}/", {}).status_code == 404
    event = ProjectEvent.objects.get(project=project, action="assign_expert")
    assert (event.label, event.article, event.inputs["expert"]) == (
        "委托第三方评估机构评审",
        15,
        "软件评测中心",
    )


def test_an_agency_the_project_engaged_cannot_be_assigned(demo, in_design_review):
    project = in_design_review()  # prepared by 山城设计院
    with pytest.raises(errors.NotPossible, match="为项目方案编制单位") as prepared:
        services.agency_assign(project=project, user=demo["bdb"], agency=demo.org("shancheng_design"))
    assert prepared.value.article == 15
    Contract.objects.create(
        project=project, kind=Contract.Kind.SUPERVISION, number="JL-1", title="监理合同", supplier="嘉陵监理",
        agency=demo.org("jialing_supervision"), amount=100000, signed_on=clock.today(), filing_due=clock.today(),
        recorded_by=demo["jiaowei_unit"],
    )  # fmt: skip
    with pytest.raises(errors.NotPossible, match="承建、监理等合同单位"):
        services.agency_assign(project=project, user=demo["bdb"], agency=demo.org("jialing_supervision"))
    with pytest.raises(errors.InvalidInput, match="第三方专业评估机构"):
        services.agency_assign(project=project, user=demo["bdb"], agency=demo.org("jiaowei"))
    with pytest.raises(errors.NotPermitted):
        services.agency_assign(project=project, user=demo["jiaowei_unit"], agency=demo.org(TESTING))
    services.agency_assign(project=project, user=demo["drc"], agency=demo.org(TESTING))
    with pytest.raises(errors.NotPossible, match="已受托"):
        services.agency_assign(project=project, user=demo["bdb"], agency=demo.org(TESTING))


def test_the_page_marks_a_conflicted_agency_and_assigns_one(demo, in_design_review, client_for):
    project = in_design_review()
    client = client_for("bdb")
    choices = dict(client.get(f"/projects/{project.pk}/").context["assign_form"].fields["agency"].choices)
    assert choices[demo.org("shancheng_design").pk].endswith("有利害关系")
    assert not choices[demo.org(TESTING).pk].endswith("有利害关系")
    both = client.post(f"/projects/{project.pk}/experts/", {"expert": "", "agency": ""})
    assert both.status_code == 422
    refused_page = client.post(
        f"/projects/{project.pk}/experts/", {"agency": demo.org("shancheng_design").pk}
    )
    assert refused_page.status_code == 409 and "依据第十五条" in refused_page.content.decode()
    done = client.post(f"/projects/{project.pk}/experts/", {"agency": demo.org(TESTING).pk}, follow=True)
    assert "已请第三方评估机构软件评测中心评审本项目" in done.content.decode()
    assert ExpertReview.objects.get().agency == demo.org(TESTING)


def test_the_agency_uploads_its_report_and_gives_the_opinion_on_the_reviews_page(demo, assigned, client_for):
    project, review = assigned
    client = client_for("agency_acceptance")
    # Its people may upload to the project it was asked to review (as the agency, R0.1).
    file = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    posted = client.post(f"/projects/{project.pk}/documents/", {"kind": "expert_opinion", "file": file})
    assert posted.status_code == 302
    report = Document.objects.get(kind="expert_opinion")
    assert report.uploaded_as == "agency"
    prefix = f"r{review.pk}"
    without = client.post(
        f"/reviews/{review.pk}/", {f"{prefix}-opinion": "评估通过。", f"{prefix}-conclusion": "pass"}
    )
    assert without.status_code == 422
    done = client.post(f"/reviews/{review.pk}/", {
        f"{prefix}-opinion": "评估通过。", f"{prefix}-conclusion": "pass", f"{prefix}-report": report.pk})  # fmt: skip
    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.report, review.submitted_by, review.conclusion) == (
        report,
        demo["agency_acceptance"],
        "pass",
    )
    # Its opinion is one of the panel's inputs, beside the experts' on the project page.
    page = client_for("bdb").get(f"/projects/{project.pk}/").content.decode()
    assert "软件评测中心" in page and "评估通过。" in page and "评估报告 第1版" in page


def test_the_report_must_be_the_agencys_own(demo, assigned):
    project, review = assigned
    theirs = Document.objects.get(pk=upload(project, demo["jiaowei_unit"], "expert_opinion"))
    with pytest.raises(errors.InvalidInput, match="评估报告") as bad:
        services.expert_review_submit(
            review=review, user=demo["agency_acceptance"], opinion="通过", conclusion="pass", report=theirs
        )
    assert bad.value.field == "report"
    with pytest.raises(errors.NotPermitted):
        services.expert_review_submit(review=review, user=demo["expert1"], opinion="通过", conclusion="pass")
    with pytest.raises(errors.NotPermitted):
        services.expert_review_submit(
            review=review, user=demo["agency_supervision"], opinion="通过", conclusion="pass"
        )


@pytest.mark.usefixtures("during_the_call")
def test_through_the_api(api, demo, experts, in_design_review):
    project = in_design_review()
    url = f"/projects/{project.pk}/expert-reviews"
    refused(api("bdb").post(url, {}), 422, field="expert_id")
    refused(
        api("bdb").post(url, {"expert_id": experts["expert1"].pk, "agency_id": demo.org(TESTING).pk}), 422
    )
    refused(api("jiaowei_unit").post(url, {"agency_id": demo.org(TESTING).pk}), 403)
    made = ok(api("bdb").post(url, {"agency_id": demo.org(TESTING).pk}), 201)
    assert (made["reviewer"], made["agency"], made["expert"]) == ("软件评测中心", "软件评测中心", None)
    assert [r["id"] for r in ok(api("agency_acceptance").get("/expert-reviews"))] == [made["id"]]
    assert ok(api("agency_supervision").get("/expert-reviews")) == []
    refused(api("agency_supervision").get(f"/projects/{project.pk}"), 404)
    answer = {"opinion": "评估通过。", "conclusion": "pass"}
    refused(api("agency_acceptance").post(f"/expert-reviews/{made['id']}", answer), 422, field="report")
    file = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    document = ok(
        api("agency_acceptance").upload(
            f"/projects/{project.pk}/documents", kind="expert_opinion", file=file
        ),
        201,
    )
    done = ok(
        api("agency_acceptance").post(
            f"/expert-reviews/{made['id']}", {**answer, "report_id": document["id"]}
        )
    )
    assert done["report_id"] == document["id"] and done["conclusion"]["code"] == "pass"


def test_the_review_waits_on_the_agencys_todo_until_answered(demo, assigned, client_for):
    from govit.projects.selectors import todo_for

    project, review = assigned
    assert [p.pk for p in todo_for(demo["agency_acceptance"])] == [project.pk]
    assert list(todo_for(demo["agency_supervision"])) == []
    assert "提交专家评审意见" in client_for("agency_acceptance").get("/todo/").content.decode()
    report = Document.objects.get(pk=upload(project, demo["agency_acceptance"], "expert_opinion"))
    services.expert_review_submit(
        review=review, user=demo["agency_acceptance"], opinion="通过", conclusion="pass", report=report
    )
    assert list(todo_for(demo["agency_acceptance"])) == []


def test_classified_the_reviews_and_the_conclusion_keep_no_text(demo, in_design_review):
    from django.db import IntegrityError, transaction

    from govit.experts.models import ReviewConclusion
    from govit.projects import secrecy

    project = in_design_review()
    review = services.agency_assign(project=project, user=demo["bdb"], agency=demo.org(TESTING))
    report = Document.objects.get(pk=upload(project, demo["agency_acceptance"], "expert_opinion"))
    services.expert_review_submit(
        review=review, user=demo["agency_acceptance"], opinion="评估通过。", conclusion="pass", report=report
    )
    services.review_conclude(
        project=project,
        user=demo["bdb"],
        conclusion="pass",
        opinion="专家组同意。",
        concluded_on=clock.today(),
    )
    secrecy.project_classify(
        project=project, by=demo["bdb"], ref="渝中保密〔2026〕7号", on=clock.today(), officers=[demo["bdb"]]
    )
    review.refresh_from_db()
    found = ReviewConclusion.objects.get()
    # 第二十七条: the texts emptied, the report deleted and let go of; the database refuses them again.
    assert (review.opinion, review.report, found.opinion) == ("", None, "")
    assert not Document.objects.filter(project=project).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertReview.objects.filter(pk=review.pk).update(opinion="涉密内容")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewConclusion.objects.filter(pk=found.pk).update(opinion="涉密内容")
