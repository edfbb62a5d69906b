"""公文 and 项目档案 through the API (R8.4): the rows the 公文 page shows each person, the same .docx
bytes the page offers, the 文号 and the signed scan only from the issuing office, the project's
file and the year's as the pages stream them, every download and write in the audit log."""

import zipfile
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.api import ok, refused
from tests.fixtures.projects import classify_rows
from tests.papers.test_papers import DELIVERED, district  # noqa: F401 - the fixture, shared

from govit.acceptance.models import ComplianceCheck
from govit.audit.models import AuditEvent, Kind
from govit.papers import compose, services
from govit.papers.dossier import CLASSIFIED_FILE
from govit.papers.models import Paper, PaperKind
from govit.projects.models import Project

pytestmark = pytest.mark.django_db
# The documents are written at one moment: the page's and the API's bytes alike.
AT_ONE_MOMENT = time_machine.travel("2027-03-01 10:00 +0800", tick=False)


def _delivered() -> tuple[Project, dict[str, compose.Subject]]:
    """The delivered project and the first decision of each kind it has."""
    project = Project.objects.get(name=DELIVERED)
    first: dict[str, compose.Subject] = {}
    for subject in compose.subjects_of(project):
        first.setdefault(subject.kind, subject)
    return project, first


def _scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed and stamped", content_type="application/pdf")


def _paths(project: Project, subject: compose.Subject) -> tuple[str, str]:
    """The document's address in the API (after /api/v1) and on the page: the same path."""
    path = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}.docx"
    return path, path


def _exports(project: Project) -> int:
    return AuditEvent.objects.filter(kind=Kind.EXPORT, project_id=project.pk).count()


def test_each_office_lists_its_own_documents_and_the_others_none_until_signed(district, api):  # noqa: F811
    project, subjects = _delivered()
    rows = ok(api("bdb").get(f"/projects/{project.pk}/papers"))
    kinds = {row["kind"]["code"] for row in rows}
    assert PaperKind.FILING_RECEIPT in kinds and PaperKind.APPROVAL not in kinds
    receipt = next(row for row in rows if row["kind"]["code"] == PaperKind.FILING_RECEIPT)
    assert receipt["office"] == {"code": "bdb", "label": "区大数据发展局"}
    assert receipt["subject"] == subjects[PaperKind.FILING_RECEIPT].key and receipt["title"].startswith(
        "合同备案"
    )
    assert (receipt["number"], receipt["signed"], receipt["changed"]) == (None, False, None)
    assert receipt["may_number"] is True and receipt["may_sign"] is False
    assert receipt["document_url"] == "/api/v1" + _paths(project, subjects[PaperKind.FILING_RECEIPT])[0]
    drc = ok(api("drc").get(f"/projects/{project.pk}/papers"))
    assert {row["kind"]["code"] for row in drc} == {PaperKind.APPROVAL}
    assert ok(api("jiaowei_unit").get(f"/projects/{project.pk}/papers")) == []  # nothing signed yet
    refused(api("jfb_unit").get(f"/projects/{project.pk}/papers"), 404)  # another unit's project


def test_the_preview_is_the_pages_bytes_and_only_the_office_gets_it(district, api, client_for):  # noqa: F811
    project, subjects = _delivered()
    path, page = _paths(project, subjects[PaperKind.FILING_RECEIPT])
    before = _exports(project)
    with AT_ONE_MOMENT:
        response = api("bdb").get(path)
        assert response.status_code == 200 and response.content == client_for("bdb").get(page).content
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    assert _exports(project) == before + 2  # the API's download and the page's, each audited
    refused(api("jiaowei_unit").get(path), 404)  # not the office, not signed: as if there were none
    refused(api("jfb_unit").get(path), 404)
    refused(api("bdb").get(f"/projects/{project.pk}/papers/filing_receipt/contract:0.docx"), 404)
    refused(api("bdb").get(f"/projects/{project.pk}/papers/memo/contract:0.docx"), 422, field="kind")
    approval = _paths(project, subjects[PaperKind.APPROVAL])[0]
    refused(api("bdb").get(approval), 404)
    assert ok_docx(api("drc").get(approval))


def ok_docx(response) -> bool:
    assert response.status_code == 200, response.content[:300]
    return zipfile.ZipFile(BytesIO(response.content)).read("word/document.xml").startswith(b"<?xml")


def test_only_the_issuing_office_takes_the_number_and_again_gives_the_same(district, api):  # noqa: F811
    project, subjects = _delivered()
    subject = subjects[PaperKind.COMPLIANCE_OPINION]
    number = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/number"
    refused(api("jiaowei_unit").post(number), 403)
    refused(api("drc").post(number), 403)
    refused(api("jfb_unit").post(number), 404)
    refused(api("bdb").post(f"/projects/{project.pk}/papers/{subject.kind}/event:0/number"), 409)
    assert not Paper.objects.exists()
    row = ok(api("bdb").post(number))
    paper = Paper.objects.get(kind=subject.kind, subject=subject.key)
    assert row["number"] == paper.number and row["changed"] is False and row["may_sign"] is True
    assert ok(api("bdb").post(number, {}))["number"] == paper.number and Paper.objects.count() == 1
    event = project.events.order_by("-seq").first()
    assert event.action == "paper_numbered" and AuditEvent.objects.filter(project_event_id=event.pk).exists()
    ComplianceCheck.objects.filter(pk=subject.record.pk).update(cloud_finding="已部署在区政务云。")
    listed = ok(api("bdb").get(f"/projects/{project.pk}/papers"))
    assert next(r for r in listed if r["subject"] == subject.key and r["kind"]["code"] == subject.kind)[
        "changed"
    ]


