"""What a transition records besides the state change: the decision rows, the list code, the
snapshot of a submission. Called by the engine inside its transaction, before the state moves.

An effect is registered with `@effect(code, …)` in `EFFECTS` under the codes of the transitions
it follows (at most one effect each); the engine checks at import that every code is declared.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govit import clock, policy
from govit.acceptance.models import BuiltSystem, ComplianceCheck
from govit.acceptance.services import acceptance_body_filed
from govit.accounts.models import User
from govit.approvals.models import Approval, LeadingGroupDecision
from govit.operation.models import HubConnection
from govit.projects import policies
from govit.projects.models import ApplicationVersion, Project
from govit.projects.snapshot import application_snapshot
from govit.steering.selectors import steering_for
from govit.workflow.lifecycle import Transition

Effect = Callable[[Project, User, dict[str, Any]], None]

EFFECTS: dict[str, Effect] = {}


def effect(*codes: str) -> Callable[[Effect], Effect]:
    """Register the decorated function as the effect of the transitions `codes`."""

    def register(function: Effect) -> Effect:
        for code in codes:
            if code in EFFECTS:
                raise ValueError(f"transition {code!r} has two effects")
            EFFECTS[code] = function
        return function

    return register


@effect("submit")
def _submit(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """Keep what was submitted (R2.5): every version, so a resubmission shows what changed."""
    number = ApplicationVersion.objects.filter(project=project).count() + 1
    ApplicationVersion.objects.create(
        project=project, number=number, data=application_snapshot(project), submitted_by=user
    )


@effect("confirm")
def _confirm(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """The application reaches the BDB: the first time, judge it against the yearly deadline (R2.2)."""
    if project.submitted_at is not None:
        return
    now = clock.now()
    project.submitted_at = now
    if not project.urgent:  # 第十一条: urgent needs are listed at any time of year
        project.late = bool(
            policy.application_deadline(
                year=project.year, submitted=timezone.localdate(now), policy=policies.of(project)
            ).late
        )
    Project.objects.filter(pk=project.pk).update(submitted_at=project.submitted_at, late=project.late)


@effect("review_pass")
def _review_pass(project: Project, user: User, inputs: dict[str, Any]) -> None:
    if project.late and inputs.get("accept_late"):
        Project.objects.filter(pk=project.pk).update(late_accepted=True)
    found = steering_for(project) if inputs.get("steering") else None
    if found is not None and found.advice is not None:  # 第二十六条: what was heeded, as it stood then
        inputs["steering_advice"] = found.advice.text


def _lg_decision(decision: str) -> Effect:
    def effect(project: Project, user: User, inputs: dict[str, Any]) -> None:
        LeadingGroupDecision.objects.create(
            project=project,
            meeting=inputs["meeting"],
            meeting_on=date.fromisoformat(inputs["meeting_on"]),
            minutes_ref=inputs["minutes_ref"],
            decision=decision,
            comment=inputs.get("comment") or "",
            recorded_by=user,
        )

    return effect


@effect("list")
def _list(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """第九条、第十条: the project enters the list with its code and funding channel."""
    list_projects([project])


def list_projects(projects: list[Project]) -> None:
    """Give `projects` the next list codes of their years, in their order (YZ-2026-0001 …), and the
    funding channel their category takes (第十条): one query a year and one write, however many."""
    last: dict[int, int] = {}
    now = clock.now()
    for project in projects:
        prefix = f"YZ-{project.year}-"
        if project.year not in last:
            code = (
                Project.objects.filter(list_code__startswith=prefix)
                .order_by("-list_code")
                .values_list("list_code", flat=True)
                .first()
            )
            last[project.year] = int(code.removeprefix(prefix)) if code else 0
        last[project.year] += 1
        project.list_code = f"{prefix}{last[project.year]:04d}"
        project.listed_at = now
        project.funding_channel = policy.funding_channel(
            category=project.category, policy=policies.of(project)
        ).code
    Project.objects.bulk_update(projects, ["list_code", "listed_at", "funding_channel"], batch_size=500)


def _money(inputs: dict[str, Any], name: str) -> Decimal | None:
    value = inputs.get(name)
    return policy.parse_amount(value) if value is not None else None


def _approval(kind: str | Callable[[Project], str]) -> Effect:
    def effect(project: Project, user: User, inputs: dict[str, Any]) -> None:
        approved_on = inputs.get("approved_on")
        Approval.objects.create(
            project=project,
            kind=kind(project) if callable(kind) else kind,
            document_number=inputs.get("document_number") or "",
            approved_on=date.fromisoformat(approved_on) if approved_on else None,
            approved_total=_money(inputs, "approved_total"),
            approved_software=_money(inputs, "approved_software"),
            approved_hardware=_money(inputs, "approved_hardware"),
            approved_other=_money(inputs, "approved_other"),
            document_id=inputs.get("approval_document"),
            recorded_by=user,
        )

    return effect


@effect("initial_acceptance")
def _initial_acceptance(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """第二十三条: the trial run's start is what the two months are counted from."""
    project.trial_started_on = date.fromisoformat(inputs["trial_started_on"])
    Project.objects.filter(pk=project.pk).update(trial_started_on=project.trial_started_on)


