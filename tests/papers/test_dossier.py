"""项目档案: a project's whole file as one .zip — its index of every step and document, the form,
the current documents, the signed official documents — as the person may see it; a year's list of
them for the BDB; every download in the audit log."""

import hashlib
import zipfile
from io import BytesIO

import pytest
from docx import Document as WordDocument
from tests.fixtures.projects import classify_rows
from tests.papers.test_papers import DELIVERED, _scan, district  # noqa: F401 - the fixture, shared

from govit.audit.models import AuditEvent, Kind
from govit.documents.models import Document
from govit.papers import compose, services
from govit.papers.models import PaperKind
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))


def _index(archive: zipfile.ZipFile, folder: str = "") -> str:
    word = WordDocument(BytesIO(archive.read(f"{folder}目录.docx")))
    return "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)


def test_the_file_holds_the_index_the_form_the_current_documents_and_the_signed_papers(district, client_for):  # noqa: F811
    project = Project.objects.get(name=DELIVERED)
    bdb = district["bdb"]
    subject = next(s for s in compose.subjects_of(project) if s.kind == PaperKind.FINAL_FILING)
    paper = services.sign(user=bdb, project=project, upload=_scan(),
                          paper=services.take_number(user=bdb, project=project, kind=subject.kind, key=subject.key))  # fmt: skip
    archive = _zip(client_for("bdb").get(f"/projects/{project.pk}/dossier.zip"))
    names = archive.namelist()
    assert names[:2] == ["目录.docx", "申报表.docx"]
    documents = list(Document.objects.filter(project=project))
    newest = {d.kind: max(x.version for x in documents if x.kind == d.kind) for d in documents}
    for document in documents:
        name = f"文件/{document.get_kind_display()}/第{document.version}版-{document.original_name}"
        if document.version == newest[document.kind]:
            assert hashlib.sha256(archive.read(name)).hexdigest() == document.sha256
        else:  # an earlier version is named in the index, not put in the file
            assert name not in names
    assert any(d.version > 1 for d in documents)  # the demo's contract has two versions
    assert f"公文/{paper.number}-终验备案确认.docx" in names
    index = _index(archive)
    for event in project.events.order_by("seq"):
        assert event.label in index
    labels = [e.label for e in project.events.order_by("seq")]
    assert index.index(labels[0]) < index.index(labels[-1])
    assert all(d.sha256 in index for d in documents) and "旧版本（未收入）" in index and paper.number in index
    assert AuditEvent.objects.filter(
        kind=Kind.EXPORT, project_id=project.pk, label__contains="项目档案"
    ).exists()


def test_the_unit_gets_its_copy_without_the_bureaus_unsigned_papers(district, client_for):  # noqa: F811
    project = Project.objects.get(name=DELIVERED)
    subject = next(s for s in compose.subjects_of(project) if s.kind == PaperKind.COMPLIANCE_OPINION)
    services.take_number(user=district["bdb"], project=project, kind=subject.kind, key=subject.key)
    unit = _zip(client_for("jiaowei_unit").get(f"/projects/{project.pk}/dossier.zip"))
    # the number's taking is a step of the project's history, which the unit sees; the text is not yet its
    assert "待签发" not in _index(unit) and not any(n.startswith("公文/") for n in unit.namelist())
    assert "待签发" in _index(_zip(client_for("bdb").get(f"/projects/{project.pk}/dossier.zip")))
    assert client_for("jfb_unit").get(f"/projects/{project.pk}/dossier.zip").status_code == 404


def test_a_classified_projects_file_is_not_downloaded_here(district, client_for):  # noqa: F811
    project = Project.objects.get(name=DELIVERED)
    classify_rows(Project.objects.filter(pk=project.pk))
    leader = client_for("jiaowei_leader")  # its unit's leader is cleared for it
    response = leader.get(f"/projects/{project.pk}/dossier.zip")
    assert response.status_code == 404 and "涉密项目的档案按保密规定管理" in response.content.decode()
    assert client_for("bdb").get(f"/projects/{project.pk}/dossier.zip").status_code == 404


def test_the_bdb_downloads_a_years_list_one_folder_a_project(district, client_for):  # noqa: F811
    project = Project.objects.get(name=DELIVERED)
    listed = Project.objects.filter(year=project.year, list_code__isnull=False, classified_at__isnull=True)
    archive = _zip(client_for("bdb").get(f"/projects/dossier/{project.year}.zip"))
    folders = {name.split("/")[0] for name in archive.namelist()}
    assert folders == {f"{p.list_code} {p.name}" for p in listed}
    assert project.events.first().label in _index(archive, f"{project.list_code} {project.name}/")
    assert AuditEvent.objects.filter(kind=Kind.EXPORT, label__contains=f"{project.year}年").exists()
    assert client_for("jiaowei_unit").get(f"/projects/dossier/{project.year}.zip").status_code == 404
    assert "年度项目档案" in client_for("bdb").get(f"/projects/?year={project.year}").content.decode()
    assert (
        "年度项目档案"
        not in client_for("jiaowei_unit").get(f"/projects/?year={project.year}").content.decode()
    )
