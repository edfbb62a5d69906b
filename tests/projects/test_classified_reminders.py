"""第二十七条 and the reminders written outside `govit manage remind`: when the BDB's holiday
schedule moves a classified project's filing due date, only the people cleared for it are told."""

from datetime import date

import pytest
from tests.holidays.conftest import add_2027
from tests.reminders.conftest import approved, at, sign  # noqa: F401  (fixtures)

from govit.projects import secrecy
from govit.reminders.models import Kind, Reminder

pytestmark = pytest.mark.django_db


def test_a_moved_due_date_of_a_classified_project_is_told_only_to_those_cleared(demo, approved, sign):  # noqa: F811
    contract = sign(approved, signed="2026-12-28")
    with at("2026-12-28"):
        secrecy.project_classify(
            project=approved,
            by=demo["bdb"],
            ref="渝中保密〔2026〕9号",
            on=date(2026, 12, 28),
            officers=[demo["bdb"]],
        )
    result = add_2027(demo["bdb"])
    assert [c.new_due for c in result.changes] == [date(2027, 1, 7)]
    told = Reminder.objects.filter(kind=Kind.CONTRACT_FILING, subject=f"contract:{contract.pk}")
    assert {r.recipient.username for r in told} == {"jiaowei_leader", "bdb"}
    assert all("涉密项目（" in r.body for r in told)
