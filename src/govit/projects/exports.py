"""Documents out (R8.4): the yearly list as .xlsx and the application form as .docx (Attachment 1).

Both read only what the caller already scoped to the person; both write everything in Chinese,
amounts in 万元, and open in Excel/WPS and Word/WPS as they are (fonts named, not embedded).
"""

from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from docx import Document as WordDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from govit import policy
from govit.projects.models import Category, Project
from govit.workflow.lifecycle import STATE_BY_CODE

# --- The yearly list ---------------------------------------------------------------------------

LIST_COLUMNS = (  # header, width in characters
    ("序号", 6),
    ("清单编号", 14),
    ("项目名称", 40),
    ("单位", 22),
    ("类别", 11),
    ("建设性质", 9),
    ("投资估算（万元）", 16),
    ("资金渠道", 22),
    ("状态", 24),
    ("是否逾期", 16),
)
AMOUNT_FORMAT = "#,##0.0000"
COUNT_FORMAT = '0"项"'
WAN_PLACES = Decimal("0.0001")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
_TOTAL_FILL = PatternFill("solid", fgColor="F3F4F6")
_FONT = "宋体"


def list_title(year: int | None) -> str:
    return f"渝中区{year}年度政务信息化项目清单" if year else "渝中区政务信息化项目清单（各年度）"


def late_label(project: Project) -> str:
    if not project.late:
        return "否"
    return "逾期申报（已同意受理）" if project.late_accepted else "逾期申报"


def _channel_labels() -> dict[str, str]:
    rules = policy.load_policy()
    return {channel["code"]: channel["label"] for channel in rules.funding_channels.values()}


def _wan(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else policy.to_wan(amount).quantize(WAN_PLACES)


def list_xlsx(projects: Iterable[Project], *, year: int | None) -> bytes:
    """One sheet: a title row, the header, one row per project, then per-category and overall
    totals as formulas (SUMIF/COUNTIF over the rows above), so an edited cell re-adds itself."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目清单"
    width = len(LIST_COLUMNS)
    last_column = get_column_letter(width)

    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"] = list_title(year)
    sheet["A1"].font = Font(name=_FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    for index, (header, chars) in enumerate(LIST_COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index, value=header)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(index)].width = chars + 2
    sheet.row_dimensions[2].height = 22

    channels = _channel_labels()
    first = 3
    row = first
    for number, project in enumerate(projects, start=1):
        values = (
            number,
            project.list_code or "未纳入清单",
            project.name,
            project.unit.name,
            project.get_category_display(),
            project.get_work_type_display(),
            _wan(project.amount),
            channels.get(project.funding_channel, "—"),
            STATE_BY_CODE[project.state].label,
            late_label(project),
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.font = Font(name=_FONT)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=column in (3, 4, 8, 9))
        sheet.cell(row=row, column=7).number_format = AMOUNT_FORMAT
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
        row += 1
    last = row - 1

    def put_total(label: str, count: str, amount: str) -> None:
        nonlocal row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.cell(row=row, column=1, value=label)
        sheet.cell(row=row, column=5, value=count).number_format = COUNT_FORMAT
        sheet.cell(row=row, column=7, value=amount).number_format = AMOUNT_FORMAT
        for column in range(1, width + 1):
            cell = sheet.cell(row=row, column=column)
            cell.font = Font(name=_FONT, bold=True)
            cell.fill = _TOTAL_FILL
            cell.border = _BORDER
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="right")
        row += 1

    categories = f"$E${first}:$E${last}"
    amounts = f"$G${first}:$G${last}"
    for _code, label in Category.choices:
        if last >= first:
            put_total(
                f"{label}小计",
                f'=COUNTIF({categories},"{label}")',
                f'=SUMIF({categories},"{label}",{amounts})',
            )
        else:
            put_total(f"{label}小计", "0", "0")
    if last >= first:
        put_total("合计", f"=COUNTA($C${first}:$C${last})", f"=SUM({amounts})")
    else:
        put_total("合计", "0", "0")

    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- The application form (Attachment 1) -------------------------------------------------------

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
