"""The application form (Attachment 1): validation, the derived category, the route shown, the
submit guard's list of what is missing, and the returned application's comments and diff."""

from decimal import Decimal

import pytest
import time_machine
from tests.fixtures.projects import CHAPTERS, FORM

from govit.projects.models import Project, Proposal
from govit.projects.services import NOT_EDITABLE


@pytest.fixture(autouse=True)
def _today():
    """These tests fill the form for 2027 on a form dated 2026-11-20: they run on 2026-11-25."""
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def _post(**changes) -> dict:
    """The form's POST data for FORM (800万 entered as 800 + 万元), with `changes`."""
    data = {k: v for k, v in FORM.items() if k != "amount"}
    data.update({"amount_0": "800", "amount_1": "wan", "form_date": "2026-11-20"})
    data.update(fiscal_funding="yes", it_system="yes")  # 第二条's questions are yes/no radios
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_unit_creates_a_draft_and_lands_on_its_form_with_the_route(client_for, demo):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(), follow=True)
    project = Project.objects.get()
    assert response.redirect_chain == [(f"/projects/{project.pk}/edit/", 302)]
    assert project.unit == demo.org("jiaowei")
    assert project.amount == Decimal("8000000.00")
    assert project.category == "construction" and project.path == "combined"
    content = response.content.decode()
    assert "已保存申报草稿" in content
    assert "第十三条第二款" in content and "800.00万元 &lt; 1,000.00万元" in content
    assert "区发改委审批可行性研究报告及概算方案（代初步设计）" in content


@pytest.mark.parametrize(
    ("number", "unit", "yuan"),
    [("1200", "wan", "12000000.00"), ("12000000", "yuan", "12000000.00"), ("0.5", "wan", "5000.00"),
     ("1,200.5", "wan", "12005000.00"), ("199999.99", "yuan", "199999.99")],
)  # fmt: skip
def test_the_amount_is_entered_in_wan_or_yuan_unambiguously(client_for, number, unit, yuan):
    client_for("jiaowei_unit").post("/projects/new/", _post(amount_0=number, amount_1=unit))
    assert Project.objects.get().amount == Decimal(yuan)


@pytest.mark.parametrize(
    ("number", "unit", "message"),
    [("12.3456789", "wan", "金额最多精确到分"), ("abc", "wan", "无法识别的金额"), ("-5", "yuan", "金额不能为负数"),
     ("", "wan", "请填写“项目投资估算”")],
)  # fmt: skip
def test_a_bad_amount_is_refused_beside_the_field(client_for, number, unit, message):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(amount_0=number, amount_1=unit))
    assert response.status_code == 422
    assert message in response.context["form"].errors["amount"][0]
    assert not Project.objects.exists()


@pytest.mark.parametrize("field", ["leader_phone", "contact_phone", "filler_phone"])
@pytest.mark.parametrize("phone", ["12345", "1380013800", "63881234", "023-1234"])
def test_a_bad_phone_number_is_refused_beside_its_field(client_for, field, phone):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(**{field: phone}))
    assert response.status_code == 422
    assert "请填写有效的联系电话" in response.context["form"].errors[field][0]


@pytest.mark.parametrize("phone", ["13800138000", "023-63881234", "02363881234", "023-63881234-801"])
def test_mobile_and_fixed_line_numbers_are_accepted(client_for, phone):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(leader_phone=phone))
    assert response.status_code == 302


def test_a_name_is_needed_even_for_a_draft(client_for):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(name=""))
    assert response.context["form"].errors["name"] == ["请填写“项目名称”。"]


def test_a_draft_may_be_saved_incomplete_and_the_submit_guard_says_what_is_missing(client_for):
    client = client_for("jiaowei_unit")
    client.post("/projects/new/", _post(leader_name="", reason="", leader_phone=""))
    project = Project.objects.get()
    edit = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "提交前检查" in edit and "申报表尚未填写：项目负责人、项目负责人联系电话、项目建设理由" in edit
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'disabled aria-describedby="blocked-submit"' in page
    assert "申报表尚未填写：项目负责人、项目负责人联系电话、项目建设理由" in page and "依据第九条" in page
    refused = client.post(f"/projects/{project.pk}/actions/submit/", {"submit-version": project.version})
    assert refused.status_code == 409
    assert "申报表尚未填写" in refused.content.decode()


def test_a_new_project_needs_its_proposal_chapters(client_for):
    client = client_for("jiaowei_unit")
    client.post("/projects/new/", _post(work_type="new", purpose="目的。"))
    project = Project.objects.get()
    assert Proposal.objects.get(project=project).purpose == "目的。"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "新建项目须编制项目建议书，尚缺：第二章 项目建设的必要性" in page
    client.post(f"/projects/{project.pk}/edit/", _post(work_type="new", version=project.version, **CHAPTERS))
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "尚缺" not in page


