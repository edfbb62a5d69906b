"""The BDB imports last year's list as the bureau kept it in Excel, through the page: downloads the
template, uploads its workbook (a merged title, a unit merged down its projects, a 合计 line, a
delivered system and an approved project beside a row it cannot take), reads the preview, confirms,
and finds the delivered system in the library. Dates are computed from the clock: the walk holds on
any day. Screenshots: test-artifacts/screenshots/walk-import/."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from tests.browser.test_walk_construction import DESKTOP, Walk

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.projects.models import Project

pytestmark = pytest.mark.browser
JIAOWEI = "重庆市渝中区教育委员会"


def bureau_list(year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([f"渝中区{year}年度政务信息化项目清单"])
    sheet.merge_cells("A1:J1")
    sheet.append(["序号", "项目名称", "申报单位", "项目类别", "投资估算（万元）", "年度", "状态", "批复文号",
                  "批复金额（万元）", "交付使用日期"])  # fmt: skip
    sheet.append([1, "渝中区教育资源公共服务平台", JIAOWEI, "建设类", 680, year, "已交付使用",
                  f"渝中发改投〔{year}〕8号", 650, date(year, 9, 1)])  # fmt: skip
    sheet.append(
        [2, "校园食品安全追溯系统", None, "建设类", 260, year, "已批复", f"渝中发改投〔{year}〕15号", 250]
    )
    sheet.append([3, "教师研修管理系统", None, "建设类", 90, year, "试运行", None, None])
    sheet.merge_cells("C3:C5")
    sheet.append(["合计", None, None, None, 1030, None, None, None, 900])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_bdb_imports_last_years_list_and_finds_its_delivered_system_in_the_library(
    demo, new_page, screenshot, tmp_path
):
    year = clock.today().year - 1
    walk = Walk(new_page(DESKTOP), "walk-import", screenshot)
    page = walk.page
    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目清单").click()
    page.get_by_role("link", name="导入历史清单").click()
    page.wait_for_url("**/projects/import/")
    with page.expect_download() as template:
        page.get_by_role("link", name="下载导入模板").click()
    header = [cell.value for cell in load_workbook(BytesIO(template.value.path().read_bytes())).active[2]]
    assert {"项目名称", "状态", "批复文号", "交付使用日期"} <= set(header)
    walk.shot("import-page")

    workbook = tmp_path / f"{year}年度项目清单.xlsx"
    workbook.write_bytes(bureau_list(year))
    page.locator('input[type="file"]').set_input_files(str(workbook))
    page.get_by_role("button", name="预览").click()
    preview = page.locator("#preview")
    preview.wait_for()
    assert "将导入 2 个项目" in preview.inner_text() and "不导入 1 行" in preview.inner_text()
    refused = page.locator(".import-row--refuse")
    assert "教师研修管理系统" in refused.inner_text() and "须补录其初验、试运行等记录" in refused.inner_text()
    assert page.locator(".import-row--take").count() == 2
    walk.shot("import-preview")

    page.get_by_role("button", name="确认导入 2 个项目").click()
    page.wait_for_url("**/projects/")
    assert "导入完成：导入 2 个项目" in page.locator(".alert--success").inner_text()
    walk.shot("import-done")
    delivered = Project.objects.get(name="渝中区教育资源公共服务平台")
    approved = Project.objects.get(name="校园食品安全追溯系统")
    assert (delivered.state, approved.state) == ("delivered", "approved")
    assert BuiltSystem.objects.get(project=delivered).delivered_on == date(year, 9, 1)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="已建项目库").click()
    page.wait_for_url("**/library/**")
    assert page.get_by_text("渝中区教育资源公共服务平台").first.is_visible()
    walk.shot("library")
    page.get_by_role("link", name="渝中区教育资源公共服务平台").first.click()
    page.wait_for_url(f"**/projects/{delivered.pk}/**")
    assert "从历史清单导入（已交付使用）" in page.content()
    walk.shot("delivered-project")
