"""A new construction project above 1000万元 walked through the real pages, person by person, from
the unit's draft to the DRC's approval of the preliminary design and budget (第九条至第十五条).

Each person signs in through the login page; every page visited is saved as a step-numbered
screenshot under test-artifacts/screenshots/walk-construction/ (1366×768, and 375px for the list
and the project page)."""

import re
from dataclasses import dataclass, field

import pytest
from tests.browser.conftest import SCREENSHOTS

from govit import clock
from govit.approvals.models import Approval
from govit.experts.models import Expert
from govit.projects.models import Project

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
PASSWORD = "GovIT-Demo-2026"

FORM = {
    "leader_name": "陈建国",
    "leader_phone": "13800138000",
    "contact_name": "王晓燕",
    "contact_phone": "023-63881234",
    "funding_source": "区级财政资金",
    "reason": "落实《重庆市渝中区新型智慧城市建设规划》和市教委教育数字化部署（渝教信〔2026〕5号）。",
    "summary": "建设全区教育数据汇聚、治理和分析平台，支撑教育决策。",
    "expected_effect": "全区中小学数据一次采集、多方复用，减少基层重复填报。",
    "progress": "计划2028年3月启动，建设期12个月，自建自运维；目前完成需求调研。",
}
CHAPTERS = {
    "purpose": "项目单位：区教委。依据智慧城市规划建设教育大数据中心。",
    "necessity": "现有系统分散、数据不通；本项目复用区政务云，不重复建设。",
    "requirements": "数据汇聚、治理、分析、共享；与渝中区智能中枢对接。",
    "plan": "建设数据中台、分析平台和移动端，建设期12个月。",
    "investment": "总投资估算1200万元，区级财政资金。",
}


@dataclass
class Walk:
    """One browser tab walking a project: sign in as each person in turn, act, and keep a
    step-numbered screenshot of every page on the way."""

    page: object
    folder: str
    screenshot: object
    step: int = 0
    seen: list[str] = field(default_factory=list)

    def shot(self, name: str, page=None) -> None:
        self.step += 1
        (SCREENSHOTS / self.folder).mkdir(parents=True, exist_ok=True)
        target = page or self.page
        target.evaluate("window.scrollTo(0, 0)")  # the sticky side panel sits at the top
        self.screenshot(target, f"{self.folder}/{self.step:02d}-{name}")
        assert fits_the_width(target), f"{name}: the page is wider than the screen"
        self.seen.append(name)

    def login(self, username: str) -> None:
        page = self.page
        if page.get_by_role("button", name="退出登录").count():
            page.get_by_role("button", name="退出登录").click()
            page.wait_for_url("**/login/")
        else:
            page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: not url.endswith("/login/"))
        page.locator("[data-todo-count].has-todo, [data-todo-count]").first.wait_for()
        self.shot(f"{username}-home")

    def todo_then_project(self, username: str, project_name: str) -> None:
        """From the nav: 待办, where the project waits, then its page."""
        page = self.page
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
        page.wait_for_url("**/todo/")
        assert page.get_by_role("link", name=project_name).is_visible()
        self.shot(f"{username}-todo")
        page.get_by_role("link", name=project_name).first.click()
        page.wait_for_url(re.compile(r".*/projects/\d+/$"))
        self.shot(f"{username}-project")

    def reveal(self, selector: str):
        """`selector` on the project's pages: on this one, or on the first of its other pages
        (概况与办理, 建设, 资金, 运维) that has it, reached by clicking its tab as a person would."""
        page = self.page
        if page.locator(selector).count():
            return page.locator(selector)
        tabs = page.locator("nav.tabs a:not([aria-current])")
        for href in [tabs.nth(i).get_attribute("href") for i in range(tabs.count())]:
            page.locator(f'nav.tabs a[href="{href}"]').click()
            page.wait_for_url(f"**{href}")
            if page.locator(selector).count():
                return page.locator(selector)
        raise AssertionError(f"{selector} is on none of the project's pages")

    def act(
        self, code: str, label: str, fill: dict[str, str] | None = None, selects: dict[str, str] | None = None
    ):
        """Open the action `code` (on 概况与办理), fill its declared inputs, confirm, and see it done."""
        page = self.page
        action = self.reveal(f"#action-{code}")
        action.locator("summary").click()
        for name, value in (fill or {}).items():
            action.locator(f'[name="{code}-{name}"]').fill(value)
        for name, value in (selects or {}).items():
            self.select(action.locator(f'select[name="{code}-{name}"]'), value)
        self.shot(f"{code}-form")
        action.get_by_role("button", name=f"确认{label}").click()
        page.locator(".alert--success").wait_for()
        assert f"已办理：{label}。" in page.locator(".messages").inner_text()
        self.shot(f"{code}-done")

    @staticmethod
    def select(select, text: str) -> None:
        """Choose the option whose text contains `text` (document versions carry a file name)."""
        options = select.locator("option")
        for index in range(options.count()):
            if text in options.nth(index).inner_text():
                select.select_option(index=index)
                return
        raise AssertionError(f"no option with {text!r}")

    def upload(self, kind_label: str, filename: str) -> None:
        page = self.page
        form = self.reveal("form.upload")
        form.locator('select[name="kind"]').select_option(label=kind_label)
        form.locator('input[name="file"]').set_input_files(
            {"name": filename, "mimeType": "application/pdf", "buffer": f"%PDF-1.4 {filename}".encode()}
        )
        form.get_by_role("button", name="上传").click()
        page.locator(".alert--success").wait_for()
        assert f"已上传：{kind_label}" in page.locator(".messages").inner_text()
        self.shot(f"upload-{filename.removesuffix('.pdf')}")

    def state_is(self, label: str) -> None:
        assert self.page.locator(".page-head .badges .badge").first.inner_text() == label


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def phone_shots(new_page, walk: Walk, username: str, project: Project, when: str) -> None:
    """The list and the project page on a 375px phone, signed in through the login page."""
    phone = new_page(PHONE)
    phone.goto("/login/")
    phone.get_by_label("用户名").fill(username)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(lambda url: not url.endswith("/login/"))
    phone.goto("/projects/")
    assert phone.get_by_role("link", name=project.name).is_visible()
    walk.shot(f"phone-{when}-list", page=phone)
    phone.goto(f"/projects/{project.pk}/")
    walk.shot(f"phone-{when}-project", page=phone)
    phone.context.close()


