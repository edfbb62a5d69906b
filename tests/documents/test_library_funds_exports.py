"""The library of built systems (第二十四条) and the funds ledger (第二十二条) as .xlsx: the same
people, filters and rows as their pages, amounts in 万元, totals as formulas, fixed queries."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from tests.acceptance.test_library_pages import systems  # noqa: F401  (the fixture, shared)
from tests.funds.test_pages import _pay, approved  # noqa: F401  (the fixture, shared)

from govit.funds.models import Disbursement

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.getvalue())), response


def _exact(value) -> Decimal:
    """A number read back from the workbook, as the decimal it was written from."""
    return Decimal(repr(value)).normalize()


def _rows(sheet) -> list[tuple]:
    """The data rows: from row 3 to the row before the total."""
    return [row for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row - 1, values_only=True)]


def test_the_library_workbook_holds_the_systems_the_person_sees_with_counting_totals(client_for, systems):  # noqa: F811
    systems(4, unit="jiaowei")
    systems(2, unit="jiefangbei", start=4)
    book, response = _book(client_for("jiaowei_unit"), "/library/export.xlsx")
    assert quote("渝中区已建政务信息化项目库.xlsx") in response["Content-Disposition"]
    sheet = book["已建项目库"]
    assert sheet["A1"].value == "渝中区已建政务信息化项目库"
    assert [c.value for c in sheet[2]][:6] == [
        "序号",
        "系统名称",
        "清单编号",
        "使用单位",
        "项目类别",
        "交付使用日期",
    ]
    rows = _rows(sheet)
    assert len(rows) == 4 and {row[3] for row in rows} == {"重庆市渝中区教育委员会"}
    assert [row[0] for row in rows] == [1, 2, 3, 4]
    # delivered 2027 first (n odd), then 2026; n = 0..3: on the cloud when even
    assert [(row[5].date(), row[6]) for row in rows] == [
        (date(2027, 3, 1), "否"), (date(2027, 3, 1), "否"), (date(2026, 3, 1), "是"), (date(2026, 3, 1), "是"),
    ]  # fmt: skip
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[0] == "合计"
    assert (
        total[1] == "=COUNTA(B3:B6)"
        and total[6] == '=COUNTIF(G3:G6,"是")'
        and total[9] == '=COUNTIF(J3:J6,"已停用")'
    )
    assert len(_rows(_book(client_for("bdb"), "/library/export.xlsx")[0].active)) == 6


def test_the_library_workbook_keeps_the_pages_filters(client_for, systems):  # noqa: F811
    made = systems(10)
    book, response = _book(client_for("bdb"), "/library/export.xlsx", retired="yes", year="2027")
    assert quote("渝中区已建政务信息化项目库（2027年交付）.xlsx") in response["Content-Disposition"]
    rows = _rows(book.active)
    expected = [s for n, s in enumerate(made) if n % 5 == 4 and n % 2 == 1]  # retired, delivered 2027
    assert [row[1] for row in rows] == [s.name for s in expected]
    assert all(
        row[9] == "已停用" and row[10].date() == date(2030, 1, 1) and row[12] == "迁移" for row in rows
    )


def test_the_library_workbook_of_nothing_is_a_sheet_with_a_zero_total(client_for, demo):
    book, _ = _book(client_for("jfb_unit"), "/library/export.xlsx", unit="999")
    sheet = book.active
    assert sheet.max_row == 3 and sheet["A3"].value == "合计" and sheet["B3"].value == 0


def test_the_ledger_workbook_is_for_finance_and_audit_only(client_for, demo):
    assert client_for("bdb").get("/funds/export.xlsx").status_code == 403
    assert client_for("jiaowei_unit").get("/funds/export.xlsx").status_code == 403
    assert client_for("audit").get("/funds/export.xlsx").status_code == 200


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)  # the payments of 2027 have happened
def test_the_ledger_workbook_by_project_by_year_and_every_payment(client_for, demo, approved):  # noqa: F811
    _pay(demo, approved, "3000000", "2026-10-01", "PZ-1")
    _pay(demo, approved, "1000000.01", "2027-02-01", "PZ-2")
    book, response = _book(client_for("finance"), "/funds/export.xlsx")
    assert book.sheetnames == ["按项目", "按年度", "拨付明细"]
    assert quote("渝中区政务信息化项目资金台账.xlsx") in response["Content-Disposition"]
    [row] = _rows(book["按项目"])
    assert row[2] == approved.name
    paid, count, paid_all, budget, left = row[4:]
    assert [_exact(v) for v in (paid, paid_all, budget, left)] == [
        Decimal("400.000001"), Decimal("400.000001"), Decimal("800"), Decimal("399.999999"),
    ] and count == 2  # fmt: skip
    assert (
        book["按项目"]["E4"].value == "=SUM(E3:E3)" and book["按项目"]["E3"].number_format == "#,##0.00####"
    )
    assert [(r[1], _exact(r[2]), r[3]) for r in _rows(book["按年度"])] == [
        ("2027年", Decimal("100.000001"), 1),
        ("2026年", Decimal("300"), 1),
    ]
    payments = _rows(book["拨付明细"])
    assert [(r[1].date(), _exact(r[5]), r[7]) for r in payments] == [
        (date(2026, 10, 1), Decimal("300"), "PZ-1"), (date(2027, 2, 1), Decimal("100.000001"), "PZ-2"),  # to the fen
    ]  # fmt: skip
    assert book["拨付明细"]["F3"].number_format == "#,##0.00####"


@time_machine.travel("2027-03-10 10:00 +0800", tick=False)  # the payments of 2027 have happened
def test_the_ledger_workbook_of_one_year(client_for, demo, approved):  # noqa: F811
    _pay(demo, approved, "3000000", "2026-10-01", "PZ-1")
    _pay(demo, approved, "1000000", "2027-02-01", "PZ-2")
    book, response = _book(client_for("audit"), "/funds/export.xlsx", year="2027")
    assert quote("渝中区政务信息化项目资金台账（2027年）.xlsx") in response["Content-Disposition"]
    sheet = book["按项目"]
    assert sheet["E2"].value == "2027年拨付（万元）"
    [row] = _rows(sheet)
    assert (row[4], row[5], row[6]) == (100, 1, 400)  # the year; all years
    assert [r[7] for r in _rows(book["拨付明细"])] == ["PZ-2"]


def test_both_workbooks_cost_the_same_queries_for_few_rows_or_many(client_for, systems, bulk_projects, demo):  # noqa: F811
    def queries(client, url):
        with CaptureQueriesContext(connection) as captured:
            _book(client, url)
        return len(captured)

    def pay(count):
        for project in bulk_projects(count):
            _pay_raw(project, demo)

    client = client_for("finance")
    systems(3)
    pay(3)
    few = queries(client, "/library/export.xlsx"), queries(client, "/funds/export.xlsx")
    systems(30, start=3)
    pay(30)
    assert (queries(client, "/library/export.xlsx"), queries(client, "/funds/export.xlsx")) == few


def _pay_raw(project, demo):
    """A payment row without the budget check (bulk projects have no approval)."""
    Disbursement.objects.create(
        project=project, paid_on=date(2026, 5, 1), amount=Decimal(1000), purpose="进度款", voucher=f"PZ-{project.pk}",
        recorded_by=demo["finance"],
    )  # fmt: skip
