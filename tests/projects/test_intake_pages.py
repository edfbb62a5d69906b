"""The application form asks 第二条's scope questions and refuses beside the field; the project page
shows the answers and a continuation's earlier project with its baseline and ledger (第三条)."""

import pytest
import time_machine
from tests.fixtures.projects import FORM
from tests.projects.test_application_form import _post

from govit.projects import services
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project

pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel("2027-03-10 10:00 +0800", tick=False):
        yield


def test_the_form_asks_the_scope_questions_with_the_policys_purchases(client_for):
    form = client_for("jiaowei_unit").get("/projects/new/").context["form"]
    choices = dict(form.fields["excluded_purchase"].choices)
    assert choices["pc"] == "是：购置办公使用的个人电脑" and choices["none"].startswith("否，不属于")
    assert form.fields["fiscal_funding"].required and form.fields["it_system"].required


def test_fifty_office_pcs_are_refused_beside_the_field_with_article_2(client_for):
    data = _post(name="购置办公个人电脑50台", work_type="maintenance", amount_0="30", excluded_purchase="pc")
    response = client_for("jiaowei_unit").post("/projects/new/", data)
    assert response.status_code == 409
    errors = response.context["form"].errors["excluded_purchase"]
    assert errors == [
        "不属于本细则所称政务信息化项目：购置办公使用的个人电脑不属于政务信息化项目。（依据第二条）"
    ]
    assert not Project.objects.exists()


def test_an_unanswered_scope_question_is_refused_beside_it(client_for):
    response = client_for("jiaowei_unit").post("/projects/new/", _post(it_system=None))
    assert response.status_code == 422 and "it_system" in response.context["form"].errors


def test_the_page_shows_the_answers_and_the_earlier_projects_history(demo, client_for):
    demo_projects_load({DELIVERED})
    earlier = Project.objects.get(name=DELIVERED)
    project = services.project_create(
        user=demo["jiaowei_unit"],
        application=services.Application(
            **{**FORM, "year": 2028, "continues_outside": "", "continues": earlier.pk}
        ),
    )
    page = client_for("jiaowei_unit").get(f"/projects/{project.pk}/").content.decode()
    assert "全部或部分使用区级及以上财政资金：是" in page and "属于第二条所列购置：否，不属于所列购置" in page
    assert f"前期项目：{DELIVERED}" in page and f'href="/projects/{earlier.pk}/"' in page
    assert "应用软件开发" in page and "已拨付" in page
    form = client_for("jiaowei_unit").get(f"/projects/{project.pk}/edit/").context["form"]
    assert earlier.pk in dict(form.fields["continues"].choices)
