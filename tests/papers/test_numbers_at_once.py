"""Numbers taken at the same moment by four people of the BDB, for four projects: four numbers in a
row, none given twice (SQLite's immediate transactions queue the writers; PostgreSQL's row lock on
the year's sequence, and its unique key when two begin the year at once)."""

import threading
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from govit.papers import compose, services
from govit.papers.models import NumberSequence, Paper, PaperKind
from govit.projects.models import Project

TAKERS = 4


@pytest.mark.django_db(transaction=True)
def test_four_numbers_taken_at_once_are_four_numbers_in_a_row(demo):
    call_command("load_demo", stdout=StringIO())
    found = [
        (project, subject)
        for project in Project.objects.order_by("pk")
        for subject in compose.subjects_of(project)
        if subject.office == compose.BDB and subject.kind != PaperKind.RECTIFICATION_NOTICE
    ]
    year = Counter(subject.on.year for _, subject in found).most_common(1)[0][0]
    chosen, projects = [], set()
    for project, subject in found:  # one decision of each of four projects, of one year
        if subject.on.year == year and project.pk not in projects:
            chosen.append((project, subject))
            projects.add(project.pk)
    chosen = chosen[:TAKERS]
    assert len(chosen) == TAKERS
    barrier, numbers, failures = threading.Barrier(TAKERS), [], []

    def take(project, subject) -> None:
        barrier.wait()
        try:
            paper = services.take_number(
                user=demo["bdb"], project=project, kind=subject.kind, key=subject.key
            )
            numbers.append(paper.serial)
        except Exception as error:  # noqa: BLE001 - any failure fails the test below, with its reason
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=pair) for pair in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(numbers) == list(range(1, TAKERS + 1))
    assert NumberSequence.objects.get(office__office="bdb", year=year).last == TAKERS
    assert Paper.objects.count() == TAKERS
