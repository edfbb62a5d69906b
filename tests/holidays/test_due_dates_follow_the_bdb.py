"""第十六条第二款 with the BDB's schedules: a contract signed 2026-12-28 is due 2027-01-06 while 2027
is unpublished (provisional, Monday–Friday), and 2027-01-07 once the BDB records 2027 with 01-01
off — on the page, in the API, in the reminders and on the command line alike."""

from datetime import date

import pytest
from django.core import mail
from tests.holidays.conftest import NOTICE, TOML_2027, add_2027, at

from govit.construction import services as construction_services
from govit.holidays import services
from govit.holidays.models import DueDateChange
from govit.policy.cli import run as policy_cli
from govit.projects.models import ProjectEvent
from govit.reminders.models import Kind, Reminder

pytestmark = pytest.mark.django_db


def _cli(tmp_path, *args):
    path = tmp_path / "calendar.toml"
    path.write_text(TOML_2027, "utf-8")
    return policy_cli(["contract-due", "--signed", "2026-12-28", "--calendar", str(path), *args])


def test_before_2027_is_recorded_the_due_date_is_provisional_and_counts_new_years_day(approved, sign):
    contract = sign(approved, signed="2026-12-28")
    assert (contract.filing_due, contract.filing_due_provisional) == (date(2027, 1, 6), True)


def test_once_the_bdb_records_2027_the_contract_is_due_on_the_7th_as_the_cli_says_with_the_file(
    demo, approved, sign, tmp_path
):
    contract = sign(approved, signed="2026-12-28")
    result = add_2027(demo["bdb"])
    contract.refresh_from_db()
    assert (contract.filing_due, contract.filing_due_provisional) == (date(2027, 1, 7), False)
    assert [
        (c.old_due, c.new_due, c.old_provisional, c.new_provisional, c.passed) for c in result.changes
    ] == [(date(2027, 1, 6), date(2027, 1, 7), True, False, False)]
    code, answer = _cli(tmp_path)
    assert (code, answer["due"], answer["provisional"]) == (0, "2027-01-07", False)
    code, answer = policy_cli(["contract-due", "--signed", "2026-12-28", "--calendar", "db"])
    assert (code, answer["due"], answer["provisional"]) == (0, "2027-01-07", False)


def test_a_contract_recorded_after_2027_is_recorded_is_due_on_the_7th_at_once(demo, approved, sign):
    add_2027(demo["bdb"], day="2026-12-20")
    contract = sign(approved, signed="2026-12-28")
    assert (contract.filing_due, contract.filing_due_provisional) == (date(2027, 1, 7), False)
    assert not DueDateChange.objects.exists()


def test_the_page_the_api_and_the_reminders_show_the_new_date(demo, approved, sign, client_for, api, run):
    contract = sign(approved, signed="2026-12-28")
    add_2027(demo["bdb"])
    with at("2026-12-29"):
        page = client_for("jiaowei_unit").get(f"/projects/{approved.pk}/construction/").content.decode()
        body = api("jiaowei_unit").get(f"/projects/{approved.pk}/contracts").json()
    assert f"原截止日 2027-01-06 → 2027-01-07，依2027年节假日安排（{NOTICE}）调整" in page
    assert [(c["filing_due"], c["filing_due_provisional"]) for c in body] == [("2027-01-07", False)]
    # The unit's people were told of the change at once, in the app.
    told = Reminder.objects.filter(kind=Kind.CONTRACT_FILING, subject=f"contract:{contract.pk}")
    assert {(r.recipient.username, r.due, r.lead_days) for r in told} == {
        ("jiaowei_unit", date(2027, 1, 7), 9)
    }
    assert "备案的截止日由 2027-01-06 调整为 2027-01-07" in told.get().body and NOTICE in told.get().body
    # The regular reminders count to the 7th: one day before on the 6th, on the day on the 7th.
    assert {r.lead_days for r in run("2027-01-06").created if r.kind == Kind.CONTRACT_FILING} == {1}
    created = [r for r in run("2027-01-07").created if r.kind == Kind.CONTRACT_FILING]
    assert {r.lead_days for r in created} == {0} and "应于 2027-01-07 前" in created[0].body


def test_a_filing_on_the_7th_is_on_time_once_2027_is_recorded(demo, approved, sign):
    contract = sign(approved, signed="2026-12-28")
    add_2027(demo["bdb"])
    with at("2027-01-07"):
        filed = construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    assert (filed.filed_on, filed.filed_late) == (date(2027, 1, 7), False)
    with at("2027-01-08"):
        late = construction_services.contract_file(
            contract=sign(approved, number="HT-2", signed="2026-12-28"), user=demo["jiaowei_unit"]
        )
    assert late.filed_late is True


@pytest.mark.parametrize(
    ("signed", "before", "after"),
    [
        # The counting ends on 2026-12-31: it never touched 2027 and is not recomputed.
        ("2026-12-22", (date(2026, 12, 31), False), (date(2026, 12, 31), False)),
        # It ends on 2027-01-01: the first day of 2027 it touches is now a day off.
        ("2026-12-23", (date(2027, 1, 1), True), (date(2027, 1, 4), False)),
        # It ends on 2027-01-04, past the day off: a day later.
        ("2026-12-24", (date(2027, 1, 4), True), (date(2027, 1, 5), False)),
    ],
)
def test_only_the_contracts_whose_counting_touches_2027_are_recomputed(
    demo, approved, sign, signed, before, after
):
    contract = sign(approved, signed=signed)
    assert (contract.filing_due, contract.filing_due_provisional) == before
    add_2027(demo["bdb"], day="2026-12-24")
    contract.refresh_from_db()
    assert (contract.filing_due, contract.filing_due_provisional) == after
    assert DueDateChange.objects.filter(contract=contract).exists() is (before != after)


