"""导入历史清单, past the scheme phase (R2.10): a project the district approved, built, delivered,
retired or serves under an O&M budget before GovIT enters in that state, through the engine, with
what makes the state true (the approval, the system in the library) read from its row; a row that
does not bring it, or whose dates cannot be, is refused with why. The clock is pinned: "after
today" is judged against the day the import runs."""

import re
from datetime import date
from io import BytesIO

import pytest
import time_machine
from openpyxl import Workbook

from govit.acceptance.models import BuiltSystem, LibraryTally
from govit.approvals.models import Approval
from govit.audit.verify import verify
from govit.projects import errors, importing
from govit.projects.audit import first_broken_link
from govit.projects.models import Project
from govit.projects.workbook import read, template_xlsx
from govit.workflow import engine

pytestmark = pytest.mark.django_db
JIAOWEI = "重庆市渝中区教育委员会"
HEADER = ["项目名称", "申报单位", "项目类别", "投资估算（万元）", "年度", "状态", "批复文号", "批复金额（万元）",
          "批复日期", "交付使用日期", "部署政务云", "数据共享", "接入智能中枢", "停用日期", "停用原因", "数据去向"]  # fmt: skip


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        yield


def book(*rows: dict) -> bytes:
    """A list with the later columns; each row a dict of the header's cells (the rest blank)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["渝中区2024年度政务信息化项目清单"])
    sheet.merge_cells("A1:P1")
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(name) for name in HEADER])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(name: str, state: str, **cells) -> dict:
    base = {"项目名称": name, "申报单位": JIAOWEI, "项目类别": "建设类", "投资估算（万元）": 820, "年度": 2024,
            "状态": state}  # fmt: skip
    money = {
        "批复金额": "批复金额（万元）",
        "投资估算": "投资估算（万元）",
    }  # the header's name for a money cell
    return base | {money.get(key, key): value for key, value in cells.items()}


APPROVED = {"批复文号": "渝中发改投〔2024〕12号", "批复金额": 800, "批复日期": date(2024, 5, 20)}
LATER_LIST = (
    row("教育数据中台", "已批复", **APPROVED),  # row 3: 820万 → the combined path's approval
    row("智慧校园二期", "建设中", **APPROVED, 投资估算=2000),  # 4: > 1000万 → the separate path's
    row("校园安全平台", "已交付使用", 交付使用日期="2025-03-01", 部署政务云="是", 数据共享="否", 接入智能中枢="√"),
    row("老旧办公系统", "已停用", **APPROVED, 交付使用日期="2024年9月1日", 停用日期="2026/1/5",
        停用原因="功能并入数据中台", 数据去向="迁入区数据资源中心"),  # 6
    row("机房运维", "运维服务中", 项目类别="运维类", 投资估算=50),  # 7
    row("网站运维", "运维服务期满", 项目类别="运维类", 投资估算=30),  # 8
    row("终端运维", "已批复", 项目类别="运维类", 投资估算=40),  # 9: an O&M budget, no 文号 needed
    row("购买数据服务", "已批复", 项目类别="购买服务类", 投资估算=300, **APPROVED),  # 10: Order 87
)  # fmt: skip


def test_each_later_state_is_entered_with_what_makes_it_true(demo, client_for):
    preview = importing.preview(book(*LATER_LIST))
    assert [(r.outcome, r.reason) for r in preview.rows] == [("take", "")] * len(LATER_LIST)
    result = importing.take(user=demo["bdb"], content=book(*LATER_LIST), file_name="2024年清单.xlsx")
    assert result == {"taken": 8, "exists": 0, "refused": 0}
    projects = {p.name: p for p in Project.objects.filter(year=2024, unit__name=JIAOWEI)}
    assert {name: p.state for name, p in projects.items()} == {
        "教育数据中台": "approved", "智慧校园二期": "construction", "校园安全平台": "delivered",
        "老旧办公系统": "retired", "机房运维": "om_service", "网站运维": "om_closed", "终端运维": "approved",
        "购买数据服务": "approved",
    }  # fmt: skip
    assert all(p.list_code.startswith("YZ-2024-") for p in projects.values())  # every one was listed
    seen = Project.objects.visible_to(demo["bdb"]).filter(year=2024)  # it reached the bureaus before GovIT
    assert set(seen.values_list("name", flat=True)) == set(projects)
    kinds = dict(Approval.objects.filter(project__year=2024).values_list("project__name", "kind"))
    assert kinds == {"教育数据中台": "fsr_budget", "智慧校园二期": "design_budget", "老旧办公系统": "fsr_budget",
                     "购买数据服务": "order87"}  # fmt: skip
    approval = Approval.objects.get(project=projects["教育数据中台"])
    assert (approval.document_number, approval.approved_total, approval.approved_on) == (
        "渝中发改投〔2024〕12号", 8_000_000, date(2024, 5, 20))  # fmt: skip
    assert approval.recorded_by == demo["bdb"]
    safe = BuiltSystem.objects.get(project=projects["校园安全平台"])
    assert (safe.delivered_on, safe.on_cloud, safe.shares_data, safe.hub_connected, safe.retired_on) == (
        date(2025, 3, 1), True, False, True, None)  # fmt: skip
    old = BuiltSystem.objects.get(project=projects["老旧办公系统"])
    assert (old.retired_on, old.retire_reason, old.data_destination) == (
        date(2026, 1, 5), "功能并入数据中台", "迁入区数据资源中心")  # fmt: skip
    assert LibraryTally.objects.filter(year=2025, unit=safe.unit, retired=False).get().systems >= 1
    event = projects["老旧办公系统"].events.get(action="import_retired")
    assert event.to_state == "retired" and event.inputs["retirement"]["retired_on"] == "2026-01-05"
    assert event.inputs["approval"]["document_number"] == "渝中发改投〔2024〕12号"
    assert all(first_broken_link(p) is None for p in projects.values()) and verify()["ok"]
    issued = []
    for name, project in projects.items():  # every page of an imported project reads as any other's
        for client in (client_for("bdb"), client_for("drc")):
            page = client.get(f"/projects/{project.pk}/").content.decode()
            tabs = re.findall(
                r'href="(/projects/\d+/[a-z]+/)"', page.split('class="tabs"')[1].split("</nav>")[0]
            )
            papers = re.findall(
                r'href="(/projects/\d+/papers/[^"]+\.docx)"',
                client.get(f"/projects/{project.pk}/papers/").content.decode(),
            )
            issued += [name] * len(papers)
            for url in (*tabs, *papers, f"/projects/{project.pk}/dossier.zip"):
                assert client.get(url).status_code == 200, url
    # The DRC's approvals carry a 公文; Order 87's budget is the unit's own.
    assert set(issued) == {"教育数据中台", "智慧校园二期", "老旧办公系统"}
    again = importing.take(user=demo["bdb"], content=book(*LATER_LIST), file_name="2024年清单.xlsx")
    assert (
        again == {"taken": 0, "exists": 8, "refused": 0}
        and Approval.objects.filter(project__year=2024).count() == 4
    )


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (row("无文号", "已批复"), "已批复的项目须填批复文号和批复金额"),
        (row("坏文号", "建设中", 批复文号="发改2024-12", 批复金额=800), "批复文号“发改2024-12”无效"),
        (row("无金额", "已批复", 批复文号="渝中发改投〔2024〕12号"), "也须填批复金额"),
        (row("坏金额", "已批复", 批复文号="渝中发改投〔2024〕12号", 批复金额="八百"), "批复金额“八百”无效"),
        (row("零金额", "已批复", 批复文号="渝中发改投〔2024〕12号", 批复金额=0), "批复金额应大于零"),
        (row("明日批复", "已批复", **APPROVED | {"批复日期": "2026-06-16"}), "批复日期2026-06-16晚于今天"),
        (row("今日批复", "已批复", **APPROVED | {"批复日期": "2026-06-15"}), ""),  # today itself is not the future
        (row("太早", "已批复", **APPROVED | {"批复日期": "2022-12-31"}), "早于2024年度清单的编制"),
        (row("上年初", "已批复", **APPROVED | {"批复日期": "2023-01-01"}), ""),  # a year before the list's: kept
        (row("坏日期", "已批复", **APPROVED | {"批复日期": "五月"}), "批复日期“五月”无效"),
        (row("无交付日", "已交付使用"), "已交付使用的项目须填交付使用日期"),
        (row("先交付", "已交付使用", **APPROVED, 交付使用日期="2024-05-19"), "早于批复日期2024-05-20"),
        (row("同日交付", "已交付使用", **APPROVED, 交付使用日期="2024-05-20"), ""),
        (row("坏标记", "已交付使用", 交付使用日期="2025-03-01", 部署政务云="也许"), "部署政务云“也许”无效"),
        (row("无停用日", "已停用", 交付使用日期="2025-03-01"), "已停用的项目须填停用日期"),
        (row("先停用", "已停用", 交付使用日期="2025-03-01", 停用日期="2025-02-28"), "停用日期2025-02-28早于交付使用日期"),
        (row("试运行中", "试运行", **APPROVED), "须补录其初验、试运行等记录"),
        (row("运维在建", "建设中", 项目类别="运维类", 投资估算=50), "运维类项目的流程中没有“建设中”"),
        (row("建设类运维", "运维服务中"), "建设类项目的流程中没有“运维服务中”"),
    ],
)  # fmt: skip
def test_a_row_that_does_not_bring_what_its_state_needs_is_refused_with_why(demo, given, reason):
    (judged,) = importing.preview(book(given)).rows
    if reason:
        assert judged.outcome == "refuse" and reason in judged.reason, judged.reason
    else:
        assert (judged.outcome, judged.reason) == ("take", "")


def test_the_engine_enters_a_state_only_for_a_project_whose_life_has_it(demo):
    importing.take(
        user=demo["bdb"], content=book(row("机房", "申报中", 项目类别="运维类", 投资估算=50)), file_name="x"
    )
    project = Project.objects.get(name="机房")
    with pytest.raises(errors.NotPossible, match="运维类项目的流程中没有“建设实施”"):
        engine.enter(project=project, user=demo["bdb"], code="import_construction", inputs={})
    assert Project.objects.get(pk=project.pk).state == "draft"


def test_the_template_names_the_later_columns_and_reads_back():
    sheet = read(template_xlsx())
    assert {"approval_number", "approved_total", "delivered_on", "retired_on"} <= sheet.columns.keys()
    assert sheet.in_yuan == frozenset() and sheet.rows == []
    yuan = Workbook()
    yuan.active.append(["项目名称", "申报单位", "投资估算（万元）", "年度", "状态", "批复金额（元）"])
    out = BytesIO()
    yuan.save(out)
    assert read(out.getvalue()).in_yuan == {"approved_total"}
