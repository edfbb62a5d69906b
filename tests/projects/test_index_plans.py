"""The indexes named for the query that needs them are the ones the database uses for it (issue
11). On SQLite, whose planner chooses by the query's shape alone, the plan of every SELECT a read
runs is asked of the database; PostgreSQL chooses by its statistics, so its plans at 100,000
projects are in bench/scale.py's output instead."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import F

from govit import clock
from govit.operation import selectors as operation_selectors
from govit.projects import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite plans by shape; PostgreSQL by statistics"
    ),
]


def _plans(read: Callable[[], object]) -> str:
    """The query plans of the SELECTs `read` runs, one line per step."""
    statements: list[tuple[str, tuple]] = []

    def keep(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        read()
    lines = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            lines += [row[-1] for row in cursor.fetchall()]
    return "\n".join(lines)


def test_the_bdbs_work_reads_its_two_partial_indexes(demo):
    plans = _plans(lambda: selectors.work_for(demo["bdb"], clock.today()))
    assert "USING INDEX project_waiver_to_accept" in plans  # reasons for no supervisor (第十八条)
    assert "USING INDEX contract_awaiting_confirmation" in plans  # filings to confirm (第十六条)


def test_the_todo_pages_keys_come_from_the_covering_index(demo):
    todo = selectors.todo_for(demo["bdb"]).order_by(F("state_since").asc(nulls_last=True), "pk")
    plans = _plans(lambda: (todo.count(), list(todo.values_list("pk", flat=True)[:50])))
    assert plans.count("USING COVERING INDEX project_todo_order") == 2


def test_a_units_latest_evaluation_is_one_step_down_its_index(demo):
    units = [demo.org("jiaowei").pk, demo.org("jiefangbei").pk]
    plans = _plans(lambda: operation_selectors.latest_evaluations_by_unit(units))
    assert "USING COVERING INDEX evaluation_latest_of_unit" in plans or (
        "USING INDEX evaluation_latest_of_unit" in plans
    )


def test_each_stretch_after_a_cursor_is_a_seek_in_the_lists_index(demo, bulk_projects):
    from govit.projects.cursor import ListKey, list_after
    from govit.projects.models import Project

    rows = bulk_projects(6, year=2027) + bulk_projects(3, year=2026)
    for n, project in enumerate(rows[:2]):
        Project.objects.filter(pk=project.pk).update(list_code=f"YZ-2027-000{n + 1}", state="approved")
    projects = selectors.project_list(user=demo["bdb"])
    listed, unlisted = ListKey(2027, "YZ-2027-0001", rows[0].pk), ListKey(2027, None, rows[4].pk)
    plans = _plans(lambda: (list_after(projects, listed, 20), list_after(projects, unlisted, 20)))
    assert "project_list_order (year=? AND <expr>=? AND list_code>?)" in plans  # the year's later codes
    assert "project_list_order (year=? AND <expr>=? AND list_code=?)" in plans  # then its unlisted rows
    assert (
        "project_list_order (year=? AND <expr>=? AND list_code=? AND id<?)" in plans
    )  # after an unlisted one
    assert plans.count("project_list_order (year<?)") == 2  # then the earlier years
    assert "TEMP B-TREE" not in plans  # each in the index's order: nothing sorted