def test_a_year_that_moves_no_date_still_clears_the_provisional_mark(demo, approved, sign):
    contract = sign(approved, signed="2026-12-28")
    result = add_2027(demo["bdb"], holidays=[date(2027, 2, 8)])
    contract.refresh_from_db()
    assert (contract.filing_due, contract.filing_due_provisional) == (date(2027, 1, 6), False)
    assert [(c.old_due, c.new_due, c.new_provisional) for c in result.changes] == [
        (date(2027, 1, 6), date(2027, 1, 6), False)
    ]
    # Nothing moved: no event on the project and no reminder of a "new" date.
    assert not ProjectEvent.objects.filter(project=approved, action="recompute_filing_due").exists()
    assert not Reminder.objects.filter(kind=Kind.CONTRACT_FILING).exists()


def test_a_due_date_that_had_passed_is_moved_only_with_a_record_on_the_project(
    demo, approved, sign, client_for
):
    contract = sign(approved, signed="2026-12-28")
    # The BDB records 2027 late: on the 8th the provisional due date (the 6th) has passed.
    add_2027(demo["bdb"], day="2027-01-08")
    contract.refresh_from_db()
    assert contract.filing_due == date(2027, 1, 7) and contract.filed_on is None
    event = ProjectEvent.objects.get(project=approved, action="recompute_filing_due")
    assert (event.actor.username, event.article, event.clause) == ("bdb", 16, 2)
    assert event.inputs == {
        "contract": contract.pk, "number": "HT-1", "old_due": "2027-01-06", "new_due": "2027-01-07",
        "year": 2027, "revision": 1, "notice": NOTICE, "old_due_passed": True,
    }  # fmt: skip
    with at("2027-01-08"):
        page = client_for("jiaowei_unit").get(f"/projects/{approved.pk}/construction/").content.decode()
    assert "原截止日 2027-01-06（调整时已过） → 2027-01-07" in page


def test_a_filed_contract_keeps_its_due_date_and_its_lateness(demo, approved, sign):
    contract = sign(approved, signed="2026-12-28")
    with at("2027-01-07"):
        contract = construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
    assert (contract.filing_due, contract.filed_late) == (date(2027, 1, 6), True)
    result = add_2027(demo["bdb"], day="2027-01-08")
    contract.refresh_from_db()
    assert (contract.filing_due, contract.filing_due_provisional, contract.filed_late) == (
        date(2027, 1, 6),
        True,
        True,
    )
    assert result.changes == []


def test_a_correction_moves_the_date_back_and_keeps_both_versions(demo, approved, sign):
    contract = sign(approved, signed="2026-12-28")
    add_2027(demo["bdb"])
    with at("2026-12-30"):
        second = services.schedule_save(
            user=demo["bdb"], year=2027, holidays=[date(2027, 2, 8)], workdays=[], notice=f"{NOTICE}（更正）"
        )
    contract.refresh_from_db()
    assert contract.filing_due == date(2027, 1, 6) and second.revision.revision == 2
    assert list(
        second.schedule.revisions.order_by("revision").values_list("revision", "holidays", "notice")
    ) == [
        (1, ["2027-01-01"], NOTICE),
        (2, ["2027-02-08"], f"{NOTICE}（更正）"),
    ]
    moves = DueDateChange.objects.filter(contract=contract).order_by("pk")
    assert [(c.old_due, c.new_due) for c in moves] == [
        (date(2027, 1, 6), date(2027, 1, 7)),
        (date(2027, 1, 7), date(2027, 1, 6)),
    ]


def test_saving_the_same_schedule_again_changes_nothing(demo, approved, sign):
    add_2027(demo["bdb"])
    again = add_2027(demo["bdb"])
    assert again.revision is None and again.schedule.revision == 1


def test_the_calendar_is_rebuilt_only_when_a_schedule_changes(demo):
    first = services.work_calendar()
    assert services.work_calendar() is first
    assert not first.knows(2027)
    add_2027(demo["bdb"])
    rebuilt = services.work_calendar()
    assert rebuilt is not first and rebuilt.knows(2027) and not rebuilt.is_workday(date(2027, 1, 1))


def test_the_years_of_the_package_are_in_the_database_after_migrate():
    calendar = services.work_calendar()
    assert calendar.known_years == list(range(2004, 2027))
    assert not calendar.is_workday(date(2026, 10, 1)) and calendar.is_workday(date(2026, 10, 10))


def test_the_next_run_of_the_reminders_mails_the_new_date(demo, approved, sign, run):
    sign(approved, signed="2026-12-28")
    add_2027(demo["bdb"])
    mail.outbox.clear()
    run("2026-12-29")
    subjects = [m.subject for m in mail.outbox]
    assert any("合同备案截止日调整为 2027-01-07" in s for s in subjects), subjects
    mail.outbox.clear()
    run("2026-12-29")
    assert mail.outbox == []
