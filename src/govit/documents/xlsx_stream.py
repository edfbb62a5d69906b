"""A write-only openpyxl workbook written into its .xlsx zip as its rows come (documents.xlsx
writes the three workbooks with it).

openpyxl's write-only mode writes each row's XML as it is appended, but into a temporary file that
it copies into the .xlsx zip only when the book is saved, and at some 15 µs a cell. Here each
sheet's XML goes straight into its zip member, and the zip into a pipe the response empties every
CHUNK_ROWS rows: the first bytes leave while the rows are still being read, and nothing grows with
the rows (no temporary file, no shared-strings table: strings are written inline, as openpyxl
does). openpyxl writes what surrounds the rows (columns, panes, merges, print setup), the title,
header and total rows, and, last, the parts that depend on every row (styles, the workbook, the
content types); the data rows are written here as text, one style per column (_cell: the same
XML openpyxl's cell writer gives, which tests/documents compares value for value). The zip
cannot seek back, so each member's sizes follow its data (a data descriptor, as zip allows).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
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
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import Element, tostring

CHUNK_ROWS = 500  # rows written between two hand-offs to the response


class Pipe:
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


class StreamedBook:
    """A write-only workbook whose sheets are written into the zip as their rows come."""

    def __init__(self) -> None:
        self.pipe = Pipe()
        self.archive = ZipFile(self.pipe, "w", ZIP_DEFLATED, allowZip64=True)
        self.book = Workbook(write_only=True)
        self.book.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)  # as openpyxl's save

    def __enter__(self) -> "StreamedBook":
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

    def sheet(self, name: str, head: Callable[[Any], Sequence[Sequence[WriteOnlyCell]]]):
        """A new sheet, `head(sheet)` setting its widths, heights, merges, panes and print setup
        (they come before the rows) and giving its first rows, written."""
        sheet = self.book.create_sheet(name)
        sheet._id = len(self.book.worksheets)
        head = head(sheet)
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

    def rows(self, sheet, styles: Sequence[WriteOnlyCell], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
        """One row per item from row 3, each cell styled as its column's template; what the zip
        holds so far every CHUNK_ROWS rows; returns the last row written."""
        ids = [f"{template.style_id}" for template in styles]
        letters = [get_column_letter(index) for index in range(1, len(styles) + 1)]
        epoch, last, text = self.book.epoch, 2, []
        for last, values in enumerate(rows, start=3):
            xml = [f'<row r="{last}">']
            for number, (letter, style, value) in enumerate(zip(letters, ids, values, strict=True), start=1):
                cell = _cell(f"{letter}{last}", style, value, epoch)
                if cell is None:  # not a type the lists hold: openpyxl writes it
                    other = WriteOnlyCell(sheet, value)
                    other._style = copy(styles[number - 1]._style)
                    other.row, other.column = last, number
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
