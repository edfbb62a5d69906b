"""Spreadsheets out (R8.4): the workbook kit, then the yearly list (项目清单), the library of built
systems (已建项目库) and the funds ledger (资金台账) as .xlsx.

All read only what the caller already scoped to the person; all write everything in Chinese,
amounts in 万元, and open in Excel/WPS as they are (fonts named, not embedded).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import Element, tostring

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


# --- Streaming ------------------------------------------------------------------------------------
#
# openpyxl's write-only mode writes each row's XML as it is appended, but into a temporary file that
# it copies into the .xlsx zip only when the book is saved, and at some 15 µs a cell. Here each
# sheet's XML goes straight into its zip member, and the zip into a pipe the response empties every
# CHUNK_ROWS rows: the first bytes leave while the rows are still being read, and nothing grows with
# the rows (no temporary file, no shared-strings table: strings are written inline, as openpyxl
# does). openpyxl writes what surrounds the rows (columns, panes, merges, print setup), the title,
# header and total rows, and, last, the parts that depend on every row (styles, the workbook, the
# content types); the data rows are written here as text, one style per column (_cell: the same
# XML openpyxl's cell writer gives, which tests/documents compares value for value). The zip
# cannot seek back, so each member's sizes follow its data (a data descriptor, as zip allows).

CHUNK_ROWS = 500  # rows written between two hand-offs to the response


class _Pipe:
    """The file the zip is written to: it keeps what was written until the response takes it, and
    it cannot seek (zipfile then writes every member in one pass)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer for everything but the rows, writing into the zip member."""

    abandoned = False

    def get_stream(self):
        self.out.write(f'<worksheet xmlns="{SHEET_MAIN_NS}">'.encode())
        try:
            while True:
                element = yield
                if element is not None:
                    self.out.write(tostring(element))
        except GeneratorExit:
            if not self.abandoned:
                self.out.write(b"</worksheet>")


class _Finish(ExcelWriter):
    """openpyxl's writer for every part but the sheets, which are in the zip already."""

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()  # no charts, no images
        ws._rels = ws._writer._rels
        self.manifest.append(ws)


