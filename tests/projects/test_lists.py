"""待办, 已办 and the yearly list: filters, totals, the call's deadline, late marks, pagination."""

from decimal import Decimal

import pytest
import time_machine

from govit.projects.models import Project

LATE_DAY = "2026-11-26 10:00 +0800"


@time_machine.travel(LATE_DAY, tick=False)
def test_the_todo_page_shows_what_to_do_since_when_and_the_yearly_deadline(client_for, new_project):
    new_project(name="迟到的草稿")  # 2027's deadline, 2026-09-30, has passed
    new_project(name="明年的草稿", year=2028)
    response = client_for("jiaowei_unit").get("/todo/")
    rows = {row.project.name: row for row in response.context["rows"]}
    assert rows["迟到的草稿"].actions == ["提交单位负责人确认", "撤回申报"]
    assert str(rows["迟到的草稿"].due) == "2026-09-30" and rows["迟到的草稿"].late
    assert str(rows["明年的草稿"].due) == "2027-09-30" and not rows["明年的草稿"].late
    assert rows["迟到的草稿"].since is not None
    content = response.content.decode()
    assert "申报截止 2026-09-30" in content and "已逾期" in content and "2026-11-26 10:00" in content


def test_the_todo_page_lists_only_what_waits_for_the_person(client_for, new_project, act, before_deadline):
    project = act(new_project(), "jiaowei_unit", "submit")
    assert [r.project for r in client_for("jiaowei_leader").get("/todo/").context["rows"]] == [project]
    assert client_for("jiaowei_unit").get("/todo/").context["rows"] == []
    assert client_for("jfb_leader").get("/todo/").context["rows"] == []
    assert (
        client_for("bdb").get("/todo/").context["rows"] == []
    )  # a bureau sees it only once it reaches the BDB
    act(project, "jiaowei_leader", "confirm")
    rows = client_for("bdb").get("/todo/").context["rows"]
    assert [r.actions for r in rows] == [["审核通过，待纳入清单", "退回修改", "不予通过"]]


def test_the_todo_count_feeds_the_home_page(client_for, new_project):
    new_project()
    assert client_for("jiaowei_unit").get("/todo/count/").json() == {"count": 1}
    assert client_for("bdb").get("/todo/count/").json() == {"count": 0}
    assert 'data-src="/todo/count/"' in client_for("jiaowei_unit").get("/").content.decode()


def test_the_done_page_lists_what_the_person_did(client_for, new_project, act, before_deadline):
    project = act(new_project(), "jiaowei_unit", "submit")
    events = client_for("jiaowei_unit").get("/done/").context["events"]
    assert {e.label for e in events} == {"创建项目申报", "提交单位负责人确认"}
    assert {e.project for e in events} == {project}
    assert client_for("jiaowei_leader").get("/done/").context["events"] == []


def test_the_list_filters_by_every_criterion(client_for, demo, bulk_projects, listed):
    bulk_projects(9)
    bulk_projects(3, unit="jiefangbei", year=2028)
    listed_project = listed(name="已入清单的项目")
    client = client_for("bdb")

    def names(**query):
        return sorted(p.name for p in client.get("/projects/", query).context["page"].object_list)

    assert len(names()) == 13
    assert len(names(year=2028)) == 3
    assert len(names(unit=demo.org("jiefangbei").pk)) == 3
    assert len(names(category="om")) == 4
    assert names(state="fsr_with_budget") == ["已入清单的项目"]
    assert names(listed="yes") == ["已入清单的项目"]
    assert len(names(listed="no")) == 12
    assert len(names(work_type="service_purchase")) == 4
    assert names(q="批量项目0001") == ["批量项目0001", "批量项目0001"]
    assert names(q=listed_project.list_code) == ["已入清单的项目"]
    # Amounts are entered in 万元: 100000 + n*1000 yuan = 10.0 … 10.8 万元.
    assert names(amount_min="10.5", amount_max="10.7", unit=demo.org("jiaowei").pk) == [
        "批量项目0005", "批量项目0006", "批量项目0007"]  # fmt: skip


def test_a_bad_amount_filter_is_explained(client_for):
    response = client_for("bdb").get("/projects/", {"amount_min": "十万"})
    assert response.context["form"].errors["amount_min"] == ["请填写以万元计的金额，如 100 或 0.5。"]


def test_the_list_shows_totals_in_wan_per_category(client_for, bulk_projects):
    bulk_projects(6)
    response = client_for("bdb").get("/projects/")
    totals = response.context["totals"]
    assert totals["count"] == 6
    assert totals["amount"] == Decimal("615000.00")
    content = response.content.decode()
    assert "<strong>6</strong> 项 · <strong>61.50</strong> 万元" in content
    assert "建设类</span>2 项 · 20.30 万元" in content


def test_the_list_shows_the_calls_deadline_and_marks_late_applications(client_for, bulk_projects):
    bulk_projects(8)  # rows 0 and 7 are late
    Project.objects.filter(name="批量项目0007").update(late_accepted=True)
    content = client_for("bdb").get("/projects/", {"year": 2027}).content.decode()
    assert "2027年度项目申报截止日：<strong>2026年9月30日</strong>" in content
    assert content.count("逾期申报</span>") == 2 and "已同意受理" in content
    assert "渝中区2027年度政务信息化项目清单" in content


def test_the_list_has_50_rows_a_page_and_keeps_the_filters(client_for, bulk_projects):
    bulk_projects(120)
    client = client_for("bdb")
    first = client.get("/projects/", {"year": 2027})
    assert len(first.context["page"].object_list) == 50
    assert "第 1 / 3 页，共 120 项" in first.content.decode()
    assert "?year=2027&amp;page=2" in first.content.decode()
    last = client.get("/projects/", {"year": 2027, "page": 3})
    assert len(last.context["page"].object_list) == 20


def test_a_unit_sees_only_its_own_projects_in_the_list(client_for, bulk_projects):
    bulk_projects(4)
    bulk_projects(2, unit="jiefangbei")
    assert client_for("jfb_unit").get("/projects/").context["page"].paginator.count == 2
    assert client_for("expert1").get("/projects/").context["page"].paginator.count == 0
    units = dict(client_for("jfb_unit").get("/projects/").context["form"].fields["unit"].choices)
    assert list(units.values()) == ["全部", "解放碑街道"]


@pytest.mark.parametrize(
    ("today", "year"), [("2026-09-30 23:00 +0800", 2027), ("2026-10-01 08:00 +0800", 2028)]
)
def test_the_list_shows_the_call_still_open(client_for, today, year):
    with time_machine.travel(today, tick=False):
        deadline = client_for("bdb").get("/projects/").context["deadline"]
    assert (deadline.year, str(deadline.deadline)) == (year, f"{year - 1}-09-30")


def test_the_todo_count_includes_the_construction_work(client_for, demo):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    page = client_for("bdb").get("/todo/")
    assert page.context["work"], "the demo's filed contracts wait for the BDB's confirmation"
    expected = page.context["page"].paginator.count + len(page.context["work"])
    assert client_for("bdb").get("/todo/count/").json() == {"count": expected}
