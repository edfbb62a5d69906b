"""The supervision company a project engages sees that project and uploads its reports there (R0.1):
a contract whose supplier is a registered third party names it (by its full or short name), and the
access helper lets that party's people see the projects that engaged them — as their preparer or by
a contract — and no other; a classified one stays withheld (404)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from govit import clock
from govit.accounts.roles import Role
from govit.construction import services
from govit.construction.models import Contract
from govit.documents.models import Document
from govit.documents.services import document_upload
from govit.projects import errors, secrecy
from govit.projects.models import Project

pytestmark = pytest.mark.django_db
SUPERVISOR = "重庆嘉陵信息工程监理有限公司"


@pytest.fixture
def district(demo):
    call_command("load_demo", stdout=StringIO())
    return demo


def test_the_demo_supervision_company_sees_the_projects_it_supervises_and_no_other(district, client_for):
    agency = district["agency_supervision"]
    supervised = set(
        Contract.objects.filter(kind=Contract.Kind.SUPERVISION).values_list("project_id", flat=True)
    )
    assert len(supervised) >= 5  # the demo's supervised projects
    assert (
        set(Contract.objects.filter(agency=agency.organisation).values_list("project_id", flat=True))
        == supervised
    )
    seen = set(Project.objects.visible_to(agency).values_list("pk", flat=True))
    prepared = set(Project.objects.filter(preparer=agency.organisation).values_list("pk", flat=True))
    assert seen == supervised | prepared
    client = client_for("agency_supervision")
    some = min(supervised)
    assert client.get(f"/projects/{some}/").status_code == 200
    listed = client.get("/projects/").content.decode()
    assert Project.objects.get(pk=some).name in listed
    other = Project.objects.exclude(pk__in=seen).first()
    assert client.get(f"/projects/{other.pk}/").status_code == 404
    designer = district["agency_design"]  # another agency: only what engaged it
    assert not Project.objects.visible_to(designer).filter(pk__in=supervised - prepared).exclude(
        preparer=designer.organisation).exists()  # fmt: skip


def test_it_uploads_its_supervision_report_to_a_project_it_supervises(district):
    agency = district["agency_supervision"]
    project = Project.objects.filter(
        contracts__agency=agency.organisation, state__in=("construction", "trial_run")
    ).first()
    report = SimpleUploadedFile("监理月报.pdf", b"%PDF-1.4 monthly supervision report")
    document = document_upload(project=project, user=agency, kind="supervision_report", upload=report)
    assert (document.uploaded_as, document.get_kind_display()) == (Role.AGENCY, "监理报告")
    elsewhere = (
        Project.objects.exclude(contracts__agency=agency.organisation)
        .exclude(preparer=agency.organisation)
        .exclude(state__in=("retired", "om_closed", "rejected", "withdrawn"))
        .first()
    )
    with pytest.raises(errors.NotPermitted):
        document_upload(project=elsewhere, user=agency, kind="supervision_report",
                        upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"))  # fmt: skip
    assert not Document.objects.filter(project=elsewhere, kind="supervision_report").exists()


def test_a_supplier_is_a_registered_agency_by_its_name_only(district):
    assert services.agency_named(f" {SUPERVISOR} ").name == SUPERVISOR
    assert services.agency_named("嘉陵监理").name == SUPERVISOR  # its short name
    assert services.agency_named("重庆渝信科技有限公司") is None  # a vendor, not a registered agency
    assert services.agency_named("") is None
    assert services.agency_named("重庆市渝中区教育委员会") is None  # a unit is not a third party


def test_a_classified_project_stays_withheld_from_its_supervisor(district, client_for):
    agency = district["agency_supervision"]
    project = Project.objects.filter(contracts__agency=agency.organisation).first()
    secrecy.project_classify(project=project, by=district["bdb"], ref="渝中保密〔2026〕7号",
                             on=clock.today() - timedelta(days=1), officers=[district["bdb"]])  # fmt: skip
    assert not Project.objects.visible_to(agency).filter(pk=project.pk).exists()
    assert client_for("agency_supervision").get(f"/projects/{project.pk}/").status_code == 404
