"""Documents out (R8.4): the yearly list, the library of built systems and the funds ledger as
.xlsx, and the application form as .docx (Attachment 1).

All read only what the caller already scoped to the person; all write everything in Chinese,
amounts in 万元, and open in Excel/WPS and Word/WPS as they are (fonts named, not embedded).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from docx import Document as WordDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from govit import policy
from govit.acceptance.models import BuiltSystem
from govit.funds.models import Disbursement
from govit.projects.models import Category, Project
from govit.workflow.lifecycle import STATE_BY_CODE

# --- Workbooks ----------------------------------------------------------------------------------

AMOUNT_FORMAT = "#,##0.0000"
EXACT_FORMAT = "#,##0.00####"  # 万元 to the fen: 400.00, 100.000001
COUNT_FORMAT = '0"项"'
DATE_FORMAT = "yyyy-mm-dd"
WAN_PLACES = Decimal("0.0001")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
_TOTAL_FILL = PatternFill("solid", fgColor="F3F4F6")
_FONT = "宋体"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, width in characters, how its cells show (text, wrap,
    center, date, wan: 万元 shown to the yuan, wan_exact: to the fen) and what its total row holds ("sum", "countif:是", or a fixed text)."""

    header: str
    width: int
    kind: str = "text"
    total: str | None = None


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Sequence[Any]]
    total_label: str | None = "合计"


def _wan(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else policy.to_wan(amount).quantize(WAN_PLACES)


def _exact(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else policy.to_wan(amount)


_FORMATS = {"wan": AMOUNT_FORMAT, "wan_exact": EXACT_FORMAT, "date": DATE_FORMAT}


def _style(cell, column: Column, *, total: bool = False) -> None:
    """Give the cell its column's style, one named style per kind (and one for the total row): a
    10,000-row sheet then writes a name per cell, not four style objects."""
    book = cell.parent.parent
    name = f"govit-{column.kind}{'-total' if total else ''}"
    if name not in book.named_styles:
        horizontal = "center" if column.kind in ("center", "date") else None
        book.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name=_FONT, bold=total),
                border=_BORDER,
                fill=_TOTAL_FILL if total else PatternFill(),
                alignment=Alignment(
                    horizontal=horizontal, vertical="center", wrap_text=column.kind == "wrap"
                ),
                number_format=_FORMATS.get(column.kind, "General"),
            )
        )
    cell.style = name


def _head(sheet, title: str, columns: Sequence[Column]) -> None:
    """Row 1 the title across the columns, row 2 the headers; both repeat on every printed page."""
    last_column = get_column_letter(len(columns))
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"] = title
    sheet["A1"].font = Font(name=_FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=2, column=index, value=column.header)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(index)].width = column.width + 2
    sheet.row_dimensions[2].height = 22
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _body(sheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> int:
    """One row per item from row 3, numbered in the first column; returns the last row written."""
    row = 2
    for row, values in enumerate(rows, start=3):
        for index, (column, value) in enumerate(zip(columns, (row - 2, *values), strict=True), start=1):
            _style(sheet.cell(row=row, column=index, value=value), column)
    return row


def _total_row(sheet, row: int, columns: Sequence[Column], label: str, values: dict[int, Any]) -> None:
    """A shaded, bold row: the label over the columns before the first value (at most three), then
    `values` by column number."""
    span = max(1, min(3, min(values, default=4) - 1))
    if span > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index)
        if index == 1 or index > span:
            cell.value = label if index == 1 else values.get(index)
        _style(cell, column, total=True)
        if str(cell.value).startswith("=COUNT"):
            cell.number_format = COUNT_FORMAT
    sheet.cell(row=row, column=1).alignment = Alignment(horizontal="right", vertical="center")


def _formula(column: Column, letter: str, first: int, last: int) -> str | int:
    """SUM or COUNTIF over the rows above, so an edited cell re-adds itself; 0 with no rows."""
    if last < first:
        return 0
    cells = f"{letter}{first}:{letter}{last}"
    if column.total == "sum":
        return f"=SUM({cells})"
    if column.total == "count":
        return f"=COUNTA({cells})"
    return f'=COUNTIF({cells},"{column.total.removeprefix("countif:")}")'


def _bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of plain tables: each sheet a title, headers, numbered rows and a total row."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        _head(sheet, spec.title, spec.columns)
        last = _body(sheet, spec.columns, spec.rows)
        if spec.total_label:
            totals = {
                index: _formula(column, get_column_letter(index), 3, last)
                for index, column in enumerate(spec.columns, start=1)
                if column.total
            }
            _total_row(sheet, last + 1, spec.columns, spec.total_label, totals)
    return _bytes(book)


# --- The yearly list ---------------------------------------------------------------------------

LIST_COLUMNS = (
    Column("序号", 6, "center"),
    Column("清单编号", 14),
    Column("项目名称", 40, "wrap"),
    Column("单位", 22, "wrap"),
    Column("类别", 11),
    Column("建设性质", 9),
    Column("投资估算（万元）", 16, "wan"),
    Column("资金渠道", 22, "wrap"),
    Column("状态", 24, "wrap"),
    Column("是否逾期", 16),
)


def list_title(year: int | None) -> str:
    return f"渝中区{year}年度政务信息化项目清单" if year else "渝中区政务信息化项目清单（各年度）"


def late_label(project: Project) -> str:
    if not project.late:
        return "否"
    return "逾期申报（已同意受理）" if project.late_accepted else "逾期申报"


