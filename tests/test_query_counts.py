"""The list, the to-do page and the project page run the same number of queries with 5 projects
as with 500 (STYLE: no query grows with its rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:  # a workbook reads its rows while it is sent
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/projects/", "/projects/?year=2027&category=construction", "/todo/", "/done/"]
)
def test_the_lists_cost_the_same_for_5_and_500_projects(client_for, bulk_projects, url):
    client = client_for("bdb")
    bulk_projects(5)
    few = _queries(client, url)
    bulk_projects(495)
    assert _queries(client, url) == few


def test_the_todo_page_pages_500_rows_in_the_same_queries(
    client_for, bulk_projects, django_assert_num_queries
):
    client = client_for("bdb")
    bulk_projects(5)
    few = _queries(client, "/todo/")
    bulk_projects(495)
    with django_assert_num_queries(few):
        response = client.get("/todo/")
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 500


def test_the_project_page_costs_the_same_whatever_the_data_size(
    client_for, bulk_projects, in_design_review, demo, experts
):
    from tests.fixtures.projects import upload

    project = in_design_review()
    client = client_for("bdb")
    bulk_projects(5)
    few = _queries(client, f"/projects/{project.pk}/")
    bulk_projects(495)
    for n in range(10):  # more documents, more history
        upload(project, demo["jiaowei_unit"], "other", f"附件{n}.pdf")
    assert _queries(client, f"/projects/{project.pk}/") == few
    assert _queries(client_for("jiaowei_unit"), f"/projects/{project.pk}/") <= few + 2


def test_the_export_costs_the_same_for_5_and_500_projects(client_for, bulk_projects):
    client = client_for("bdb")
    bulk_projects(5)
    few = _queries(client, "/projects/export.xlsx")
    bulk_projects(495)
    assert _queries(client, "/projects/export.xlsx") == few


def test_the_reviews_page_costs_the_same_for_1_and_many_reviews(client_for, demo, experts, in_design_review):
    from govit.experts import services as experts_services

    client = client_for("bdb")
    first = in_design_review(name="项目一")
    experts_services.expert_assign(project=first, user=demo["bdb"], expert=experts["expert1"])
    few = _queries(client, "/reviews/")
    for n in range(3):
        project = in_design_review(name=f"项目{n + 2}")
        experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert1"])
        experts_services.expert_assign(project=project, user=demo["bdb"], expert=experts["expert2"])
    assert _queries(client, "/reviews/") == few
    assert _queries(client_for("expert1"), "/reviews/") == few
