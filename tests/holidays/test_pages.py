"""The BDB's 节假日安排 pages: everyone with a business role reads them; only the BDB writes
(anyone else posting gets 403; the 三员 get 403 on every page); refusals beside the form."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.holidays.conftest import NOTICE, TOML_2027, at

from govit.holidays.models import HolidayYear

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned():
    with at("2026-12-29"):
        yield


def test_the_list_shows_every_year_with_its_source_and_the_bdbs_forms(client_for):
    response = client_for("bdb").get("/calendar/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('id="year-') == 23 and 'href="/calendar/2026/"' in page
    assert "chinese-calendar 数据包" in page and "导入节假日数据文件" in page
    assert 'href="/calendar/" aria-current="page">节假日安排</a>' in page
    # The newest year first: the one the BDB adds or corrects next.
    years = [y.year for y in response.context["years"]]
    assert years == sorted(years, reverse=True) and years[0] == 2026


def test_a_unit_reads_the_list_without_forms_or_menu_link_and_may_not_write(client_for):
    client = client_for("jiaowei_unit")
    page = client.get("/calendar/").content.decode()
    assert 'id="year-2026"' in page and "导入节假日数据文件" not in page and "节假日安排</a>" not in page
    assert client.get("/calendar/2026/").status_code == 200
    assert client.get("/calendar/2027/").status_code == 404
    data = {"notice": NOTICE, "holidays": "2027-01-01", "workdays": ""}
    assert client.post("/calendar/2027/", data).status_code == 403
    upload = SimpleUploadedFile("2027.toml", TOML_2027.encode())
    assert client.post("/calendar/import/", {"file": upload}).status_code == 403
    assert client.post("/calendar/", {"year": "2027"}).status_code == 403
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_administrators_do_not_see_the_pages(client_for):
    assert client_for("sysadmin").get("/calendar/").status_code == 403


def test_the_bdb_adds_2027_on_its_page(client_for):
    client = client_for("bdb")
    assert client.post("/calendar/", {"year": "2027"})["Location"] == "/calendar/2027/"
    page = client.get("/calendar/2027/").content.decode()
    assert "该年度的节假日安排尚未登记" in page and "登记2027年安排" in page
    data = {"notice": NOTICE, "holidays": "2027-01-01\n2027-02-08~2027-02-09", "workdays": "2027-02-14"}
    response = client.post("/calendar/2027/", data, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "已保存2027年节假日安排第1版" in page
    assert "放假日（3 天）" in page and "调休上班日（1 天）" in page and NOTICE in page
    schedule = HolidayYear.objects.get(year=2027)
    assert sorted(schedule.days.filter(off=True).values_list("day", flat=True)) == [
        date(2027, 1, 1), date(2027, 2, 8), date(2027, 2, 9),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"holidays": "2026-12-31", "workdays": ""}, "放假日期 2026-12-31 不属于 2027 年"),
        ({"holidays": "2027-01-32", "workdays": ""}, "无法识别的日期“2027-01-32”"),
        ({"holidays": "2027-02-14", "workdays": "2027-02-14"}, "2027-02-14 不能既是放假日又是调休上班日"),
    ],
)
def test_a_refused_schedule_is_shown_beside_its_field(client_for, data, message):
    response = client_for("bdb").post("/calendar/2027/", {"notice": "", **data})
    assert response.status_code == 422
    assert f'<p class="field__error">{message}' in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_an_upload_shows_what_was_taken_and_what_was_refused_per_year(client_for):
    content = TOML_2027 + "\n[[years]]\nyear = 2028\nholidays = [2027-01-01]\n"
    upload = SimpleUploadedFile("2027.toml", content.encode())
    response = client_for("bdb").post("/calendar/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "导入结果" in page and page.count("已导入</span>") == 1 and page.count("未导入</span>") == 1
    assert "放假日期 2027-01-01 不属于 2028 年" in page and 'id="year-2027"' in page


def test_a_file_that_is_not_toml_is_refused_beside_the_upload(client_for):
    upload = SimpleUploadedFile("x.toml", b"[[years]\n")
    response = client_for("bdb").post("/calendar/import/", {"file": upload})
    assert response.status_code == 422 and "文件不是有效的 UTF-8 TOML 节假日数据" in response.content.decode()
