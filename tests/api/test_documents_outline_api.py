"""The outline check in the API's answer to an upload (R3.6, R9.3): a .docx proposal, FSR or design
is checked and the answer says what the page says after the upload (missing, misordered chapters,
whether it follows its outline); a PDF of those kinds is not checked and says so; another kind has none."""

import pytest
from tests.documents.outline_files import as_upload, chapters_of, report
from tests.documents.test_outline_checks import NO_CHAPTER_6, SWAPPED, listed  # noqa: F401 - the fixture
from tests.fixtures.api import ok

from govit.documents import selectors
from govit.documents.models import OutlineCheck

pytestmark = pytest.mark.django_db
GOOD_FSR = report(chapters_of("design"))


def _upload(api, project, kind: str, file) -> dict:
    return ok(api("jiaowei_unit").upload(f"/projects/{project.pk}/documents", kind=kind, file=file), 201)


@pytest.mark.usefixtures("before_deadline")
def test_the_upload_answers_with_the_outline_check_as_the_page_says_it(listed, api):  # noqa: F811
    project = listed()
    missing = _upload(api, project, "fsr", as_upload(NO_CHAPTER_6))["outline"]
    check = OutlineCheck.objects.get(document__project=project, document__version=1)
    assert missing == {
        "checked": True, "follows": False, "summary": selectors.summary(check), "outline": "design",
        "readable": True, "problems": ["缺少第六章 本期项目设计方案"], "missing": ["第六章 本期项目设计方案"],
        "misordered": [], "sections_missing": [],
    }  # fmt: skip
    swapped = _upload(api, project, "fsr", as_upload(SWAPPED))["outline"]
    assert swapped["follows"] is False and swapped["misordered"] == ["第三章 目标、现状与差距分析"]
    assert swapped["summary"] == "提纲检查：顺序不对：第三章 目标、现状与差距分析。"
    good = _upload(api, project, "fsr", as_upload(GOOD_FSR))["outline"]
    assert (
        good["follows"] is True
        and good["missing"] == good["misordered"] == []
        and "各章齐全" in good["summary"]
    )
    pdf = _upload(api, project, "fsr", as_upload(b"%PDF-1.4 fsr", "可研.pdf"))["outline"]
    assert pdf["checked"] is False and pdf["follows"] is True
    assert pdf["summary"] == "PDF 文件不检查提纲（只读取 .docx 文件的标题）。"
    assert _upload(api, project, "budget", as_upload(GOOD_FSR))["outline"] is None  # no outline for its kind
    listed_documents = ok(api("bdb").get(f"/projects/{project.pk}/documents"))
    outlines = {(d["kind"], d["version"]): d["outline"] for d in listed_documents}
    assert outlines[("fsr", 1)] == missing and outlines[("fsr", 4)] == pdf and outlines[("budget", 1)] is None
