"""An upload's content must be what its extension says (issue 10 §5); downloads carry GovIT's own
type, `nosniff`, and a safe RFC 5987 file name — never the uploader's content type."""

import importlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.api import ok, refused

from govit.documents import sniff
from govit.documents.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = _zip("[Content_Types].xml", "word/document.xml")
XLSX = _zip("[Content_Types].xml", "xl/workbook.xml")
OFD = _zip("OFD.xml", "Doc_0/Document.xml")
GOOD = {
    "批复.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
    "批复.ofd": (OFD, "application/ofd"),
    "方案.doc": (OLE, "application/msword"),
    "方案.docx": (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "方案.wps": (OLE, "application/wps-office.wps"),
    "概算.xls": (OLE, "application/vnd.ms-excel"),
    "概算.xlsx": (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "概算.et": (OLE, "application/wps-office.et"),
    "现场.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    "现场.JPEG": (b"\xff\xd8\xff\xdb\x00\x43\x00", "image/jpeg"),
    "现场.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    "附件.zip": (_zip("说明.txt"), "application/zip"),
}
EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00",
    "linux": b"\x7fELF\x02\x01\x01\x00",
    "mac": b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",
    "script": b"#!/bin/sh\nrm -rf /\n",
}
MISMATCHED = {
    "a text file called .pdf": ("批复.pdf", b"just some text"),
    "a PDF called .docx": ("方案.docx", b"%PDF-1.7"),
    "a zip without Word's parts called .docx": ("方案.docx", _zip("readme.txt")),
    "a workbook called .docx": ("方案.docx", XLSX),
    "a document called .xlsx": ("概算.xlsx", DOCX),
    "a zip called .ofd": ("批复.ofd", _zip("readme.txt")),
    "a PNG called .jpg": ("现场.jpg", GOOD["现场.png"][0]),
    "a PDF called .doc": ("方案.doc", b"%PDF-1.7"),
    "a broken zip": ("附件.zip", b"PK\x03\x04 not really an archive"),
    "an HTML page called .png": ("现场.png", b"<html><script>alert(1)</script></html>"),
}


def _upload(api, project_id: int, name: str, content: bytes, content_type: str = "application/pdf"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return api("jiaowei_unit").upload(f"/projects/{project_id}/documents", kind="other", file=file)


@pytest.mark.parametrize("name", GOOD)
def test_each_kept_type_is_accepted_and_stored_with_the_type_read_from_its_content(api, walk, name):
    content, content_type = GOOD[name]
    # The browser's guess is a lie on purpose: GovIT does not store it.
    document = ok(_upload(api, walk.create(), name, content, content_type="text/html"), 201)
    assert document["content_type"] == content_type
    assert Document.objects.get(pk=document["id"]).content_type == content_type


@pytest.mark.parametrize("kind", EXECUTABLES)
def test_an_executable_called_pdf_is_refused_in_chinese(api, walk, kind):
    body = refused(_upload(api, walk.create(), "批复.pdf", EXECUTABLES[kind]), 422, field="file")
    assert "可执行程序" in body["detail"] and "批复.pdf" in body["detail"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("case", MISMATCHED)
def test_content_that_does_not_match_its_extension_is_refused(api, walk, case):
    name, content = MISMATCHED[case]
    body = refused(_upload(api, walk.create(), name, content), 422, field="file")
    assert "与扩展名" in body["detail"] and name in body["detail"]
    assert not Document.objects.exists()


def test_the_page_refuses_a_mismatch_with_the_message_on_the_form(client_for, listed):
    project = listed()
    file = SimpleUploadedFile("可研报告.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client_for("jiaowei_unit").post(
        f"/projects/{project.pk}/documents/", {"kind": "fsr", "file": file}
    )
    assert response.status_code == 422
    assert "可执行程序" in response.context["upload_form"].errors["file"][0]


def test_a_download_has_govits_type_nosniff_and_an_rfc_5987_name(api, walk, client_for):
    project_id = walk.create()
    document = ok(_upload(api, project_id, "批复.pdf", b"%PDF-1.4 x", content_type="text/html"), 201)
    # A name no browser sends, as a row could hold it: quotes, a line break, a header after it.
    Document.objects.filter(pk=document["id"]).update(original_name='批复"\r\nX-Evil: 1.pdf')
    for response in (
        api("jiaowei_unit").get(f"/documents/{document['id']}/download"),
        client_for("jiaowei_unit").get(f"/documents/{document['id']}/download/"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="')
        assert "\r" not in disposition and "\n" not in disposition
        assert "filename*=UTF-8''%E6%89%B9%E5%A4%8D___X-Evil_%201.pdf" in disposition
        assert disposition.split('filename="')[1].split('"')[0] == "_____X-Evil_ 1.pdf"


def test_a_document_stored_with_the_uploaders_type_is_served_as_octet_stream(api, walk, client_for):
    document = ok(_upload(api, walk.create(), "批复.pdf", b"%PDF-1.4 x"), 201)
    Document.objects.filter(pk=document["id"]).update(content_type="text/html")  # as rows once were
    response = api("jiaowei_unit").get(f"/documents/{document['id']}/download")
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize(
    ("uploaded", "safe"),
    [
        ("可研报告.pdf", "可研报告.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("...pdf", "pdf"),
        ('a"b;c.pdf', "a_b_c.pdf"),
        ("\u202egpj.exe.pdf", "_gpj.exe.pdf"),
        ("", "file"),
        ("长" * 300 + ".pdf", "长" * 146 + ".pdf"),
    ],
)
def test_a_file_name_is_made_safe(uploaded, safe):
    assert sniff.safe_filename(uploaded) == safe


def test_an_all_chinese_name_falls_back_to_file_in_ascii():
    assert sniff.content_disposition("批复.pdf") == (
        "attachment; filename=\"file.pdf\"; filename*=UTF-8''%E6%89%B9%E5%A4%8D.pdf"
    )


def test_the_migration_reads_the_type_of_documents_stored_before_from_their_content(api, walk):
    from django.apps import apps

    migration = importlib.import_module("govit.documents.migrations.0002_content_type_determined")
    project_id = walk.create()
    pdf = ok(_upload(api, project_id, "批复.pdf", b"%PDF-1.4 x"), 201)["id"]
    renamed = ok(_upload(api, project_id, "方案.pdf", b"%PDF-1.4 y"), 201)["id"]
    Document.objects.update(content_type="text/html")  # the uploader's type, as rows once held
    Document.objects.filter(pk=renamed).update(original_name="方案.docx")  # not what its content is
    migration.determine_stored_types(apps, None)
    assert Document.objects.get(pk=pdf).content_type == "application/pdf"
    assert Document.objects.get(pk=renamed).content_type == "application/octet-stream"


def test_a_document_whose_file_is_gone_from_storage_is_a_404_that_says_so(api, walk, client_for, caplog):
    # Found by the page fuzz: the record without its file was a server error.
    document = ok(_upload(api, walk.create(), "批复.pdf", b"%PDF-1.4 x"), 201)
    Document.objects.get(pk=document["id"]).file.delete(save=False)
    page = client_for("jiaowei_unit").get(f"/documents/{document['id']}/download/")
    assert page.status_code == 404
    refused(api("jiaowei_unit").get(f"/documents/{document['id']}/download"), 404)
    assert "missing from storage" in caplog.text
