"""Spreadsheets out (R8.4): the workbook kit, then the yearly list (项目清单), the library of built
systems (已建项目库) and the funds ledger (资金台账) as .xlsx.

All read only what the caller already scoped to the person; all write everything in Chinese,
amounts in 万元, and open in Excel/WPS as they are (fonts named, not embedded).
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from govit import policy
from govit.acceptance.models import BuiltSystem
from govit.documents.xlsx_stream import CHUNK_ROWS as CHUNK_ROWS
from govit.documents.xlsx_stream import StreamedBook
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


def _body(
    out: StreamedBook, sheet, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> Iterator[bytes]:
    """One row per item from row 3, numbered in the first column, each cell in its column's style;
    returns the last row written."""
    templates = []
    for column in columns:
        template = WriteOnlyCell(sheet)
        _style(template, column)
        templates.append(template)
    numbered = ((number, *values) for number, values in enumerate(rows, start=1))
    return (yield from out.rows(sheet, templates, numbered))


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
    with StreamedBook() as out:
        for spec in sheets:
            sheet = out.sheet(spec.name, lambda sheet, spec=spec: _head(sheet, spec.title, spec.columns))
            last = yield from _body(out, sheet, spec.columns, spec.rows)
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
    "late_accepted", "key_project",
)  # fmt: skip
KEY_MARK = "（重点建设项目）"  # 第五条: after the name of a project the leading group made a key one


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
    with StreamedBook() as out:
        sheet = out.sheet("项目清单", lambda sheet: _head(sheet, list_title(year), LIST_COLUMNS))
        channels, categories, work_types = _channel_labels(), _labels("category"), _labels("work_type")
        rows = (
            (
                code or "未纳入清单",
                f"{name}{KEY_MARK}" if key else name,
                unit,
                categories.get(category, category),
                work_types.get(work_type, work_type),
                _wan(amount),
                channels.get(channel, "—"),
                STATE_BY_CODE[state].label,
                late_label(late, accepted),
            )
            for code, name, unit, category, work_type, amount, channel, state, late, accepted, key in projects
        )
        first = 3
        last = yield from _body(out, sheet, LIST_COLUMNS, rows)
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
