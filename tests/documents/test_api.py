"""Documents: uploaded typed, versioned and hashed; refused when of the wrong type or too large;
downloaded only by those who may see the project (R3.10)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.api import ok, refused

from govit.documents import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_the_call")]


def _file(name: str = "可研报告.pdf", content: bytes = b"%PDF-1.7 feasibility study"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _upload(api, username: str, project_id: int, kind: str = "fsr", file=None):
    return api(username).upload(f"/projects/{project_id}/documents", kind=kind, file=file or _file())


def test_a_unit_uploads_a_document_that_is_typed_hashed_and_versioned(api, walk, demo):
    project_id = walk.create()
    content = b"%PDF-1.7 feasibility study"
    document = ok(_upload(api, "jiaowei_unit", project_id, file=_file(content=content)), 201)
    assert document["kind"] == "fsr" and document["kind_label"] == "可行性研究报告"
    assert document["version"] == 1
    assert document["name"] == "可研报告.pdf"
    assert document["size"] == len(content)
    assert document["sha256"] == hashlib.sha256(content).hexdigest()
    assert document["uploaded_by"] == demo["jiaowei_unit"].name
    assert document["uploaded_at"] == "2026-09-15T10:00:00+08:00"
    assert document["state"] == "draft"
    assert document["download_url"] == f"/api/v1/documents/{document['id']}/download"

    again = ok(
        _upload(api, "jiaowei_unit", project_id, file=_file("可研报告（修改稿）.pdf", b"%PDF-1.7 v2")), 201
    )
    assert again["version"] == 2
    listed = ok(api("jiaowei_unit").get(f"/projects/{project_id}/documents"))
    assert [(d["kind"], d["version"]) for d in listed] == [("fsr", 2), ("fsr", 1)]


def test_it_refuses_a_file_of_a_type_it_does_not_keep(api, walk):
    project_id = walk.create()
    body = refused(
        _upload(api, "jiaowei_unit", project_id, file=_file("setup.exe", b"MZ")), 422, field="file"
    )
    assert "setup.exe" in body["detail"]


def test_it_refuses_a_file_above_the_size_limit(api, walk, monkeypatch):
    project_id = walk.create()
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 10)
    refused(_upload(api, "jiaowei_unit", project_id, file=_file(content=b"%PDF-1.7xxx")), 422, field="file")
    ok(_upload(api, "jiaowei_unit", project_id, file=_file(content=b"%PDF-1.7xx")), 201)


def test_it_refuses_an_empty_file_an_unknown_kind_and_a_missing_file(api, walk):
    project_id = walk.create()
    refused(_upload(api, "jiaowei_unit", project_id, file=_file(content=b"")), 422, field="file")
    refused(_upload(api, "jiaowei_unit", project_id, kind="selfie"), 422, field="kind")
    missing = api("jiaowei_unit").upload(f"/projects/{project_id}/documents", kind="fsr")
    refused(missing, 422, field="file")


def test_it_refuses_an_upload_by_someone_outside_the_project(api, walk):
    project_id = walk.create()
    refused(_upload(api, "jfb_unit", project_id), 404)
    walk.to_review(project_id)
    refused(_upload(api, "audit", project_id), 403)
    refused(_upload(api, "agency_design", project_id), 404)


def test_it_refuses_an_upload_to_a_closed_project(api, walk):
    project_id = walk.create()
    walk.act("jiaowei_unit", project_id, "withdraw", comment="不再需要")
    refused(_upload(api, "jiaowei_unit", project_id), 409)


def test_a_person_who_may_see_the_project_downloads_the_file_under_its_original_name(api, walk):
    project_id = walk.create()
    document = ok(_upload(api, "jiaowei_unit", project_id, file=_file(content=b"%PDF-study")), 201)
    walk.to_review(project_id)
    for username in ("jiaowei_unit", "jiaowei_leader", "bdb", "audit"):
        response = api(username).get(f"/documents/{document['id']}/download")
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == b"%PDF-study"
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert "filename*=UTF-8''%E5%8F%AF%E7%A0%94%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "username", ["jfb_unit", "bdb", "expert1", "agency_design", "sysadmin", "auditadmin"]
)
def test_a_person_who_cannot_see_the_project_gets_404_for_its_files(api, walk, username):
    project_id = walk.create()  # a draft: only its unit sees it
    document = ok(_upload(api, "jiaowei_unit", project_id), 201)
    refused(api(username).get(f"/documents/{document['id']}/download"), 404)
    refused(api(username).get(f"/projects/{project_id}/documents"), 404)
