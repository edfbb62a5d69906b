"""An O&M application names the built system it maintains (第二十五条, R5.5) on the application
form: only the unit's own systems are offered, retired ones marked and refused on submit (R5.7)."""

import pytest
import time_machine
from tests.projects.test_application_form import _post

from govit.projects.demo import demo_projects_load
from govit.projects.models import Project


@pytest.fixture(autouse=True)
def _today():
    """These tests fill the form for 2027 on a form dated 2026-11-20: they run on 2026-11-25."""
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


pytestmark = pytest.mark.django_db

DELIVERED = "渝中区中小学智慧食堂监管平台"  # 区教委's
RETIRED = "解放碑街道视频会议系统"  # 解放碑街道's, retired


@pytest.fixture
def systems(demo):
    demo_projects_load({DELIVERED, RETIRED})
    return {name: Project.objects.get(name=name).built_system for name in (DELIVERED, RETIRED)}


def _om(**changes) -> dict:
    return _post(work_type="maintenance", amount_0="30", name="食堂监管平台年度运维服务", **changes)


def test_the_form_offers_the_units_own_systems_only(client_for, systems):
    page = client_for("jiaowei_unit").get("/projects/new/")
    choices = dict(page.context["form"].fields["maintains"].choices)
    assert choices == {"": "不涉及（非运维项目）", systems[DELIVERED].pk: DELIVERED}
    content = page.content.decode()
    assert "所运维的已建系统" in content and "第二十五条" in content
    retired = dict(client_for("jfb_unit").get("/projects/new/").context["form"].fields["maintains"].choices)
    assert retired[systems[RETIRED].pk].startswith(f"{RETIRED}（已于 ") and retired[
        systems[RETIRED].pk
    ].endswith("停用）")


def test_an_om_application_saves_the_system_it_maintains_and_shows_it_again(client_for, systems):
    client = client_for("jiaowei_unit")
    response = client.post("/projects/new/", _om(maintains=systems[DELIVERED].pk))
    assert response.status_code == 302
    project = Project.objects.get(name="食堂监管平台年度运维服务")
    assert project.maintains == systems[DELIVERED] and project.category == "om"
    edit = client.get(f"/projects/{project.pk}/edit/")
    assert edit.context["form"]["maintains"].value() == systems[DELIVERED].pk
    # emptied again
    client.post(f"/projects/{project.pk}/edit/", _om(maintains="", version=project.version))
    project.refresh_from_db()
    assert project.maintains is None


def test_another_units_system_is_not_a_choice(client_for, systems):
    response = client_for("jfb_unit").post("/projects/new/", _om(maintains=systems[DELIVERED].pk))
    assert response.status_code == 422
    assert "选择一个有效的选项" in response.context["form"].errors["maintains"][0]
    assert not Project.objects.filter(name="食堂监管平台年度运维服务").exists()


def test_only_an_om_project_names_a_system(client_for, systems):
    response = client_for("jiaowei_unit").post(
        "/projects/new/", _post(work_type="upgrade", maintains=systems[DELIVERED].pk)
    )
    assert response.status_code == 422
    assert "只有运行维护项目填写所运维的已建系统" in response.context["form"].errors["maintains"][0]


def test_an_om_application_for_a_retired_system_is_refused_on_submit_with_its_article(client_for, systems):
    client = client_for("jfb_unit")
    assert client.post("/projects/new/", _om(maintains=systems[RETIRED].pk)).status_code == 302
    project = Project.objects.get(name="食堂监管平台年度运维服务")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"所运维的系统“{RETIRED}”已于" in page and "不能再安排运维" in page
    refused = client.post(f"/projects/{project.pk}/actions/submit/", {"submit-version": project.version})
    assert refused.status_code == 409 and "第二十五条" in refused.content.decode()
    project.refresh_from_db()
    assert project.state == "draft"
