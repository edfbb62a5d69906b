"""The final-acceptance body (终验机构, 第二十四条) a project engages sees it and uploads the final-acceptance
report there (R0.1): the unit names the body (or the filing does), matched by its full or short name to
a registered third party; another agency, the bureaus' scope and the unit's stay as they were."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govit.acceptance import services
from govit.acceptance.models import AcceptanceBody
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.documents.models import Document
from govit.projects import errors
from govit.projects.demo import demo_projects_load
from govit.projects.models import Project, ProjectEvent

pytestmark = pytest.mark.django_db
DELIVERED = "渝中区中小学智慧食堂监管平台"
AT_FINAL_ACCEPTANCE = "教育装备管理系统"


@pytest.fixture
def projects(demo):
    demo_projects_load({DELIVERED, AT_FINAL_ACCEPTANCE})
    return Project.objects.get(name=DELIVERED), Project.objects.get(name=AT_FINAL_ACCEPTANCE)


@pytest.fixture
def other_agency(demo) -> User:
    """A person of a registered agency the projects never engaged."""
    user = User.objects.create_user(
        "agency_other",
        name="钱多",
        organisation=demo.org("cqupt"),
        roles=[Role.AGENCY],
        must_change_password=False,
    )
    demo.people["agency_other"] = user  # so that client_for signs them in as it does the demo people
    return user


def test_the_filing_names_the_body_and_it_sees_the_project(demo, projects, other_agency, client_for):
    delivered, waiting = projects
    body = AcceptanceBody.objects.get(project=delivered)
    assert (body.name, body.agency) == ("重庆市软件评测中心", demo.org("cq_testing"))
    seen = set(Project.objects.visible_to(demo["agency_acceptance"]))
    assert delivered in seen and waiting not in seen
    assert client_for("agency_acceptance").get(f"/projects/{delivered.pk}/").status_code == 200
    page = client_for("bdb").get(f"/projects/{delivered.pk}/").content.decode()
    assert "终验机构" in page and "重庆市软件评测中心" in page
    assert not Project.objects.visible_to(other_agency).exists()
    assert client_for("agency_acceptance").get(f"/projects/{waiting.pk}/").status_code == 404


def test_the_unit_names_the_body_and_its_people_upload_the_report(demo, projects, other_agency, client_for):
    _, project = projects
    assert "acceptance_body_form" in client_for("jiaowei_unit").get(f"/projects/{project.pk}/").context
    assert "acceptance_body_form" not in client_for("bdb").get(f"/projects/{project.pk}/").context
    empty = client_for("jiaowei_unit").post(f"/projects/{project.pk}/acceptance-body/", {"body-name": " "})
    assert empty.status_code == 422
    named = client_for("jiaowei_unit").post(
        f"/projects/{project.pk}/acceptance-body/", {"body-name": "软件评测中心"}, follow=True
    )
    assert "已登记终验机构：软件评测中心（已登记的第三方机构" in named.content.decode()
    assert AcceptanceBody.objects.get(project=project).agency == demo.org("cq_testing")
    event = ProjectEvent.objects.get(project=project, action="name_acceptance_body")
    assert (event.role, event.article) == ("unit", 24)
    # Its people see the project and upload the final-acceptance report, as the agency.
    client = client_for("agency_acceptance")
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    file = SimpleUploadedFile("终验报告.pdf", b"%PDF-1.4 final", content_type="application/pdf")
    assert (
        client.post(
            f"/projects/{project.pk}/documents/", {"kind": "final_acceptance", "file": file}
        ).status_code
        == 302
    )
    report = Document.objects.get(
        project=project, kind="final_acceptance", uploaded_by=demo["agency_acceptance"]
    )
    assert report.uploaded_as == "agency"
    # Another agency: 404, and no upload.
    other = client_for(other_agency.username)
    assert other.get(f"/projects/{project.pk}/").status_code == 404
    assert other.post(f"/projects/{project.pk}/documents/", {"kind": "final_acceptance"}).status_code == 404


def test_a_body_not_registered_is_kept_by_name_only(demo, projects, client_for):
    _, project = projects
    body = services.acceptance_body_name(project=project, user=demo["jiaowei_unit"], name="某 检测 公司")
    assert (body.name, body.agency) == ("某 检测 公司", None)
    assert not Project.objects.visible_to(demo["agency_acceptance"]).filter(pk=project.pk).exists()
    # Named again, it replaces the earlier one.
    body = services.acceptance_body_name(
        project=project, user=demo["jiaowei_unit"], name="重庆市软件评测中心"
    )
    assert AcceptanceBody.objects.filter(project=project).count() == 1 and body.agency == demo.org(
        "cq_testing"
    )


@pytest.mark.parametrize("username", ["jfb_unit", "bdb", "agency_acceptance"])
def test_only_the_projects_unit_names_it(demo, projects, username):
    _, project = projects
    with pytest.raises(errors.NotPermitted):
        services.acceptance_body_name(project=project, user=demo[username], name="重庆市软件评测中心")


def test_not_once_delivered(demo, projects):
    delivered, _ = projects
    with pytest.raises(errors.NotPossible, match="不能登记终验机构"):
        services.acceptance_body_name(project=delivered, user=demo["jiaowei_unit"], name="重庆市软件评测中心")
