"""Every kind of official document, written from the demo district's decisions as its office
offers it, rendered by LibreOffice and measured: A4, inside the 版心, its 版头 and title, 22 lines
at most a page, and every page numbered."""

from datetime import timedelta

import pytest
from tests.papers.render import MM, pages, to_pdf
from tests.papers.test_papers import _subjects, district  # noqa: F401 - the fixture, shared

from govit.papers import services
from govit.papers.models import PaperKind

pytestmark = pytest.mark.django_db
LEFT, TOP, RIGHT, BOTTOM = 28 * MM, 37 * MM, 184 * MM, 262 * MM


def test_every_kind_of_document_renders_to_the_standard(district, tmp_path):  # noqa: F811
    for kind, found in _subjects().items():
        project, subject = found[-1]
        user = district["drc"] if kind == PaperKind.APPROVAL else district["bdb"]
        deadline = subject.on + timedelta(days=30) if kind == PaperKind.RECTIFICATION_NOTICE else None
        paper = services.take_number(
            user=user, project=project, kind=kind, key=subject.key, deadline=deadline
        )
        folder = tmp_path / kind
        folder.mkdir()
        rendered = pages(to_pdf(services.document_bytes(project=project, paper=paper), folder))
        first = [line.text for line in rendered[0].lines]
        organ = "重庆市渝中区发展和改革委员会" if kind == PaperKind.APPROVAL else "重庆市渝中区大数据发展局"
        assert first[:2] == [f"{organ}文件", paper.number], kind
        assert project.name[:6] in rendered[0].lines[2].text, kind  # the title names the project
        for n, page in enumerate(rendered, start=1):
            assert abs(page.width - 210 * MM) < 1 and abs(page.height - 297 * MM) < 1
            inside = [line for line in page.lines if line.y1 <= BOTTOM + 2]
            assert all(LEFT - 1 <= line.x0 and line.x1 <= RIGHT + 1 and line.y0 >= TOP - 1 for line in inside)
            assert len(inside) <= 22
            assert [line.text for line in page.lines if line.y0 > BOTTOM] == [f"—{n}—"], (kind, n)
        texts = [line.text for line in rendered[-1].lines]
        assert organ in texts and any(t.endswith("印发") for t in texts), kind
