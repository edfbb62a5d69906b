"""导入历史清单 (R2.10): a workbook as a bureau keeps it (merged title rows, a header over two lines,
a unit's cell merged down its projects, blank lines, the 合计 line), every row judged in the
preview, the projects taken in through the engine in the state their row says, twice the same
workbook changing nothing, and a long import as a job with its bar."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from govit.audit.models import AuditEvent
from govit.audit.verify import verify
from govit.jobs.models import Job, State
from govit.projects import errors, importing, tasks
from govit.projects.audit import first_broken_link
from govit.projects.models import Project
from govit.projects.workbook import WorkbookError, read, template_xlsx
from govit.workflow import engine

pytestmark = pytest.mark.django_db
JIAOWEI, JIEFANGBEI = "重庆市渝中区教育委员会", "重庆市渝中区解放碑街道办事处"


def workbook(
    rows: list[list], *, amount_header: str = "投资估算\n（万元）", merges: tuple[str, ...] = ()
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["渝中区2025年度政务信息化项目清单"])
    sheet.merge_cells("A1:H1")
    sheet.append(["（金额单位：万元）"])
    sheet.merge_cells("A2:H2")
    sheet.append(["序号", "项目名称", "申报单位", "项目类别", amount_header, "年度", "状态", "资金来源"])
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


BUREAU_LIST = [
    [1, "渝中区教育数据中台", JIAOWEI, "建设类", 820, 2025, "已纳入清单", "区级财政资金"],  # row 4
    [2, "校园安全视频整合", None, "建设类", "120.5", 2025, "申报中", None],  # 5: its unit merged from above
    [None] * 8,  # 6: a blank line
    [3, "解放碑街道网格化服务", "解放碑街道", "购买服务类", 300, "2025年", "未通过", ""],  # 7: by short name
    [4, "社区服务小程序", "解放碑街道办事处", "建设类", 60, 2025, "已撤回", ""],  # 8: without 重庆市渝中区
    [5, "某不存在单位系统", "某某局", "建设类", 100, 2025, "已纳入清单", ""],  # 9
    [6, "渝中区教育数据中台", "区教委", "建设类", 820, 2025, "已纳入清单", ""],  # 10: row 4 again
    [7, "运维中的系统", "区教委", "运维类", 50, 2025, "建设实施", ""],  # 11
    [8, "金额有误", "区教委", "建设类", "八百", 2025, "已纳入清单", ""],  # 12
    [9, "类别不明", "区教委", "其他类", 900, 2025, "已纳入清单", ""],  # 13
    [10, "财政局自己的系统", "区财政局", "建设类", 80, 2025, "已纳入清单", ""],  # 14: a bureau, not a unit
    [11, "年度有误", "区教委", "建设类", 80, "明年", "已纳入清单", ""],  # 15
    ["合计", None, None, None, 3210.5, None, None, None],  # 16
]


def test_the_preview_judges_every_row_of_a_list_as_a_bureau_keeps_it(demo):
    preview = importing.preview(workbook(BUREAU_LIST, merges=("C4:C5",)))
    judged = {row.number: (row.outcome, row.reason) for row in preview.rows}
    assert set(judged) == {4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15}  # no blank line, no 合计
    assert [judged[n][0] for n in (4, 5, 7, 8)] == ["take"] * 4
    assert preview.rows[1].facts["unit"].name == JIAOWEI  # the merged unit cell
    assert preview.rows[2].facts["unit"].name == JIEFANGBEI and preview.rows[2].facts["year"] == 2025
    assert "未知的申报单位“某某局”" in judged[9][1]
    assert judged[10] == ("refuse", "与第 4 行是同一项目（年度、单位和名称相同）。")
    assert judged[11] == ("refuse", "按第三条，运维类项目的流程中没有“建设实施”。")
    assert "投资估算“八百”无效" in judged[12][1]
    assert judged[14][0] == "refuse" and "不是项目单位" in judged[14][1]
    assert judged[15] == ("refuse", "年度“明年”无效。")
    assert "项目类别“其他类”无效" in judged[13][1]
    assert preview.rows[0].facts["amount"] == 8_200_000  # 万元, exactly


def test_a_category_the_work_and_amount_do_not_give_is_refused_with_the_article(demo):
    (row,) = importing.preview(
        workbook([[1, "运维系统", JIAOWEI, "运维类", 900, 2025, "已纳入清单", ""]])
    ).rows
    assert row.outcome == "take" and row.facts["category"] == "om"  # 运行维护 is 运维类 (第三条)
    book = Workbook()
    sheet = book.active
    sheet.append(["项目名称", "申报单位", "项目类别", "建设性质", "投资估算（万元）", "年度", "状态"])
    sheet.append(["新平台", JIAOWEI, "运维类", "新建", 900, 2025, "已纳入清单"])
    out = BytesIO()
    book.save(out)
    (row,) = importing.preview(out.getvalue()).rows
    assert row.outcome == "refuse" and row.reason.startswith("按第三条，新建、900.00万元的项目属建设类")


def test_the_projects_enter_the_state_their_row_says_through_the_engine_and_twice_changes_nothing(demo):
    content = workbook(BUREAU_LIST, merges=("C4:C5",))
    before = Project.objects.count()
    result = importing.take(user=demo["bdb"], content=content, file_name="2025年清单.xlsx")
    assert result == {"taken": 4, "exists": 0, "refused": 7}
    states = dict(
        Project.objects.filter(year=2025, unit__name__in=[JIAOWEI, JIEFANGBEI]).values_list("name", "state")
    )
    assert states["渝中区教育数据中台"] == "fsr_with_budget"  # 820万 construction: FSR with budget (第十三条)
    assert states["校园安全视频整合"] == "draft"
    assert states["解放碑街道网格化服务"] == "rejected" and states["社区服务小程序"] == "withdrawn"
    seen = set(Project.objects.visible_to(demo["drc"]).filter(year=2025).values_list("name", flat=True))
    # They reached the bureaus; a draft is the unit's own.
    assert {"渝中区教育数据中台", "解放碑街道网格化服务", "社区服务小程序"} <= seen
    assert "校园安全视频整合" not in seen
    listed = Project.objects.get(name="渝中区教育数据中台")
    assert listed.list_code == "YZ-2025-0001" and listed.listed_at is not None
    events = list(listed.events.order_by("seq").values_list("action", "label", "inputs"))
    assert [e[0] for e in events] == ["import", "import_listed"]
    assert events[0][1] == "从历史清单导入：2025年清单.xlsx" and events[1][2]["row"] == 4
    assert events[1][2]["batch"] == importing.preview(content).digest[:16]
    assert AuditEvent.objects.filter(project_id=listed.pk, action="import_listed").exists()
    assert first_broken_link(listed) is None and verify()["ok"], verify()["problems"]  # both chains hold
    again = importing.take(user=demo["bdb"], content=content, file_name="2025年清单.xlsx")
    assert again == {"taken": 0, "exists": 4, "refused": 7}
    assert Project.objects.count() == before + 4


def test_only_the_bdb_imports_and_the_engine_enters_only_a_fresh_import(demo, new_project):
    content = workbook(BUREAU_LIST[:1])
    with pytest.raises(errors.NotPermitted):
        importing.take(user=demo["jiaowei_unit"], content=content, file_name="x.xlsx")
    project = new_project()  # a unit's own draft, not an import
    with pytest.raises(errors.NotPossible, match="刚从历史清单导入"):
        engine.enter(project=project, user=demo["bdb"], code="import_listed", inputs={})
    with pytest.raises(errors.NotPermitted):
        engine.enter(project=project, user=demo["jiaowei_unit"], code="import_listed", inputs={})
    assert Project.objects.get(pk=project.pk).state == "draft"


def test_what_is_not_a_list_says_why(demo):
    with pytest.raises(WorkbookError, match="无法读取该文件"):
        read(b"not a workbook")
    book = Workbook()
    book.active.append(["项目名称", "申报单位", "年度"])
    out = BytesIO()
    book.save(out)
    with pytest.raises(WorkbookError, match="表头缺少：投资估算、项目状态"):
        read(out.getvalue())
    assert read(template_xlsx()).rows == []  # the template's header is found, and it holds no row
    yuan = importing.preview(workbook([[1, "按元计", JIAOWEI, "建设类", 1200000, 2025, "申报中", ""]],
                                      amount_header="投资估算（元）"))  # fmt: skip
    assert yuan.rows[0].facts["amount"] == 1_200_000


def test_the_page_previews_and_imports_and_a_long_import_is_a_job(
    demo, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for("bdb")
    assert client_for("jiaowei_unit").get("/projects/import/").status_code == 404
    assert "导入历史清单" in client.get("/projects/").content.decode()
    content = workbook(BUREAU_LIST, merges=("C4:C5",))
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("清单.xlsx", content)})
    text = page.content.decode()
    assert (
        page.status_code == 200
        and "将导入 <strong>4</strong> 个项目" in text
        and "未知的申报单位“某某局”" in text
    )
    digest = importing.preview(content).digest
    refused = client.post("/projects/import/", {"file": SimpleUploadedFile("x.xlsx", b"no")})
    assert refused.status_code == 422 and "无法读取该文件" in refused.content.decode()

    settings.GOVIT_IMPORT_INLINE_ROWS = 3  # four rows to take: a job
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/projects/import/confirm/", {"digest": digest, "file_name": "清单.xlsx"})
    job = Job.objects.get(kind=tasks.IMPORT_KIND)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == State.SUCCEEDED and (job.done, job.total) == (4, 4)
    assert job.message.startswith("导入完成：导入 4 个项目")
    settings.GOVIT_IMPORT_INLINE_ROWS = 300
    again = client.post(
        "/projects/import/confirm/", {"digest": digest, "file_name": "清单.xlsx"}, follow=True
    )
    assert "导入 0 个项目；已在 GovIT 中 4 个" in again.content.decode()
    template = client.get("/projects/import/template.xlsx")
    assert template.status_code == 200 and read(b"".join(template.streaming_content)).rows == []