def test_a_rectification_notice_needs_its_deadline(district, api):  # noqa: F811
    project, subjects = _delivered()
    found = [(p, s) for p in Project.objects.all() for s in compose.subjects_of(p)
             if s.kind == PaperKind.RECTIFICATION_NOTICE]  # fmt: skip
    project, subject = found[0]
    number = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/number"
    refused(api("bdb").post(number), 422, field="deadline")
    refused(api("bdb").post(number, {"deadline": "明天"}), 422, field="deadline")
    refused(api("bdb").post(number, {"deadline": subject.on.isoformat()}), 422, field="deadline")
    assert not Paper.objects.exists()


@pytest.mark.usefixtures("district")
def test_the_office_registers_the_signed_scan_and_then_everyone_gets_the_signed_text(api, client_for):
    project, subjects = _delivered()
    subject = subjects[PaperKind.FILING_RECEIPT]
    path, page = _paths(project, subject)
    sign = f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/sign"
    refused(api("bdb").upload(sign, file=_scan()), 409)  # no number yet
    ok(api("bdb").post(f"/projects/{project.pk}/papers/{subject.kind}/{subject.key}/number"))
    refused(api("bdb").upload(sign), 422, field="file")
    refused(api("jiaowei_unit").upload(sign, file=_scan()), 403)
    refused(api("jfb_unit").upload(sign, file=_scan()), 404)
    refused(api("bdb").upload(sign, file=SimpleUploadedFile("scan.exe", b"MZ")), 422, field="file")
    row = ok(api("bdb").upload(sign, file=_scan()))
    assert row["signed"] is True and row["signed_at"] and row["may_sign"] is False and row["scan_url"]
    assert project.events.order_by("-seq").first().action == "paper_signed"
    refused(api("bdb").upload(sign, file=_scan()), 409)  # signed once
    shown = ok(api("jiaowei_unit").get(f"/projects/{project.pk}/papers"))
    assert [r["number"] for r in shown] == [row["number"]]
    signed = api("jiaowei_unit").get(path)
    assert signed.status_code == 200 and signed.content == client_for("jiaowei_unit").get(page).content
    paper = Paper.objects.get(pk=Paper.objects.get(kind=subject.kind, subject=subject.key).pk)
    assert signed.content == services.document_bytes(project=project, paper=paper)
    assert ok_scan(api("jiaowei_unit").get(shown[0]["scan_url"].removeprefix("/api/v1")))


def ok_scan(response) -> bool:
    assert response.status_code == 200
    return b"".join(response.streaming_content).startswith(b"%PDF")


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response.streaming, response
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))


def _files(archive: zipfile.ZipFile) -> dict[str, bytes]:
    # The index and the form are written at each download (their times); the rest is the file's own.
    return {
        name: archive.read(name)
        for name in archive.namelist()
        if not name.endswith(("目录.docx", "申报表.docx"))
    }


def test_the_projects_file_streams_as_the_page_and_is_audited(district, api, client_for):  # noqa: F811
    project, _ = _delivered()
    before = _exports(project)
    archive = _zip(api("bdb").get(f"/projects/{project.pk}/dossier.zip"))
    page = _zip(client_for("bdb").get(f"/projects/{project.pk}/dossier.zip"))
    assert archive.namelist() == page.namelist() and archive.namelist()[:2] == ["目录.docx", "申报表.docx"]
    assert _files(archive) == _files(page)
    assert _exports(project) == before + 2
    assert _zip(api("jiaowei_unit").get(f"/projects/{project.pk}/dossier.zip")).namelist()
    refused(api("jfb_unit").get(f"/projects/{project.pk}/dossier.zip"), 404)
    classify_rows(Project.objects.filter(pk=project.pk))
    body = refused(api("jiaowei_leader").get(f"/projects/{project.pk}/dossier.zip"), 404)
    assert body["detail"] == CLASSIFIED_FILE
    refused(api("jiaowei_unit").get(f"/projects/{project.pk}/dossier.zip"), 404)


def test_the_years_file_is_the_bdbs_alone(district, api, client_for):  # noqa: F811
    project, _ = _delivered()
    archive = _zip(api("bdb").get(f"/dossiers/{project.year}.zip"))
    page = _zip(client_for("bdb").get(f"/projects/dossier/{project.year}.zip"))
    assert archive.namelist() == page.namelist()
    assert f"{project.list_code} {project.name}/目录.docx" in archive.namelist()
    labels = AuditEvent.objects.filter(kind=Kind.EXPORT, label__contains=f"{project.year}年").count()
    assert labels == 2
    for username in ("jiaowei_unit", "drc", "finance"):
        refused(api(username).get(f"/dossiers/{project.year}.zip"), 404)
    refused(api("bdb").get("/dossiers/1999.zip"), 422, field="year")
