"""Reading a yearly list as a district keeps it in Excel (R2.10): the title rows merged across the
sheet above the header, the header found by its words wherever it stands (项目名称, 申报单位,
投资估算（万元）…, tolerant of spaces, line breaks and the unit in brackets), cells merged down
a group of rows (a unit's projects under one unit cell) read as each row's, blank lines and the
合计 line skipped. Only reads: what the rows mean is `projects.importing`'s."""

import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# The fields a row may give, each with the headers districts write for it (first match wins).
HEADERS: dict[str, tuple[str, ...]] = {
    "list_code": ("清单编号", "项目编号", "编号"),
    "name": ("项目名称", "名称"),
    "unit": ("申报单位", "项目单位", "单位名称", "建设单位", "责任单位", "单位"),
    "category": ("项目类别", "项目类型", "类别"),
    "work_type": ("建设性质", "性质"),
    "amount": ("投资估算", "总投资", "估算金额", "投资金额", "项目投资", "金额"),
    "funding_source": ("资金来源",),
    "year": ("申报年度", "计划年度", "年度", "年份"),
    "state": ("项目状态", "当前状态", "状态"),
    "summary": ("项目内容简介", "主要建设内容", "建设内容", "内容简介"),
    # What a project past the scheme phase brings: its approval, its delivery, its retirement.
    "approval_number": ("批复文号", "立项文号", "概算批复文号"),
    "approved_total": ("批复金额", "批复总投资", "批复投资", "概算批复金额"),
    "approved_on": ("批复日期", "立项日期"),
    "delivered_on": ("交付使用日期", "交付日期", "终验日期", "建成日期"),
    "on_cloud": ("部署政务云", "部署在政务云", "上云"),
    "shares_data": ("数据共享", "共享数据资源", "已共享数据资源"),
    "hub_connected": ("接入智能中枢", "已接入智能中枢"),
    "retired_on": ("停用日期",),
    "retire_reason": ("停用原因",),
    "data_destination": ("数据去向",),
}
MONEY = ("amount", "approved_total")  # in 万元 unless the header says 元
NEEDED = ("name", "unit", "amount", "year", "state")
HEADER_ROWS = 20  # the header is among the first rows, under the titles
TOTAL_WORDS = ("合计", "总计", "小计")
TOO_MANY_ROWS = 20_000


class WorkbookError(Exception):
    """The file is not a workbook GovIT can read as a list (its message says why, in Chinese)."""


@dataclass(frozen=True)
class Sheet:
    columns: dict[str, int]  # field → column index
    in_yuan: frozenset[str]  # the money fields whose header says 元, not 万元
    header_row: int
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the sheet, field → value)

    @property
    def amount_in_yuan(self) -> bool:
        return "amount" in self.in_yuan


def words(value: Any) -> str:
    """A cell's text without its spaces and line breaks, brackets full-width: how headers and names are compared."""
    text = "" if value is None else str(value)
    return re.sub(r"[\s\u3000]+", "", text).replace("(", "（").replace(")", "）")


def _field(header: str) -> str | None:
    bare = re.sub(r"（[^）]*）", "", header)
    for field, names in HEADERS.items():
        if any(bare == name or bare.startswith(name) for name in names):
            return field
    return None


def _header(grid: list[list[Any]]) -> tuple[int, dict[str, int], frozenset[str]]:
    for number, row in enumerate(grid[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        yuan = set()
        for index, value in enumerate(row):
            header = words(value)
            field = _field(header) if header else None
            if field and field not in columns:
                columns[field] = index
                if field in MONEY and "元" in header and "万元" not in header:
                    yuan.add(field)
        if {"name", "unit"} <= columns.keys() and len(columns) >= 3:
            missing = [HEADERS[f][0] for f in NEEDED if f not in columns]
            if missing:
                raise WorkbookError(f"表头缺少：{'、'.join(missing)}。请按模板填写表头。")
            return number, columns, frozenset(yuan)
    raise WorkbookError("未找到表头：前 20 行中应有“项目名称”“申报单位”等列。请按模板填写。")


def read(content: bytes) -> Sheet:
    """The first sheet's list: its header, and each row that holds a project."""
    try:
        book = load_workbook(BytesIO(content), data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the one message
        raise WorkbookError("无法读取该文件：请上传 Excel 工作簿（.xlsx）。") from None
    sheet = book.worksheets[0]
    if sheet.max_row > TOO_MANY_ROWS:
        raise WorkbookError(f"一次最多导入 {TOO_MANY_ROWS:,} 行，请分批导入。")
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:  # a merged cell's value stands for every cell it covers
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    number, columns, yuan = _header(grid)
    rows = []
    for offset, row in enumerate(grid[number + 1 :], start=number + 2):
        values = {field: row[index] if index < len(row) else None for field, index in columns.items()}
        texts = [words(v) for v in row]
        name = words(values.get("name"))
        if not any(texts) or name == words(grid[number][columns["name"]]):
            continue  # a blank line, or the second line of a header two rows high
        if name in TOTAL_WORDS or (not name and any(t in TOTAL_WORDS for t in texts)):
            continue  # the 合计 line
        rows.append((offset, values))
    return Sheet(columns=columns, in_yuan=yuan, header_row=number + 1, rows=rows)


TEMPLATE_COLUMNS = (
    ("序号", 6, ""), ("清单编号", 14, "可不填"), ("项目名称", 36, "必填"), ("申报单位", 28, "必填：单位全称或简称"),
    ("项目类别", 12, "建设类、购买服务类或运维类"), ("建设性质", 12, "新建、续建、改扩建、升级改造、购买服务、运行维护"),
    ("投资估算（万元）", 16, "必填：万元数"), ("资金来源", 16, ""), ("年度", 8, "必填：如 2025"),
    ("状态", 14, "必填：申报中、已纳入清单、未通过、已撤回、已批复、建设实施、已交付使用、已停用、运维服务中或运维服务期满"),
    ("项目内容简介", 40, ""),
    ("批复文号", 24, "已批复、建设实施的建设类和购买服务类项目必填，如 渝中发改投〔2024〕12号"),
    ("批复金额（万元）", 16, "同上，必填：万元数"), ("批复日期", 12, "如 2024-05-20"),
    ("交付使用日期", 14, "已交付使用、已停用的项目必填"), ("部署政务云", 10, "是或否"), ("数据共享", 10, "是或否"),
    ("接入智能中枢", 12, "是或否"), ("停用日期", 12, "已停用的项目必填"), ("停用原因", 20, ""), ("数据去向", 20, ""),
)  # fmt: skip


def template_xlsx() -> bytes:
    """The workbook to fill: a merged title row, the header, and a sheet saying what each column takes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目清单"
    sheet.append(["渝中区    年度政务信息化项目清单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TEMPLATE_COLUMNS))
    sheet["A1"].font, sheet["A1"].alignment = Font(size=16, bold=True), Alignment(horizontal="center")
    sheet.append([name for name, _, _ in TEMPLATE_COLUMNS])
    for index, (_, width, _) in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=2, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A3"
    notes = book.create_sheet("填写说明")
    notes.append(["列", "填写要求"])
    for name, _, note in TEMPLATE_COLUMNS:
        notes.append([name, note])
    notes.append(["", "空行和“合计”行不导入；同一单位的多个项目可合并单位单元格。"])
    notes.column_dimensions["A"].width, notes.column_dimensions["B"].width = 18, 70
    out = BytesIO()
    book.save(out)
    return out.getvalue()
