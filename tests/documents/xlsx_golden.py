"""What the three workbooks held before they were streamed: the same inputs (unsaved model
instances, no database) and a snapshot of every cell's value and look, every merge, width, height,
freeze, print title and page setup. `python -m tests.documents.xlsx_golden` rewrites the golden
file from the code as it is (only ever from a known-good tree)."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

GOLDEN = Path(__file__).with_name("xlsx_golden.json")
STATES = ["draft", "list_review", "listing", "construction", "delivered", "om_service", "retired"]
CHANNELS = ["district_investment", "government_procurement", "department_budget", "unknown"]


def _units():
    from govit.accounts.models import Organisation

    return [Organisation(name="重庆市渝中区教育委员会"), Organisation(name="渝中区解放碑街道办事处")]


def projects(count: int):
    """`count` projects of every category, state, channel and lateness, some unlisted, one amount
    missing and names with leading spaces, commas and quotes (what a cell must keep)."""
    from govit.projects.models import Project

    units = _units()
    categories = ["construction", "service", "om"]
    for i in range(count):
        yield Project(
            pk=i + 1,
            unit=units[i % 2],
            name=f"  项目{i}, “智慧”<系统>" if i % 7 == 3 else f"渝中区政务信息化项目{i}",
            list_code=None if i % 5 == 4 else f"YZ-2027-{i + 1:03d}",
            category=categories[i % 3],
            work_type="new" if i % 2 else "continuation",
            amount=None if i == 2 else Decimal(1_234_567 + i * 1001),
            funding_channel=CHANNELS[i % 4],
            state=STATES[i % len(STATES)],
            late=i % 4 == 1,
            late_accepted=i % 8 == 1,
            year=2027,
        )


def list_rows(count: int):
    """The projects as the list reads them (documents.xlsx.LIST_FIELDS)."""
    for p in projects(count):
        yield (p.list_code, p.name, p.unit.name, p.category, p.work_type, p.amount, p.funding_channel, p.state,
               p.late, p.late_accepted, p.key_project)  # fmt: skip


def systems(count: int):
    from govit.acceptance.models import BuiltSystem

    for i, project in enumerate(projects(count)):
        yield BuiltSystem(
            project=project,
            unit=project.unit,
            name=f"系统{i}",
            delivered_on=date(2026, 1 + i % 12, 1 + i % 28),
            on_cloud=i % 2 == 0,
            shares_data=i % 3 == 0,
            hub_connected=i % 4 == 0,
            retired_on=date(2027, 3, 1) if i % 5 == 0 else None,
            retire_reason="功能并入新平台" if i % 5 == 0 else "",
            data_destination="迁入区大数据中心" if i % 5 == 0 else "",
        )


def ledger(count: int):
    from govit.funds.models import Disbursement

    rows = []
    payments = []
    for i, project in enumerate(projects(count)):
        project.paid = Decimal(10_000 + i * 3)
        project.paid_all = Decimal(20_000 + i * 7) + Decimal("0.01")
        project.payments = 1 + i % 3
        project.budget = None if i % 6 == 5 else Decimal(500_000 + i)
        rows.append(project)
        payments.append(
            Disbursement(project=project, paid_on=date(2027, 1 + i % 12, 15), amount=Decimal(10_000 + i),
                         purpose="进度款", voucher=f"PZ-{i}")
        )  # fmt: skip
    per_year = [{"year": 2027, "total": Decimal(999_999), "count": 3, "projects": 2},
                {"year": 2026, "total": Decimal("0.01"), "count": 1, "projects": 1}]  # fmt: skip
    return rows, per_year, payments


def _colour(colour) -> str | None:
    return None if colour is None else str(colour.rgb)


def _side(side) -> list:
    return [side.style, _colour(side.color)] if side is not None else []


def snapshot(content: bytes) -> dict:
    """Everything a reader of the workbook sees, as plain data."""
    book = load_workbook(BytesIO(content))
    out = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        cells = []
        for row in sheet.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                value = c.value
                if isinstance(value, (date, Decimal)):
                    value = repr(value)
                cells.append(
                    [c.coordinate, value, c.number_format, c.font.name, c.font.b, c.font.sz,
                     c.fill.fill_type, _colour(c.fill.fgColor),
                     [_side(c.border.left), _side(c.border.right), _side(c.border.top), _side(c.border.bottom)],
                     c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text]
                )  # fmt: skip
        out[sheet.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items()) if d.width},
            "heights": {str(k): d.height for k, d in sorted(sheet.row_dimensions.items()) if d.height},
            "freeze": sheet.freeze_panes,
            "print_titles": sheet.print_title_rows,
            "page": [sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth,
                     sheet.page_setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage],
        }  # fmt: skip
    return out


def workbooks() -> dict[str, bytes]:
    """The inputs through the exporters: the list (with and without rows, with a classified count),
    the library and the ledger."""
    from govit.documents import xlsx

    def whole(content) -> bytes:
        return content if isinstance(content, bytes) else b"".join(content)

    rows, per_year, payments = ledger(9)
    return {
        "list": whole(xlsx.list_xlsx(list_rows(23), year=2027, classified=2)),
        "list-empty": whole(xlsx.list_xlsx(list_rows(0), year=None)),
        "library": whole(xlsx.library_xlsx(systems(11), title="渝中区已建政务信息化项目库")),
        "library-empty": whole(xlsx.library_xlsx(systems(0), title="渝中区已建政务信息化项目库")),
        "ledger": whole(xlsx.ledger_xlsx(rows, per_year, payments, title="资金台账（2027年）", year=2027)),
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    django.setup()
    golden = {name: snapshot(content) for name, content in workbooks().items()}
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
