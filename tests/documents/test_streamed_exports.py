"""Exports stream (issue 11): the workbooks hold exactly what they held before they were streamed,
their memory does not grow with the rows, and the views send them as a streaming response."""

import gc
import json
import sys
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import StreamingHttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from tests.documents import xlsx_golden

from govit.documents import xlsx


@pytest.mark.parametrize("name", ["list", "list-empty", "library", "library-empty", "ledger"])
def test_each_workbook_is_cell_for_cell_what_it_was_before_streaming(name):
    golden = json.loads(xlsx_golden.GOLDEN.read_text())[name]
    assert xlsx_golden.snapshot(xlsx_golden.workbooks()[name]) == golden


def test_the_snapshot_sees_a_changed_format(monkeypatch):
    """The comparison above can fail: a total row's count shown another way is a difference."""
    golden = json.loads(xlsx_golden.GOLDEN.read_text())["list"]
    monkeypatch.setattr(xlsx, "COUNT_FORMAT", '0"个"')
    assert xlsx_golden.snapshot(xlsx_golden.workbooks()["list"]) != golden


def test_the_first_bytes_leave_before_the_rows_are_all_read():
    """Pieces come while the projects are still being read: after the first piece with rows in
    it, most of the projects have not been asked for yet."""
    read = []

    def projects():
        for project in xlsx_golden.list_rows(5 * xlsx.CHUNK_ROWS):
            read.append(project)
            yield project

    pieces = xlsx.list_xlsx(projects(), year=2027)
    first = next(piece for piece in pieces if piece)
    assert first.startswith(b"PK\x03\x04")  # the sheet's zip member, opened
    assert len(read) <= xlsx.CHUNK_ROWS + 1
    rest = b"".join(pieces)
    assert len(read) == 5 * xlsx.CHUNK_ROWS
    archive = zipfile.ZipFile(BytesIO(first + rest))
    assert archive.testzip() is None
    assert archive.namelist()[0] == "xl/worksheets/sheet1.xml"
    assert archive.getinfo("xl/worksheets/sheet1.xml").flag_bits & 0x08  # sizes after the data
    sheet = load_workbook(BytesIO(first + rest)).active
    assert sheet.max_row == 2 + 5 * xlsx.CHUNK_ROWS + 4  # title, header, rows, three 小计 and 合计


def _peak(count: int) -> int:
    """The most memory the list's workbook took while written for `count` projects (made one at
    a time, as the database iterator hands them over), read as it comes and thrown away."""
    tracemalloc.start()
    try:
        for _piece in xlsx.list_xlsx(xlsx_golden.list_rows(count), year=2027, classified=1):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows():
    small, large = _peak(2_000), _peak(20_000)
    assert large < 1.5 * small, (small, large)
    assert large < 8 * 1024 * 1024, large


TRICKY = [
    None, "", " ", "  前后空格 ", "a\r\nb\tc", "<b>&amp;\"'</b>", "=1+1", "=", "#N/A", "#DIV/0!", "x" * 40_000,
    "零", 0, -7, 10**15, 1.5, Decimal("123.4567"), Decimal("100.000001"), Decimal("-0.0001"), Decimal(0),
    date(1900, 3, 1), date(2027, 12, 31), True, datetime(2027, 1, 2, 3, 4, 5),
]  # fmt: skip


@pytest.mark.parametrize("value", TRICKY, ids=lambda v: repr(v)[:20])
def test_a_data_cell_is_written_as_openpyxl_writes_it(value):
    """The rows' own cell writer and openpyxl's, on one cell each: the same value, type and look
    read back (a type the lists do not hold falls through to openpyxl)."""
    column = xlsx.Column("x", 10, "date" if isinstance(value, date) else "wrap")

    def ours():
        return xlsx.workbook_xlsx(
            [xlsx.Sheet("s", "t", (xlsx.Column("序号", 6, "center"), column), [(value,)])]
        )

    book = Workbook()
    sheet = book.active
    xlsx._style(sheet.cell(row=3, column=2, value=value), column)
    theirs = BytesIO()
    book.save(theirs)
    mine, reference = (
        load_workbook(BytesIO(b"".join(ours()))).active["B3"],
        load_workbook(theirs).active["B3"],
    )
    assert (mine.value, mine.data_type, mine.number_format) == (
        reference.value,
        reference.data_type,
        reference.number_format,
    )
    assert mine.alignment.wrap_text == reference.alignment.wrap_text


def test_a_control_character_is_refused_as_openpyxl_refuses_it():
    with pytest.raises(IllegalCharacterError):
        b"".join(
            xlsx.workbook_xlsx(
                [xlsx.Sheet("s", "t", (xlsx.Column("序号", 6), xlsx.Column("x", 9)), [("a\x07",)])]
            )
        )


def test_a_download_cancelled_half_way_closes_quietly(monkeypatch):
    """The browser goes away: the server closes the generator, and the half-written sheet and
    zip close in memory without an error left for the garbage collector."""
    ignored = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    pieces = xlsx.list_xlsx(xlsx_golden.list_rows(3 * xlsx.CHUNK_ROWS), year=2027)
    assert next(piece for piece in pieces if piece)
    pieces.close()
    del pieces
    gc.collect()
    assert ignored == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "url", "label"),
    [
        ("bdb", "/projects/export.xlsx", "导出项目清单：渝中区政务信息化项目清单（各年度）"),
        ("bdb", "/library/export.xlsx", "导出已建项目库：渝中区已建政务信息化项目库"),
        ("finance", "/funds/export.xlsx", "导出资金台账：渝中区政务信息化项目资金台账"),
    ],
)
def test_each_export_is_a_streaming_response_logged_once_before_it_is_sent(
    client_for, bulk_projects, who, url, label
):
    from govit.audit.models import AuditEvent, Kind

    bulk_projects(3)
    before = AuditEvent.objects.filter(kind=Kind.EXPORT).count()
    response = client_for(who).get(url)
    assert isinstance(response, StreamingHttpResponse) and response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert not response.has_header("Content-Length")
    event = AuditEvent.objects.filter(kind=Kind.EXPORT).order_by("-seq").first()
    assert AuditEvent.objects.filter(kind=Kind.EXPORT).count() == before + 1
    assert event.label == label and event.detail["filename"] == label.split("：", 1)[1] + ".xlsx"
    book = load_workbook(BytesIO(response.getvalue()))  # the whole file, and nothing logged again
    assert book.worksheets[0]["A1"].value == label.split("：", 1)[1]
    assert AuditEvent.objects.filter(kind=Kind.EXPORT).count() == before + 1
