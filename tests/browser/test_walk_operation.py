"""A delivered system and an O&M service of the demo district walked through the project page's
operation sections, each person signing in: security assessments (第十九条), the data resource
catalogue, its sharing and the smart-city hub (第二十条), O&M (第二十五条), the final accounts and
the performance evaluations (第二十六条), and the BDB's list showing each unit's latest evaluation.

The projects come from the demo (delivered 2025-11-27 and in O&M service since 2025); the live
server cannot travel in time, so the security assessments are dated from today. Each refusal is shown
beside its form, then corrected. Screenshots: test-artifacts/screenshots/walk-operation/
(1366×768, and the project pages and the list at 375px)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from tests.browser.test_walk_construction import DESKTOP
from tests.browser.test_walk_delivery import DeliveryWalk, phone
from tests.fixtures.projects import make_key

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.operation import services as operation_services
from govit.operation.models import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
    OmPlan,
    SecurityAssessment,
    SharingRecord,
)
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.browser

DELIVERED = "渝中区中小学智慧食堂监管平台"  # 区教委, delivered by the demo on 2025-11-27
OM_SERVICE = "教育城域网年度运维服务（2026年度）"  # 区教委, in O&M service
APPLICATION = "渝中区招生入学一件事服务平台"  # 区教委's application of 2027, before the leading group
OTHER_UNIT = "解放碑街道网格化社会治理平台"  # 解放碑街道, never evaluated
FOLDER = "walk-operation"


@pytest.fixture
def district(demo) -> dict[str, Project]:
    demo_projects_load({DELIVERED, OM_SERVICE, APPLICATION, OTHER_UNIT})
    # The BDB evaluates key projects only (第二十六条): the leading group has made it one.
    make_key(Project.objects.get(name=DELIVERED), demo["lg_office"])
    return {
        p.name: p for p in Project.objects.filter(name__in=[DELIVERED, OM_SERVICE, APPLICATION, OTHER_UNIT])
    }


class OperationWalk(DeliveryWalk):
    def goto(self, project: Project) -> None:
        """The project's 运维 page, where its operation records are."""
        self.page.goto(f"/projects/{project.pk}/operation/")

    def fill(self, form_id: str, fields: dict[str, str] = {}, choose: dict[str, str] = {}) -> None:  # noqa: B006
        """Type into the form's fields; `choose` picks a select's option or a radio by its label."""
        form = self.reveal(f"#{form_id}")
        for name, value in fields.items():
            form.locator(f'[name="{name}"]').fill(value)
        for name, label in choose.items():
            target = form.locator(f'[name="{name}"]')
            if target.first.get_attribute("type") == "radio":
                form.get_by_role("radio", name=label).check()
            else:
                target.select_option(label=label)

    def refused(
        self, guard, form_id: str, button: str, expect: tuple[str, ...], shot: str, status: int
    ) -> None:
        """Submit, and see the refusal beside the form (the form stays open, the values kept)."""
        self.page.locator(f"#{form_id}").get_by_role("button", name=button).click()
        form = self.page.locator(f"#{form_id}")
        form.locator(".field__error, .alert--error").first.wait_for()
        text = form.inner_text()
        for part in expect:
            assert part in text, f"{part!r} not shown beside #{form_id}: {text}"
        assert form.get_attribute("open") is not None
        self.shot(shot)
        # The refusal is a 4xx page, which the browser logs as a failed load: expected here, once.
        assert guard.console_errors and str(status) in guard.console_errors[-1], guard.console_errors
        guard.console_errors.pop()

    def row(self, section: str, text: str) -> str:
        return self.page.locator(f"#{section} tbody tr", has_text=text).inner_text()


