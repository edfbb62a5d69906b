"""Real-looking .docx reports for the outline check, written with python-docx in the ways units'
files come: Word's built-in headings, WPS's localized 标题 styles, plain paragraphs numbered by
hand (no heading style at all), and WPS's outline level on plain paragraphs (`w:outlineLvl`)."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from govit.policy import load_policy
from govit.policy.numerals import chinese_number

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OUTLINES = load_policy("yuzhong-2021").outlines
BODY = "本章内容按照提纲要求编写，具体说明项目的有关情况。"

# (chapter title as written, [section titles as written], [body lines]) for one report.
Chapters = list[tuple[str, list[str], list[str]]]


def chapters_of(code: str, *, drop: tuple[int, ...] = (), order: list[int] | None = None,
                body: dict[int, list[str]] | None = None, numbered: bool = True) -> Chapters:  # fmt: skip
    """The outline `code`'s chapters as a unit would write them: 第N章 titles, "N." sections (or bare
    titles when not `numbered`), a chapter or two `drop`ped, in another `order`, with `body` text."""
    outline = OUTLINES[code]
    numbers = order or [c.number for c in outline.chapters]
    found = []
    for n in numbers:
        if n in drop:
            continue
        chapter = outline.chapter(n)
        title = chapter.heading if numbered else chapter.title
        sections = [s.heading if numbered else s.title for s in chapter.sections]
        found.append((title, sections, (body or {}).get(n, [BODY])))
    return found


def _outline_level(paragraph, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    properties.append(element)


def report(
    chapters: Chapters, *, way: str = "word", title: str = "渝中区智慧教育管理平台可行性研究报告"
) -> bytes:
    """A .docx of `chapters` with its headings written `way`: "word" (Heading 1/2), "localized"
    (custom styles named 标题 1/标题 2), "numbered" (plain paragraphs, the numbering typed) or "wps"
    (plain paragraphs carrying an outline level)."""
    document = WordDocument()
    if way == "localized":
        for level in (1, 2):
            document.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(title)  # the cover's title: not a chapter
    document.add_paragraph("编制单位：重庆山城设计咨询有限公司")
    for chapter, sections, lines in chapters:
        _heading(document, chapter, 1, way)
        for line in lines[:1]:
            document.add_paragraph(line)
        for section in sections:
            _heading(document, section, 2, way)
            document.add_paragraph(BODY)
        for line in lines[1:]:
            document.add_paragraph(line)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _heading(document, text: str, level: int, way: str) -> None:
    if way == "word":
        document.add_heading(text, level=level)
    elif way == "localized":
        document.add_paragraph(text, style=f"标题 {level}")
    elif way == "numbered":
        document.add_paragraph(text)
    elif way == "wps":
        _outline_level(document.add_paragraph(text), level - 1)
    else:
        raise ValueError(way)


def as_upload(content: bytes, name: str = "报告.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=DOCX_TYPE)


def chapter_title(n: int, text: str) -> str:
    return f"第{chinese_number(n)}章 {text}"
