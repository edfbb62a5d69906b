"""The year's plan (第五条) walked as its people would: the leading group's office opens the demo's
2027 plan awaiting the group, records the group's approval and ticks a key project; the project
list and 重点项目 then mark it, and the BDB composes a new version. Screenshots:
test-artifacts/screenshots/walk-plan/."""

from io import StringIO

import pytest
from django.core.management import call_command
from tests.browser.test_walk_construction import DESKTOP, Walk

from govit import clock
from govit.plans.models import YearPlan
from govit.projects.models import Project

pytestmark = pytest.mark.browser
KEY = "渝中区中小学校园安全监管平台"


def test_the_office_approves_the_plan_with_a_key_project_and_the_bdb_composes_anew(
    demo, new_page, screenshot
):
    call_command("load_demo", stdout=StringIO())
    walk = Walk(new_page(DESKTOP), "walk-plan", screenshot)
    page = walk.page

    walk.login("lg_office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="年度建设规划").click()
    page.wait_for_url("**/plans/")
    assert "已提交领导小组" in page.locator("tbody tr").first.inner_text()
    walk.shot("plans")
    page.get_by_role("link", name="2027年度").first.click()
    assert "第2版" in page.locator("h1").inner_text()
    form = page.locator("#decide")
    form.get_by_label("会议名称").fill("区云长制领导小组2027年第5次会议")
    form.get_by_label("会议日期").fill(clock.today().isoformat())
    form.get_by_label("会议纪要文号").fill("渝中云长办〔2027〕5号")
    form.get_by_label("审定通过").check()
    form.get_by_label(KEY, exact=False).check()
    walk.shot("decide")
    form.get_by_role("button", name="登记审议结论").click()
    page.locator(".alert--success").wait_for()
    assert "审定通过" in page.locator("#decision").inner_text()
    assert "重点" in page.locator("#plan-lines tr", has_text=KEY).inner_text()
    walk.shot("approved")
    assert YearPlan.objects.get(year=2027, number=2).state == "approved"
    assert Project.objects.get(name=KEY).key_project

    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目清单").click()
    page.wait_for_url("**/projects/")
    assert "重点" in page.locator("tbody tr", has_text=KEY).inner_text()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="重点项目").click()
    page.wait_for_url("**/key-projects/")
    rows = page.locator("#key-projects tbody tr")
    assert (
        rows.count() == 2 and "尚未评价" in page.locator("#key-projects tr", has_text="智慧食堂").inner_text()
    )
    walk.shot("key-projects")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="年度建设规划").click()
    page.get_by_label("规划年度").fill("2027")
    page.get_by_role("button", name="编制规划").click()
    page.wait_for_url("**/plans/*/")
    assert "第3版" in page.locator("h1").inner_text() and "草稿" in page.locator(".badges").inner_text()
    walk.shot("composed")
