"""Projects with contracts, built through the real services (as in tests/projects), and helpers
to run the reminders on a given day."""

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from aiosmtpd.controller import Controller
from tests.fixtures.projects import act, new_project, to_listing, upload  # noqa: F401  (fixtures)

from govit import clock
from govit.accounts.models import User
from govit.construction import services as construction_services
from govit.construction.models import Contract
from govit.construction.selectors import LineIn
from govit.projects import services
from govit.projects.models import Project
from govit.reminders.models import Reminder
from govit.reminders.services import SendResult, reminders_send

ITEMS = [
    LineIn("教育数据平台软件", Decimal(1), Decimal("5000000.00"), "software"),
    LineIn("服务器", Decimal(10), Decimal("200000.00"), "hardware"),
]


def at(day: str):
    """Travel to 09:00 Beijing time on `day` (YYYY-MM-DD)."""
    return time_machine.travel(f"{day} 09:00 +0800", tick=False)


@pytest.fixture
def approved(demo, new_project, act, to_listing) -> Project:  # noqa: F811
    """区教委's construction project of 800万, approved by the DRC on 2026-09-15."""
    with at("2026-09-15"):
        project = act(to_listing(new_project(amount="800万")), "bdb", "list")
        services.preparer_set(
            project=project, user=demo["jiaowei_unit"], preparer=demo.org("shancheng_design"),
            qualification="甲级", contact="",
        )  # fmt: skip
        upload(project, demo["jiaowei_unit"], "fsr")
        upload(project, demo["jiaowei_unit"], "budget")
        project = act(project, "jiaowei_unit", "submit_fsr_budget")
        project = act(project, "bdb", "design_pass", comment="同意")
        inputs = {
            "document_number": "渝中发改投〔2026〕9号", "approved_on": clock.today().isoformat(), "approved_total": "800万",
            "approved_software": "500万", "approved_hardware": "200万", "approved_other": "100万",
            "approval_document": upload(project, demo["drc"], "approval"),
        }  # fmt: skip
        project = act(project, "drc", "approve_budget", **inputs)
        construction_services.baseline_set(project=project, user=demo["jiaowei_unit"], items=ITEMS)
        return project


@pytest.fixture
def sign(demo) -> Callable[..., Contract]:
    """`sign(project, number="HT-1", signed="2026-09-30")` records a contract with its copy."""

    def record(
        project: Project, *, number: str = "HT-1", signed: str = "2026-09-30", kind: str = "construction"
    ):
        with at(signed):
            data = {
                "kind": kind, "number": number, "title": f"教育平台{kind}合同{number}", "supplier": "重庆某科技有限公司",
                "amount": Decimal("7000000.00"), "signed_on": date.fromisoformat(signed),
                "document_id": upload(Project.objects.get(pk=project.pk), demo["jiaowei_unit"], "contract"),
            }  # fmt: skip
            return construction_services.contract_record(
                project=project, user=demo["jiaowei_unit"], contract=construction_services.ContractIn(**data)
            )

    return record


@pytest.fixture
def run(django_capture_on_commit_callbacks) -> Callable[[str], SendResult]:
    """`run("2026-10-15")`: the command's work on that day, its e-mail sent after commit."""

    def send(day: str) -> SendResult:
        with at(day), django_capture_on_commit_callbacks(execute=True):
            return reminders_send(today=clock.today())

    return send


def people(role: str, organisation: str | None = None) -> set[str]:
    found = User.objects.with_role(role).filter(is_active=True)
    if organisation:
        found = found.filter(organisation__code=organisation)
    return set(found.values_list("username", flat=True))


def sent(**filters) -> set[tuple[str, int]]:
    """(username, lead_days) of the reminders written, filtered."""
    return set(Reminder.objects.filter(**filters).values_list("recipient__username", "lead_days"))


class Collector:
    """An aiosmtpd handler that keeps every message it receives, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Collector]:
    """A real SMTP server on 127.0.0.1 and a free port; Django sends to it over the network."""
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    try:
        yield collector
    finally:
        controller.stop()
