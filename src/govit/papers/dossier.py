"""项目档案: a project's whole file in one .zip (issue 12), and a year's list of them for the BDB.

The zip holds `目录.docx` (the index: the project's facts; every step in order with its date, who
took it and the article; every document with its version, SHA-256 and date; every official document
with its 文号), the application form, the current version of each kind of document the person may
see (every official scan: each is its own decision's), and the signed text of each signed official
document. It is written into the response as it goes (documents.xlsx_stream.Pipe): a project's
files are read in chunks and nothing grows with their size.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from zipfile import ZIP_STORED, ZipFile

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document as WordDocument
from docx.shared import Mm, Pt

from govit import policy
from govit.access import visible_documents
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.audit.services import audit_export, audit_project_export
from govit.documents.docx import application_docx
from govit.documents.models import Document, DocumentKind
from govit.documents.xlsx_stream import Pipe
from govit.papers import services
from govit.papers.layout import FANGSONG, HEITI, chinese_date
from govit.papers.models import Paper
from govit.projects import errors
from govit.projects.models import Project
from govit.workflow.lifecycle import STATE_BY_CODE

CHUNK = 1024 * 1024
INDEX = "目录.docx"
CLASSIFIED_FILE = "涉密项目的档案按保密规定管理，不在 GovIT 中下载（第二十七条）。"
BDB_ONLY = "年度项目档案只供区大数据发展局下载。"


@dataclass(frozen=True)
class Member:
    """One file of the zip: its name there, and where its bytes come from."""

    name: str
    document: Document | None = None
    content: bytes | None = None


def _at(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _name(document: Document) -> str:
    return f"文件/{document.get_kind_display()}/第{document.version}版-{document.original_name}"


def _current(documents: list[Document]) -> list[Document]:
    """The newest version of each kind; every official scan (each carries its own decision)."""
    newest: dict[str, Document] = {}
    for document in documents:
        if document.kind == DocumentKind.OFFICIAL:
            continue
        if document.kind not in newest or document.version > newest[document.kind].version:
            newest[document.kind] = document
    official = [d for d in documents if d.kind == DocumentKind.OFFICIAL]
    return sorted([*newest.values(), *official], key=lambda d: (d.kind, d.version))


def _table(document, columns: tuple[tuple[str, int], ...], rows: Iterable[tuple[str, ...]]) -> None:
    """A table of `columns` (heading, width in mm) and `rows`."""
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    widths = [Mm(width) for _, width in columns]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, (heading, _) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].font.name = HEITI
    for row in rows:
        for cell, value, width in zip(table.add_row().cells, row, widths, strict=True):
            cell.text, cell.width = value, width


def index_docx(project: Project, documents: list[Document], papers: list[Paper], included: set[int]) -> bytes:
    """目录: the facts, the steps, the documents and the official documents, oldest first."""
    word = WordDocument()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)  # landscape: the hashes are long
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(15)
    word.styles["Normal"].font.name, word.styles["Normal"].font.size = FANGSONG, Pt(10.5)
    word.add_heading(f"{project.name} 项目档案目录", level=0)
    rules = policy.load_policy(project.policy_id)
    facts = (
        ("项目单位", project.unit.name), ("清单编号", project.list_code or "未纳入清单"),
        ("申报年度", f"{project.year}年"), ("当前状态", STATE_BY_CODE[project.state].label),
        ("适用政策", f"《{rules.title}》（{rules.document_number}）"), ("生成时间", _at(timezone.now())),
    )  # fmt: skip
    _table(word, (("事项", 40), ("内容", 227)), facts)
    word.add_heading("一、办理过程", level=1)
    events = project.events.select_related("actor", "organisation").order_by("seq")
    _table(word, (("序号", 14), ("时间", 42), ("事项", 106), ("依据", 35), ("办理人", 70)), (
        (str(e.seq), _at(e.at), e.label, policy.cite(e.article, e.clause) if e.article else "",
         f"{e.actor.name}（{e.organisation.display_name}）") for e in events
    ))  # fmt: skip
    word.add_heading("二、项目文件", level=1)
    _table(word, (("类型", 30), ("版本", 15), ("文件名", 55), ("上传", 40), ("SHA-256", 62), ("档案中", 65)), (
        (d.get_kind_display(), f"第{d.version}版", d.original_name, f"{_at(d.uploaded_at)} {d.uploaded_by.name}",
         d.sha256, _name(d) if d.pk in included else "旧版本（未收入）")
        for d in sorted(documents, key=lambda d: d.uploaded_at)
    ))  # fmt: skip
    word.add_heading("三、正式公文", level=1)
    _table(word, (("文号", 70), ("种类", 60), ("取号", 50), ("状态", 87)), (
        (p.number, p.get_kind_display(), chinese_date(timezone.localdate(p.numbered_at)),
         f"已签发（{_at(p.signed_at)}）" if p.is_signed else "待签发") for p in papers
    ))  # fmt: skip
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def members(user: User, project: Project, folder: str = "") -> list[Member]:
    """What the person's copy of the project's file holds, in the zip's order."""
    documents = list(visible_documents(user).filter(project=project).select_related("uploaded_by"))
    current = _current(documents)
    papers = [
        p for p in Paper.objects.filter(project=project).order_by("numbered_at", "pk")
        if p.is_signed or services.may_issue(user, p.kind)
    ]  # fmt: skip
    index = index_docx(project, documents, papers, {d.pk for d in current})
    found = [Member(f"{folder}{INDEX}", content=index),
             Member(f"{folder}申报表.docx", content=application_docx(project))]  # fmt: skip
    found += [Member(folder + _name(d), document=d) for d in current]
    found += [
        Member(f"{folder}公文/{p.number}-{p.get_kind_display()}.docx",
               content=services.document_bytes(project=project, paper=p))
        for p in papers if p.is_signed
    ]  # fmt: skip
    return found


