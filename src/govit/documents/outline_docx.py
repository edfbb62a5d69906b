"""The outlines as Word templates to fill in (R3.6, R9.3): 附件2 (the proposal) and 附件3 (the FSR /
preliminary design) of the project's version, prefilled with the project's facts.

The chapters are Word's built-in "Heading 1" (第一章 …) and their numbered sections "Heading 2"
(1. …), so that GovIT's own reader (govit.documents.outline) finds exactly the outline again; under
each, the outline's guidance in grey, to be replaced by the text. The cover's table holds the
project's name, unit, amount in 万元, category and path.
"""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from govit import policy
from govit.policy.outline import Outline
from govit.policy.wording import path_label
from govit.projects import policies
from govit.projects.models import Project

SONG, FANGSONG, HEITI = "宋体", "仿宋", "黑体"
GREY = RGBColor(0x80, 0x80, 0x80)
FILL_IN = "（请在此处编写本章内容，并删除灰色提示文字）"


def _fonts(target, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    target.font.name = name
    target.font.size = Pt(size)
    target.font.bold = bold
    if color is not None:
        target.font.color.rgb = color
    element = target.element if hasattr(target, "element") else target._element
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _hint(document, text: str) -> None:
    """The outline's guidance, in grey, where the unit writes the text."""
    paragraph = document.add_paragraph()
    _fonts(paragraph.add_run(text), FANGSONG, 12, color=GREY)


def facts(project: Project) -> list[tuple[str, str]]:
    """The project's facts the cover shows."""
    amount = f"{policy.format_wan(project.amount)}万元" if project.amount is not None else "（尚未填写）"
    path = path_label(project.path, project.get_path_display(), policies.of(project)) if project.path else "—"
    return [
        ("项目名称", project.name),
        ("项目单位", project.unit.name),
        ("项目投资估算", amount),
        ("项目类别", project.get_category_display() or "—"),
        ("审批路径", path),
    ]


def outline_docx(project: Project, outline: Outline) -> bytes:
    """The template of `outline` for `project`: cover and facts, then every chapter and section."""
    document = WordDocument()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _fonts(document.styles["Normal"], FANGSONG, 16)
    for name, size in (("Heading 1", 16), ("Heading 2", 16)):
        _fonts(document.styles[name], HEITI, size, bold=name == "Heading 1", color=RGBColor(0, 0, 0))

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run(f"{project.name}\n{outline.document}"), SONG, 22, bold=True)
    basis = document.add_paragraph()
    basis.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(
        basis.add_run(f"（按《{outline.title}》（附件{outline.attachment}）编制）"), FANGSONG, 14, color=GREY
    )
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for label, value in facts(project):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for chapter in outline.chapters:
        document.add_heading(chapter.heading, level=1)
        if chapter.guidance:
            _hint(document, f"（{chapter.guidance}）")
        if not chapter.sections:
            _hint(document, FILL_IN)
        for item in chapter.sections:
            document.add_heading(item.heading, level=2)
            for text in (item.guidance, item.hint):
                if text:
                    _hint(document, text if text.startswith("（") else f"（{text}）")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
