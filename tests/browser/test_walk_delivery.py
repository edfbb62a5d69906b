"""A construction project of 800万元 walked through the real pages from its approval to delivery,
the library of built systems and retirement (第十六至二十五条), each person signing in.

The first half (application to approval) is built through the services in the setup, on
2027-09-06 (the clock of the walk, `live_clock`: year 2028, so nothing is late). The walk then moves
the live server's clock on: contracts in September 2027, the initial acceptance and the trial run's
start on 2027-10-18, the compliance application on 2027-12-18, the day the trial run has lasted two
months (第二十三条), and everything after it then. Screenshots: test-artifacts/screenshots/walk-delivery/
(1366×768, and the project page and the library at 375px)."""

from datetime import date
from decimal import Decimal

import pytest
from tests.browser.test_walk_construction import DESKTOP, PASSWORD, PHONE, Walk
from tests.fixtures.projects import act, new_project, to_listing, upload  # noqa: F401  (fixtures)
from tests.rules import OFFICIAL

from govit import clock, policy
from govit.acceptance.models import BuiltSystem
from govit.construction.models import Baseline, ChangeRequest, Contract
from govit.funds.models import Disbursement
from govit.projects import services
from govit.projects.models import Project

pytestmark = pytest.mark.browser

NAME = "渝中区智慧教育管理平台"
FOLDER = "walk-delivery"


@pytest.fixture
def approved_2028(demo, new_project, act, to_listing):  # noqa: F811
    """The first half, through the services: listed, FSR with budget (代初设), approved 800万 (软件500万)."""
    project = act(to_listing(new_project(year=2028, amount="800万")), "bdb", "list")
    services.preparer_set(
        project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
        qualification="甲级", contact="",
    )  # fmt: skip
    upload(project, demo["jiaowei_unit"], "fsr")
    upload(project, demo["jiaowei_unit"], "budget")
    project = act(project, "jiaowei_unit", "submit_fsr_budget")
    project = act(project, "bdb", "design_pass", comment="同意")
    inputs = {
        "document_number": "渝中发改投〔2027〕9号", "approved_on": f"{clock.today()}", "approved_total": "800万",
        "approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万",
        "approval_document": upload(project, demo["drc"], "approval"),
    }  # fmt: skip
    project = act(project, "drc", "approve_budget", **inputs)
    assert project.state == "approved"
    return project


class DeliveryWalk(Walk):
    def project(self) -> None:
        self.page.goto(f"/projects/{self.project_pk}/")

    def submit(self, form_id: str, button: str, expect: str, shot: str) -> None:
        """Open a side form, let the caller's fills stand, submit, and see it done."""
        self.shot(f"{shot}-form")
        self.page.locator(f"#{form_id}").get_by_role("button", name=button).click()
        self.page.locator(".alert--success").wait_for()
        assert expect in self.page.locator(".messages").inner_text()
        self.shot(f"{shot}-done")

    def open(self, form_id: str):
        form = self.reveal(f"#{form_id}")
        form.locator("summary").first.click()
        return form

    def line(self, form, prefix: str, n: int, values: dict[str, str]) -> None:
        for name, value in values.items():
            target = form.locator(f'[name="{prefix}-{n}-{name}"]')
            if name == "kind":
                target.select_option(value)
            else:
                target.fill(value)

    def contract(self, kind: str, number: str, title: str, supplier: str, amount: str, signed: str, doc: str):
        form = self.open("contract-form")
        form.locator('[name="kind"]').select_option(label=kind)
        form.locator('[name="number"]').fill(number)
        form.locator('[name="title"]').fill(title)
        form.locator('[name="supplier"]').fill(supplier)
        form.locator('[name="amount_0"]').fill(amount)
        form.locator('[name="signed_on"]').fill(signed)
        Walk.select(form.locator('select[name="document"]'), doc)
        return form

    def checks(self, code: str, label: str, ok: dict[str, bool], findings: dict[str, str]) -> None:
        action = self.reveal(f"#action-{code}")
        action.locator("summary").click()
        for item, value in ok.items():
            box = action.locator(f'[name="{code}-{item}_ok"]')
            box.check() if value else box.uncheck()
        for item, text in findings.items():
            action.locator(f'[name="{code}-{item}_finding"]').fill(text)
        self.shot(f"{code}-form")
        action.get_by_role("button", name=f"确认{label}").click()
        self.page.locator(".alert--success").wait_for()
        self.shot(f"{code}-done")


