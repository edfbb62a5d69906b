"""Documents out (R8.4): the list as .xlsx with its totals, the application form as .docx in the
layout of Attachment 1."""

from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from docx import Document as WordDocument
from docx.shared import Cm
from openpyxl import load_workbook

from govit.projects.models import Project

HEADER = [
    "序号",
    "清单编号",
    "项目名称",
    "单位",
    "类别",
    "建设性质",
    "投资估算（万元）",
    "资金渠道",
    "状态",
    "是否逾期",
]
# Attachment 1's rows: the labels in the first column and, where a row has one, in the third.
ATTACHMENT_1 = [
    ("项目名称", None),
    ("项目负责人", "联系电话"),
    ("项目联系人", "联系电话"),
    ("项目类别", None),
    ("项目建设理由", None),
    ("项目内容简介", None),
    ("预期效果描述", None),
    ("项目投资估算", "资金来源"),
    ("项目进展（项目开展时间、运营模式、项目阶段、项目进度等）", None),
]


def _workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.getvalue()))


def test_the_list_exports_with_title_header_rows_and_totals(client_for, bulk_projects, listed):
    bulk_projects(5)  # 2 construction, 2 service, 1 om; rows 0 late
    listed(name="已入清单的项目", amount="800万")
    response = client_for("bdb").get("/projects/export.xlsx", {"year": 2027})
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "渝中区2027年度政务信息化项目清单.xlsx"
    )
    sheet = _workbook(response).active
    assert sheet["A1"].value == "渝中区2027年度政务信息化项目清单"
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == HEADER
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=8)]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    listed_row = next(r for r in rows if r[2] == "已入清单的项目")
    assert listed_row[1].startswith("YZ-2027-") and listed_row[3] == "重庆市渝中区教育委员会"
    assert listed_row[4:] == [
        "建设类",
        "续建",
        Decimal("800"),
        "纳入区级投资项目",
        "编制可研报告及概算（代初设）",
        "否",
    ]
    first = next(r for r in rows if r[2] == "批量项目0000")
    assert first[1] == "未纳入清单" and first[6] == Decimal("10") and first[9] == "逾期申报"
    assert sheet["G3"].number_format == "#,##0.0000"
    totals = [[c.value for c in row] for row in sheet.iter_rows(min_row=9, max_row=12)]
    assert [t[0] for t in totals] == ["建设类小计", "购买服务类小计", "运维类小计", "合计"]
    assert totals[0][4] == '=COUNTIF($E$3:$E$8,"建设类")'
    assert totals[0][6] == '=SUMIF($E$3:$E$8,"建设类",$G$3:$G$8)'
    assert totals[3][4] == "=COUNTA($C$3:$C$8)" and totals[3][6] == "=SUM($G$3:$G$8)"
    assert sheet.column_dimensions["C"].width > 30
    assert sheet.freeze_panes == "A3"


def test_the_export_keeps_the_lists_filters_and_scope(client_for, bulk_projects):
    bulk_projects(6)
    bulk_projects(2, unit="jiefangbei")
    sheet = _workbook(client_for("bdb").get("/projects/export.xlsx", {"category": "om"})).active
    assert sheet["A1"].value == "渝中区政务信息化项目清单（各年度）"
    assert [sheet.cell(row=r, column=5).value for r in (3, 4)] == ["运维类", "运维类"]
    assert sheet["A5"].value == "建设类小计"
    own = _workbook(client_for("jfb_unit").get("/projects/export.xlsx")).active
    assert {own.cell(row=r, column=4).value for r in (3, 4)} == {"重庆市渝中区解放碑街道办事处"}
    assert own["A5"].value == "建设类小计"


def test_an_empty_export_still_has_its_totals(client_for):
    sheet = _workbook(client_for("bdb").get("/projects/export.xlsx", {"year": 2030})).active
    assert [sheet.cell(row=r, column=1).value for r in range(3, 7)] == [
        "建设类小计",
        "购买服务类小计",
        "运维类小计",
        "合计",
    ]
    assert sheet["G6"].value == "0"


def _docx(response):
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return WordDocument(BytesIO(response.content))


def _text(cell) -> str:
    return "".join(cell.text.split())


def test_the_application_form_is_laid_out_as_attachment_1(client_for, new_project):
    project = new_project(amount="1200.5万")
    response = client_for("jiaowei_unit").get(f"/projects/{project.pk}/application.docx")
    assert quote("渝中区智慧教育管理平台-申报表.docx") in response["Content-Disposition"]
    document = _docx(response)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "附件1"
    assert paragraphs[1] == "渝中区政务信息化项目申报表"
    assert paragraphs[2].startswith("单位名称（盖章）：重庆市渝中区教育委员会\t")
    assert paragraphs[2].endswith(
        f"{project.form_date.year}年{project.form_date.month}月{project.form_date.day}日"
    )
    assert paragraphs[-1] == "填表人：王晓燕\t联系电话：13900139000"

    (table,) = document.tables
    labels = [(_text(row.cells[0]), _text(row.cells[2]) if row.cells[2] is not row.cells[1] and row.cells[2]._tc is not row.cells[1]._tc else None)
              for row in table.rows]  # fmt: skip
    assert labels == ATTACHMENT_1
    values = {_text(row.cells[0]): _text(row.cells[1]) for row in table.rows}
    assert values["项目名称"] == "渝中区智慧教育管理平台"
    assert values["项目类别"] == "建设类☑购买服务类☐运维类☐"
    assert values["项目投资估算"] == "1,200.50万元"
    assert values["项目建设理由"].startswith("（项目建设的具体理由或相关文件批示、会议纪要等依据）落实市教委")
    assert _text(table.rows[1].cells[3]) == "13800138000" and _text(table.rows[2].cells[3]) == "023-63881234"


def test_the_application_form_is_a4_with_chinese_fonts_named(client_for, new_project):
    project = new_project(work_type="service_purchase", amount="300万")
    document = _docx(client_for("jiaowei_unit").get(f"/projects/{project.pk}/application.docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert abs(section.page_width - section.left_margin - section.right_margin - Cm(15.6)) < Cm(0.01)
    title = document.paragraphs[1].runs[0]
    assert title.font.name == "宋体" and title.font.size.pt == 22 and title.font.bold
    east_asia = {r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
                 for p in document.tables[0]._cells for r in p.paragraphs[0].runs}  # fmt: skip
    assert east_asia == {"仿宋"}
    assert "购买服务类☑" in _text(document.tables[0].rows[3].cells[1])
    assert abs(sum(c.width for c in document.tables[0].columns) - Cm(15.6)) < Cm(0.01)


@pytest.mark.parametrize("username", ["jiaowei_leader", "jiaowei_unit"])
def test_the_units_people_download_even_a_draft(client_for, new_project, username):
    assert client_for(username).get(f"/projects/{new_project().pk}/application.docx").status_code == 200


def test_a_draft_with_blanks_still_downloads(client_for, demo):
    from govit.projects import services

    project = services.project_create(
        user=demo["jiaowei_unit"],
        application=services.Application(name="空白草稿", amount="10万", year=2027, work_type="maintenance"),
    )
    table = _docx(client_for("jiaowei_unit").get(f"/projects/{project.pk}/application.docx")).tables[0]
    assert _text(table.rows[0].cells[1]) == "空白草稿"
    assert Project.objects.count() == 1