@pytest.mark.parametrize(
    ("work_type", "amount", "changes_function", "category", "reason"),
    [
        ("upgrade", "20", "", "om", "在20万元以下（含20万元）且未改变系统功能用途，属于运维类项目"),
        ("upgrade", "20.0001", "", "construction", "超过20万元以下（含20万元）的运维类限额"),
        ("upgrade", "5", "on", "construction", "改变了系统功能用途"),
        ("service_purchase", "300", "", "service", "购买服务项目属于购买服务类项目"),
        ("maintenance", "35", "", "om", "运行维护项目属于运维类项目"),
        ("new", "1200", "", "construction", "新建项目属于建设类项目"),
    ],
)  # fmt: skip
def test_the_category_is_derived_by_article_3_and_shown_with_its_reason(
    client_for, work_type, amount, changes_function, category, reason
):
    client = client_for("jiaowei_unit")
    client.post(
        "/projects/new/", _post(work_type=work_type, amount_0=amount, changes_function=changes_function)
    )
    project = Project.objects.get()
    assert project.category == category
    content = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert reason in content and "第三条" in content


def test_the_unit_cannot_pick_the_category(client_for):
    client_for("jiaowei_unit").post("/projects/new/", _post(category="om"))
    assert Project.objects.get().category == "construction"


def test_the_route_preview_follows_the_facts_typed_so_far(client_for):
    client = client_for("jiaowei_unit")
    above = client.get(
        "/projects/route-preview/", {"work_type": "new", "amount_0": "1200", "amount_1": "wan"}
    )
    text = above.content.decode()
    assert "总投资 1,200.00万元 &gt; 1,000.00万元" in text and "第十三条第二款" in text
    assert "区发改委审批可行性研究报告" in text and "区云长制领导小组审议项目建议书" in text
    urgent = client.get(
        "/projects/route-preview/",
        {"work_type": "new", "amount_0": "1200", "amount_1": "wan", "urgent": "on"},
    )
    assert "区云长制领导小组审议项目建议书" not in urgent.content.decode()
    service = client.get(
        "/projects/route-preview/", {"work_type": "service_purchase", "amount_0": "300", "amount_1": "wan"}
    )
    assert "按财政部令第87号编审预算方案" in service.content.decode()
    missing = client.get("/projects/route-preview/", {"work_type": "new"})
    assert "填写项目投资估算后" in missing.content.decode()


def test_an_edit_with_a_stale_version_is_refused(client_for, new_project):
    project = new_project()
    client = client_for("jiaowei_unit")
    response = client.post(f"/projects/{project.pk}/edit/", _post(version=project.version + 5))
    assert response.status_code == 409
    assert "刷新页面" in response.content.decode()


def test_an_application_that_left_the_unit_cannot_be_edited(client_for, new_project, act):
    project = act(new_project(), "jiaowei_unit", "submit")
    client = client_for("jiaowei_unit")
    response = client.get(f"/projects/{project.pk}/edit/")
    assert response.status_code == 409
    assert NOT_EDITABLE in response.content.decode() and "依据第九条" in response.content.decode()
    assert client.post(f"/projects/{project.pk}/edit/", _post(version=project.version)).status_code == 409


def test_a_returned_application_shows_the_bdbs_comment_and_what_changed(client_for, new_project, act):
    project = new_project()
    project = act(project, "jiaowei_unit", "submit")
    project = act(project, "jiaowei_leader", "confirm")
    project = act(project, "bdb", "review_return", comment="请补充建设依据文件，细化投资估算。")
    client = client_for("jiaowei_unit")
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert "退回修改意见" in form and "请补充建设依据文件，细化投资估算。" in form
    assert "李明轩（区大数据发展局）" in form and "依据第九条" in form
    assert "尚未修改" in form

    client.post(
        f"/projects/{project.pk}/edit/",
        _post(amount_0="750", version=project.version, name="渝中区智慧教育管理平台（调整）"),
    )
    response = client.get(f"/projects/{project.pk}/edit/")
    labels = [label for label, _, _ in response.context["changes"]]
    assert labels == ["项目名称", "项目投资估算（元）", "填表日期"]
    assert ("项目投资估算（元）", "8000000.00", "7500000.00") in response.context["changes"]

    # Resubmitted, the BDB sees the same changes between the two submissions on the project page.
    project = act(Project.objects.get(pk=project.pk), "jiaowei_unit", "submit")
    project = act(project, "jiaowei_leader", "confirm")
    page = client_for("bdb").get(f"/projects/{project.pk}/")
    assert "本次报送与第1次报送相比的修改" in page.content.decode()
    assert ("项目名称", "渝中区智慧教育管理平台", "渝中区智慧教育管理平台（调整）") in page.context["changes"]


def test_the_urgent_deliberation_fields_are_saved_and_checked_on_submit(client_for):
    client = client_for("jiaowei_unit")
    client.post("/projects/new/", _post(urgent="on", urgent_body="区政府常务会议"))
    project = Project.objects.get()
    assert project.urgent and project.urgent_body == "区政府常务会议"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert (
        "急需项目须按区委区政府议事规则提请研究审议，请登记：审议日期、审议结论、会议纪要或文件文号" in page
    )
    assert "依据第十一条" in page
