"""Reading the outline checks (R3.6, R9.3): what a document's check says, whether the newest
document a step carries still differs from its outline, and the five-year O&M budget a design's
chapter 12 gave (R5.5)."""

from decimal import Decimal

from govit.documents import sniff
from govit.documents.models import Document, DocumentKind, OutlineCheck
from govit.policy import cite
from govit.projects import policies
from govit.projects.models import Project

NOT_CHECKED = "{type} 文件不检查提纲（只读取 .docx 文件的标题）。"
UNREADABLE = "无法读取该 Word 文件的标题，未能检查提纲"
REFUSED = (
    "{document}（第{version}版）与《{outline}》（附件{attachment}）不符：{problems}。"
    "请按提纲修改后重新上传，或在“提纲不符的说明”中写明理由（{article}）"
)


def problems(check: OutlineCheck) -> list[str]:
    """What the check found against the outline, in Chinese; empty when it follows it."""
    if not check.readable:
        return [UNREADABLE]
    found = []
    if check.missing:
        found.append(f"缺少{'、'.join(check.missing)}")
    if check.misordered:
        found.append(f"顺序不对：{'、'.join(check.misordered)}")
    return found


def summary(check: OutlineCheck) -> str:
    """One line for the page and the message after upload."""
    if check.ok:
        text = f"提纲检查：{len(check.headings)} 个标题，各章齐全、顺序正确"
    else:
        text = f"提纲检查：{'；'.join(problems(check))}"
    lacking = sum(len(sections) for _, sections in check.sections_missing)
    if check.ok and lacking:
        text += f"（另有 {lacking} 节未找到）"
    return text + "。"


_TYPE_LABELS = {t.content_type: t.label for t in sniff.BY_EXTENSION.values()}


def outline_note(document: Document, kinds: frozenset[str]) -> tuple[str, bool] | None:
    """What the documents section says of a document's outline check, and whether it follows its
    outline: the check's summary, "PDF 文件不检查提纲" for a document of an outlined kind (`kinds`)
    that is no .docx, None for the other kinds. Reads `document.outline_check`, which the caller
    selected with it (no query here)."""
    check = getattr(document, "outline_check", None)
    if check is not None:
        return summary(check), check.ok
    if document.kind in kinds:
        label = _TYPE_LABELS.get(document.content_type, "该")
        return NOT_CHECKED.format(type=label), True
    return None


def with_outline_notes(documents: list[Document], project: Project) -> list[Document]:
    """Each of the project's `documents` with its `outline_note`, as the documents section shows it
    beside it (the documents selected with their `outline_check`)."""
    kinds = outlined_kinds(project)
    for document in documents:
        document.outline_note = outline_note(document, kinds)
    return documents


def outlined_kinds(project: Project) -> frozenset[str]:
    """The document kinds the project's version checks against an outline."""
    return frozenset(kind for o in policies.of(project).outlines.values() for kind in o.kinds)


def newest_check(project: Project, kind: str) -> tuple[Document, OutlineCheck | None] | None:
    """The newest document of `kind` on the project and its check (None: not a .docx)."""
    document = (
        Document.objects.filter(project=project, kind=kind)
        .select_related("outline_check")
        .order_by("-version")
        .first()
    )
    if document is None:
        return None
    return document, getattr(document, "outline_check", None)


def outline_refusal(project: Project, kinds: tuple[str, ...], reason: str | None) -> tuple[int, str] | None:
    """(article, reason) when the newest document of one of `kinds` differs from its outline and no
    reason for it was given; None when each follows it, was not checked, or the unit said why."""
    if (reason or "").strip():
        return None
    outlines = policies.of(project).outlines
    for kind in kinds:
        newest = newest_check(project, kind)
        if newest is None or newest[1] is None or newest[1].ok:
            continue
        document, check = newest
        outline = outlines[check.outline]
        text = REFUSED.format(
            document=DocumentKind(kind).label, version=document.version, outline=outline.title,
            attachment=outline.attachment, problems="；".join(problems(check)), article=cite(outline.article),
        )  # fmt: skip
        return outline.article, text
    return None


def design_om_budget(project: Project) -> tuple[Decimal, str] | None:
    """The five-year O&M budget the newest design (or the FSR in its place) states in the chapter
    its outline names (附件3 第十二章), and where it was read: "初步设计方案第2版 第十二章 项目运维方案"."""
    check = (
        OutlineCheck.objects.filter(project=project, om_budget__isnull=False)
        .select_related("document")
        .order_by("-document__uploaded_at", "-pk")
        .first()
    )
    if check is None:
        return None
    outline = policies.of(project).outlines.get(check.outline)
    chapter = outline.chapter(outline.om_budget[0]).heading if outline and outline.om_budget else "运维方案"
    document = check.document
    return check.om_budget, f"{document.get_kind_display()}第{document.version}版 {chapter}"
