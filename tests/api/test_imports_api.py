"""导入历史清单 through the API (R2.10): the BDB uploads a workbook and sees every row judged, then
confirms it by its digest; a few rows are imported at once, more as a job to poll; the same
workbook twice changes nothing; anyone else is told there is no such endpoint for them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.fixtures.api import ok, refused
from tests.projects.test_import import BUREAU_LIST, workbook

from govit.jobs.models import Job
from govit.projects import importing, tasks
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


def _xlsx(content: bytes, name: str = "2025年清单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _bureau() -> bytes:
    return workbook(BUREAU_LIST, merges=("C4:C5",))


def test_the_preview_judges_every_row_and_keeps_the_workbook(api):
    content = _bureau()
    body = ok(api("bdb").upload("/imports/preview", file=_xlsx(content)))
    assert body["digest"] == importing.preview(content).digest and body["file_name"] == "2025年清单.xlsx"
    assert body["counts"]["take"] == 4 and body["counts"]["refuse"] == 7 and body["background"] is False
    rows = {row["number"]: row for row in body["rows"]}
    assert set(rows) == {4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15}
    assert rows[4]["outcome"] == "take" and rows[4]["outcome_label"] == "将导入" and rows[4]["reason"] == ""
    assert rows[4]["shown"]["name"] == "渝中区教育数据中台" and rows[4]["shown"]["amount"] == "820"
    assert rows[9]["outcome"] == "refuse" and "未知的申报单位“某某局”" in rows[9]["reason"]
    assert rows[10]["reason"] == "与第 4 行是同一项目（年度、单位和名称相同）。"
    assert importing.kept(body["digest"]) == content
    assert not Project.objects.filter(year=2025, name="渝中区教育数据中台").exists()  # nothing imported


def test_a_file_that_is_no_list_is_refused_naming_the_file(api):
    body = refused(api("bdb").upload("/imports/preview", file=_xlsx(b"not a workbook", "x.xlsx")), 422)
    assert body["field"] == "file" and "无法读取该文件" in body["detail"]
    refused(api("bdb").upload("/imports/preview"), 422, field="file")
    # A list with its header and no row is a list of none.
    assert ok(api("bdb").upload("/imports/preview", file=_xlsx(workbook([]))))["rows"] == []


def test_only_the_bdb_imports(api):
    content = _bureau()
    digest = importing.keep(content)
    for username in ("jiaowei_unit", "drc", "finance", "jiaowei_leader"):
        refused(api(username).upload("/imports/preview", file=_xlsx(content)), 404)
        refused(api(username).post(f"/imports/{digest}", {"file_name": "x.xlsx"}), 404)
    assert not Project.objects.filter(year=2025, name="渝中区教育数据中台").exists()


def test_confirming_imports_at_once_and_twice_changes_nothing(api):
    content = _bureau()
    digest = ok(api("bdb").upload("/imports/preview", file=_xlsx(content)))["digest"]
    before = Project.objects.count()
    body = ok(api("bdb").post(f"/imports/{digest}", {"file_name": "2025年清单.xlsx"}))
    assert body["result"] == {"taken": 4, "exists": 0, "refused": 7}
    assert body["message"] == importing.summary(body["result"])
    listed = Project.objects.get(name="渝中区教育数据中台")
    assert listed.state == "fsr_with_budget" and listed.list_code == "YZ-2025-0001"
    assert listed.events.first().label == "从历史清单导入：2025年清单.xlsx"
    again = ok(api("bdb").post(f"/imports/{digest}", {"file_name": "2025年清单.xlsx"}))
    assert again["result"] == {"taken": 0, "exists": 4, "refused": 7}
    assert Project.objects.count() == before + 4
    preview = ok(api("bdb").upload("/imports/preview", file=_xlsx(content)))
    assert preview["counts"]["take"] == 0 and preview["counts"]["exists"] == 4


def test_a_confirmation_without_its_workbook_or_name_says_why(api):
    refused(api("bdb").post(f"/imports/{'0' * 64}", {"file_name": "x.xlsx"}), 422, field="file")
    refused(api("bdb").post("/imports/not-a-digest", {"file_name": "x.xlsx"}), 422, field="digest")
    digest = importing.keep(_bureau())
    refused(api("bdb").post(f"/imports/{digest}", {}), 422, field="file_name")
    refused(api("bdb").post(f"/imports/{digest}", {"file_name": ""}), 422, field="file_name")
    refused(api("bdb").post(f"/imports/{digest}", {"file_name": "名" * 201}), 422, field="file_name")


def test_a_long_import_is_a_job_its_starter_polls(api, settings, django_capture_on_commit_callbacks):
    settings.GOVIT_IMPORT_INLINE_ROWS = 3  # four rows to take: a job
    content = _bureau()
    preview = ok(api("bdb").upload("/imports/preview", file=_xlsx(content)))
    assert preview["background"] is True
    with django_capture_on_commit_callbacks(execute=True):
        started = ok(api("bdb").post(f"/imports/{preview['digest']}", {"file_name": "清单.xlsx"}), 202)
    job = Job.objects.get(kind=tasks.IMPORT_KIND)
    assert started["id"] == str(job.pk) and started["url"] == f"/api/v1/jobs/{job.pk}"
    polled = ok(api("bdb").get(f"/jobs/{job.pk}"))
    assert polled["state"] == {"code": "succeeded", "label": "已完成"} and polled["finished"] is True
    assert (polled["done"], polled["total"], polled["percent"]) == (4, 4, 100)
    assert polled["message"].startswith("导入完成：导入 4 个项目") and polled["result_url"] is None
    refused(api("bdb").get(f"/jobs/{job.pk}/download"), 404)
    for username in ("jiaowei_unit", "drc"):  # another's job: as if there were none
        refused(api(username).get(f"/jobs/{job.pk}"), 404)
    refused(api("bdb").get("/jobs/00000000-0000-0000-0000-000000000000"), 404)
    assert Project.objects.filter(name="渝中区教育数据中台", year=2025).count() == 1