def _text(value: str) -> str:
    """XML text as lxml writes it (a carriage return kept as a reference, not normalised away)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _cell(ref: str, style: str, value: Any, epoch) -> str | None:
    """A data cell's XML as openpyxl writes it (cell._writer with the value bound as Cell does:
    strings inline, "=…" a formula, "#N/A" and the like an error, dates as serial numbers); None
    for a value of another type, left to openpyxl."""
    kind = type(value)
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    if kind is str:
        value = value[:32767]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        if not value:
            return f'<c r="{ref}" s="{style}" t="inlineStr"/>'
        if len(value) > 1 and value.startswith("="):
            return f'<c r="{ref}" s="{style}"><f>{_text(value[1:])}</f><v/></c>'
        if value in ERROR_CODES:
            return f'<c r="{ref}" s="{style}" t="e"><v>{_text(value)}</v></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
    if kind in (int, Decimal, float):
        return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'
    if kind is date:
        return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(to_excel(value, epoch))}</v></c>'
    return None


class _Cells:
    """What openpyxl's cell writer writes to: the row's element."""

    def __init__(self, row) -> None:
        self.row = row

    def write(self, element) -> None:
        self.row.append(element)


class _StreamedBook:
    """A write-only workbook whose sheets are written into the zip as their rows come."""

    def __init__(self) -> None:
        self.pipe = _Pipe()
        self.archive = ZipFile(self.pipe, "w", ZIP_DEFLATED, allowZip64=True)
        self.book = Workbook(write_only=True)
        self.book.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)  # as openpyxl's save

    def __enter__(self) -> "_StreamedBook":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        """A book not finished (an error, or the download cancelled: GeneratorExit): its sheet and
        zip closed quietly in memory, nothing more sent."""
        if kind is None:
            return
        for sheet in self.book.worksheets:
            writer = getattr(sheet, "_writer", None)
            if writer is not None:
                writer.abandoned = True
                writer.close()
                sheet._member.close()
        self.archive.close()
        self.pipe.take()

    def sheet(self, name: str, title: str, columns: Sequence[Column]):
        """A new sheet with its title and header rows written: widths, heights, merges, panes
        and print setup are set first, as they come before the rows."""
        sheet = self.book.create_sheet(name)
        sheet._id = len(self.book.worksheets)
        head = _head(sheet, title, columns)
        sheet._member = self.archive.open(sheet.path[1:], "w")
        sheet._writer = _SheetWriter(sheet, out=sheet._member)
        sheet._writer.write_top()
        sheet._member.write(b"<sheetData>")
        for index, cells in enumerate(head, start=1):
            self.cells(sheet, index, cells)
        return sheet

    def cells(self, sheet, index: int, cells: Sequence[WriteOnlyCell]) -> None:
        """A row of openpyxl cells, through openpyxl's own cell writer (title, header, totals)."""
        row = Element("row", {"r": str(index), **dict(sheet.row_dimensions.get(index, {}))})
        out = _Cells(row)
        for number, cell in enumerate(cells, start=1):
            cell.row, cell.column = index, number
            if cell._value is not None or cell.has_style:
                etree_write_cell(out, sheet, cell, cell.has_style)
        sheet._member.write(tostring(row))

    def rows(self, sheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
        """One row per item from row 3, numbered in the first column, each cell in its column's
        style; what the zip holds so far every CHUNK_ROWS rows; returns the last row written."""
        styles = []
        for column in columns:
            template = WriteOnlyCell(sheet)
            _style(template, column)
            styles.append((column, f"{template.style_id}"))
        letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
        epoch, last, text = self.book.epoch, 2, []
        for last, values in enumerate(rows, start=3):
            xml = [f'<row r="{last}">']
            for letter, (column, style), value in zip(letters, styles, (last - 2, *values), strict=True):
                cell = _cell(f"{letter}{last}", style, value, epoch)
                if cell is None:  # not a type the lists hold: openpyxl writes it
                    other = WriteOnlyCell(sheet, value)
                    _style(other, column)
                    other.row, other.column = last, letters.index(letter) + 1
                    element = Element("row")
                    etree_write_cell(_Cells(element), sheet, other, True)
                    cell = tostring(element[0]).decode()
                xml.append(cell)
            xml.append("</row>")
            text.append("".join(xml))
            if last % CHUNK_ROWS == 0:
                sheet._member.write("".join(text).encode())
                text.clear()
                yield self.pipe.take()
        sheet._member.write("".join(text).encode())
        return last

    def close(self, sheet) -> bytes:
        sheet._member.write(b"</sheetData>")
        sheet._writer.write_tail()
        sheet._writer.close()
        sheet._member.close()
        return self.pipe.take()

    def finish(self) -> bytes:
        _Finish(self.book, self.archive).save()
        return self.pipe.take()


def _head(sheet, title: str, columns: Sequence[Column]) -> list[list[WriteOnlyCell]]:
    """Row 1 the title across the columns, row 2 the headers; both repeat on every printed page."""
    last_column = get_column_letter(len(columns))
    sheet.merged_cells.add(CellRange(f"A1:{last_column}1"))
    heading = WriteOnlyCell(sheet, title)
    heading.font = Font(name=_FONT, size=16, bold=True)
    heading.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    headers = []
    for index, column in enumerate(columns, start=1):
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        headers.append(cell)
        sheet.column_dimensions[get_column_letter(index)].width = column.width + 2
    sheet.row_dimensions[2].height = 22
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return [[heading], headers]


def _total_row(
    sheet, row: int, columns: Sequence[Column], label: str, values: dict[int, Any]
) -> list[WriteOnlyCell]:
    """A shaded, bold row: the label over the columns before the first value (at most three), then
    `values` by column number."""
    span = max(1, min(3, min(values, default=4) - 1))
    if span > 1:
        sheet.merged_cells.add(CellRange(min_col=1, min_row=row, max_col=span, max_row=row))
    cells = []
    for index, column in enumerate(columns, start=1):
        cell = WriteOnlyCell(sheet)
        if index == 1 or index > span:
            cell.value = label if index == 1 else values.get(index)
        _style(cell, column, total=True)
        if str(cell.value).startswith("=COUNT"):
            cell.number_format = COUNT_FORMAT
        cells.append(cell)
    cells[0].alignment = Alignment(horizontal="right", vertical="center")
    return cells


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


def workbook_xlsx(sheets: Sequence[Sheet]) -> Iterator[bytes]:
    """A workbook of plain tables: each sheet a title, headers, numbered rows and a total row; the
    .xlsx as it is written, in pieces (b"".join them for the whole file)."""
    with _StreamedBook() as out:
        for spec in sheets:
            sheet = out.sheet(spec.name, spec.title, spec.columns)
            last = yield from out.rows(sheet, spec.columns, spec.rows)
            if spec.total_label:
                totals = {
                    index: _formula(column, get_column_letter(index), 3, last)
                    for index, column in enumerate(spec.columns, start=1)
                    if column.total
                }
                out.cells(
                    sheet, last + 1, _total_row(sheet, last + 1, spec.columns, spec.total_label, totals)
                )
            yield out.close(sheet)
        yield out.finish()


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


def late_label(late: bool, late_accepted: bool) -> str:
    if not late:
        return "否"
    return "逾期申报（已同意受理）" if late_accepted else "逾期申报"


# What the list reads of each project, as plain values (values_list): model instances would cost
# a third of the time at 100,000 rows.
LIST_FIELDS = (
    "list_code", "name", "unit__name", "category", "work_type", "amount", "funding_channel", "state", "late",
    "late_accepted",
)  # fmt: skip


def _labels(field: str) -> dict[str, str]:
    """A field's choices by code, as get_FOO_display words them."""
    return {code: str(label) for code, label in Project._meta.get_field(field).flatchoices}


def _channel_labels() -> dict[str, str]:
    # The channels' words are the same in every version; the newest one names them.
    rules = policy.available_policies()[-1]
    return {channel["code"]: channel["label"] for channel in rules.funding_channels.values()}


def list_xlsx(projects: Iterable[Sequence[Any]], *, year: int | None, classified: int = 0) -> Iterator[bytes]:
    """One sheet: a title row, the header, one row per project (`projects`: each its LIST_FIELDS
    values), then per-category and overall totals as formulas (SUMIF/COUNTIF over the rows above),
    so an edited cell re-adds itself; and the classified projects withheld from the reader, counted
    only (第二十七条). The .xlsx as it is written, in pieces."""
    with _StreamedBook() as out:
        sheet = out.sheet("项目清单", list_title(year), LIST_COLUMNS)
        channels, categories, work_types = _channel_labels(), _labels("category"), _labels("work_type")
        rows = (
            (
                code or "未纳入清单",
                name,
                unit,
                categories.get(category, category),
                work_types.get(work_type, work_type),
                _wan(amount),
                channels.get(channel, "—"),
                STATE_BY_CODE[state].label,
                late_label(late, accepted),
            )
            for code, name, unit, category, work_type, amount, channel, state, late, accepted in projects
        )
        first = 3
        last = yield from out.rows(sheet, LIST_COLUMNS, rows)
        categories, amounts = f"$E${first}:$E${last}", f"$G${first}:$G${last}"
        row = last + 1
        for _code, label in Category.choices:
            if last >= first:
                count, amount = (
                    f'=COUNTIF({categories},"{label}")',
                    f'=SUMIF({categories},"{label}",{amounts})',
                )
            else:
                count, amount = "0", "0"
            out.cells(sheet, row, _total_row(sheet, row, LIST_COLUMNS, f"{label}小计", {5: count, 7: amount}))
            row += 1
        if last >= first:
            count, amount = f"=COUNTA($C${first}:$C${last})", f"=SUM({amounts})"
        else:
            count, amount = "0", "0"
        out.cells(sheet, row, _total_row(sheet, row, LIST_COLUMNS, "合计", {5: count, 7: amount}))
        if classified:
            out.cells(
                sheet, row + 1, _total_row(sheet, row + 1, LIST_COLUMNS, CLASSIFIED_ROW, {5: classified})
            )
        yield out.close(sheet)
        yield out.finish()


CLASSIFIED_ROW = "另有涉密项目（第二十七条：只计数量，不显示明细，未计入合计）"


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


def library_xlsx(systems: Iterable[BuiltSystem], *, title: str) -> Iterator[bytes]:
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
                *, title: str, year: int | None) -> Iterator[bytes]:  # fmt: skip
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
