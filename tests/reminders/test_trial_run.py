"""第二十三条: two months of trial run; on that day the unit hears it may apply for the compliance review."""

from datetime import date

import pytest
from tests.fixtures.projects import deliver_as_approved
from tests.reminders.conftest import at, people, sent, upload

from govit.construction import services as construction_services
from govit.reminders.models import Kind, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(demo, approved, sign, act):
    """`trial("2026-12-31")`: the project in trial run from that day, its contracts filed."""

    def start(started: str):
        contracts = [sign(approved), sign(approved, kind="supervision", number="JL-1")]
        with at("2026-10-09"):
            for contract in contracts:
                construction_services.contract_file(contract=contract, user=demo["jiaowei_unit"])
            project = act(approved, "jiaowei_unit", "start_construction")
            upload(project, demo["jiaowei_unit"], "acceptance")
            deliver_as_approved(project, demo["jiaowei_unit"])
        with at(started):  # accepted on the day it happened, never ahead of the clock
            return act(
                project, "jiaowei_unit", "initial_acceptance", accepted_on=started, trial_started_on=started
            )

    return start


def _trial_reminders(run, day: str) -> set[int]:
    return {r.lead_days for r in run(day).created if r.kind == Kind.TRIAL_RUN}


def test_a_trial_started_on_31_december_may_apply_from_28_february(trial, run):
    project = trial("2026-12-31")
    assert project.state == "trial_run"
    assert _trial_reminders(run, "2027-02-20") == set()
    assert _trial_reminders(run, "2027-02-21") == {7}
    assert _trial_reminders(run, "2027-02-27") == {1}  # 02-25 missed: caught up by the latest, 1
    assert _trial_reminders(run, "2027-02-28") == {0}
    assert _trial_reminders(run, "2027-03-01") == set()
    assert {name for name, _ in sent(kind=Kind.TRIAL_RUN, lead_days=0)} == people("unit", "jiaowei")
    notice = Reminder.objects.get(recipient__username="jiaowei_unit", kind=Kind.TRIAL_RUN, lead_days=0)
    assert notice.due == date(2027, 2, 28)
    assert notice.title == f"试运行期满，可申请合规性审查：《{project.name}》"
    assert "自 2027-02-28 起可向区大数据发展局申请合规性审查（第二十三条第一款）" in notice.body


def test_a_first_run_after_the_day_still_says_the_unit_may_apply(trial, run):
    trial("2026-12-31")
    assert _trial_reminders(run, "2027-03-10") == {0}


def test_a_project_that_applied_for_the_review_is_not_reminded(trial, act, run):
    project = trial("2026-12-31")
    with at("2027-02-28"):
        act(project, "jiaowei_unit", "apply_compliance")
    assert _trial_reminders(run, "2027-02-28") == set()
