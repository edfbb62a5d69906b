"""Two schedulers firing at once (two beats, beat beside an old cron line): the second run waits
on the run lock for the first to commit, then finds everything written and mailed."""

import threading
import time
from collections import Counter
from datetime import date

import pytest
from django.core import mail
from django.db import connection

from govit.jobs.models import RunLock
from govit.reminders import services
from govit.reminders.models import Reminder
from govit.reminders.services import RUN_LOCK, SendResult, reminders_send

RUNS = 2


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_write_and_mail_each_reminder_once(approved, sign, monkeypatch):
    sign(approved)
    pending = services.reminders_pending

    def slow_pending(**kwargs):
        # Widen the window between reading what is due and writing it, so that without the lock
        # both runs would read before either writes (and both would report the same reminders).
        found = pending(**kwargs)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(services, "reminders_pending", slow_pending)
    day = date(2026, 10, 14)  # one day before the filing is due: the unit's notices
    barrier = threading.Barrier(RUNS)
    results: list[SendResult] = []
    failures: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(reminders_send(today=day))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    rows = list(Reminder.objects.values_list("recipient_id", "kind", "subject", "due", "lead_days"))
    assert rows and len(rows) == len(set(rows))
    # The second run found everything written: it reports nothing, rather than the same rows again.
    assert sorted(len(result.created) for result in results) == [0, len(rows)]
    mailed = Reminder.objects.filter(emailed_at__isnull=False).count()
    assert mailed > 0 and sum(result.emailed for result in results) == mailed
    sent = Counter((message.to[0], message.subject) for message in mail.outbox)
    assert len(mail.outbox) == mailed and max(sent.values()) == 1
    assert RunLock.objects.get(name=RUN_LOCK).taken_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_later_run_on_the_same_day_sends_nothing(approved, sign):
    sign(approved)
    day = date(2026, 10, 14)
    first = reminders_send(today=day)
    second = reminders_send(today=day)
    assert first.counts["created"] > 0 and second.counts == {"created": 0, "emailed": 0, "failed": 0}
