"""The BDB's schedules in the database: the seed, validation with clear Chinese messages, who may
write, the TOML import (each year taken or refused on its own) and `govit manage calendar_import`."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from tests.holidays.conftest import NOTICE, TOML_2027, add_2027, at

from govit.holidays import services
from govit.holidays.models import HolidayDay, HolidayRevision, HolidayYear, Source
from govit.projects import errors

pytestmark = pytest.mark.django_db


def test_the_seed_is_idempotent_and_never_overwrites_the_bdbs_year(demo):
    seeded = HolidayYear.objects.count()
    assert seeded == 23 and set(HolidayYear.objects.values_list("source", flat=True)) == {Source.PACKAGE}
    with at("2026-12-29"):
        services.schedule_save(
            user=demo["bdb"], year=2026, holidays=[date(2026, 1, 1)], workdays=[], notice=NOTICE
        )
    assert services.schedules_seed() == 0
    assert HolidayYear.objects.count() == seeded
    assert list(HolidayYear.objects.get(year=2026).days.values_list("day", flat=True)) == [date(2026, 1, 1)]
    HolidayYear.objects.filter(year=2004).delete()
    assert services.schedules_seed() == 1 and HolidayYear.objects.filter(year=2004).exists()


@pytest.mark.parametrize(
    ("holidays", "workdays", "field", "message"),
    [
        ([date(2026, 12, 31)], [], "holidays", "放假日期 2026-12-31 不属于 2027 年"),
        ([date(2028, 1, 1)], [], "holidays", "放假日期 2028-01-01 不属于 2027 年"),
        ([], [date(2026, 12, 27)], "workdays", "调休上班日期 2026-12-27 不属于 2027 年"),
        ([date(2027, 2, 14)], [date(2027, 2, 14)], "workdays", "2027-02-14 不能既是放假日又是调休上班日"),
        ([], [date(2027, 2, 12)], "workdays", "调休上班日 2027-02-12 是周一至周五"),
    ],
)
def test_a_schedule_that_is_not_one_years_is_refused_with_its_reason(
    demo, holidays, workdays, field, message
):
    with pytest.raises(errors.InvalidInput) as refused:
        services.schedule_save(user=demo["bdb"], year=2027, holidays=holidays, workdays=workdays, notice="")
    assert refused.value.field == field and message in refused.value.detail
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_first_and_last_days_of_the_year_and_a_working_saturday_are_taken(demo):
    result = services.schedule_save(
        user=demo["bdb"], year=2027, holidays=[date(2027, 1, 1), date(2027, 12, 31)],
        workdays=[date(2027, 2, 13), date(2027, 2, 14)], notice=NOTICE,
    )  # fmt: skip
    assert result.revision.holidays == ["2027-01-01", "2027-12-31"]
    assert result.revision.workdays == ["2027-02-13", "2027-02-14"]


@pytest.mark.parametrize("username", ["jiaowei_unit", "drc", "lg_office"])
def test_only_the_bdb_records_a_schedule(demo, username):
    with pytest.raises(errors.NotPermitted):
        services.schedule_save(
            user=demo[username], year=2027, holidays=[date(2027, 1, 1)], workdays=[], notice=""
        )
    with pytest.raises(errors.NotPermitted):
        services.schedules_import(user=demo[username], content=TOML_2027.encode())
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_typed_days_accept_spans_and_refuse_anything_else():
    assert services.parse_days("2027-02-05~2027-02-07，2027-01-01\n", field_name="holidays") == [
        date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 1, 1),
    ]  # fmt: skip
    for text in ("2027-02-30", "2027/01/01", "明天", "2027-02-07~2027-02-05"):
        with pytest.raises(errors.InvalidInput) as refused:
            services.parse_days(text, field_name="workdays")
        assert refused.value.field == "workdays"


def test_an_import_takes_the_good_years_and_refuses_the_others_each_with_its_reason(demo):
    content = (
        TOML_2027
        + """
[[years]]
year = 2028
holidays = [2027-12-31]

[[years]]
year = 2027
holidays = [2027-01-02]

[[years]]
holidays = [2029-01-01]

[[years]]
year = 2029
holidays = ["2029-13-01"]
"""
    )
    with at("2026-12-29"):
        lines = services.schedules_import(user=demo["bdb"], content=content.encode(), name="2027.toml")
    assert [(line.year, line.taken) for line in lines] == [
        (2027, True), (2028, False), (2027, False), (None, False), (2029, False),
    ]  # fmt: skip
    assert "已记为第1版" in lines[0].message
    assert "2027-12-31 不属于 2028 年" in lines[1].message
    assert "只取第一次" in lines[2].message
    assert "缺少年度" in lines[3].message
    assert "2029-13-01" in lines[4].message
    schedule = HolidayYear.objects.get(year=2027)
    assert (schedule.source, schedule.notice, schedule.recorded_by.username) == (Source.IMPORT, NOTICE, "bdb")
    assert schedule.revisions.get().note == "导入 2027.toml"
    assert not HolidayYear.objects.filter(year__in=[2028, 2029]).exists()
    again = services.schedules_import(user=demo["bdb"], content=TOML_2027.encode())
    assert [(line.year, line.taken, line.message) for line in again] == [
        (2027, True, "与现有安排相同，未改动。")
    ]


@pytest.mark.parametrize("content", [b"[[years]\nyear = 2027", b"\xff\xfe", b"title = 'no years'"])
def test_a_file_that_is_not_the_format_is_refused_as_a_whole(demo, content):
    with pytest.raises(errors.InvalidInput) as refused:
        services.schedules_import(user=demo["bdb"], content=content)
    assert refused.value.field == "file"


def test_the_command_imports_a_file_and_says_what_it_took(demo, tmp_path):
    path = tmp_path / "2027.toml"
    path.write_text(TOML_2027 + "\n[[years]]\nyear = 2028\nholidays = [2027-01-01]\n", "utf-8")
    out = StringIO()
    with at("2026-12-29"):
        call_command("calendar_import", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "2027：已导入。已记为第1版。",
        "2028：未导入。放假日期 2027-01-01 不属于 2028 年：每一年的安排只含该年的日期。",
    ]
    assert HolidayDay.objects.filter(schedule__year=2027).count() == 4
    with pytest.raises(CommandError, match="没有一个年度被导入"):
        path.write_text("[[years]]\nyear = 2028\nholidays = [2027-01-01]\n", "utf-8")
        call_command("calendar_import", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="无法读取"):
        call_command("calendar_import", str(tmp_path / "missing.toml"), stdout=StringIO())


def test_every_version_is_kept_with_who_and_when(demo):
    add_2027(demo["bdb"], day="2026-12-29")
    add_2027(demo["bdb"], holidays=[date(2027, 1, 1), date(2027, 2, 8)], day="2026-12-30")
    revisions = HolidayRevision.objects.filter(schedule__year=2027).order_by("revision")
    assert [
        (r.revision, r.recorded_by.username, r.recorded_at.date().isoformat(), len(r.holidays))
        for r in revisions
    ] == [
        (1, "bdb", "2026-12-29", 1),
        (2, "bdb", "2026-12-30", 2),
    ]
