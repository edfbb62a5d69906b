"""The official documents of a project's decisions (R8.4): what each says, the 文号 per office and
year never given twice, who may issue them, the rectification deadline's bounds, a document written
anew until it is signed and frozen after, and the command line writing what the page offers."""

import zipfile
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from tests.fixtures.projects import classify_rows

from govit.acceptance.models import ComplianceCheck
from govit.approvals.models import Approval
from govit.audit.models import AuditEvent, Kind
from govit.documents import services as documents_services
from govit.documents.forms import DocumentUploadForm
from govit.operation.models import Evaluation
from govit.papers import compose, services
from govit.papers.models import NumberSequence, Paper, PaperKind
from govit.projects import errors
from govit.projects.models import Project

pytestmark = pytest.mark.django_db
DELIVERED = "渝中区中小学智慧食堂监管平台"


@pytest.fixture
def district(demo):
    call_command("load_demo", stdout=StringIO())
    delivered = Project.objects.get(name=DELIVERED)
    Evaluation.objects.create(
        project=delivered, by=Evaluation.By.BDB, year=delivered.year, operation=90, use=85, sharing=80,
        benefit=88, conclusion="系统运行稳定，建议扩大数据共享范围。", evaluated_on=delivered.listed_at.date() + timedelta(days=400),
        recorded_by=demo["bdb"],
    )  # fmt: skip
    return demo


def _subjects() -> dict[str, list[tuple[Project, compose.Subject]]]:
    found: dict[str, list] = {}
    for project in Project.objects.select_related("unit").order_by("pk"):
        for subject in compose.subjects_of(project):
            found.setdefault(subject.kind, []).append((project, subject))
    return found


def _text(docx: bytes) -> str:
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return archive.read("word/document.xml").decode()


