"""The BDB issues an official document through the 公文 page as its officer would: previews the
合同备案回执, takes its number, downloads it and registers the signed scan; the unit then reads it,
signed. Screenshots: test-artifacts/screenshots/walk-papers/."""

import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from tests.browser.test_walk_construction import DESKTOP, Walk

from govit.papers import compose
from govit.papers.models import Paper, PaperKind
from govit.projects.models import Project

pytestmark = pytest.mark.browser


def _document(download) -> str:
    with zipfile.ZipFile(download.path()) as archive:
        return archive.read("word/document.xml").decode()


def test_the_bdb_numbers_and_signs_a_filing_receipt_and_the_unit_reads_it(
    demo, new_page, screenshot, tmp_path
):
    call_command("load_demo", stdout=StringIO())
    project = Project.objects.get(name="渝中区中小学智慧食堂监管平台")
    subject = next(s for s in compose.subjects_of(project) if s.kind == PaperKind.FILING_RECEIPT)
    anchor = f"#paper-filing_receipt-{subject.key.replace(':', '-')}"
    walk = Walk(new_page(DESKTOP), "walk-papers", screenshot)
    page = walk.page

    walk.login("bdb")
    page.goto(f"/projects/{project.pk}/")
    page.locator("nav.tabs").get_by_role("link", name="公文", exact=True).click()
    page.wait_for_url(f"**/projects/{project.pk}/papers/")
    row = page.locator(anchor)
    assert "待取号" in row.inner_text()
    with page.expect_download() as preview:
        row.get_by_role("link", name="预览 .docx").click()
    assert "合同备案" in _document(preview.value) and "号" in _document(preview.value)
    walk.shot("papers-to-number")

    row.get_by_role("button", name="取号").click()
    page.locator(".alert--success").wait_for()
    paper = Paper.objects.get(kind=subject.kind, subject=subject.key)
    row = page.locator(anchor)
    assert paper.number in row.inner_text() and "待签发" in row.inner_text()
    with page.expect_download() as numbered:
        row.get_by_role("link", name="下载公文 .docx").click()
    assert paper.number in _document(numbered.value)

    scan = tmp_path / "回执签章扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 signed and stamped")
    row.locator("summary", has_text="登记签发").click()
    row.locator('input[type="file"]').set_input_files(str(scan))
    walk.shot("papers-signing")
    row.get_by_role("button", name="上传并登记签发").click()
    page.locator(".alert--success").wait_for()
    assert "已签发" in page.locator(anchor).inner_text()
    walk.shot("papers-signed")

    walk.login("jiaowei_unit")
    page.goto(f"/projects/{project.pk}/papers/")
    row = page.locator(anchor)
    assert paper.number in row.inner_text() and "已签发" in row.inner_text()
    assert row.get_by_role("link", name="签章扫描件").count() == 1
    walk.shot("papers-unit")
