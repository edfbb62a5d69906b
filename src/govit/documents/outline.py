"""Reading an uploaded .docx's headings, in document order, for the outline check (R9.3).

A paragraph is a heading of level 1 (chapter) or 2 (section) when
1. its style, or a style it is based on, is Word's built-in "Heading 1/2" (or WPS's localized
   "标题 1/2"), or carries an outline level (`w:outlineLvl`); or
2. its own paragraph properties carry an outline level, as WPS writes for plain paragraphs; or
3. it is a short plain paragraph that begins with a numbering (第一章 / 第1章 / 一、 → chapter;
   1. / 1． / 5.1 / （一） → section; govit.policy.outline.numbering).
Everything else is body text, kept so that a chapter's own text can be read (第十二章's budget);
a table's rows are read as lines of text. A table of contents (styles "TOC n", 目录, or a content
control) is skipped: it repeats the headings, whether or not they are there.
"""

import re
from typing import BinaryIO

from docx import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from govit.policy.outline import Line, numbered_level

_STYLE_LEVEL = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC = re.compile(r"^(?:toc|目录)", re.IGNORECASE)
MAX_LINES = 20_000  # a report of thousands of pages is read up to here


class Unreadable(ValueError):
    """The file is not a Word document python-docx can open."""


def _outline_level(element) -> int | None:
    """The heading level a `w:pPr`'s outline level means (0 → 1, 1 → 2); None for body text (9)."""
    if element is None:
        return None
    found = element.find(qn("w:outlineLvl"))
    if found is None:
        return None
    try:
        value = int(found.get(qn("w:val")))
    except (TypeError, ValueError):
        return None
    return value + 1 if value < 9 else None


def _style_level(style) -> tuple[int | None, bool]:
    """(the level the style or its bases give, whether it is a table of contents' style)."""
    seen = 0
    while style is not None and seen < 10:  # a loop of based-on styles ends here
        name = style.name or ""
        if _TOC.match(name):
            return None, True
        if match := _STYLE_LEVEL.match(name.strip()):
            return int(match[1]), False
        level = _outline_level(style.element.find(qn("w:pPr")))
        if level is not None:
            return level, False
        style, seen = style.base_style, seen + 1
    return None, False


def _paragraph_line(paragraph: Paragraph) -> Line | None:
    text = paragraph.text.strip()
    if not text:
        return None
    level, toc = _style_level(paragraph.style)
    if toc:
        return None
    own = _outline_level(paragraph._p.pPr)
    if own is not None:
        level = own
    if level is None:
        level = numbered_level(text)
    return Line(level if level in (1, 2) else None, text)


def _table_lines(table: Table) -> list[Line]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # a merged cell comes once per column it spans: keep it once
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(Line(None, " ".join(cells)))
    return lines


def read_lines(file: BinaryIO) -> list[Line]:
    """The document's headings and text lines, in order; Unreadable if it is not a .docx."""
    try:
        document = WordDocument(file)
    except Exception as error:
        # The file is the uploader's: python-docx fails on a broken package in many ways (a missing
        # part, XML that is not well-formed, an element it does not expect), each only "unreadable".
        raise Unreadable("无法读取该 Word 文件的内容") from error
    lines: list[Line] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            line = _paragraph_line(Paragraph(child, document))
            lines += [line] if line else []
        elif child.tag == qn("w:tbl"):
            lines += _table_lines(Table(child, document))
        if len(lines) >= MAX_LINES:
            break
    return lines


def headings(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.level is not None]