def fill_application(walk: Walk, name: str, *, work_type: str, amount: str, year: str = "2028年度") -> None:
    """Fill the new application form as the unit's clerk would, watching the route preview."""
    page = walk.page
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="新建申报").click()
    page.wait_for_url("**/projects/new/")
    walk.shot("new-empty")
    page.get_by_label("项目名称").fill(name)
    page.get_by_label("申报年度").select_option(label=year)
    page.get_by_label("建设性质").select_option(label=work_type)
    page.locator('[name="amount_0"]').fill(amount)
    page.locator('[name="amount_1"]').select_option(label="万元")
    for field_name, value in FORM.items():
        page.locator(f'[name="{field_name}"]').fill(value)
    # 第二条: the scope questions, answered as an in-scope project answers them.
    page.locator('[name="fiscal_funding"][value="yes"]').check()
    page.locator('[name="it_system"][value="yes"]').check()
    page.locator('[name="excluded_purchase"]').select_option("none")


def test_a_new_construction_project_above_10_million_is_walked_to_the_approved_design(
    demo, new_page, screenshot, guard
):
    walk = Walk(new_page(DESKTOP), "walk-construction", screenshot)
    page = walk.page
    name = "渝中区教育大数据中心建设项目"

    # 1. The unit's clerk writes the application and the proposal (第九条, 附件1、附件2).
    walk.login("jiaowei_unit")
    fill_application(walk, name, work_type="新建", amount="1200")
    assert page.locator("#proposal").is_visible()
    for code, text in CHAPTERS.items():
        page.locator(f'[name="{code}"]').fill(text)
    page.locator("#route-panel").get_by_text("区发改委审批可行性研究报告", exact=True).wait_for()
    assert "建设类" in page.locator("#route-panel").inner_text()
    walk.shot("new-filled")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r".*/projects/\d+/edit/$"))
    project = Project.objects.get(name=name)
    assert (project.category, project.path, project.year) == ("construction", "separate", 2028)
    page.locator(".route-panel").get_by_text("为什么走这条路径").click()
    assert "总投资 1,200.00万元 > 1,000.00万元" in page.locator(".route-panel").inner_text()
    walk.shot("saved-with-route")
    page.get_by_role("link", name="返回项目页").click()
    walk.shot("draft-project")
    walk.act("submit", "提交单位负责人确认")
    walk.state_is("待单位负责人确认")

    # 2. The unit's leader confirms: the "盖章".
    walk.login("jiaowei_leader")
    walk.todo_then_project("jiaowei_leader", name)
    walk.act("confirm", "确认并报送区大数据发展局")
    assert not Project.objects.get(pk=project.pk).late  # 2028's call closes on 2027-09-30

    # 3. The BDB passes it to the leading group (a new project, 第九条).
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    walk.act("review_pass", "审核通过，报领导小组审议", fill={"comment": "申报材料齐全，报领导小组审议。"})

    # 4. The leading group's office records the deliberation.
    walk.login("lg_office")
    walk.todo_then_project("lg_office", name)
    walk.act(
        "lg_approve", "领导小组审议通过",
        fill={"meeting": "区云长制领导小组2027年第5次会议", "meeting_on": f"{clock.today()}", "minutes_ref": "渝中云长办〔2027〕5号"},
    )  # fmt: skip

    # 5. The BDB lists it: the 第十二条 gate.
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    walk.act("list", "纳入项目清单")
    walk.state_is("编制可行性研究报告")
    project.refresh_from_db()
    assert project.list_code and project.list_code in page.inner_text("main")
    phone_shots(new_page, walk, "bdb", project, "listed")

    # 6. The unit records its preparer (第十三条第一款), uploads the FSR and submits it.
    walk.login("jiaowei_unit")
    walk.todo_then_project("jiaowei_unit", name)
    assert page.locator("#action-submit_fsr button[disabled]").is_visible()  # blocked: no preparer, no FSR
    assert "依据第十三条" in page.locator("#action-submit_fsr").inner_text()
    page.locator("#preparer summary").click()
    page.get_by_label("编制单位（第三方专业机构）").select_option(label="重庆山城信息工程设计院有限公司")
    page.get_by_label("资质").fill("电子通信广电行业（电子系统工程）甲级")
    page.get_by_label("联系人及电话").fill("马俊杰 13983002001")
    walk.shot("preparer-form")
    page.get_by_role("button", name="登记编制单位").click()
    page.locator(".alert--success").wait_for()
    walk.shot("preparer-done")
    walk.upload("可行性研究报告", "可行性研究报告.pdf")
    walk.act("submit_fsr", "提交可行性研究报告")

    # 7. The DRC approves the FSR with its document number, date and amount.
    walk.login("drc")
    walk.todo_then_project("drc", name)
    walk.upload("批复文件", "可研批复.pdf")
    walk.act(
        "approve_fsr", "批复可行性研究报告",
        fill={"document_number": "渝中发改投〔2027〕123号", "approved_on": f"{clock.today()}", "approved_total_0": "1200"},
        selects={"approval_document": "可研批复.pdf"},
    )  # fmt: skip
    walk.state_is("编制初步设计及概算")

    # 8. The unit submits the preliminary design and budget.
    walk.login("jiaowei_unit")
    walk.todo_then_project("jiaowei_unit", name)
    walk.upload("初步设计方案", "初步设计方案.pdf")
    walk.upload("概（预）算方案", "概算方案.pdf")
    walk.act("submit_design", "提交初步设计及概（预）算方案")

    # 9. The BDB puts expert1 in the pool and asks for a review (第六条、第十五条).
    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="专家库").click()
    walk.shot("experts-empty")
    page.get_by_label("专家账号").select_option(label="黄立新（重庆大学）")
    page.get_by_label("专业领域").fill("软件工程与信息系统")
    page.get_by_label("职称").fill("教授")
    page.get_by_role("button", name="加入专家库").click()
    page.locator(".alert--success").wait_for()
    walk.shot("experts-added")
    assert Expert.objects.filter(user__username="expert1", is_active=True).exists()
    walk.todo_then_project("bdb", name)
    page.locator("#assign summary").click()
    Walk.select(page.get_by_label("评审专家"), "黄立新")
    page.get_by_role("button", name="分配评审").click()
    page.locator(".alert--success").wait_for()
    assert "尚有专家未提交评审意见：黄立新" in page.locator("#action-design_pass").inner_text()
    walk.shot("expert-assigned")

    # 10. The expert reads the project's documents and gives an opinion.
    walk.login("expert1")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="专家评审").click()
    assert page.get_by_role("link", name="初步设计方案 第1版").is_visible()
    page.get_by_label("评审意见").fill("方案总体可行，建议细化数据安全和共享设计。")
    page.get_by_label("修改后同意").check()
    walk.shot("review-form")
    page.get_by_role("button", name="提交评审意见").click()
    page.locator(".alert--success").wait_for()
    walk.shot("review-done")

    # 11. The BDB sums the panel's opinions up (专家组评审结论, 第十五条), then passes the design.
    walk.login("bdb")
    walk.todo_then_project("bdb", name)
    page.get_by_label("修改后通过", exact=True).check()
    page.get_by_label("专家组综合意见").fill("专家组同意该初步设计，请细化数据安全和共享设计。")
    page.get_by_label("评审日期").fill(clock.today().isoformat())
    page.get_by_role("button", name="登记专家组评审结论").click()
    page.locator(".alert--success").wait_for()
    walk.shot("panel-concluded")
    walk.act(
        "design_pass",
        "审核通过，出具审核意见",
        fill={"comment": "经专家评审，同意该初步设计，请按专家意见完善安全设计。"},
    )

    # 12. The DRC approves the design and budget, software/hardware/other apart (R3.9).
    walk.login("drc")
    walk.todo_then_project("drc", name)
    walk.upload("批复文件", "初设批复.pdf")
    walk.act(
        "approve_budget", "批复初步设计及概算方案",
        fill={
            "document_number": "渝中发改投〔2027〕150号", "approved_on": f"{clock.today()}", "approved_total_0": "1180",
            "approved_software_0": "700", "approved_hardware_0": "380", "approved_other_0": "100",
        },
        selects={"approval_document": "初设批复.pdf"},
    )  # fmt: skip
    walk.state_is("前期审批完成，待采购实施")
    timeline = page.locator(".d-side .timeline").inner_text()
    # The route's nine steps are done; the life goes on at 前期审批完成 (the unit's next step).
    assert timeline.count("●") == 1 and timeline.count("✓") == 9
    approval = Approval.objects.get(project=project, kind="design_budget")
    assert (str(approval.approved_total), str(approval.approved_software)) == ("11800000.00", "7000000.00")
    assert "渝中发改投〔2027〕150号" in page.inner_text("main")
    phone_shots(new_page, walk, "jiaowei_unit", project, "approved")
    assert walk.step >= 60
    guard.assert_clean()