def test_a_delivered_system_is_assessed_catalogued_maintained_and_evaluated(
    demo, district, new_page, screenshot, guard
):
    delivered, om_service = district[DELIVERED], district[OM_SERVICE]
    # Security dates around today: one assessment recent, one more than a year old (so overdue).
    today = clock.today()
    mlps_on = (today - timedelta(days=70)).replace(day=15)
    mlps_due = mlps_on.replace(year=mlps_on.year + 1)
    crypto_on = (today - timedelta(days=40)).replace(day=10)
    crypto_on = crypto_on.replace(year=crypto_on.year - 1)
    crypto_due = crypto_on.replace(year=crypto_on.year + 1)
    last_year = today.year - 1  # the year whose self-evaluation is asked for (delivered 2025)
    walk = OperationWalk(new_page(DESKTOP), FOLDER, screenshot)
    page = walk.page

    # 1. Security (第十九条): the unit records its 等级保护测评; the next is due 12 months later.
    walk.login("jiaowei_unit")
    walk.goto(delivered)
    walk.state_is("已交付使用（已建项目库）")
    assert "尚无网络安全测评记录" in page.inner_text("#security")
    walk.shot("delivered-project")
    walk.open("security-form")
    walk.fill(
        "security-form",
        {"done_on": f"{mlps_on}", "agency": "重庆信息安全测评中心", "findings": "弱口令 2 处；日志留存不足 6 个月",
         "rectification": "已修改口令策略，日志集中留存 6 个月以上", "rectified_on": f"{mlps_on + timedelta(days=25)}"},
        {"kind": "网络安全等级保护测评", "level": "第3级", "result": "基本符合"},
    )  # fmt: skip
    walk.submit(
        "security-form",
        "登记测评",
        f"已登记网络安全等级保护测评，下次应于 {mlps_due} 前完成。",
        "security-mlps",
    )
    row = walk.row("security", "网络安全等级保护测评")
    for part in ("第3级", f"{mlps_on}", "重庆信息安全测评中心", "基本符合", "弱口令 2 处", f"{mlps_due}"):
        assert part in row
    assert "已逾期" not in row

    # A 密码应用安全性评估 that failed must say what was found; last year's is already overdue.
    walk.open("security-form")
    walk.fill(
        "security-form", {"done_on": f"{crypto_on}", "agency": "重庆市商用密码检测中心"},
        {"kind": "商用密码应用安全性评估", "result": "不符合"},
    )  # fmt: skip
    walk.shot("security-crypto-form")
    walk.refused(
        guard, "security-form", "登记测评", (operation_services.FINDINGS_NEEDED,), "security-refused", 422
    )
    assert page.locator('#security-form [name="agency"]').input_value() == "重庆市商用密码检测中心"
    walk.fill("security-form", {"findings": "重要数据传输未使用商用密码保护"})
    walk.submit(
        "security-form",
        "登记测评",
        f"已登记商用密码应用安全性评估，下次应于 {crypto_due} 前完成，已逾期，请尽快安排。",
        "security-crypto",
    )
    row = walk.row("security", "商用密码应用安全性评估")
    assert "不符合" in row and f"{crypto_due}" in row and "已逾期" in row
    assert page.locator("#security-title").inner_text() == "网络安全测评（第十九条）"

    # The to-do list now asks for the overdue assessment (not the recent one) and last year's
    # self-evaluation, each with its due date and article.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
    page.wait_for_url("**/todo/")
    work = page.locator("#construction-work")
    overdue = work.locator("tbody tr", has_text="商用密码应用安全性评估").inner_text()
    assert "开展网络安全测评" in overdue and f"应测评 {crypto_due}" in overdue and "已逾期" in overdue
    assert "第十九条" in overdue and "网络安全等级保护测评" not in work.inner_text()
    owed = work.locator("tbody tr", has_text="开展年度绩效自评").inner_text()
    assert f"{last_year}年度" in owed and f"自评截止 {today.year}-03-31" in owed and "第二十六条" in owed
    walk.shot("todo-security-evaluation")
    walk.goto(delivered)

    # 2. The data resource catalogue (第二十条): 无条件, then 有条件 (needs its conditions) …
    walk.open("resource-form")
    walk.fill(
        "resource-form",
        {"name": "学校食堂基本信息", "items": "学校名称、食堂名称、食品经营许可证号、负责人", "update_cycle": "每月"},
        {"sharing": "无条件共享", "opening": "无条件开放"},
    )  # fmt: skip
    walk.submit(
        "resource-form", "登记数据资源", "已登记政务数据资源：学校食堂基本信息。", "resource-unconditional"
    )
    walk.open("resource-form")
    walk.fill(
        "resource-form", {"name": "食材溯源记录", "items": "食材名称、供应商、批次、检测报告", "update_cycle": "每日"},
        {"sharing": "有条件共享", "opening": "有条件开放"},
    )  # fmt: skip
    walk.shot("resource-conditional-form")
    walk.refused(
        guard,
        "resource-form",
        "登记数据资源",
        (operation_services.CONDITIONS_NEEDED,),
        "resource-refused-conditions",
        422,
    )
    walk.fill("resource-form", {"sharing_conditions": "仅向食品安全监管部门提供，用于食品安全监管"})
    walk.submit("resource-form", "登记数据资源", "已登记政务数据资源：食材溯源记录。", "resource-conditional")

    # … and 不予共享, which needs its legal basis: refused with the article, then given.
    walk.open("resource-form")
    walk.fill(
        "resource-form", {"name": "学生就餐记录", "items": "学生姓名、班级、就餐时间、消费金额", "update_cycle": "实时"},
        {"sharing": "不予共享", "opening": "不予开放"},
    )  # fmt: skip
    walk.shot("resource-none-form")
    walk.refused(
        guard, "resource-form", "登记数据资源", (operation_services.NO_LEGAL_BASIS, "依据第二十条"),
        "resource-refused-basis", 409,
    )  # fmt: skip
    # Beside the field it is about, the article cited once.
    beside = page.locator(
        '#resource-form .field--invalid:has([name="legal_basis"]) .field__error'
    ).inner_text()
    assert beside == f"{operation_services.NO_LEGAL_BASIS}（依据第二十条）"
    assert "操作未完成" in page.locator("main .alert--error").first.inner_text()
    assert page.locator('#resource-form [name="name"]').input_value() == "学生就餐记录"
    walk.fill(
        "resource-form", {"legal_basis": "涉及未成年人个人信息，依据《未成年人保护法》不予共享、不予开放"}
    )
    walk.submit("resource-form", "登记数据资源", "已登记政务数据资源：学生就餐记录。", "resource-none")
    assert page.locator("#data-resources tbody tr").count() == 3
    assert "仅向食品安全监管部门提供" in walk.row("data-resources", "食材溯源记录")
    row = walk.row("data-resources", "学生就餐记录")
    assert "不予共享" in row and "依据：涉及未成年人个人信息" in row and "登记共享交换" not in row

    # A sharing of the 无条件 resource with the market regulator.
    resource = DataResource.objects.get(project=delivered, name="学校食堂基本信息")
    walk.open(f"sharing-{resource.pk}")
    walk.fill(
        f"sharing-{resource.pk}", {"shared_on": "2026-11-10", "method": "接口", "purpose": "食品安全监管"},
        {"organisation": "重庆市渝中区市场监督管理局"},
    )  # fmt: skip
    walk.submit(f"sharing-{resource.pk}", "登记", "已登记“学校食堂基本信息”的共享交换。", "sharing")
    assert "2026-11-10 重庆市渝中区市场监督管理局 · 接口 · 食品安全监管" in walk.row(
        "data-resources", "学校食堂基本信息"
    )

    # The smart-city hub: not connecting needs a basis (refused, then given).
    walk.open("hub-form")
    walk.fill("hub-form", choose={"connected": "不接入"})
    walk.shot("hub-form")
    walk.refused(
        guard, "hub-form", "登记", (operation_services.NO_HUB_BASIS, "依据第二十条"), "hub-refused", 409
    )
    beside = page.locator('#hub-form .field--invalid:has([name="legal_basis"]) .field__error').inner_text()
    assert beside == f"{operation_services.NO_HUB_BASIS}（依据第二十条）"
    walk.fill("hub-form", {"legal_basis": "系统仅在校内食堂专网运行，经区网信办同意暂不接入"})
    walk.submit("hub-form", "登记", "已登记智能中枢接入情况。", "hub")
    hub = page.inner_text("#hub")
    assert "不接入" in hub and "依据：系统仅在校内食堂专网运行" in hub
    assert re.search(r"智能中枢\s*未接入", walk.reveal("#built-system").inner_text())  # the library agrees

    # 3. The final accounts (第二十六条), once: the form is gone after it.
    walk.open("final-account-form")
    walk.fill("final-account-form", {"amount_0": "286.5", "approved_on": "2026-06-30",
                                     "document_ref": "渝中财审〔2026〕15号"})  # fmt: skip
    walk.submit("final-account-form", "登记决算", "已登记竣工财务决算。", "final-account")
    account = page.inner_text("#final-account")
    assert "286.50万元" in account and "渝中财审〔2026〕15号" in account and "2026-06-30" in account
    assert page.locator("#final-account-form").count() == 0

    # 4. The unit's first self-evaluation, of last year; scores out of 100.
    walk.open("evaluation-form")
    assert page.locator("#evaluation-form summary").inner_text() == "登记年度绩效自评"
    assert page.locator('#evaluation-form [name="year"]').input_value() == str(today.year - 1)
    walk.fill("evaluation-form", {"year": f"{last_year}", "operation": "90", "use": "85", "sharing": "70",
                                  "benefit": "120", "conclusion": "系统运行稳定；建议扩大食材溯源数据共享。",
                                  "evaluated_on": f"{today - timedelta(days=2)}"})  # fmt: skip
    walk.shot("evaluation-unit-form")
    walk.refused(
        guard,
        "evaluation-form",
        "登记评价",
        (operation_services.SCORES_OUT_OF_RANGE,),
        "evaluation-refused",
        422,
    )
    walk.fill("evaluation-form", {"benefit": "80"})
    walk.submit("evaluation-form", "登记评价", "已登记单位自评，平均得分 81.25。", "evaluation-unit")
    row = walk.row("evaluations", "单位自评")
    assert f"{last_year}年度" in row and "81.25" in row and "扩大食材溯源数据共享" in row
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办").click()
    page.wait_for_url("**/todo/")  # it asks for the self-evaluation no more
    assert "开展年度绩效自评" not in page.inner_text("main") and "商用密码应用安全性评估" in page.inner_text(
        "main"
    )
    walk.goto(delivered)
    phone(new_page, walk, "jiaowei_unit", f"/projects/{delivered.pk}/", "phone-delivered-project")

    # 5. O&M (第二十五条) of the 教育城域网 service: the plan and its five-year budget, a year's cost, an incident.
    walk.goto(om_service)
    walk.state_is("运维服务中")
    walk.shot("om-project")
    walk.open("om-plan-form")
    walk.fill(
        "om-plan-form",
        {"scope": "教育城域网核心及汇聚设备、出口链路、数据中心机房；不含学校内部终端。",
         "service_levels": "7×24 小时响应；重大故障 2 小时内恢复。", "five_year_budget_0": "300"},
        {"mechanism": "运维外包"},
    )  # fmt: skip
    walk.submit("om-plan-form", "登记运维机制", "已登记运维机制。", "om-plan")
    walk.open("om-cost-form")
    assert page.locator('#om-cost-form [name="year"]').input_value() == str(today.year)
    walk.fill("om-cost-form", {"year": "2026", "amount_0": "60", "note": "运维服务合同年度费用"})
    walk.submit("om-cost-form", "登记费用", "已登记 2026 年度运维费用。", "om-cost")
    walk.open("incident-form")
    walk.fill(
        "incident-form",
        {"occurred_at": "2026-11-02T09:30", "description": "核心交换机板卡故障，8 所学校断网。",
         "resolved_at": "2026-11-02T13:10", "resolution": "更换板卡，恢复网络。"},
        {"severity": "较大"},
    )  # fmt: skip
    walk.submit("incident-form", "登记事件", "已登记运行事件。", "incident")
    om = page.inner_text("#om")
    assert "运维外包" in om and "7×24 小时响应" in om
    assert re.search(r"5年运维费预算\s*300\.00万元\s*已支出\s*60\.00万元\s*尚余\s*240\.00万元", om), om
    incident = walk.row("om", "核心交换机板卡故障")
    assert "2026-11-02 09:30" in incident and "较大" in incident and "2026-11-02 13:10 处置完成" in incident
    assert page.locator("#om-title").inner_text() == "运维（第二十五条）"
    phone(new_page, walk, "jiaowei_unit", f"/projects/{om_service.pk}/", "phone-om-project")

    # 6. The BDB sees the unit's evaluation beside its applications, then evaluates the key project.
    walk.login("bdb")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目清单").click()
    page.wait_for_url("**/projects/")
    assert "81.25分" in page.locator("tbody tr", has_text=APPLICATION).inner_text()
    walk.shot("bdb-list-unit-evaluation")
    walk.goto(delivered)
    walk.open("evaluation-form")
    assert page.locator("#evaluation-form summary").inner_text() == "登记重点项目绩效评价（区大数据发展局）"
    walk.fill("evaluation-form", {"year": f"{last_year}", "operation": "88", "use": "80", "sharing": "75",
                                  "benefit": "85", "conclusion": "达到预期；食材溯源数据应接入区共享平台。",
                                  "evaluated_on": f"{today - timedelta(days=1)}"})  # fmt: skip
    walk.submit(
        "evaluation-form", "登记评价", "已登记区大数据发展局重点评价，平均得分 82。", "evaluation-bdb"
    )
    assert page.locator("#evaluations tbody tr").count() == 2
    assert "82" in walk.row("evaluations", "区大数据发展局重点评价")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目清单").click()
    page.wait_for_url("**/projects/")
    assert page.get_by_role("columnheader", name="单位上次绩效评价").is_visible()
    for name in (DELIVERED, OM_SERVICE, APPLICATION):
        cell = (
            page.locator("tbody tr", has_text=name).locator('td[data-label="单位上次绩效评价"]').inner_text()
        )
        assert "82分" in cell and f"{last_year}年度" in cell and "区大数据发展局重点评价" in cell, (
            name,
            cell,
        )
    other = page.locator("tbody tr", has_text=OTHER_UNIT).locator('td[data-label="单位上次绩效评价"]')
    assert other.inner_text().strip() == "—"
    walk.shot("bdb-list")
    phone(new_page, walk, "bdb", "/projects/", "phone-bdb-list")

    # 7. What the walk left in the database.
    assert sorted(SecurityAssessment.objects.filter(project=delivered).values_list("kind", "level", "result")) == [
        ("crypto", None, "fail"), ("mlps", 3, "basic"),
    ]  # fmt: skip
    assert {a.kind: str(a.next_due) for a in SecurityAssessment.objects.filter(project=delivered)} == {
        "mlps": f"{mlps_due}", "crypto": f"{crypto_due}",
    }  # fmt: skip
    assert dict(DataResource.objects.filter(project=delivered).values_list("name", "sharing")) == {
        "学校食堂基本信息": "unconditional", "食材溯源记录": "conditional", "学生就餐记录": "none",
    }  # fmt: skip
    sharing = SharingRecord.objects.select_related("organisation").get(resource=resource)
    assert sharing.organisation.short_name == "区市场监管局" and sharing.method == "接口"
    hub = HubConnection.objects.get(project=delivered)
    assert not hub.connected and hub.legal_basis.startswith("系统仅在校内食堂专网运行")
    assert not BuiltSystem.objects.get(project=delivered).hub_connected
    assert FinalAccount.objects.get(project=delivered).amount == Decimal("2865000")
    plan = OmPlan.objects.get(project=om_service)
    assert plan.mechanism == "outsourced" and plan.five_year_budget == 3_000_000
    assert list(OmCost.objects.filter(project=om_service).values_list("year", "amount")) == [(2026, 600_000)]
    assert Incident.objects.get(project=om_service).severity == "major"
    evaluations = Evaluation.objects.filter(project=delivered).order_by("evaluated_on")
    assert [(e.by, e.year, e.score, e.recorded_by.username) for e in evaluations] == [
        ("unit", last_year, 81.25, "jiaowei_unit"), ("bdb", last_year, 82.0, "bdb"),
    ]  # fmt: skip
    assert not Evaluation.objects.filter(project=om_service).exists()
    guard.assert_clean()