def _scan(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed and stamped", content_type="application/pdf")


def test_the_demo_district_has_a_decision_of_every_kind_and_each_says_what_was_decided(district):
    subjects = _subjects()
    assert set(subjects) == set(PaperKind.values)
    for kind, found in subjects.items():
        project, subject = found[0]
        content = compose.paper_of(project, subject, organ="某机关", number="某〔2026〕1号")
        text = "".join(block.text for block in content.blocks)
        assert "《重庆市渝中区政务信息化项目管理细则（试行）》（渝中府办〔2021〕19号）" in text, kind
        assert content.addressee == project.unit.name and project.name in content.title.replace("\n", "")
        record = subject.record
        if kind == PaperKind.APPROVAL:
            assert f"{record.approved_total / 10000:,.2f}万元" in text and "第十三条第二款" in text
            assert subject.number == record.document_number and subject.on == record.approved_on
        elif kind == PaperKind.FILING_RECEIPT:
            assert record.number in text and record.supplier in text and "第十六条第二款" in text
        elif kind == PaperKind.COMPLIANCE_OPINION:
            assert f"第{record.round}轮" in text and "政务云部署" in text and "第二十三条" in text
        elif kind == PaperKind.RECTIFICATION_NOTICE:
            failed = [
                code for code in ("cloud", "sharing", "integration") if not getattr(record, f"{code}_ok")
            ]
            assert failed and all(getattr(record, f"{code}_finding") in text for code in failed)
        elif kind == PaperKind.FINAL_FILING:
            assert subject.extra.inputs["acceptance_agency"] in text and "第二十四条" in text
        elif kind == PaperKind.EVALUATION_REPORT:
            assert "运行情况：90分" in text and "综合得分85.75分" in text and "第二十六条" in text
        else:  # the BDB's opinions: the reviewer's words
            comment = record.inputs.get("comment") or "无其他意见。"
            assert comment in text


def test_numbers_follow_each_other_per_office_and_year_and_are_never_given_twice(district):
    bdb, drc = district["bdb"], district["drc"]
    subjects = _subjects()
    bdb_subjects = [(p, s) for kind, found in subjects.items() if kind != PaperKind.APPROVAL for p, s in found
                    if kind != PaperKind.RECTIFICATION_NOTICE]  # fmt: skip
    taken = [services.take_number(user=bdb, project=p, kind=s.kind, key=s.key) for p, s in bdb_subjects]
    by_year: dict[int, list[int]] = {}
    for paper in taken:
        by_year.setdefault(paper.year, []).append(paper.serial)
        assert paper.number == f"渝中大数据〔{paper.year}〕{paper.serial}号"
    for year, serials in by_year.items():  # each year its own run, from 1, in the order taken
        assert serials == list(range(1, len(serials) + 1)), year
        assert NumberSequence.objects.get(office__office="bdb", year=year).last == len(serials)
    again = services.take_number(user=bdb, project=bdb_subjects[0][0], kind=bdb_subjects[0][1].kind,
                                 key=bdb_subjects[0][1].key)  # fmt: skip
    assert again.pk == taken[0].pk and Paper.objects.count() == len(taken)
    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.create(project=taken[1].project, kind=PaperKind.FINAL_FILING, subject="event:0",
                             office=taken[0].office, year=taken[0].year, serial=taken[0].serial,
                             number=taken[0].number, numbered_by=bdb)  # fmt: skip
    # An approval keeps the 文号 the DRC recorded with it; one recorded without is numbered in the DRC's run.
    project, subject = subjects[PaperKind.APPROVAL][0]
    own = services.take_number(user=drc, project=project, kind=subject.kind, key=subject.key)
    assert own.number == subject.record.document_number and own.serial is None
    project, subject = subjects[PaperKind.APPROVAL][1]
    Approval.objects.filter(pk=subject.record.pk).update(document_number="")
    numbered = services.take_number(user=drc, project=project, kind=subject.kind, key=subject.key)
    assert numbered.number == f"渝中发改投〔{subject.on.year}〕1号"
    event = project.events.order_by("-seq").first()
    assert event.action == "paper_numbered" and event.inputs["number"] == numbered.number
    assert AuditEvent.objects.filter(project_event_id=event.pk).exists()


def test_only_the_issuing_office_numbers_its_documents(district):
    subjects = _subjects()
    project, review = subjects[PaperKind.REVIEW_OPINION][0]
    unit_person = next(u for u in project.unit.users.all() if u.is_active)
    for user in (unit_person, district["drc"], district["finance"]):
        with pytest.raises(errors.NotPermitted, match="只有区大数据发展局可以出具该公文"):
            services.take_number(user=user, project=project, kind=review.kind, key=review.key)
    project, approval = subjects[PaperKind.APPROVAL][0]
    with pytest.raises(errors.NotPermitted, match="只有区发展改革委可以出具该公文"):
        services.take_number(user=district["bdb"], project=project, kind=approval.kind, key=approval.key)
    with pytest.raises(errors.NotPossible):  # a decision of another project, or none
        services.take_number(user=district["bdb"], project=project, kind=review.kind, key="event:0")
    assert not Paper.objects.exists()


@pytest.mark.parametrize(("days", "taken"), [(None, False), (0, False), (1, True), (365, True), (366, False)])
def test_a_rectification_notice_gives_a_deadline_after_the_review_within_a_year(district, days, taken):
    project, subject = _subjects()[PaperKind.RECTIFICATION_NOTICE][0]
    deadline = None if days is None else subject.on + timedelta(days=days)
    if not taken:
        with pytest.raises(errors.InvalidInput) as refused:
            services.take_number(user=district["bdb"], project=project, kind=subject.kind, key=subject.key,
                                 deadline=deadline)  # fmt: skip
        assert refused.value.field == "deadline"
        return
    paper = services.take_number(user=district["bdb"], project=project, kind=subject.kind, key=subject.key,
                                 deadline=deadline)  # fmt: skip
    text = _text(services.document_bytes(project=project, paper=paper))
    assert f"请于{deadline.year}年{deadline.month}月{deadline.day}日前完成整改" in text


def test_a_document_is_written_anew_until_it_is_signed_and_frozen_after(district):
    project, subject = _subjects()[PaperKind.COMPLIANCE_OPINION][0]
    bdb = district["bdb"]
    paper = services.take_number(user=bdb, project=project, kind=subject.kind, key=subject.key)
    before, digest = _text(services.document_bytes(project=project, paper=paper)), paper.digest
    ComplianceCheck.objects.filter(pk=subject.record.pk).update(
        cloud_finding="已部署在区政务云，资源使用率合理。"
    )
    after = _text(services.document_bytes(project=project, paper=paper))
    paper.refresh_from_db()
    assert "已部署在区政务云，资源使用率合理。" in after and after != before and paper.digest != digest
    signed = services.sign(user=bdb, project=project, paper=paper, upload=_scan())
    assert signed.is_signed and signed.scan.kind == "official" and signed.scan.version == 1
    ComplianceCheck.objects.filter(pk=subject.record.pk).update(cloud_finding="签发后改过的意见")
    assert _text(services.document_bytes(project=project, paper=signed)) == after
    with pytest.raises(errors.NotPossible, match="已登记签发"):
        services.sign(user=bdb, project=project, paper=signed, upload=_scan())
    actions = list(project.events.order_by("-seq").values_list("action", flat=True)[:2])
    assert actions == ["paper_signed", "upload"]


def test_the_signed_scan_comes_only_through_its_paper(district):
    project = Project.objects.get(name=DELIVERED)
    with pytest.raises(errors.InvalidInput, match="请选择文件类型"):
        documents_services.document_upload(
            project=project, user=district["bdb"], kind="official", upload=_scan()
        )
    assert "official" not in dict(DocumentUploadForm().fields["kind"].choices)


def test_a_classified_project_has_no_document_here(district):
    project, subject = _subjects()[PaperKind.REVIEW_OPINION][0]
    classify_rows(Project.objects.filter(pk=project.pk))
    with pytest.raises(errors.Classified):
        services.take_number(user=district["bdb"], project=project, kind=subject.kind, key=subject.key)


def test_the_page_offers_the_office_its_documents_and_everyone_the_signed_ones(district, client_for):
    project = Project.objects.get(name=DELIVERED)
    subject = next(s for s in compose.subjects_of(project) if s.kind == PaperKind.FILING_RECEIPT)
    bdb, unit = client_for("bdb"), client_for("jiaowei_unit")
    page = bdb.get(f"/projects/{project.pk}/papers/").content.decode()
    assert "合同备案回执" in page and "预览 .docx" in page and "取号" in page
    assert "合同备案回执" not in unit.get(f"/projects/{project.pk}/papers/").content.decode()
    document = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}.docx"
    assert unit.get(document).status_code == 404
    preview = bdb.get(document)
    assert preview.status_code == 200 and "〔" in _text(preview.content)
    assert AuditEvent.objects.filter(
        kind=Kind.EXPORT, project_id=project.pk, label__contains="合同备案回执"
    ).exists()
    response = bdb.post(f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/number/")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/papers/#paper-filing_receipt-{subject.key.replace(':', '-')}"
    )
    paper = Paper.objects.get(kind=subject.kind, subject=subject.key)
    assert paper.number in bdb.get(f"/projects/{project.pk}/papers/").content.decode()
    refused = bdb.post(f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/sign/", {})
    assert refused.status_code == 422 and "请选择签章后的扫描件。" in refused.content.decode()
    signed = bdb.post(f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/sign/", {"file": _scan()})
    assert signed.status_code == 302
    seen = unit.get(f"/projects/{project.pk}/papers/").content.decode()
    assert paper.number in seen and "签章扫描件" in seen and "已签发" in seen
    assert unit.get(document).status_code == 200  # the signed text, now the unit's too


def test_a_refused_deadline_comes_back_on_the_page_with_its_reason(district, client_for):
    project, subject = next((p, s) for p, s in _subjects()[PaperKind.RECTIFICATION_NOTICE])
    bdb = client_for("bdb")
    url = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/number/"
    response = bdb.post(url, {"deadline": subject.on.isoformat()})
    assert response.status_code == 422
    assert "整改期限应在审查日期" in response.content.decode()
    assert bdb.post(url, {"deadline": "明天"}).status_code == 422
    assert not Paper.objects.exists()


def test_the_command_writes_the_file_the_page_offers(district, client_for, tmp_path):
    project = Project.objects.get(name=DELIVERED)
    out = tmp_path / "approval.docx"
    call_command("document", str(project.pk), "approval", out=out, stdout=StringIO())
    preview = client_for("drc").get(f"/projects/{project.pk}/papers/approval/"
                                   f"{services.latest_subject(project, 'approval').key}.docx")  # fmt: skip
    assert _text(out.read_bytes()) == _text(preview.content)
    subject = services.latest_subject(project, PaperKind.FINAL_FILING)
    paper = services.take_number(user=district["bdb"], project=project, kind=subject.kind, key=subject.key)
    call_command("document", project.list_code, "final_filing", out=out, stdout=StringIO())
    assert paper.number in _text(out.read_bytes())
    with pytest.raises(CommandError, match="没有项目"):
        call_command("document", "99999", "approval", out=out)
    draft = Project.objects.filter(state="draft").first()
    with pytest.raises(CommandError, match="没有这一决定"):
        call_command("document", str(draft.pk), "final_filing", out=out)
