"""Two versions of the Rules in one database: yuzhong-2021 and the test version test-2031
(tests/policy/data/test-2031.toml: deadline 08-31, combined path up to 500万, supervision from
50万, a change above 15%, trial run 3 months, filing within 5 working days), in force from
2031-01-01. A project takes the version in force on the day it is created and keeps it."""

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from tests.fixtures.api import api  # noqa: F401  (fixtures)
from tests.fixtures.projects import act, deliver_as_approved, new_project, to_listing, upload  # noqa: F401

from govit import clock
from govit.construction import services as construction_services
from govit.construction.models import Contract
from govit.construction.selectors import LineIn
from govit.policy.versions import POLICY_DIRS_VARIABLE
from govit.projects import policies, services
from govit.projects.models import Project

DATA = Path(__file__).resolve().parent.parent / "policy" / "data"

# Before test-2031 takes effect (a yuzhong-2021 project is created then), and after it.
UNDER_2021 = "2030-09-15"
UNDER_2031 = "2031-03-03"  # a Monday; 2031 has no published holidays: Monday–Friday count


def at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


@pytest.fixture
def two_versions(monkeypatch) -> Iterator[None]:
    """GOVIT_POLICY_DIRS names the folder of test-2031 (read at call time, cached per value)."""
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(DATA))
    assert policies.in_force(date(2031, 1, 1)).id == "test-2031"
    assert policies.in_force(date(2030, 12, 31)).id == "yuzhong-2021"
    yield


@pytest.fixture
def project_under(two_versions, new_project, to_listing) -> Callable[..., Project]:  # noqa: F811
    """`project_under("test-2031", amount="600万")`: a draft created on a day that version was in
    force (and so keeping it), for the year after that day."""

    def make(version: str, *, listed: bool = False, **changes) -> Project:
        day = {"yuzhong-2021": UNDER_2021, "test-2031": UNDER_2031}[version]
        with at(day):
            project = new_project(year=clock.today().year + 1, **changes)
            assert project.policy_id == version
            return to_listing(project) if listed else project

    return make


def _software(total: Decimal) -> dict[str, str]:
    # Two thirds software, the rest hardware; the approval's lines add up to the total.
    software = (total * 2 / 3).quantize(Decimal("0.01"))
    return {
        "approved_software": str(software),
        "approved_hardware": str(total - software),
        "approved_other": "0",
    }


@pytest.fixture
def approved_under(demo, project_under, act) -> Callable[..., Project]:  # noqa: F811
    """`approved_under(version, amount="60万")`: a combined-path construction project approved by
    the DRC on UNDER_2031 with its baseline (one software and one hardware line)."""

    def make(version: str, amount: str = "60万") -> Project:
        project = project_under(version, listed=True, amount=amount)
        unit = demo["jiaowei_unit"]
        with at(UNDER_2031):
            project = act(project, "bdb", "list")
            services.preparer_set(project=project, user=unit, preparer=demo.org("shancheng_design"),
                                  qualification="甲级", contact="")  # fmt: skip
            upload(project, unit, "fsr")
            upload(project, unit, "budget")
            project = act(project, "jiaowei_unit", "submit_fsr_budget")
            project = act(project, "bdb", "design_pass", comment="同意")
            lines = _software(project.amount)
            project = act(
                project, "drc", "approve_budget", document_number="渝中发改投〔2031〕9号",
                approved_on=clock.today().isoformat(), approved_total=str(project.amount), **lines,
                approval_document=upload(project, demo["drc"], "approval"),
            )  # fmt: skip
            software, hardware = Decimal(lines["approved_software"]), Decimal(lines["approved_hardware"])
            construction_services.baseline_set(project=project, user=unit, items=[
                LineIn("业务平台软件", Decimal(1), software, "software"),
                LineIn("服务器", Decimal(1), hardware, "hardware"),
            ])  # fmt: skip
        return Project.objects.get(pk=project.pk)

    return make


@pytest.fixture
def sign(demo) -> Callable[..., Contract]:
    """`sign(project, "2031-03-03")` records a construction contract signed (and recorded) that day."""

    def record(project: Project, day: str = UNDER_2031, kind: str = "construction", number: str = "HT-1"):
        with at(day):
            data = {
                "kind": kind, "number": number, "title": f"{kind}合同{number}", "supplier": "重庆某科技有限公司",
                "amount": project.amount, "signed_on": date.fromisoformat(day),
                "document_id": upload(project, demo["jiaowei_unit"], "contract"),
            }  # fmt: skip
            return construction_services.contract_record(
                project=project, user=demo["jiaowei_unit"], contract=construction_services.ContractIn(**data)
            )

    return record


@pytest.fixture
def in_trial(demo, approved_under, sign, act) -> Callable[[str], Project]:  # noqa: F811
    """`in_trial(version)`: contracts filed, construction started 2031-03-04, initial acceptance
    and the trial run's start on 2031-03-06."""

    def make(version: str) -> Project:
        project = approved_under(version)
        contracts = [sign(project), sign(project, kind="supervision", number="JL-1")]
        unit = demo["jiaowei_unit"]
        with at("2031-03-04"):
            for contract in contracts:
                construction_services.contract_file(contract=contract, user=unit)
            project = act(Project.objects.get(pk=project.pk), "jiaowei_unit", "start_construction")
        with at("2031-03-06"):
            upload(project, unit, "acceptance")
            deliver_as_approved(project, unit)
            return act(project, "jiaowei_unit", "initial_acceptance", accepted_on="2031-03-06",
                       trial_started_on="2031-03-06")  # fmt: skip

    return make