def expected_refusal(guard) -> None:
    """A refusal is a 409 page, which the browser logs as a failed load: expected here, once."""
    assert guard.console_errors and "409" in guard.console_errors[-1]
    guard.console_errors.pop()


def phone(new_page, walk: Walk, username: str, path: str, name: str) -> None:
    page = new_page(PHONE)
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: not url.endswith("/login/"))
    page.goto(path)
    walk.shot(name, page=page)
    page.context.close()


def test_a_construction_project_is_walked_from_approval_to_the_library_and_retired(
    demo, approved_2028, new_page, screenshot, guard, live_clock
):
    project = approved_2028
    live_clock.move_to("2027-09-20 09:00 +0800")
    signed = date(2027, 9, 15)
    due = policy.contract_due(
        calendar=OFFICIAL, signed=signed, policy=policy.load_policy(project.policy_id)
    ).due
    walk = DeliveryWalk(new_page(DESKTOP), FOLDER, screenshot)
    walk.project_pk = project.pk
    page = walk.page

    # 1. The unit records the approved configuration list (第十七条), procurement and contracts.
    walk.login("jiaowei_unit")
    walk.project()
    walk.shot("approved-project")
    form = walk.open("baseline-form")
    walk.line(form, "lines", 0, {"kind": "software", "name": "教育管理平台软件", "specification": "微服务架构",
                                 "quantity": "1", "unit_price": "5000000", "acceptance_terms": "功能测试全部通过"})  # fmt: skip
    walk.line(form, "lines", 1, {"kind": "hardware", "name": "服务器", "specification": "2路32核 512G",
                                 "quantity": "10", "unit_price": "200000", "acceptance_terms": "到货验收"})  # fmt: skip
    walk.submit("baseline-form", "保存配置清单", "已登记批复配置清单（第1版）", "baseline")
    assert "现行基线：第1版" in walk.reveal("#baseline").inner_text()

    form = walk.open("procurement-form")
    form.locator('[name="method"]').select_option(label="公开招标")
    form.locator('[name="subject"]').fill("智慧教育管理平台建设")
    form.locator('[name="announced_on"]').fill("2027-09-07")
    form.locator('[name="awarded_on"]').fill("2027-09-14")
    form.locator('[name="supplier"]').fill("重庆某科技有限公司")
    form.locator('[name="amount_0"]').fill("690")
    walk.submit("procurement-form", "登记采购结果", "已登记采购结果", "procurement")

    walk.upload("合同", "建设合同.pdf")
    walk.upload("合同", "监理合同.pdf")
    form = walk.contract("建设（采购）合同", "HT-2026-01", "智慧教育管理平台建设合同", "重庆某科技有限公司",
                         "690", f"{signed}", "建设合同.pdf")  # fmt: skip
    walk.line(form, "items", 0, {"name": "服务器", "quantity": "12", "unit_price": "200000"})
    walk.shot("contract-deviating-form")
    form.get_by_role("button", name="登记合同").click()
    page.locator(".alert--error").first.wait_for()
    assert "数量 12 超过批复的 10" in page.inner_text("#contract-form") and "依据第十七条" in page.inner_text(
        "#contract-form"
    )
    walk.shot("contract-refused")
    expected_refusal(guard)
    page.locator('#contract-form [name="items-0-quantity"]').fill("10")
    walk.submit("contract-form", "登记合同", f"备案截止日 {due}", "contract")
    walk.contract("监理合同", "JL-2026-01", "智慧教育管理平台监理合同", "重庆某监理有限公司",
                  "20", "2027-09-16", "监理合同.pdf")  # fmt: skip
    walk.submit("contract-form", "登记合同", "已登记监理合同", "supervision-contract")
    assert "已签订监理合同" in walk.reveal("#supervision").inner_text()
    for title in ("智慧教育管理平台建设合同", "智慧教育管理平台监理合同"):
        page.locator("#contracts tr", has_text=title).get_by_role("button", name="报备合同").click()
        page.locator(".alert--success").wait_for()
    walk.shot("contracts-filed")
    assert Contract.objects.filter(project=project, filed_on__isnull=False, filed_late=False).count() == 2

    # 2. The BDB confirms both filings from its to-do list.
    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
    assert page.locator("#construction-work").get_by_text("确认合同备案").count() == 2
    walk.shot("bdb-todo-filings")
    page.locator("#construction-work").get_by_role("link", name=NAME).first.click()
    for _ in range(2):
        page.locator("#contracts").get_by_role("button", name="确认备案").first.click()
        page.locator(".alert--success").wait_for()
    walk.shot("filings-confirmed")
    assert Contract.objects.filter(project=project, filing_confirmed_at__isnull=False).count() == 2

    # 3. The unit starts building, and asks for a change above 10% (第二十一条).
    walk.login("jiaowei_unit")
    walk.project()
    walk.act("start_construction", "开工建设")
    walk.state_is("建设实施")
    form = walk.open("change-form")
    form.locator('[name="description"]').fill("新增家校互动移动端")
    form.locator('[name="software_amount_0"]').fill("80")
    walk.submit("change-form", "提出变更", "16.00%", "change")
    assert "待区大数据发展局评估" in walk.reveal("#changes").inner_text()
    change = ChangeRequest.objects.get(project=project)

    # 4. The BDB evaluates it; the DRC re-approves it with the new configuration.
    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
    page.locator("#construction-work").get_by_role("link", name=NAME).click()
    form = walk.open(f"review-{change.pk}")
    form.get_by_label("同意，报区发改委审核").check()
    form.locator('[name="comment"]').fill("变更必要，同意报区发改委审核。")
    walk.submit(f"review-{change.pk}", "提交评估", "已评估变更", "change-review")

    walk.login("drc")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
    assert page.locator("#construction-work").get_by_text("下达方案及概算调整批复").is_visible()
    page.locator("#construction-work").get_by_role("link", name=NAME).click()
    form = walk.open(f"approve-{change.pk}")
    for name, value in {"document_number": "渝中发改投〔2027〕31号", "approved_on": f"{clock.today()}",
                        "approved_total_0": "880", "approved_software_0": "580", "approved_hardware_0": "200",
                        "approved_other_0": "100"}.items():  # fmt: skip
        form.locator(f'[name="{name}"]').fill(value)
    walk.line(form, "newlines", 2, {"kind": "software", "name": "家校互动移动端", "quantity": "1",
                                    "unit_price": "800000", "acceptance_terms": "移动端功能测试通过"})  # fmt: skip
    walk.submit(f"approve-{change.pk}", "下达调整批复", "新的配置清单成为现行基线", "change-approve")
    assert "现行基线：第2版" in walk.reveal("#baseline").inner_text()
    assert "计划（第1版）与现行（第2版）对比" in walk.reveal("#baseline").inner_text()
    assert list(Baseline.objects.filter(project=project).values_list("version", "active").order_by("version")) == [
        (1, False), (2, True),
    ]  # fmt: skip

    # 5. The unit records what was delivered: one server more than approved is refused with the
    # difference (第十七条), the list as approved is taken; then, a month on, the initial acceptance
    # and the trial run's start, and two months after it the compliance application.
    live_clock.move_to("2027-10-18 09:00 +0800")
    walk.login("jiaowei_unit")
    walk.project()
    form = walk.open("accepted-form")
    quantity = form.locator('[name="accepted-1-quantity"]')
    approved = quantity.input_value()
    quantity.fill(str(Decimal(approved) + 1))
    walk.shot("accepted-form")
    form.get_by_role("button", name="保存实际交付配置").click()
    page.locator("#accepted-form .alert--error").wait_for()
    refusal = page.inner_text("#accepted-form .alert--error")
    assert "超过批复的" in refusal and "第二十一条" in refusal and "第十七条" in refusal, refusal
    assert guard.console_errors and "409" in guard.console_errors[-1]
    guard.console_errors.pop()
    walk.shot("accepted-refused")
    page.locator('#accepted-form [name="accepted-1-quantity"]').fill(approved)
    walk.submit("accepted-form", "保存实际交付配置", "与批复配置清单相符", "accepted")
    assert "现行（第2版）与实际交付对比" in walk.reveal("#baseline").inner_text()
    walk.upload("初验报告", "初验报告.pdf")
    walk.act("initial_acceptance", "完成初验，开始试运行",
             fill={"accepted_on": "2027-10-18", "trial_started_on": "2027-10-18"})  # fmt: skip
    live_clock.move_to("2027-12-18 09:00 +0800")  # exactly two months of trial run (第二十三条)
    walk.login("jiaowei_unit")
    walk.project()
    walk.act("apply_compliance", "申请合规性审查")

    # 6. The BDB fails data sharing; the unit rectifies; the BDB passes every item.
    walk.login("bdb")
    walk.project()
    walk.checks("compliance_fail", "审查未通过，限期整改", {"cloud": True, "sharing": False, "integration": True},
                {"sharing": "未编制政务数据资源目录，未向区共享平台共享。"})  # fmt: skip
    walk.state_is("合规性审查整改")
    assert "未编制政务数据资源目录" in walk.reveal("#compliance").inner_text()
    walk.login("jiaowei_unit")
    walk.project()
    walk.upload("整改报告", "整改报告.pdf")
    walk.act("resubmit_compliance", "整改完成，重新申请审查", fill={"comment": "已编制目录并完成共享。"})
    walk.login("bdb")
    walk.project()
    walk.checks(
        "compliance_pass", "合规性审查通过", {"cloud": True, "sharing": True, "integration": True}, {}
    )
    assert "第2轮" in walk.reveal("#compliance").inner_text()

    # 7. Final acceptance filed by the unit, confirmed by the BDB: delivered, in the library.
    walk.login("jiaowei_unit")
    walk.project()
    walk.upload("终验报告", "终验报告.pdf")
    walk.act("file_final_acceptance", "终验报区大数据发展局备案",
             fill={"acceptance_agency": "重庆某信息系统检测中心", "final_accepted_on": f"{clock.today()}"})  # fmt: skip
    walk.login("bdb")
    walk.project()
    walk.act("confirm_delivery", "确认备案，交付使用并纳入已建项目库")
    walk.state_is("已交付使用（已建项目库）")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="已建项目库").click()
    assert page.get_by_role("link", name=NAME).is_visible()
    walk.shot("library")
    assert BuiltSystem.objects.get(project=project).on_cloud

    # 8. Finance pays within the re-approved 880万; one more payment above it is refused (第二十二条).
    walk.login("finance")
    walk.project()
    form = walk.open("disbursement-form")
    for name, value in {"paid_on": f"{clock.today()}", "amount_0": "500", "purpose": "合同首付款",
                        "voucher": "YZCZ-2027-1188"}.items():  # fmt: skip
        form.locator(f'[name="{name}"]').fill(value)
    walk.submit("disbursement-form", "登记拨付", "已登记资金拨付", "disbursement")
    form = walk.open("disbursement-form")
    for name, value in {"paid_on": f"{clock.today()}", "amount_0": "400", "purpose": "进度款",
                        "voucher": "YZCZ-2027-1189"}.items():  # fmt: skip
        form.locator(f'[name="{name}"]').fill(value)
    form.get_by_role("button", name="登记拨付").click()
    page.locator("#disbursement-form .alert--error").wait_for()
    assert "依据第二十二条" in page.inner_text("#disbursement-form")
    walk.shot("disbursement-refused")
    expected_refusal(guard)
    assert Disbursement.objects.filter(project=project).count() == 1
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="资金台账").click()
    assert page.get_by_role("link", name=NAME).is_visible()
    walk.shot("funds")

    # 9. The unit's first performance evaluation of the delivered system (第二十六条): the timeline's
    # last step turns from current to done.
    walk.login("jiaowei_unit")
    walk.project()
    evaluation_step = page.locator(".timeline__step", has_text="绩效评价")
    assert "timeline__step--current" in evaluation_step.get_attribute("class")
    today = clock.today()
    form = walk.open("evaluation-form")
    for name, value in {"year": f"{today.year}", "operation": "92", "use": "88", "sharing": "80", "benefit": "86",
                        "conclusion": "平台运行稳定，全区学校接入使用。", "evaluated_on": f"{today}"}.items():  # fmt: skip
        form.locator(f'[name="{name}"]').fill(value)
    walk.submit("evaluation-form", "登记评价", "已登记单位自评，平均得分 86.5。", "evaluation")
    assert f"{today.year}年度" in walk.reveal("#evaluations").inner_text()
    assert "timeline__step--done" in walk.reveal(".timeline__step").filter(has_text="绩效评价").get_attribute(
        "class"
    )

    # 10. Years later the unit retires the system (R5.7); the library marks it.
    walk.act("retire", "停用系统", fill={"retired_on": f"{clock.today()}", "retire_reason": "并入全市统建教育平台",
                                         "data_destination": "数据迁移至市教育数据中心"})  # fmt: skip
    walk.state_is("已停用")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="已建项目库").click()
    assert "并入全市统建教育平台" in page.inner_text("main")
    walk.shot("library-retired")
    phone(new_page, walk, "jiaowei_unit", f"/projects/{project.pk}/", "phone-project")
    phone(new_page, walk, "jiaowei_unit", "/library/", "phone-library")
    assert Project.objects.get(pk=project.pk).state == "retired"
    guard.assert_clean()
