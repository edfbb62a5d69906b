"""The outline check on upload and before submission (第九条、第十三条; R3.6, R9.3): a .docx
proposal, FSR or design is checked and the result kept beside it, shown after the upload and in
the documents section (to the unit and the BDB); a PDF is not checked and says so; the steps that
submit these documents refuse a file that departs from its outline unless the unit says why."""

from decimal import Decimal

import pytest
from tests.documents.outline_files import as_upload, chapters_of, report
from tests.fixtures.projects import upload

from govit.documents import services as documents_services
from govit.documents.models import Document, OutlineCheck
from govit.projects import errors, services
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

GOOD_FSR = report(chapters_of("design"))
NO_CHAPTER_6 = report(chapters_of("design", drop=(6,)), way="numbered")
SWAPPED = report(chapters_of("design", order=[1, 2, 4, 3, *range(5, 14)]), way="wps")


@pytest.fixture
def listed(before_deadline, new_project, to_listing, act, demo):
    """`listed(**changes)`: a project of 区教委 past the BDB's listing, its preparer recorded."""

    def make(**changes) -> Project:
        project = act(to_listing(new_project(**changes)), "bdb", "list")
        services.preparer_set(project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
                              qualification="甲级", contact="")  # fmt: skip
        return Project.objects.get(pk=project.pk)

    return make


def _upload(project, demo, kind: str, content: bytes, name: str = "报告.docx") -> Document:
    return documents_services.document_upload(
        project=project, user=demo["jiaowei_unit"], kind=kind, upload=as_upload(content, name)
    )


# --- On upload ----------------------------------------------------------------------------------


def test_a_docx_fsr_is_checked_on_upload_and_the_check_kept_beside_it(listed, demo):
    project = listed()
    document = _upload(project, demo, "fsr", NO_CHAPTER_6)
    check = OutlineCheck.objects.get(document=document)
    assert (check.outline, check.policy_id, check.readable, check.ok) == (
        "design",
        "yuzhong-2021",
        True,
        False,
    )
    assert check.missing == ["第六章 本期项目设计方案"] and check.misordered == []
    assert check.headings[0] == [1, "第一章 项目概述"]
    event = project.events.order_by("-seq").first()
    assert event.action == "upload" and event.inputs["outline_ok"] is False


def test_a_pdf_or_another_kind_is_not_checked(listed, demo):
    project = listed()
    pdf = Document.objects.get(pk=upload(project, demo["jiaowei_unit"], "fsr"))
    budget = _upload(project, demo, "budget", GOOD_FSR)
    assert not OutlineCheck.objects.filter(document__in=[pdf, budget]).exists()


def test_a_docx_that_cannot_be_read_is_kept_as_unread(listed, demo):
    import zipfile
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not xml")
    document = _upload(listed(), demo, "fsr", out.getvalue())
    check = document.outline_check
    assert check.readable is False and check.ok is False


def test_the_page_tells_the_result_after_upload_and_beside_the_document(listed, client_for):
    project = listed()
    client = client_for("jiaowei_unit")
    response = client.post(f"/projects/{project.pk}/documents/", {"kind": "fsr", "file": as_upload(SWAPPED)},
                           follow=True)  # fmt: skip
    content = response.content.decode()
    assert "alert--warning" in content and "提纲检查：顺序不对：第三章 目标、现状与差距分析" in content
    response = client.post(
        f"/projects/{project.pk}/documents/", {"kind": "budget", "file": as_upload(GOOD_FSR)}
    )
    response = client.post(f"/projects/{project.pk}/documents/",
                           {"kind": "fsr", "file": as_upload(b"%PDF-1.4 fsr", "可研.pdf")}, follow=True)  # fmt: skip
    content = response.content.decode()
    assert "PDF 文件不检查提纲" in content
    for username in ("jiaowei_unit", "bdb"):
        documents = client_for(username).get(f"/projects/{project.pk}/").context["documents"]
        notes = {(d.kind, d.version): d.outline_note for d in documents}
        assert notes[("fsr", 1)][1] is False and "顺序不对" in notes[("fsr", 1)][0]
        assert notes[("fsr", 2)] == ("PDF 文件不检查提纲（只读取 .docx 文件的标题）。", True)
        assert notes[("budget", 1)] is None


def test_a_docx_following_the_outline_says_so(listed, client_for):
    project = listed()
    response = client_for("jiaowei_unit").post(
        f"/projects/{project.pk}/documents/", {"kind": "fsr", "file": as_upload(GOOD_FSR)}, follow=True
    )
    assert "各章齐全、顺序正确" in response.content.decode()


# --- Before submission: the guards -----------------------------------------------------------


