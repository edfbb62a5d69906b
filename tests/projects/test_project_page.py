"""The project page: facts, route, documents, history, and the actions built from the lifecycle's
declared inputs; refusals come back with their Chinese reason, article and HTTP status."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.projects import upload

from govit import clock
from govit.approvals.models import Approval
from govit.documents.models import Document
from govit.experts import services as experts_services
from govit.experts.models import Expert, ExpertReview
from govit.projects.models import Project
from govit.workflow.lifecycle import TRANSITIONS


@pytest.fixture
def at_bdb(new_project, act, before_deadline):
    project = act(new_project(), "jiaowei_unit", "submit")
    return act(project, "jiaowei_leader", "confirm")


def test_it_shows_the_facts_the_route_and_why(client_for, listed):
    project = listed(work_type="new", amount="1200万")
    response = client_for("jiaowei_unit").get(f"/projects/{project.pk}/")
    content = response.content.decode()
    assert "1,200.00万元" in content and project.list_code in content
    assert "纳入区级投资项目" in content  # the funding channel, 第十条
    steps = response.context["steps"]
    # The route (9 steps), then the 7 steps from the approval to delivery.
    assert [s.status for s in steps] == ["done"] * 4 + ["current"] + ["pending"] * 12
    assert "编制可行性研究报告" in content and "✓" in content and "●" in content and "○" in content
    assert "总投资 1,200.00万元 &gt; 1,000.00万元" in content and "第十三条第二款" in content
    assert "区云长制领导小组2026年第3次会议" in content  # the leading group's decision


def test_the_history_says_who_which_organisation_role_when_and_which_article(client_for, at_bdb):
    content = client_for("bdb").get(f"/projects/{at_bdb.pk}/").content.decode()
    assert "陈建国" in content and "区教委 · 单位负责人" in content
    assert "2026-09-15 10:00" in content  # Asia/Shanghai
    assert "确认并报送区大数据发展局" in content and "第九条" in content


def test_each_action_is_a_form_built_from_its_declared_inputs(client_for, at_bdb):
    response = client_for("bdb").get(f"/projects/{at_bdb.pk}/")
    forms = {item["action"].code: item["form"] for item in response.context["actions"]}
    assert set(forms) == {"review_pass", "review_return", "review_reject"}
    assert list(forms["review_pass"].fields) == [
        "version",
        "comment",
        "accept_late",
        "overlap",
        "overlap_reason",
        "steering",
        "steering_reason",
    ]
    assert forms["review_return"].fields["comment"].required
    content = response.content.decode()
    assert f'action="/projects/{at_bdb.pk}/actions/review_return/"' in content
    assert 'name="review_return-version"' in content


def test_every_declared_input_type_becomes_a_field(listed, client_for, demo, act):
    """money → number + unit, date → date input, document → this project's documents."""
    project = listed(work_type="new", amount="1200万")
    from govit.projects import services

    services.preparer_set(project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
                          qualification="甲级", contact="")  # fmt: skip
    upload(project, demo["jiaowei_unit"], "fsr")
    act(project, "jiaowei_unit", "submit_fsr")
    upload(project, demo["drc"], "approval", "可研批复.pdf")
    response = client_for("drc").get(f"/projects/{project.pk}/")
    content = response.content.decode()
    assert 'type="date" name="approve_fsr-approved_on"' in content
    assert (
        'name="approve_fsr-approved_total_0"' in content and 'name="approve_fsr-approved_total_1"' in content
    )
    # R3.9: the select offers the DRC's own approval document, not the unit's FSR.
    form = next(a["form"] for a in response.context["actions"] if a["action"].code == "approve_fsr")
    offered = [label for _, label in form.fields["approval_document"].choices]
    assert offered == ["请选择本项目已上传的文件", "批复文件 第1版（可研批复.pdf）"]


def test_an_action_moves_the_project_and_says_so(client_for, at_bdb):
    response = client_for("bdb").post(
        f"/projects/{at_bdb.pk}/actions/review_pass/", {"review_pass-version": at_bdb.version}, follow=True
    )
    assert response.redirect_chain == [(f"/projects/{at_bdb.pk}/", 302)]
    assert Project.objects.get(pk=at_bdb.pk).state == "listing"
    assert "已办理：审核通过，待纳入清单。" in response.content.decode()


def test_a_missing_required_input_is_shown_beside_its_field(client_for, at_bdb):
    response = client_for("bdb").post(
        f"/projects/{at_bdb.pk}/actions/review_return/", {"review_return-version": at_bdb.version}
    )
    assert response.status_code == 422
    failed = next(item for item in response.context["actions"] if item["open"])
    assert failed["form"].errors["comment"] == ["请填写“意见”。"]
    assert Project.objects.get(pk=at_bdb.pk).state == "list_review"


def test_someone_elses_action_is_403_with_the_reason(client_for, at_bdb):
    response = client_for("jiaowei_unit").post(
        f"/projects/{at_bdb.pk}/actions/review_pass/", {"review_pass-version": at_bdb.version}
    )
    assert response.status_code == 403
    assert (
        "您没有执行“审核通过" in response.content.decode()
        and "此操作由区大数据发展局办理" in response.content.decode()
    )


