"""信息公开 in the browser: a member of the public opens /public/ with no login, filters the list and
downloads its open data; the BDB withdraws a column on its settings page and the public page loses
it at once. Screenshots: test-artifacts/screenshots/public/ (1366×768 and 375px)."""

import pytest
from django.core.cache import cache
from tests.browser.test_walk_construction import DESKTOP, PASSWORD, PHONE

from govit.projects.demo import demo_projects_load
from govit.projects.models import Project
from govit.public.demo import demo_columns_publish

pytestmark = pytest.mark.browser
FOLDER = "public"


@pytest.fixture
def district(demo):
    cache.clear()
    demo_projects_load()
    demo_columns_publish()
    yield Project.objects.filter(list_code__isnull=False, classified_at=None)
    cache.clear()


def test_the_public_reads_filters_and_downloads_and_the_bdb_withdraws_a_column(
    new_page, screenshot, district
):
    page = new_page(DESKTOP)
    page.goto("/public/")
    assert page.get_by_role("heading", name="渝中区政务信息化项目信息公开").is_visible()
    assert "登录" not in page.title()
    listed = district.count()
    assert page.locator(".totals").inner_text().replace("\n", "").startswith(f"合计{listed} 项")
    screenshot(page, f"{FOLDER}/public-list-desktop")
    page.get_by_label("所处阶段").select_option(label="运行使用")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/public/?*stage=operation*")
    rows = page.locator("table tbody tr")
    built = district.filter(state__in=("delivered", "om_service")).count()
    assert rows.count() == min(built, 50)  # a page of 50 (the demo's past systems are many)
    assert page.locator(".totals").inner_text().replace("\n", "").startswith(f"合计{built} 项")
    assert "交付使用日期" in page.locator("table thead").inner_text()
    screenshot(page, f"{FOLDER}/public-list-operation")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.splitlines()[0].startswith("项目名称,项目单位")
    assert len(text.splitlines()) == built + 1

    phone = new_page(PHONE)
    phone.goto("/public/")
    screenshot(phone, f"{FOLDER}/public-list-phone")

    bdb = new_page(DESKTOP)
    bdb.goto("/login/")
    bdb.get_by_label("用户名").fill("bdb")
    bdb.get_by_label("密码").fill(PASSWORD)
    bdb.get_by_role("button", name="登录").click()
    bdb.wait_for_url(lambda url: not url.endswith("/login/"))
    bdb.get_by_role("navigation", name="主导航").get_by_role("link", name="信息公开").click()
    bdb.wait_for_url("**/settings/public/")
    bdb.get_by_label("批复金额（万元）").uncheck()
    screenshot(bdb, f"{FOLDER}/public-columns")
    bdb.get_by_role("button", name="保存").click()
    assert bdb.get_by_text("已保存").is_visible()
    page.goto("/public/")
    assert "批复金额" not in page.locator("main").inner_text()
    assert page.locator("table tbody tr").count() > 0