def test_submit_fsr_budget_is_refused_while_the_fsr_misses_a_chapter_citing_article_13(listed, demo, act):
    project = listed()
    _upload(project, demo, "fsr", NO_CHAPTER_6)
    upload(project, demo["jiaowei_unit"], "budget")
    with pytest.raises(errors.NotPossible) as refused:
        act(project, "jiaowei_unit", "submit_fsr_budget")
    assert refused.value.article == 13
    message = str(refused.value)
    assert "缺少第六章 本期项目设计方案" in message and "第十三条" in message and "提纲不符的说明" in message
    assert Project.objects.get(pk=project.pk).state == "fsr_with_budget"


def test_a_reason_lets_it_through_and_is_recorded_with_the_step(listed, demo, act):
    project = listed()
    _upload(project, demo, "fsr", NO_CHAPTER_6)
    upload(project, demo["jiaowei_unit"], "budget")
    reason = "本期不含新建系统，第六章内容并入第五章"
    project = act(project, "jiaowei_unit", "submit_fsr_budget", outline_reason=reason)
    assert project.state == "design_review"
    assert project.events.order_by("-seq").first().inputs["outline_reason"] == reason


def test_a_newer_version_that_follows_the_outline_or_a_pdf_needs_no_reason(listed, demo, act):
    project = listed()
    _upload(project, demo, "fsr", NO_CHAPTER_6)
    _upload(project, demo, "fsr", GOOD_FSR)
    upload(project, demo["jiaowei_unit"], "budget")
    assert act(project, "jiaowei_unit", "submit_fsr_budget").state == "design_review"
    other = listed()
    _upload(other, demo, "fsr", SWAPPED)
    upload(other, demo["jiaowei_unit"], "fsr")  # the newest is a PDF: not checked
    upload(other, demo["jiaowei_unit"], "budget")
    assert act(other, "jiaowei_unit", "submit_fsr_budget").state == "design_review"


def test_submit_fsr_and_submit_design_carry_the_same_guard(listed, demo, act):
    separate = listed(amount="1500万")
    _upload(separate, demo, "fsr", SWAPPED)
    with pytest.raises(errors.NotPossible, match="顺序不对：第三章"):
        act(separate, "jiaowei_unit", "submit_fsr")
    service = listed(work_type="service_purchase", amount="300万")
    assert service.state == "preliminary_design"
    _upload(service, demo, "design", NO_CHAPTER_6)
    _upload(service, demo, "fsr", GOOD_FSR)  # not what this step submits
    upload(service, demo["jiaowei_unit"], "budget")
    with pytest.raises(errors.NotPossible, match="初步设计方案（第1版）.*缺少第六章"):
        act(service, "jiaowei_unit", "submit_design")
    assert (
        act(service, "jiaowei_unit", "submit_design", outline_reason="按专家意见调整").state
        == "design_review"
    )


def test_a_new_projects_proposal_uploaded_as_docx_is_checked_at_submit_citing_article_9(
    before_deadline, new_project, demo, act
):
    project = new_project(work_type="new")
    _upload(project, demo, "proposal", report(chapters_of("proposal", drop=(3,)), way="numbered"))
    with pytest.raises(errors.NotPossible) as refused:
        act(project, "jiaowei_unit", "submit")
    assert refused.value.article == 9
    assert "项目建议书（第1版）" in str(refused.value) and "缺少第三章 项目需求分析" in str(refused.value)
    assert "第九条" in str(refused.value)
    assert act(project, "jiaowei_unit", "submit", outline_reason="需求分析见申报表").state == "unit_confirm"


def test_the_refusal_comes_back_on_the_page_beside_the_reason_field(listed, demo, client_for):
    project = listed()
    _upload(project, demo, "fsr", NO_CHAPTER_6)
    upload(project, demo["jiaowei_unit"], "budget")
    client = client_for("jiaowei_unit")
    page = client.get(f"/projects/{project.pk}/")
    assert 'name="submit_fsr_budget-outline_reason"' in page.content.decode()  # offered, not blocked
    url = f"/projects/{project.pk}/actions/submit_fsr_budget/"
    response = client.post(url, {"submit_fsr_budget-version": project.version})
    assert response.status_code == 409
    assert "缺少第六章 本期项目设计方案" in response.content.decode()
    response = client.post(url, {"submit_fsr_budget-version": project.version,
                                 "submit_fsr_budget-outline_reason": "第六章另册提交"})  # fmt: skip
    assert response.status_code == 302 and Project.objects.get(pk=project.pk).state == "design_review"


# --- 第十二章's budget into the O&M plan (R5.5) ----------------------------------------------------


def test_chapter_12s_budget_is_kept_with_the_check(listed, demo):
    body = {12: ["本项目五年运维预算 120万元。"]}
    document = _upload(listed(), demo, "fsr", report(chapters_of("design", body=body)))
    assert document.outline_check.om_budget == Decimal("1200000.00")
    proposal = _upload(listed(work_type="new"), demo, "proposal", report(chapters_of("proposal")))
    assert proposal.outline_check.om_budget is None and proposal.outline_check.ok
