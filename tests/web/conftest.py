"""Fixtures of the web tests: projects at the steps the pages show, built through the real services."""

from collections.abc import Callable

import pytest
import time_machine
from tests.projects import conftest as project_fixtures
from tests.projects.conftest import upload

from govit.projects import services
from govit.projects.models import Project

# The project fixtures of tests/projects, shared with the web tests.
new_project = project_fixtures.new_project
act = project_fixtures.act
to_listing = project_fixtures.to_listing
experts = project_fixtures.experts

# Before the yearly deadline for 2027 (2026-09-30), so a 2027 application is not late.
BEFORE_DEADLINE = "2026-09-15 10:00 +0800"


@pytest.fixture
def before_deadline():
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        yield


@pytest.fixture
def listed(demo, new_project, act, to_listing, before_deadline) -> Callable[..., Project]:
    """`listed(**changes)` is a project of 区教委 just listed (state after `list`)."""

    def make(**changes) -> Project:
        return act(to_listing(new_project(**changes)), "bdb", "list")

    return make


@pytest.fixture
def in_design_review(demo, listed, act) -> Callable[..., Project]:
    """A combined-path construction project (800万) at the BDB's design review."""

    def make(**changes) -> Project:
        project = listed(**changes)
        services.preparer_set(
            project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
            qualification="电子通信广电行业甲级", contact="马俊杰 13700000000",
        )  # fmt: skip
        upload(project, demo["jiaowei_unit"], "fsr")
        upload(project, demo["jiaowei_unit"], "budget")
        return act(project, "jiaowei_unit", "submit_fsr_budget")

    return make


@pytest.fixture
def bulk_projects(demo) -> Callable[..., list[Project]]:
    """`bulk_projects(500)`: rows at the BDB's list review, written in one query (no history)."""
    from decimal import Decimal

    from django.utils import timezone

    def make(
        count: int, unit: str = "jiaowei", year: int = 2027, state: str = "list_review"
    ) -> list[Project]:
        organisation = demo.org(unit)
        rows = [
            Project(
                unit=organisation,
                name=f"批量项目{n:04d}",
                leader_name="陈建国",
                leader_phone="13800138000",
                contact_name="王晓燕",
                contact_phone="023-63881234",
                category=("construction", "service", "om")[n % 3],
                reason="依据。",
                summary="简介。",
                expected_effect="效果。",
                amount=Decimal(100000 + n * 1000),
                funding_source="区级财政资金",
                progress="进展。",
                filler_name="王晓燕",
                filler_phone="13900139000",
                form_date=timezone.localdate(),
                year=year,
                work_type=("continuation", "service_purchase", "maintenance")[n % 3],
                path=("combined", "service", "om_budget")[n % 3],
                policy_id="yuzhong-2021",
                state=state,
                created_by=demo[f"{unit}_unit" if unit == "jiaowei" else "jfb_unit"],
                submitted_at=timezone.now(),
                late=n % 7 == 0,
            )  # fmt: skip
            for n in range(count)
        ]
        return Project.objects.bulk_create(rows)

    return make
