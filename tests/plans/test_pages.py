"""The plan's pages (第五条): the BDB composes and submits, the office records the leading group's
decision with its key projects, the bureaus read every version, a unit the approved one's lines of
its own, an expert or an agency nothing; 重点项目 with the BDB's key-project evaluations (第二十六条);
"重点" on the list and the project's page at no query more."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from tests.plans.conftest import MEETING, decision

from govit import clock
from govit.operation.models import Evaluation
from govit.plans import services
from govit.plans.models import YearPlan
from govit.projects.models import Project

pytestmark = pytest.mark.django_db
BUREAUS = ("bdb", "lg_office", "drc", "finance", "audit", "cac")


def _text(response, status: int = 200) -> str:
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def test_the_bdb_composes_and_submits_and_the_office_approves_with_key_projects(client_for, year_list):
    bdb = client_for("bdb")
    assert "编制新版本" in _text(bdb.get("/plans/"))
    response = bdb.post("/plans/", {"year": "2027", "note": "依据2027年度清单。"})
    plan = YearPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    page = _text(bdb.get(f"/plans/{plan.pk}/"))
    assert (
        "渝中区2027年度政务信息化建设规划（第1版）" in page
        and "1,180.00" in page
        and "提交领导小组审议" in page
    )
    assert "纳入区级投资项目" in page and "从项目单位部门预算中列支" in page and "第五条" in page
    assert bdb.post(f"/plans/{plan.pk}/submit/").status_code == 302
    office = client_for("lg_office")
    page = _text(office.get(f"/plans/{plan.pk}/"))
    assert "登记领导小组审议结论" in page and "区教委智慧教育平台" in page
    listed = year_list["listed"]
    form = {
        **MEETING,
        "meeting_on": clock.today().isoformat(),
        "decision": "approved",
        "keys": [str(listed.pk)],
    }
    response = office.post(f"/plans/{plan.pk}/decide/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.state == "approved" and Project.objects.get(pk=listed.pk).key_project
    page = _text(office.get(f"/plans/{plan.pk}/"))
    assert "审定通过" in page and "渝中云长办〔2026〕4号" in page and 'class="badge badge--key"' in page


def test_a_refused_decision_is_shown_beside_the_form(client_for, submitted):
    plan = submitted()
    form = {**MEETING, "meeting_on": clock.today().isoformat(), "decision": "returned", "comment": ""}
    page = _text(client_for("lg_office").post(f"/plans/{plan.pk}/decide/", form), 422)
    assert "退回修改时请写明领导小组的意见" in page


@pytest.mark.parametrize("username", ["drc", "finance", "audit", "cac", "lg_office", "jiaowei_unit"])
def test_only_the_bdb_composes(client_for, year_list, username):
    assert client_for(username).post("/plans/", {"year": "2027"}).status_code == 403
    assert not YearPlan.objects.exists()


@pytest.mark.parametrize("username", ["bdb", "drc", "jiaowei_unit"])
def test_only_the_office_records_the_decision(client_for, submitted, username):
    plan = submitted()
    form = {**MEETING, "meeting_on": clock.today().isoformat(), "decision": "approved"}
    assert client_for(username).post(f"/plans/{plan.pk}/decide/", form).status_code in (403, 404)
    assert YearPlan.objects.get().state == "submitted"


@pytest.mark.parametrize("username", BUREAUS)
def test_every_bureau_reads_every_version(client_for, composed, username):
    plan = composed()
    page = _text(client_for(username).get(f"/plans/{plan.pk}/"))
    assert "区教委智慧教育平台" in page and "解放碑网格化治理平台" in page
    assert ("提交领导小组审议" in page) == (username == "bdb")


def test_a_unit_reads_only_the_approved_versions_lines_of_its_own(demo, client_for, submitted):
    plan = submitted()
    unit = client_for("jiaowei_unit")
    assert unit.get(f"/plans/{plan.pk}/").status_code == 404
    assert "第1版" not in _text(unit.get("/plans/"))
    services.plan_decide(user=demo["lg_office"], plan=plan, decision=decision(clock.today()))
    page = _text(unit.get(f"/plans/{plan.pk}/"))
    assert "区教委智慧教育平台" in page and "解放碑网格化治理平台" not in page and "920.00" in page
    assert "第1版" in _text(client_for("jfb_leader").get("/plans/"))


@pytest.mark.parametrize("username", ["expert1", "agency_design", "sysadmin"])
def test_experts_agencies_and_administrators_read_neither_page(client_for, composed, username):
    plan = composed()
    client = client_for(username)
    for path in ("/plans/", f"/plans/{plan.pk}/", "/key-projects/"):
        assert client.get(path).status_code == 403, path


def test_the_key_projects_page_shows_the_bdbs_evaluations_and_the_office_designates(
    demo, client_for, year_list
):
    office = client_for("lg_office")
    earlier = year_list["earlier"]
    form = {**MEETING, "meeting_on": clock.today().isoformat(), "list_code": earlier.list_code}
    assert office.post("/key-projects/", form).status_code == 302
    Evaluation.objects.create(
        project=earlier, by="bdb", year=2025, operation=90, use=80, sharing=70, benefit=60, conclusion="良好",
        evaluated_on=clock.today(), recorded_by=demo["bdb"],
    )  # fmt: skip
    for username in ("bdb", "audit", "jiaowei_unit"):
        page = _text(client_for(username).get("/key-projects/"))
        assert "区教委去年的平台" in page and "75分" in page and "未评价" in page, username
        assert ("登记领导小组确定的重点项目" in page) == (username == "lg_office")
    assert "区教委去年的平台" not in _text(client_for("jfb_unit").get("/key-projects/"))
    again = _text(office.post("/key-projects/", form), 409)
    assert "已是重点建设项目" in again
    unknown = _text(office.post("/key-projects/", {**form, "list_code": "YZ-2099-0001"}), 422)
    assert "没有这个清单编号的项目" in unknown
    assert client_for("bdb").post("/key-projects/", form).status_code == 403


def test_the_list_and_the_project_page_mark_a_key_project_at_no_query_more(demo, client_for, year_list):
    client = client_for("bdb")
    with CaptureQueriesContext(connection) as before:
        assert "badge--key" not in _text(client.get("/projects/"))
    meeting = services.Meeting(MEETING["meeting"], clock.today(), MEETING["minutes_ref"])
    services.key_designate(user=demo["lg_office"], project=year_list["listed"], meeting=meeting)
    with CaptureQueriesContext(connection) as after:
        page = _text(client.get("/projects/"))
    assert page.count('class="badge badge--key"') == 1 and len(after) == len(before)
    assert "重点建设项目（第五条）" in _text(client.get(f"/projects/{year_list['listed'].pk}/"))


def test_the_bureaus_menu_leads_to_both_pages(client_for):
    page = _text(client_for("drc").get("/plans/"))
    assert 'href="/plans/"' in page and 'href="/key-projects/"' in page
    assert 'href="/plans/"' not in _text(client_for("expert1").get("/projects/"))


def test_the_workbook_marks_a_key_project_after_its_name(demo, client_for, year_list):
    meeting = services.Meeting(MEETING["meeting"], clock.today(), MEETING["minutes_ref"])
    services.key_designate(user=demo["lg_office"], project=year_list["listed"], meeting=meeting)
    response = client_for("bdb").get("/projects/export.xlsx", {"year": "2027"})
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    names = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "区教委智慧教育平台（重点建设项目）" in names and "解放碑网格化治理平台" in names
