"""Two people acting on one project at once: exactly one wins, the other is told (SQLite's version
check, PostgreSQL's row lock)."""

import threading

import pytest
from django.db import connection

from govit.projects import errors
from govit.projects.models import Project, ProjectEvent
from govit.workflow import engine


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_one_wins_and_the_other_gets_a_conflict(demo, new_project, act):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pass  # shared-cache in-memory SQLite serialises writers just the same
    project = act(new_project(), "jiaowei_unit", "submit")
    version = project.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        barrier.wait()
        try:
            engine.perform(
                project=project, user=demo["jiaowei_leader"], code="confirm", inputs={}, version=version
            )
            outcomes.append("won")
        except errors.Conflict as error:
            outcomes.append(error.detail)
        except errors.NotPossible as error:  # the loser saw the new state before its version check
            outcomes.append(error.detail)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["won", errors.CONFLICT])
    assert Project.objects.get(pk=project.pk).state == "list_review"
    assert ProjectEvent.objects.filter(project=project, action="confirm").count() == 1