def _channel_labels() -> dict[str, str]:
    # The channels' words are the same in every version; the newest one names them.
    rules = policy.available_policies()[-1]
    return {channel["code"]: channel["label"] for channel in rules.funding_channels.values()}


def list_xlsx(projects: Iterable[Project], *, year: int | None) -> bytes:
    """One sheet: a title row, the header, one row per project, then per-category and overall
    totals as formulas (SUMIF/COUNTIF over the rows above), so an edited cell re-adds itself."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目清单"
    _head(sheet, list_title(year), LIST_COLUMNS)
    channels = _channel_labels()
    rows = (
        (
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
        for project in projects
    )
    first, last = 3, _body(sheet, LIST_COLUMNS, rows)
    categories, amounts = f"$E${first}:$E${last}", f"$G${first}:$G${last}"
    row = last + 1
    for _code, label in Category.choices:
        if last >= first:
            count, amount = f'=COUNTIF({categories},"{label}")', f'=SUMIF({categories},"{label}",{amounts})'
        else:
            count, amount = "0", "0"
        _total_row(sheet, row, LIST_COLUMNS, f"{label}小计", {5: count, 7: amount})
        row += 1
    if last >= first:
        count, amount = f"=COUNTA($C${first}:$C${last})", f"=SUM({amounts})"
    else:
        count, amount = "0", "0"
    _total_row(sheet, row, LIST_COLUMNS, "合计", {5: count, 7: amount})
    return _bytes(book)


# --- The library of built systems and the funds ledger -------------------------------------------

LIBRARY_COLUMNS = (
    Column("序号", 6, "center"),
    Column("系统名称", 34, "wrap", total="count"),
    Column("清单编号", 14),
    Column("使用单位", 22, "wrap"),
    Column("项目类别", 11),
    Column("交付使用日期", 13, "date"),
    Column("部署在政务云", 12, "center", total="countif:是"),
    Column("已共享数据", 10, "center", total="countif:是"),
    Column("已接入智能中枢", 14, "center", total="countif:是"),
    Column("状态", 8, "center", total="countif:已停用"),
    Column("停用日期", 13, "date"),
    Column("停用原因", 24, "wrap"),
    Column("数据去向", 24, "wrap"),
)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def library_xlsx(systems: Iterable[BuiltSystem], *, title: str) -> bytes:
    """已建项目库 (第二十四条): one row per system; the total row counts the systems, those on the
    cloud, sharing, on the hub and retired, as formulas."""
    rows = (
        (
            s.name,
            s.project.list_code or "",
            s.unit.name,
            s.project.get_category_display(),
            s.delivered_on,
            _yes(s.on_cloud),
            _yes(s.shares_data),
            _yes(s.hub_connected),
            "已停用" if s.retired_on else "在用",
            s.retired_on,
            s.retire_reason,
            s.data_destination,
        )
        for s in systems
    )
    return workbook_xlsx([Sheet("已建项目库", title, LIBRARY_COLUMNS, rows)])


def ledger_xlsx(projects: Iterable[Project], per_year: Iterable[dict[str, Any]], payments: Iterable[Disbursement],
                *, title: str, year: int | None) -> bytes:  # fmt: skip
    """资金台账 (第二十二条): per project (paid in the year chosen, in all, the approved budget and
    what is left), per year, and every payment with its voucher; amounts in 万元, to the fen."""
    paid = f"{year}年拨付（万元）" if year else "拨付（万元）"
    by_project = (
        Column("序号", 6, "center"),
        Column("清单编号", 14),
        Column("项目名称", 36, "wrap"),
        Column("单位", 20, "wrap"),
        Column(paid, 14, "wan_exact", total="sum"),
        Column("笔数", 8, "center", total="sum"),
        Column("累计拨付（万元）", 14, "wan_exact", total="sum"),
        Column("批复总投资（万元）", 14, "wan_exact", total="sum"),
        Column("尚可拨付（万元）", 14, "wan_exact", total="sum"),
    )
    by_year = (
        Column("序号", 6, "center"),
        Column("年度", 10, "center"),
        Column("拨付（万元）", 16, "wan_exact", total="sum"),
        Column("笔数", 8, "center", total="sum"),
        Column("项目数", 8, "center"),
    )
    detail = (
        Column("序号", 6, "center"),
        Column("拨付日期", 13, "date"),
        Column("清单编号", 14),
        Column("项目名称", 36, "wrap"),
        Column("单位", 20, "wrap"),
        Column("金额（万元）", 14, "wan_exact", total="sum"),
        Column("用途", 28, "wrap"),
        Column("凭证号", 16),
    )
    project_rows = (
        (p.list_code or "", p.name, p.unit.name, _exact(p.paid), p.payments, _exact(p.paid_all), _exact(p.budget),
         None if p.budget is None else _exact(p.budget - p.paid_all))
        for p in projects
    )  # fmt: skip
    year_rows = ((f"{r['year']}年", _exact(r["total"]), r["count"], r["projects"]) for r in per_year)
    payment_rows = (
        (d.paid_on, d.project.list_code or "", d.project.name, d.project.unit.name, _exact(d.amount), d.purpose,
         d.voucher)
        for d in payments
    )  # fmt: skip
    return workbook_xlsx(
        [
            Sheet("按项目", title, by_project, project_rows),
            Sheet("按年度", "资金拨付（按年度）", by_year, year_rows),
            Sheet("拨付明细", f"{title}：拨付明细", detail, payment_rows),
        ]
    )


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
