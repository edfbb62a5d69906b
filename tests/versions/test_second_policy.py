"""A project follows its own version of the Rules everywhere (R9.4, issue 8 §2): pages, API
answers, refusals, reminders and the export of a test-2031 project show test-2031's numbers,
while a yuzhong-2021 project in the same database keeps yuzhong-2021's."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from tests.fixtures.api import ok
from tests.versions.conftest import UNDER_2031, at

from govit import clock
from govit.construction import changes as construction_changes
from govit.construction import selectors as construction_selectors
from govit.construction.models import ChangeRequest
from govit.projects import errors
from govit.projects.models import Project
from govit.reminders.models import Kind, Reminder
from govit.reminders.services import reminders_send
from govit.workflow import engine

pytestmark = pytest.mark.django_db


def _blocked(project: Project, user, code: str) -> list[str]:
    """The reasons `code` is blocked for `user` now (the engine's list the pages and API show)."""
    for action in engine.actions_for(Project.objects.get(pk=project.pk), user):
        if action.code == code:
            return [u.reason for u in action.blocked]
    raise AssertionError(f"{code} is not offered")


# --- 第十三条第二款: the combined path's limit -------------------------------------------------------


def test_600_wan_takes_the_separate_path_under_2031_and_the_combined_one_under_2021(project_under, api):
    new = project_under("test-2031", amount="600万")
    old = project_under("yuzhong-2021", amount="600万")
    with at(UNDER_2031):
        new_body = ok(api("jiaowei_unit").get(f"/projects/{new.pk}"))
        old_body = ok(api("jiaowei_unit").get(f"/projects/{old.pk}"))
    assert new_body["path"] == {"code": "separate", "label": "可研、初设分别审批（超过500万元）"}
    assert old_body["path"] == {
        "code": "combined",
        "label": "可研及概算合并审批（代初步设计）（1000万以下（含1000万））",
    }
    assert any("属超过500万元的建设类项目" in b["reason"] for b in new_body["basis"])
    assert any("1000万以下（含1000万）" in b["reason"] for b in old_body["basis"])
    assert "fsr_approval" in [s["code"] for s in new_body["route"]]
    assert "fsr_budget_approval" in [s["code"] for s in old_body["route"]]


def test_the_route_panel_of_the_application_page_shows_the_projects_own_limit(project_under, client_for):
    new = project_under("test-2031", amount="600万")
    old = project_under("yuzhong-2021", amount="600万")
    with at(UNDER_2031):
        new_page = client_for("jiaowei_unit").get(f"/projects/{new.pk}/edit/").content.decode()
        old_page = client_for("jiaowei_unit").get(f"/projects/{old.pk}/edit/").content.decode()
        detail = client_for("jiaowei_unit").get(f"/projects/{new.pk}/").content.decode()
    assert "超过500万元的建设类项目" in new_page and "区发改委审批可行性研究报告" in new_page
    assert "1000万以下（含1000万）" in old_page and "500万" not in old_page
    assert "超过500万元的建设类项目" in detail
    # 申报年度's help names the project's own deadline (第九条).
    assert "每年8月底前（含8月31日）申报下一年度项目" in new_page
    assert "每年9月底前（含9月30日）申报下一年度项目" in old_page


def test_a_new_application_today_is_told_the_deadline_of_the_version_in_force(two_versions, client_for):
    with at(UNDER_2031):
        page = client_for("jiaowei_unit").get("/projects/new/").content.decode()
    assert "每年8月底前（含8月31日）申报下一年度项目" in page and "9月底" not in page


# --- 第九条: the yearly deadline ---------------------------------------------------------------------


def test_an_application_on_1_september_is_late_under_2031_and_on_time_under_2021(
    demo, project_under, act, client_for
):
    new = project_under("test-2031")  # for 2032: due 2031-08-31
    old = project_under("yuzhong-2021")  # for 2031: due 2030-09-30
    with at("2031-09-01"):
        new = act(act(new, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
        with pytest.raises(errors.ActionError) as error:
            act(new, "bdb", "review_pass")  # 第九条: a late application needs the BDB's acceptance
    with at("2030-09-01"):
        old = act(act(old, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
        assert act(old, "bdb", "review_pass").state == "listing"  # on time: no acceptance asked
    assert new.late is True and old.late is False
    assert "2032 年度项目应于 2031-08-31 前申报" in error.value.detail


def test_the_list_shows_the_call_of_the_version_in_force(two_versions, client_for):
    with at("2031-08-20"):
        page = client_for("jiaowei_unit").get("/projects/").content.decode()
    assert "2032年度项目申报截止日：<strong>2031年8月31日</strong>" in page
    assert "第九条：每年8月底前（含8月31日）填报下一年度项目申报表" in page


def test_the_export_marks_the_1_september_application_late_only_under_2031(project_under, act, client_for):
    new = project_under("test-2031", name="二〇三一版项目")
    old = project_under("yuzhong-2021", name="二〇二一版项目")
    with at("2031-09-01"):
        act(act(new, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    with at("2030-09-01"):
        act(act(old, "jiaowei_unit", "submit"), "jiaowei_leader", "confirm")
    with at("2031-09-02"):
        response = client_for("bdb").get("/projects/export.xlsx")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    late = {row[2]: row[9] for row in sheet.iter_rows(min_row=3, values_only=True) if row[2]}
    assert late["二〇三一版项目"] == "逾期申报"
    assert late["二〇二一版项目"] == "否"


def test_the_deadline_reminder_of_a_draft_follows_its_own_version(two_versions, demo, new_project):
    with at(UNDER_2031):
        new = new_project(year=2032)  # test-2031: due 2031-08-31
    with at("2030-12-01"):
        old = new_project(year=2032)  # yuzhong-2021, started before test-2031 took effect: due 2031-09-30
    assert (new.policy_id, old.policy_id) == ("test-2031", "yuzhong-2021")
    with at("2031-08-24"):
        reminders_send(today=clock.today())
    with at("2031-09-23"):
        reminders_send(today=clock.today())
    new_reminder = Reminder.objects.get(project=new, kind=Kind.APPLICATION_DEADLINE)
    old_reminder = Reminder.objects.get(project=old, kind=Kind.APPLICATION_DEADLINE)
    assert (new_reminder.due.isoformat(), new_reminder.lead_days) == ("2031-08-31", 7)
    assert (old_reminder.due.isoformat(), old_reminder.lead_days) == ("2031-09-30", 7)
    assert "每年8月底前即 2031-08-31 前" in new_reminder.body
    assert "每年9月底前即 2031-09-30 前" in old_reminder.body


# --- 第十八条: supervision ---------------------------------------------------------------------------


def test_a_60_wan_project_needs_supervision_under_2031_only(demo, approved_under, sign, client_for, api):
    new, old = approved_under("test-2031"), approved_under("yuzhong-2021")
    sign(new), sign(old)
    with at(UNDER_2031):
        new_blocked = _blocked(new, demo["jiaowei_unit"], "start_construction")
        old_blocked = _blocked(old, demo["jiaowei_unit"], "start_construction")
        actions = ok(api("jiaowei_unit").get(f"/projects/{new.pk}/actions"))
        supervision = ok(api("jiaowei_unit").get(f"/projects/{new.pk}/supervision"))
        page = client_for("jiaowei_unit").get(f"/projects/{new.pk}/construction/").content.decode()
    assert new_blocked == [
        "项目金额在50万元以上（含50万元），应签订信息化监理合同；确不引入监理的，须说明理由并经区大数据发展局认可"
    ]
    assert old_blocked == []
    start = next(a for a in actions if a["code"] == "start_construction")
    assert start["blocked"] == [{"article": 18, "reason": new_blocked[0]}]
    assert supervision["required"] is True and "50.00万元" in supervision["basis"][0]["reason"]
    assert "不引入监理的理由" in page


# --- 第十六条第二款: contract filing ----------------------------------------------------------------


def test_a_contract_is_due_on_the_5th_working_day_under_2031_and_the_7th_under_2021(
    demo, approved_under, sign, api, client_for
):
    new, old = approved_under("test-2031"), approved_under("yuzhong-2021")
    new_contract, old_contract = sign(new), sign(old)  # Monday 2031-03-03
    assert new_contract.filing_due.isoformat() == "2031-03-10"
    assert old_contract.filing_due.isoformat() == "2031-03-12"
    with at(UNDER_2031):
        contracts = ok(api("jiaowei_unit").get(f"/projects/{new.pk}/contracts"))
        page = client_for("jiaowei_unit").get(f"/projects/{new.pk}/construction/").content.decode()
        old_page = client_for("jiaowei_unit").get(f"/projects/{old.pk}/construction/").content.decode()
        todo = client_for("jiaowei_unit").get("/todo/").content.decode()
    assert contracts[0]["filing_due"] == "2031-03-10"
    assert "第5个工作日为备案截止日" in page and "签订后5个工作日内报区大数据发展局备案" in page
    assert "第7个工作日为备案截止日" in old_page and "签订后7个工作日内报区大数据发展局备案" in old_page
    assert "2031-03-10" in todo and "2031-03-12" in todo


def test_the_filing_reminder_names_the_projects_own_period(
    demo, approved_under, sign, django_capture_on_commit_callbacks
):
    new, old = approved_under("test-2031"), approved_under("yuzhong-2021")
    sign(new), sign(old)  # due 2031-03-10 and 2031-03-12
    with at("2031-03-09"), django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=clock.today())  # a day before the one, three before the other
    new_body = Reminder.objects.get(
        project=new, kind=Kind.CONTRACT_FILING, recipient=demo["jiaowei_unit"]
    ).body
    old_body = Reminder.objects.get(
        project=old, kind=Kind.CONTRACT_FILING, recipient=demo["jiaowei_unit"]
    ).body
    assert "应于 2031-03-10 前" in new_body and "签订后5个工作日内" in new_body
    assert "应于 2031-03-12 前" in old_body and "签订后7个工作日内" in old_body


# --- 第二十一条: the change ratio -------------------------------------------------------------------


def test_a_change_of_12_percent_is_recorded_under_2031_and_goes_to_the_bdb_under_2021(
    demo, approved_under, sign, act
):
    new, old = approved_under("test-2031"), approved_under("yuzhong-2021")
    changes = {}
    for project in (new, old):
        sign(project)
        sign(project, kind="supervision", number="JL-1")
        with at("2031-03-04"):
            project = act(Project.objects.get(pk=project.pk), "jiaowei_unit", "start_construction")
            software = construction_selectors.active_baseline(project).approval.approved_software
            changes[project.policy_id] = construction_changes.change_request_create(
                project=project, user=demo["jiaowei_unit"], description="增加统计报表",
                software_amount=(software * Decimal("0.12")).quantize(Decimal("0.01")),
            )  # fmt: skip
    assert changes["test-2031"].status == ChangeRequest.Status.RECORDED
    assert changes["yuzhong-2021"].status == ChangeRequest.Status.BDB_REVIEW
    with at("2031-03-04"):
        assert (
            _blocked(old, demo["jiaowei_unit"], "initial_acceptance")[-1]
            == "尚有累计超出10%的变更未重新批复，不能验收"
        )
        with pytest.raises(errors.NotPermitted, match="累计超出15%的变更由区大数据发展局评估"):
            construction_changes.change_request_review(change=changes["test-2031"], user=demo["jiaowei_unit"],
                                               passed=True, comment="")  # fmt: skip


def test_the_change_pages_name_the_projects_own_share(demo, approved_under, sign, act, client_for):
    project = approved_under("test-2031")
    sign(project)
    sign(project, kind="supervision", number="JL-1")
    with at("2031-03-04"):
        act(Project.objects.get(pk=project.pk), "jiaowei_unit", "start_construction")
        response = client_for("jiaowei_unit").post(
            f"/projects/{project.pk}/changes/",
            {"description": "增加统计报表", "software_amount_0": "4.8", "software_amount_1": "wan"},
            follow=True,
        )
    page = response.content.decode()
    assert "未超出15%，可继续实施" in page, page
    assert "已记录（未超出15%）" in page
    assert "累计超过批复软件总金额15%的" in page


# --- 第二十三条: the trial run ----------------------------------------------------------------------


def test_the_compliance_review_is_refused_at_2_months_and_allowed_at_3_under_2031(demo, in_trial, act):
    new, old = in_trial("test-2031"), in_trial("yuzhong-2021")
    with at("2031-05-06"):  # two months after 2031-03-06
        assert _blocked(old, demo["jiaowei_unit"], "apply_compliance") == []
        assert _blocked(new, demo["jiaowei_unit"], "apply_compliance") == [
            "试运行未满3个月，自 2031-06-06 起方可申请合规性审查"
        ]
        with pytest.raises(errors.ActionError) as refused:
            act(new, "jiaowei_unit", "apply_compliance")
        assert refused.value.article == 23
        act(old, "jiaowei_unit", "apply_compliance")
    with at("2031-06-06"):
        assert act(new, "jiaowei_unit", "apply_compliance").state == "compliance_review"


def test_the_trial_run_reminder_counts_the_projects_own_months(
    demo, in_trial, django_capture_on_commit_callbacks
):
    new, old = in_trial("test-2031"), in_trial("yuzhong-2021")
    for day in ("2031-05-06", "2031-06-06"):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            reminders_send(today=clock.today())
    done = {r.project_id: r for r in Reminder.objects.filter(kind=Kind.TRIAL_RUN, lead_days=0)}
    assert "已满2个月，自 2031-05-06 起" in done[old.pk].body
    assert "已满3个月，自 2031-06-06 起" in done[new.pk].body
