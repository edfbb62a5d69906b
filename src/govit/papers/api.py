"""公文 and 项目档案 (R8.4): the documents a project's decisions leave as, and its whole file.

The same as the 公文 page: each endpoint fetches the project through govit.access (404 outside
the person's scope) and hands the work to papers.services or papers.dossier, which decide who may
do what and audit it. A person sees an office's own documents only in that office, everyone who
sees the project sees the signed ones; only the issuing office takes a number and registers the
signed scan (403 for anyone else); a decision the project does not have is a 409 (its document a
404, as on the page).
"""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from ninja import Field, File, Path, Router, Schema
from ninja.files import UploadedFile

from govit import access
from govit.accounts.models import User
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, YEAR, CodedOut, LocalDateTime, file_answer
from govit.papers import dossier, panels, services
from govit.papers.models import PaperKind
from govit.papers.views import DOCX, docx_attachment
from govit.projects import errors
from govit.projects.models import Project

router = Router(tags=["公文与档案"])
KEY = Path(..., max_length=40, title="所载决定", description="如 approval:3、event:12（见 /papers）")


class NumberIn(Schema):
    deadline: date | None = Field(
        None, title="整改期限", description="只有整改通知书需要：审查日期后一年之内"
    )


class PaperOut(Schema):
    kind: CodedOut = Field(description="公文种类")
    subject: str = Field(description="所载决定的键，如 approval:3")
    title: str = Field(description="所载决定")
    on: date = Field(description="成文日期（决定之日）")
    office: CodedOut = Field(description="发文机关：bdb 区大数据发展局，drc 区发展改革委")
    number: str | None = Field(description="文号；未取号时为 null")
    deadline: date | None = Field(description="整改期限（整改通知书）")
    numbered_at: LocalDateTime | None
    signed: bool = Field(description="已登记签发（签章扫描件已上传，正文定稿）")
    signed_at: LocalDateTime | None
    changed: bool | None = Field(
        description="决定记录在公文上次生成（已签发的：签发）之后有变化；未取号时为 null"
    )
    may_number: bool = Field(description="您现在可以取号")
    may_sign: bool = Field(description="您现在可以登记签发")
    document_url: str = Field(description="公文 .docx：未取号时为预览，已签发的为签发稿")
    scan_url: str | None = Field(description="签章扫描件（项目文件）")


def _out(row: panels.Row, project: Project) -> dict[str, Any]:
    subject, paper = row.subject, row.paper
    kind = PaperKind(subject.kind)
    return {
        "kind": {"code": kind.value, "label": kind.label},
        "subject": subject.key,
        "title": subject.label,
        "on": subject.on,
        "office": {"code": subject.office, "label": services.OFFICE_NAMES[subject.office]},
        "number": paper.number if paper else None,
        "deadline": paper.deadline if paper else None,
        "numbered_at": paper.numbered_at if paper else None,
        "signed": bool(paper and paper.is_signed),
        "signed_at": paper.signed_at if paper else None,
        "changed": services.changed_since(project=project, paper=paper, subject=subject) if paper else None,
        "may_number": row.may_number,
        "may_sign": row.may_sign,
        "document_url": reverse("api:paper_document", args=[project.pk, subject.kind, subject.key]),
        "scan_url": reverse("api:document_download", args=[paper.scan_id])
        if paper and paper.scan_id
        else None,
    }


def _row(user: User, project: Project, kind: str, key: str) -> dict[str, Any]:
    """The decision's row as the person sees it after their write."""
    project = access.get_visible_project(user, project.pk)
    for row in panels.paper_rows(user, project):
        if (row.subject.kind, row.subject.key) == (kind, key):
            return _out(row, project)
    raise errors.NotPossible(services.NO_SUCH_DECISION)


@router.get(
    "/projects/{int:project_id}/papers",
    response={200: list[PaperOut], **ERRORS},
    summary="项目的正式公文：可出具的、已签发的",
)
def list_papers(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    """Each decision that leaves as a 公文, as the 公文 page shows it to you: the issuing office
    sees its own documents at every step, everyone else the signed ones."""
    project = access.get_visible_project(person(request), project_id)
    return [_out(row, project) for row in panels.paper_rows(person(request), project)]


@router.get(
    "/projects/{int:project_id}/papers/{kind}/{key}.docx",
    url_name="paper_document",
    response={200: None, **ERRORS},
    summary="下载公文（.docx；未取号时为预览）",
    openapi_extra=file_answer("按 GB/T 9704-2012 排版的 Word 文件，与页面上下载的相同", DOCX),
)
def paper_document(request: HttpRequest, project_id: int, kind: PaperKind, key: str = KEY) -> HttpResponse:
    project = access.get_visible_project(person(request), project_id)
    content, filename = services.paper_download(user=person(request), project=project, kind=kind, key=key)
    return docx_attachment(content, filename)


@router.post(
    "/projects/{int:project_id}/papers/{kind}/{key}/number",
    response={200: PaperOut, **ERRORS},
    summary="取号（发文机关；再次取号得到同一文号）",
)
def number_paper(
    request: HttpRequest, project_id: int, kind: PaperKind, key: str = KEY, payload: NumberIn | None = None
) -> dict[str, Any]:
    user = person(request)
    project = access.get_visible_project(user, project_id)
    deadline = payload.deadline if payload else None
    services.take_number(user=user, project=project, kind=kind, key=key, deadline=deadline)
    return _row(user, project, kind, key)


@router.post(
    "/projects/{int:project_id}/papers/{kind}/{key}/sign",
    response={200: PaperOut, **ERRORS},
    summary="登记签发：上传签章扫描件（multipart，发文机关）",
)
def sign_paper(
    request: HttpRequest, project_id: int, kind: PaperKind, file: File[UploadedFile], key: str = KEY
) -> dict[str, Any]:
    user = person(request)
    project = access.get_visible_project(user, project_id)
    paper = project.papers.filter(kind=kind, subject=key).first()
    if paper is None:
        raise errors.NotPossible(services.NOT_NUMBERED)
    services.sign(user=user, project=project, paper=paper, upload=file)
    return _row(user, project, kind, key)


@router.get(
    "/projects/{int:project_id}/dossier.zip",
    response={200: None, **ERRORS},
    summary="项目档案（.zip：目录、申报表、各类文件的现行版本、已签发公文）",
    openapi_extra=file_answer("您可以查看的项目档案，边生成边传送", "application/zip"),
)
def project_dossier(request: HttpRequest, project_id: int) -> StreamingHttpResponse:
    project = access.get_visible_project(person(request), project_id)
    return dossier.project_download(person(request), project)


@router.get(
    "/dossiers/{int:year}.zip",
    response={200: None, **ERRORS},
    summary="年度项目档案（.zip，每个项目一个文件夹；区大数据发展局）",
    openapi_extra=file_answer("该年度清单内（非涉密）项目的档案，边生成边传送", "application/zip"),
)
def year_dossier(request: HttpRequest, year: int = Path(..., **YEAR, title="年度")) -> StreamingHttpResponse:
    return dossier.year_download(person(request), year)
