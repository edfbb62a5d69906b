"""The outlines as Word templates (R3.6): offered on the project page to the project's unit, the
proposal's (附件2) for a new project and the FSR / design's (附件3); Heading 1 chapters and Heading 2
sections that GovIT's own reader finds equal to the outline (a round trip), the guidance in grey,
the cover prefilled with the project's facts; audited like the application form; 404 outside.
And the design's chapter 12 budget prefilling the O&M plan (R5.5)."""

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document as WordDocument
from tests.documents.outline_files import OUTLINES, as_upload, chapters_of, report

from govit.audit.models import AuditEvent
from govit.documents import services as documents_services
from govit.documents.outline import read_lines
from govit.documents.outline_docx import GREY
from govit.policy import format_wan
from govit.policy.outline import compare

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(before_deadline, new_project):
    return new_project(work_type="new")


def _template(client, project, name: str) -> bytes:
    response = client.get(f"/projects/{project.pk}/outline/{name}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    return b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("name", ["proposal", "design"])
def test_a_template_read_back_is_its_outline(client_for, draft, name):
    content = _template(client_for("jiaowei_unit"), draft, name)
    outline = OUTLINES[name]
    found = compare(outline, read_lines(BytesIO(content)))
    assert found.ok and not found.sections_missing
    expected = [(1, c.heading) for c in outline.chapters for _ in [0]]
    chapters = [(line.level, line.text) for line in found.headings if line.level == 1]
    assert chapters == expected
    sections = [line.text for line in found.headings if line.level == 2]
    assert sections == [s.heading for c in outline.chapters for s in c.sections]
    document = WordDocument(BytesIO(content))
    styles = {p.style.name for p in document.paragraphs if p.text in dict(expected).values()}
    assert styles == {"Heading 1"}


def test_the_cover_is_prefilled_and_the_guidance_is_grey(client_for, draft):
    document = WordDocument(BytesIO(_template(client_for("jiaowei_unit"), draft, "proposal")))
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["项目名称"] == draft.name and cover["项目单位"] == draft.unit.name
    assert cover["项目投资估算"] == f"{format_wan(draft.amount)}万元" == "800.00万元"
    assert cover["项目类别"] == draft.get_category_display()
    assert cover["审批路径"].startswith(draft.get_path_display())
    guidance = OUTLINES["proposal"].chapter(1).guidance
    grey = [r for p in document.paragraphs for r in p.runs if guidance in r.text]
    assert grey and grey[0].font.color.rgb == GREY


def test_the_download_is_audited_like_the_application_form(client_for, draft):
    _template(client_for("jiaowei_unit"), draft, "design")
    event = AuditEvent.objects.filter(project_id=draft.pk, action="export").order_by("-seq").first()
    assert event.label == f"导出渝中区政务信息化项目初步设计编制大纲模板：{draft.name}"
    assert event.detail["filename"] == f"{draft.name}-可研报告及初步设计模板.docx"


def test_the_links_are_the_units_and_outside_the_scope_is_404(client_for, draft):
    page = client_for("jiaowei_unit").get(f"/projects/{draft.pk}/").content.decode()
    assert (
        f"/projects/{draft.pk}/outline/proposal.docx" in page
        and f"/projects/{draft.pk}/outline/design.docx" in page
    )
    assert client_for("jfb_unit").get(f"/projects/{draft.pk}/outline/proposal.docx").status_code == 404
    assert client_for("jiaowei_unit").get(f"/projects/{draft.pk}/outline/other.docx").status_code == 404


def test_a_continuation_is_offered_the_design_template_only(before_deadline, new_project, client_for):
    project = new_project()
    templates = client_for("jiaowei_unit").get(f"/projects/{project.pk}/").context["outline_templates"]
    assert [label for label, _ in templates] == ["可研报告/初步设计模板（附件3）"]


# --- Chapter 12's five-year budget into the O&M plan (R5.5) -------------------------------------


def test_the_om_plan_form_is_prefilled_from_the_designs_chapter_12_and_says_so(demo, client_for):
    from govit.projects.demo import demo_projects_load
    from govit.projects.models import Project

    demo_projects_load({"渝中区教育资源公共服务平台"})
    project = Project.objects.get(name="渝中区教育资源公共服务平台")
    content = report(chapters_of("design", body={12: ["运维费用合计：1,200,000元"]}))
    documents_services.document_upload(project=project, user=demo["jiaowei_unit"], kind="design",
                                       upload=as_upload(content))  # fmt: skip
    response = client_for("jiaowei_unit").get(f"/projects/{project.pk}/operation/")
    form = response.context["om_plan_form"]
    assert form.initial["five_year_budget"] == Decimal("1200000.00")
    help_text = form.fields["five_year_budget"].help_text
    assert help_text.startswith("已预填：取自初步设计方案第") and "第十二章 项目运维方案" in help_text
    assert "120.00万元" in help_text
    page = response.content.decode()
    assert "第十二章 项目运维方案" in page and 'value="120"' in page
