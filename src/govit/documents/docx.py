"""The application form out (R8.4): 渝中区政务信息化项目申报表 (Attachment 1) as .docx.

It reads only the project the caller already scoped to the person, writes everything in Chinese,
the amount in 万元, and opens in Word/WPS as it is (fonts named, not embedded).
"""

from io import BytesIO

from docx import Document as WordDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from govit import policy
from govit.projects.models import Category, Project

TITLE = "渝中区政务信息化项目申报表"
SONG, FANGSONG, HEITI = "宋体", "仿宋", "黑体"
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22, 16, 14, 12  # 二号, 三号, 四号, 小四 in points
COLUMN_WIDTHS = (Cm(3.6), Cm(4.9), Cm(2.6), Cm(4.5))  # 15.6 cm: GB/T 9704's text width
REASON_HINT = "（项目建设的具体理由或相关文件批示、会议纪要等依据）"
PROGRESS_LABEL = "项目进展\n（项目开展时间、运营模式、项目阶段、项目进度等）"
# The rows of Attachment 1, in its order: (label, value field, second label, second field).
FORM_ROWS = (
    ("项目名称", "name", None, None),
    ("项目负责人", "leader_name", "联系电话", "leader_phone"),
    ("项目联系人", "contact_name", "联系电话", "contact_phone"),
    ("项目类别", "category", None, None),
    ("项目建设理由", "reason", None, None),
    ("项目内容简介", "summary", None, None),
    ("预期效果描述", "expected_effect", None, None),
    ("项目投资估算", "amount", "资金来源", "funding_source"),
    (PROGRESS_LABEL, "progress", None, None),
)
ROW_HEIGHT = 1.05  # cm: a one-line row
TALL_ROWS = {"reason": 3.3, "summary": 3.3, "expected_effect": 2.7, "progress": 2.7}


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _paragraph(container, text: str = "", *, font: str = FANGSONG, size: float = SIZE_3, bold: bool = False,
               align=None, space_after: float = 0):  # fmt: skip
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _cell_text(
    cell, text: str, *, size: float = SIZE_4, align=WD_ALIGN_PARAGRAPH.LEFT, hint: str = ""
) -> None:
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    if hint:
        _font(paragraph.add_run(hint), FANGSONG, SIZE_SMALL_4)
        paragraph = cell.add_paragraph()
        paragraph.alignment = align
    for k, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _font(run, FANGSONG, size)
        if k < len(text.split("\n")) - 1:
            run.add_break()


def _category_boxes(category: str) -> str:
    return "　　".join(f"{label} {'☑' if code == category else '☐'}" for code, label in Category.choices)


def _value(project: Project, field: str) -> str:
    if field == "amount":
        return f"{policy.format_wan(project.amount)}万元" if project.amount is not None else ""
    return str(getattr(project, field) or "")


def _form_date(project: Project) -> str:
    day = project.form_date
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　月　日"


def application_docx(project: Project) -> bytes:
    """The application as Attachment 1 lays it out: title, unit and date, the nine-row table with
    the category boxes ticked, then 填表人 and 联系电话. A4, GB/T 9704 margins, 宋体/仿宋 by name."""
    document = WordDocument()
    normal = document.styles["Normal"]
    normal.font.name = FANGSONG
    normal.font.size = Pt(SIZE_3)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FANGSONG)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    _paragraph(document, "附件1", font=HEITI, size=SIZE_3)
    _paragraph(
        document, TITLE, font=SONG, size=SIZE_2, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12
    )
    line = _paragraph(document, space_after=6)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"单位名称（盖章）：{project.unit.name}\t{_form_date(project)}"), FANGSONG, SIZE_4)

    table = document.add_table(rows=len(FORM_ROWS), cols=4)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width  # the grid Word and WPS lay out by; each cell's width follows it
    for row, (label, field, label2, field2) in zip(table.rows, FORM_ROWS, strict=True):
        for cell, width in zip(row.cells, COLUMN_WIDTHS, strict=True):
            cell.width = width
        row.height = Cm(TALL_ROWS.get(field, ROW_HEIGHT))
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _cell_text(row.cells[0], label, size=SIZE_4 if field != "progress" else SIZE_SMALL_4,
                   align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
        if label2:
            _cell_text(row.cells[1], _value(project, field))
            _cell_text(row.cells[2], label2, align=WD_ALIGN_PARAGRAPH.CENTER)
            _cell_text(row.cells[3], _value(project, field2))
            continue
        merged = row.cells[1].merge(row.cells[3])
        if field == "category":
            _cell_text(merged, _category_boxes(project.category))
        else:
            _cell_text(merged, _value(project, field), hint=REASON_HINT if field == "reason" else "")

    signature = _paragraph(document)
    signature.paragraph_format.space_before = Pt(12)
    signature.paragraph_format.tab_stops.add_tab_stop(Cm(8.0))
    _font(
        signature.add_run(f"填表人：{project.filler_name}\t联系电话：{project.filler_phone}"),
        FANGSONG,
        SIZE_4,
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()