def stream(parts: Iterable[Member]) -> Iterator[bytes]:
    """The zip of `parts`, as it is written: each document copied in chunks of a megabyte."""
    pipe = Pipe()
    with ZipFile(pipe, "w", ZIP_STORED) as archive:
        for part in parts:
            with archive.open(part.name, "w", force_zip64=True) as target:
                if part.content is not None:
                    target.write(part.content)
                else:
                    with part.document.file.open("rb") as source:
                        while chunk := source.read(CHUNK):
                            target.write(chunk)
                            yield pipe.take()
            yield pipe.take()
    yield pipe.take()


def year_members(user: User, projects: Iterable[Project]) -> Iterator[Member]:
    """A year's list: one folder per project ("YZ-2026-0007 项目名称/"), each its project's file."""
    for project in projects:
        yield from members(user, project, folder=f"{project.list_code} {project.name}/")


def _zip(parts: Iterable[Member], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream(parts), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def project_download(user: User, project: Project) -> StreamingHttpResponse:
    """The project's file as the person may see it, streamed, its download in the audit log; a
    classified project's is kept by the secrecy rules, not here (NotVisible)."""
    if project.is_classified:
        raise errors.NotVisible(CLASSIFIED_FILE)
    filename = f"{project.name}-项目档案.zip"
    parts = members(user, project)
    audit_project_export(user=user, project=project, label=f"导出项目档案：{project.name}", filename=filename)
    return _zip(parts, filename)


def year_download(user: User, year: int) -> StreamingHttpResponse:
    """A year's list (its listed projects, none classified), each project's file in its folder,
    for the BDB only (NotVisible for anyone else); its download in the audit log."""
    if Role.BDB not in user.role_set:
        raise errors.NotVisible(BDB_ONLY)
    projects = (
        Project.objects.visible_to(user)
        .filter(year=year, list_code__isnull=False, classified_at__isnull=True)
        .select_related("unit")
        .order_by("list_code")
    )
    filename = f"渝中区{year}年度政务信息化项目档案.zip"
    label = f"导出年度项目档案：{year}年（{projects.count()}个项目）"
    audit_export(user=user, label=label, filename=filename)
    return _zip(year_members(user, projects.iterator(chunk_size=100)), filename)
