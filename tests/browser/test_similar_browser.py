"""相似项目 beside the application form in Chromium (第四条): as the unit types, the panel shows its own
similar project, found in other words, with no request outside the machine and no script error."""

import pytest
from tests.fixtures.projects import FORM

from govit.projects import services

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}


def test_the_panel_follows_what_the_unit_types(demo, new_page, screenshot, guard):
    twin = services.project_create(
        user=demo["jiaowei_unit"],
        application=services.Application(**{**FORM, "year": 2028, "name": "中小学食堂阳光监管",
                                             "summary": "学生餐厅后厨直播，家长用小程序查看食谱。"}),
    )  # fmt: skip
    page = new_page(DESKTOP)
    page.goto("/login/")
    page.get_by_label("用户名").fill("jiaowei_unit")
    page.get_by_label("密码").fill("GovIT-Demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "login" not in url)
    page.goto("/projects/new/")
    panel = page.locator("#similar")
    assert "填写项目名称和主要建设内容后" in panel.inner_text()
    page.get_by_label("项目名称").fill("学校智慧食堂")
    page.locator('[name="summary"]').fill("学校伙房明厨亮灶，监护人在手机上查看每日菜谱。")
    found = panel.get_by_role("link", name=twin.name)
    found.wait_for(timeout=10_000)
    assert found.get_attribute("href") == f"/projects/{twin.pk}/"
    assert panel.locator("mark.term").count() > 0
    screenshot(page, "similar-while-typing")
    guard.assert_clean()