@effect("compliance_pass", "compliance_fail")
def _compliance_check(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """R5.3: each round of the compliance review, item by item."""
    ComplianceCheck.objects.create(
        project=project,
        round=ComplianceCheck.objects.filter(project=project).count() + 1,
        **{f"{item}_ok": bool(inputs.get(f"{item}_ok")) for item in ("cloud", "sharing", "integration")},
        **{
            f"{item}_finding": inputs.get(f"{item}_finding") or ""
            for item in ("cloud", "sharing", "integration")
        },
        checked_by=user,
    )


@effect("file_final_acceptance")
def _file_final_acceptance(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """第二十四条: the acceptance body named, matched to a registered agency (R0.1)."""
    acceptance_body_filed(project, user, inputs["acceptance_agency"])


@effect("confirm_delivery")
def _confirm_delivery(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """第二十四条: delivered, and entered in the library of built systems."""
    passed = ComplianceCheck.objects.filter(project=project).order_by("-round").first()
    # The unit's own hub record (第二十条), when it made one, is the fact; else the review's check.
    hub = HubConnection.objects.filter(project=project).values_list("connected", flat=True).first()
    BuiltSystem.objects.create(
        project=project,
        name=project.name,
        unit_id=project.unit_id,
        delivered_on=clock.today(),
        on_cloud=bool(passed and passed.cloud_ok),
        shares_data=bool(passed and passed.sharing_ok),
        hub_connected=hub if hub is not None else bool(passed and passed.integration_ok),
    )


@effect("retire")
def _retire(project: Project, user: User, inputs: dict[str, Any]) -> None:
    """R5.7: the system leaves service; the library keeps it, with why and where its data went."""
    BuiltSystem.objects.filter(project=project).update(
        retired_on=date.fromisoformat(inputs["retired_on"]),
        retire_reason=inputs["retire_reason"],
        data_destination=inputs["data_destination"],
    )


effect("lg_approve")(_lg_decision(LeadingGroupDecision.Decision.APPROVED))
effect("lg_return")(_lg_decision(LeadingGroupDecision.Decision.RETURNED))
effect("lg_reject")(_lg_decision(LeadingGroupDecision.Decision.REJECTED))
effect("approve_fsr")(_approval(Approval.Kind.FSR))
effect("approve_budget")(
    _approval(
        lambda p: (
            Approval.Kind.FSR_BUDGET if p.state == "fsr_budget_approval" else Approval.Kind.DESIGN_BUDGET
        )
    )
)
effect("record_budget")(_approval(Approval.Kind.ORDER87))


# The approval that ends each path's scheme phase (an imported one is recorded as that).
PATH_APPROVAL = {"combined": Approval.Kind.FSR_BUDGET, "separate": Approval.Kind.DESIGN_BUDGET,
                 "service": Approval.Kind.ORDER87}  # fmt: skip


def enter_records(entered: list[tuple[Project, Any, dict[str, Any]]], user: User) -> None:
    """What makes an imported project's state true (workflow.entries), from the row as the
    importer read it into the entry's inputs: the approval that ended its scheme phase, its system
    in the library (retired, with why and where its data went, when the row says so). In bulk."""
    approvals, systems = [], []
    for project, _entry, inputs in entered:
        if approval := inputs.get("approval"):
            approvals.append(Approval(
                project=project, kind=PATH_APPROVAL[project.path], document_number=approval["document_number"],
                approved_on=date.fromisoformat(approval["approved_on"]) if approval.get("approved_on") else None,
                approved_total=policy.parse_amount(approval["approved_total"]), recorded_by=user,
            ))  # fmt: skip
        if system := inputs.get("built_system"):
            retired = inputs.get("retirement") or {}
            systems.append(BuiltSystem(
                project=project, name=project.name, unit_id=project.unit_id,
                delivered_on=date.fromisoformat(system["delivered_on"]),
                on_cloud=system.get("on_cloud", False), shares_data=system.get("shares_data", False),
                hub_connected=system.get("hub_connected", False),
                retired_on=date.fromisoformat(retired["retired_on"]) if retired else None,
                retire_reason=retired.get("retire_reason", ""), data_destination=retired.get("data_destination", ""),
            ))  # fmt: skip
    Approval.objects.bulk_create(approvals, batch_size=500)
    BuiltSystem.objects.bulk_create(systems, batch_size=500)


def apply(transition: Transition, project: Project, user: User, inputs: dict[str, Any]) -> None:
    effect = EFFECTS.get(transition.code)
    if effect is not None:
        effect(project, user, inputs)
