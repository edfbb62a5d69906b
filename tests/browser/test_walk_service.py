"""A service project (购买服务类, 300万元) walked through the real pages from the street office's
draft, once returned by the BDB for revision, to the unit's budget under MoF Order No. 87
(第十三条第三款). Screenshots: test-artifacts/screenshots/walk-service/."""

import re

import pytest
from tests.browser.test_walk_construction import DESKTOP, PHONE, Walk, fill_application, phone_shots

from govit.approvals.models import Approval
from govit.projects.models import ApplicationVersion, Project

pytestmark = pytest.mark.browser


def test_a_service_project_is_walked_to_its_order_87_budget(demo, new_page, screenshot, guard):
    walk = Walk(new_page(DESKTOP), "walk-service", screenshot)
    page = walk.page
    name = "解放碑街道智慧社区服务（购买服务）"

    # 1. The street office applies for 2028 (before the call closes on 2027-09-30).
    walk.login("jfb_unit")
    fill_application(walk, name, work_type="购买服务", amount="300")
    assert not page.locator("#proposal").is_visible()  # not new: no proposal (第九条)
    page.locator("#route-panel").get_by_text("按财政部令第87号编审预算方案", exact=True).wait_for()
    assert "购买服务类" in page.locator("#route-panel").inner_text()
    walk.shot("new-filled")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r".*/projects/\d+/edit/$"))
    project = Project.objects.get(name=name)
    assert (project.category, project.path) == ("service", "service")
    walk.shot("saved-with-route")
    page.get_by_role("link", name="返回项目页").click()
    walk.act("submit", "提交单位负责人确认")

    walk.login("jfb_leader")
    walk.todo_then_project("jfb_leader", name)
    walk.act("confirm", "确认并报送区大数据发展局")

    # 2. The BDB returns it for revision; the unit sees the comment and what it changes.
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    walk.act(
        "review_return", "退回修改", fill={"comment": "请细化服务内容和考核指标，投资估算请核减至280万元。"}
    )
    walk.login("jfb_unit")
    walk.todo_then_project("jfb_unit", name)
    page.get_by_role("link", name="修改申报").click()
    assert "请细化服务内容和考核指标" in page.locator(".card--notice").inner_text()
    page.locator('[name="amount_0"]').fill("2800000")
    page.locator('[name="amount_1"]').select_option(label="元")
    page.locator('[name="summary"]').fill(
        "以购买服务方式建设社区服务平台，按季度考核服务质量（响应时间、办结率、满意度）。"
    )
    walk.shot("returned-editing")
    page.get_by_role("button", name="保存").click()
    page.locator(".alert--success").wait_for()
    diff = page.locator("#diff-title").locator("xpath=..").inner_text()
    assert "项目投资估算（元）" in diff and "3000000.00" in diff and "2800000.00" in diff
    walk.shot("returned-diff")
    page.get_by_role("link", name="返回项目页").click()
    walk.act("submit", "提交单位负责人确认")
    walk.login("jfb_leader")
    walk.todo_then_project("jfb_leader", name)
    walk.act("confirm", "确认并报送区大数据发展局")
    assert ApplicationVersion.objects.filter(project=project).count() == 2

    # 3. The BDB sees the changes since the first submission, passes and lists it.
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    assert "本次报送与第1次报送相比的修改" in page.inner_text("main")
    walk.act("review_pass", "审核通过，待纳入清单")
    walk.act("list", "纳入项目清单")
    walk.state_is("编制初步设计及概算")
    assert "按政府采购相关流程办理" in page.inner_text("main")  # 第十条

    # 4. The unit records its preparer, uploads the design and budget, and submits them.
    walk.login("jfb_unit")
    walk.todo_then_project("jfb_unit", name)
    assert page.locator("#action-submit_design button[disabled]").is_visible()
    page.locator("#preparer summary").click()
    page.get_by_label("编制单位（第三方专业机构）").select_option(label="重庆山城信息工程设计院有限公司")
    page.get_by_label("资质").fill("信息系统集成一级")
    page.get_by_role("button", name="登记编制单位").click()
    page.locator(".alert--success").wait_for()
    assert not page.locator("#national-code").count()  # a service project has no national code
    walk.upload("初步设计方案", "初步设计方案.pdf")
    walk.upload("概（预）算方案", "预算方案.pdf")
    walk.act("submit_design", "提交初步设计及概（预）算方案")

    # 5. The BDB reviews the design and gives its opinion; no DRC step (第十三条第三款).
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    walk.act(
        "design_pass",
        "审核通过，出具审核意见",
        fill={"comment": "同意该初步设计，请按财政部令第87号编审预算方案。"},
    )

    # 6. The unit records its Order 87 budget: a wrong sum is refused with its article, then fixed.
    walk.login("jfb_unit")
    walk.todo_then_project("jfb_unit", name)
    walk.upload("概（预）算方案", "预算方案审定.pdf")  # R3.9: the budget input takes a budget document
    action = page.locator("#action-record_budget")
    action.locator("summary").click()
    for field, value in {"approved_total_0": "280", "approved_software_0": "200", "approved_hardware_0": "50",
                         "approved_other_0": "20"}.items():  # fmt: skip
        action.locator(f'[name="record_budget-{field}"]').fill(value)
    Walk.select(action.locator('select[name="record_budget-approval_document"]'), "预算方案审定.pdf")
    action.get_by_role("button", name="确认登记预算方案（财政部令第87号）").click()
    error = page.get_by_role("alert").first.inner_text()
    assert "软件、硬件、其他三项金额之和应等于批复总投资" in error and "第十三条" in error
    walk.shot("record_budget-refused")
    # The refusal is a 409 page on purpose (R9.2: the reason and its article); Chromium logs any
    # 4xx document as a console error, so forget exactly that one.
    guard.console_errors.remove(
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    )
    action = page.locator("#action-record_budget")
    assert action.get_attribute("open") is not None  # the form stays open with what was typed
    action.locator('[name="record_budget-approved_other_0"]').fill("30")
    walk.shot("record_budget-fixed")
    action.get_by_role("button", name="确认登记预算方案（财政部令第87号）").click()
    page.locator(".alert--success").wait_for()
    walk.shot("record_budget-done")
    walk.state_is("前期审批完成，待采购实施")
    approval = Approval.objects.get(project=project)
    assert (approval.kind, str(approval.approved_total)) == ("order87", "2800000.00")
    phone_shots(new_page, walk, "jfb_unit", project, "approved")

    # 7. The flowcharts the route follows, drawn from the same declaration.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="流程图").click()
    page.locator("#flow-service svg").wait_for()
    walk.shot("flowcharts")
    phone = new_page(PHONE)
    phone.goto("/login/")
    phone.get_by_label("用户名").fill("jfb_unit")
    phone.get_by_label("密码").fill("GovIT-Demo-2026")
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(lambda url: not url.endswith("/login/"))
    phone.goto("/flowcharts/")
    walk.shot("phone-flowcharts", page=phone)
    guard.assert_clean()
