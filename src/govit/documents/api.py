"""Documents: upload a typed, versioned, hashed file to a project; list them; download one (R3.10)."""

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from govit import access
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, file_answer
from govit.audit.services import audit_download
from govit.documents import responses, selectors, services, sniff
from govit.documents.models import Document
from govit.documents.schemas import DocumentIn, DocumentOut
from govit.projects.models import Project

router = Router(tags=["文件"])
DOWNLOAD_TYPES = {*sniff.SERVED_TYPES, sniff.UNKNOWN}


def _with_outlines(documents: QuerySet[Document], project: Project) -> list[Document]:
    return selectors.with_outline_notes(
        list(documents.select_related("uploaded_by", "outline_check")), project
    )


@router.post(
    "/projects/{int:project_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="上传文件（multipart）",
)
def upload_document(
    request: HttpRequest, project_id: int, payload: Form[DocumentIn], file: File[UploadedFile]
) -> Status[Document]:
    project = access.get_visible_project(person(request), project_id)
    document = services.document_upload(project=project, user=person(request), kind=payload.kind, upload=file)
    # R9.3: the outline check of a proposal, FSR or design, in the answer as the page says it after upload
    return Status(
        201, _with_outlines(access.visible_documents(person(request)).filter(pk=document.pk), project)[0]
    )


@router.get(
    "/projects/{int:project_id}/documents", response={200: list[DocumentOut], **ERRORS}, summary="项目的文件"
)
def list_documents(request: HttpRequest, project_id: int) -> list[Document]:
    project = access.get_visible_project(person(request), project_id)
    documents = access.visible_documents(person(request)).filter(project=project)
    return _with_outlines(documents.order_by("kind", "-version"), project)


@router.get(
    "/documents/{int:document_id}/download",
    url_name="document_download",
    response={200: None, **ERRORS},
    summary="下载文件（原文件名）",
    openapi_extra=file_answer("文件内容，类型为上传时由内容判定的类型", *sorted(DOWNLOAD_TYPES)),
)
def download_document(request: HttpRequest, document_id: int) -> FileResponse:
    document = get_object_or_404(access.visible_documents(person(request)), pk=document_id)
    audit_download(user=person(request), document=document)
    return responses.download(document)
