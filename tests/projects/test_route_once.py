"""A project's route and timeline are worked out once per project read (issue 9): the page, the
route panel and the API's three fields (route, after_approval, basis) share one answer."""

from decimal import Decimal

import pytest

from govit.projects import selectors
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"


@pytest.fixture
def delivered(demo) -> Project:
    demo_projects_load({DELIVERED})
    return Project.objects.get(name=DELIVERED)


def test_the_route_is_worked_out_once_for_a_project(delivered, django_assert_num_queries):
    with django_assert_num_queries(1):  # whether the delivered system has been evaluated
        route = selectors.project_route(delivered)
    with django_assert_num_queries(0):
        assert selectors.project_route(delivered) is route
    assert route.steps == route.route_steps + route.later_steps
    assert route.later_steps[-1].code == "evaluation"


def test_a_changed_fact_works_it_out_again(delivered):
    route = selectors.project_route(delivered)
    delivered.amount = Decimal("30000000")
    again = selectors.project_route(delivered)
    assert again is not route and again.basis != route.basis


def test_the_api_reads_the_evaluation_once_for_its_three_route_fields(client, demo, delivered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from govit.api.tokens import token_issue

    token = token_issue(user=demo["jiaowei_unit"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/projects/{delivered.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["after_approval"]
    assert sum("operation_evaluation" in q["sql"] for q in captured.captured_queries) == 1