def test_an_action_of_another_state_is_409_with_the_reason(client_for, at_bdb):
    response = client_for("bdb").post(
        f"/projects/{at_bdb.pk}/actions/list/", {"list-version": at_bdb.version}
    )
    assert response.status_code == 409
    assert "项目当前处于“区大数据发展局审核”环节，不能执行“纳入项目清单”" in response.content.decode()


def test_an_unknown_action_is_409(client_for, at_bdb):
    response = client_for("bdb").post(f"/projects/{at_bdb.pk}/actions/fly/", {})
    assert response.status_code == 409
    assert "没有名为“fly”的操作" in response.content.decode()


def test_a_stale_page_cannot_act_twice(client_for, at_bdb):
    client = client_for("bdb")
    data = {"review_return-version": at_bdb.version, "review_return-comment": "请补充。"}
    assert client.post(f"/projects/{at_bdb.pk}/actions/review_return/", data).status_code == 302
    again = client_for("bdb").post(f"/projects/{at_bdb.pk}/actions/review_reject/", {
        "review_reject-version": at_bdb.version, "review_reject-comment": "不予通过。"})  # fmt: skip
    assert again.status_code == 409
    assert Project.objects.get(pk=at_bdb.pk).state == "returned"


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_a_late_application_is_refused_until_the_bdb_accepts_it(client_for, new_project, act):
    # Applied for 2027 on 2026-11-26 (after the 2026-09-30 deadline): late (第九条).
    project = act(act(new_project(), "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    assert Project.objects.get(pk=project.pk).late
    client = client_for("bdb")
    refused = client.post(
        f"/projects/{project.pk}/actions/review_pass/", {"review_pass-version": project.version}
    )
    assert refused.status_code == 409
    assert "逾期申报" in refused.content.decode() and "依据第九条" in refused.content.decode()
    accepted = client.post(
        f"/projects/{project.pk}/actions/review_pass/",
        {"review_pass-version": project.version, "review_pass-accept_late": "on"},
    )
    assert accepted.status_code == 302
    assert Project.objects.get(pk=project.pk).late_accepted


def test_an_approval_is_recorded_with_its_money_in_wan_and_its_document(
    client_for, demo, in_design_review, act
):
    project = act(in_design_review(), "bdb", "design_pass", comment="同意")
    approval_file = upload(project, demo["drc"], "approval", "批复.pdf")
    data = {
        "approve_budget-version": project.version,
        "approve_budget-document_number": "渝中发改投〔2026〕123号",
        "approve_budget-approved_on": clock.today().isoformat(),
        "approve_budget-approved_total_0": "800", "approve_budget-approved_total_1": "wan",
        "approve_budget-approved_software_0": "5000000", "approve_budget-approved_software_1": "yuan",
        "approve_budget-approved_hardware_0": "200", "approve_budget-approved_hardware_1": "wan",
        "approve_budget-approved_other_0": "100", "approve_budget-approved_other_1": "wan",
        "approve_budget-approval_document": approval_file,
    }  # fmt: skip
    client = client_for("drc")
    wrong = client.post(
        f"/projects/{project.pk}/actions/approve_budget/", {**data, "approve_budget-approved_other_0": "99"}
    )
    assert wrong.status_code == 409
    assert "软件、硬件、其他三项金额之和应等于批复总投资" in wrong.content.decode()
    response = client.post(f"/projects/{project.pk}/actions/approve_budget/", data, follow=True)
    assert Project.objects.get(pk=project.pk).state == "approved"
    approval = Approval.objects.get(project=project)
    assert str(approval.approved_software) == "5000000.00" and approval.document_id == approval_file
    content = response.content.decode()
    assert "渝中发改投〔2026〕123号" in content and "500.00" in content


def test_documents_are_uploaded_with_their_kind_and_versioned(client_for, listed):
    project = listed()
    client = client_for("jiaowei_unit")
    for _ in range(2):
        file = SimpleUploadedFile("可研报告.pdf", b"%PDF-1.4 fsr", content_type="application/pdf")
        response = client.post(f"/projects/{project.pk}/documents/", {"kind": "fsr", "file": file})
        assert response.status_code == 302
    assert list(Document.objects.filter(project=project).values_list("version", flat=True)) == [2, 1]
    bad = client.post(
        f"/projects/{project.pk}/documents/", {"kind": "fsr", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert bad.status_code == 422
    assert "不支持的文件类型：x.exe" in bad.context["upload_form"].errors["file"][0]


def test_a_bureau_without_upload_rights_sees_no_upload_form(client_for, at_bdb):
    assert "upload_form" not in client_for("audit").get(f"/projects/{at_bdb.pk}/").context
    assert "upload_form" in client_for("bdb").get(f"/projects/{at_bdb.pk}/").context


def test_the_unit_records_the_preparer_once_listed(client_for, listed, demo):
    project = listed()
    client = client_for("jiaowei_unit")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "登记编制单位" in page and "重庆山城信息工程设计院有限公司" in page
    blocked = client.get(f"/projects/{project.pk}/").context["actions"][0]["action"]
    assert blocked.blocked and blocked.blocked[0].article == 13
    response = client.post(f"/projects/{project.pk}/preparer/", {
        "preparer": demo.org("shancheng_design").pk, "qualification": "", "contact": ""})  # fmt: skip
    assert response.context["preparer_form"].errors["qualification"] == ["请填写“资质”。"]
    response = client.post(f"/projects/{project.pk}/preparer/", {
        "preparer": demo.org("shancheng_design").pk, "qualification": "甲级", "contact": "马俊杰"})  # fmt: skip
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).preparer == demo.org("shancheng_design")
    # A unit that is not an agency may not prepare (the service says why).
    refused = client.post(f"/projects/{project.pk}/preparer/", {
        "preparer": demo.org("jiaowei").pk, "qualification": "甲级", "contact": ""})  # fmt: skip
    assert refused.status_code == 422


def test_the_preparer_form_is_not_offered_before_listing(client_for, new_project):
    assert "preparer_form" not in client_for("jiaowei_unit").get(f"/projects/{new_project().pk}/").context


def test_a_construction_project_records_its_national_code(client_for, listed):
    project = listed()
    client = client_for("jiaowei_unit")
    bad = client.post(f"/projects/{project.pk}/national-code/", {"code": "12345"})
    assert bad.status_code == 422 and "24位代码" in bad.context["national_code_form"].errors["code"][0]
    assert (
        client.post(
            f"/projects/{project.pk}/national-code/", {"code": "2101-500103-04-01-123456"}
        ).status_code
        == 302
    )
    assert Project.objects.get(pk=project.pk).national_code == "2101-500103-04-01-123456"
    assert (
        client_for("jiaowei_leader")
        .post(f"/projects/{project.pk}/national-code/", {"code": "2101-500103-04-01-123456"})
        .status_code
        == 403
    )


def test_a_service_project_has_no_national_code_form(client_for, listed):
    project = listed(work_type="service_purchase", amount="300万")
    assert "national_code_form" not in client_for("jiaowei_unit").get(f"/projects/{project.pk}/").context


def test_the_bdb_assigns_an_expert_and_a_conflicted_one_is_refused_with_the_reason(
    client_for, demo, experts, in_design_review
):
    project = in_design_review()
    experts["expert2"].conflicts.add(demo.org("jiaowei"))
    client = client_for("bdb")
    page = client.get(f"/projects/{project.pk}/")
    assert (
        "assign_form" in page.context
        and "何静怡" in page.content.decode()
        and "有利害关系" in page.content.decode()
    )
    refused = client.post(f"/projects/{project.pk}/experts/", {"expert": experts["expert2"].pk})
    assert refused.status_code == 409
    assert (
        experts_services.CONFLICTED_EXPERT.format(name="何静怡", why="申报回避项目单位")
        in refused.content.decode()
    )
    assert "依据第十五条" in refused.content.decode()
    assert (
        client.post(f"/projects/{project.pk}/experts/", {"expert": experts["expert1"].pk}).status_code == 302
    )
    review = ExpertReview.objects.get()
    # Until the expert answers, the BDB's conclusion is blocked (第十五条).
    blocked = {
        i["action"].code: i["action"].blocked
        for i in client.get(f"/projects/{project.pk}/").context["actions"]
    }
    assert blocked["design_pass"][0].reason == "尚有专家未提交评审意见：黄立新"
    assert review.expert == experts["expert1"]


def test_the_unit_cannot_assign_experts(client_for, experts, in_design_review):
    project = in_design_review()
    assert "assign_form" not in client_for("jiaowei_unit").get(f"/projects/{project.pk}/").context
    response = client_for("jiaowei_unit").post(
        f"/projects/{project.pk}/experts/", {"expert": experts["expert1"].pk}
    )
    assert response.status_code == 403


def test_refusal_messages_name_their_article(client_for, listed):
    project = listed()
    response = client_for("jiaowei_unit").post(
        f"/projects/{project.pk}/actions/submit_fsr_budget/", {"submit_fsr_budget-version": project.version}
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "请先上传：可行性研究报告、概（预）算方案（依据第十三条）" in content


def test_the_declared_transitions_all_have_forms_that_build(listed):
    from govit.workflow.forms import ActionForm

    for transition in TRANSITIONS:
        form = ActionForm(transition=transition, documents=[(1, "文件")], initial={"version": 0})
        assert list(form.fields)[0] == "version"
        assert [f.name for f in transition.inputs] == list(form.fields)[1:]


def test_an_expert_cannot_be_assigned_from_a_deactivated_pool(client_for, experts, in_design_review):
    project = in_design_review()
    Expert.objects.filter(pk=experts["expert1"].pk).update(is_active=False)
    response = client_for("bdb").post(f"/projects/{project.pk}/experts/", {"expert": experts["expert1"].pk})
    assert response.status_code == 422
