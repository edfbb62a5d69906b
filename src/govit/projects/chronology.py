"""A project's recorded dates, read for the declared order (`govit.policy.chronology`), and the one
check every service and the engine call before they record a date.

Where a step has no date field of its own, its date is the day its action was taken, from the
audit trail: the submission (`confirm`), the start of building (`start_construction`), the
application for and the passing of the compliance review, the start of an O&M service. The
initial and final acceptance dates a person types are kept in the action's audit event.
"""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.approvals.models import Approval, LeadingGroupDecision
from govit.construction.models import ChangeRequest, Contract, OwnerDecision, Procurement
from govit.funds.models import Disbursement
from govit.operation.models import Evaluation, FinalAccount, Incident, SecurityAssessment, SharingRecord
from govit.policy import chronology
from govit.policy.chronology import MILESTONE, Violation
from govit.projects import errors, policies
from govit.projects.models import Project, ProjectEvent
from govit.workflow.lifecycle import Transition

# Steps dated by the day their action was taken (audit events).
ACTION_DATES = {
    "confirm": "submitted",
    "start_construction": "construction_started",
    "apply_compliance": "compliance_applied",
    "compliance_pass": "compliance_passed",
    "start_service": "service_started",
}
# Steps whose typed date is kept in their action's audit event.
EVENT_INPUTS = {"initial_acceptance": ("initial_accepted", "accepted_on"),
                "file_final_acceptance": ("final_accepted", "final_accepted_on")}  # fmt: skip
BUDGET_KINDS = (Approval.Kind.FSR_BUDGET, Approval.Kind.DESIGN_BUDGET, Approval.Kind.ORDER87)


def _day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def recorded_dates(project: Project) -> dict[str, list[date]]:
    """Every date the project has recorded, by milestone (a few queries, one per kind of record)."""
    dates: dict[str, list[date]] = defaultdict(list)

    def add(code: str, *values: date | datetime | None) -> None:
        dates[code] += [_day(v) for v in values if v is not None]

    add("form_date", project.form_date)
    add("urgent_on", project.urgent_on if project.urgent else None)
    add("listed", project.listed_at)
    add("trial_started", project.trial_started_on)
    events = ProjectEvent.objects.filter(project=project, action__in=[*ACTION_DATES, *EVENT_INPUTS])
    for action, at, inputs in events.values_list("action", "at", "inputs"):
        if action in ACTION_DATES:
            add(ACTION_DATES[action], at)
        else:
            code, name = EVENT_INPUTS[action]
            value = (inputs or {}).get(name)
            add(code, date.fromisoformat(value) if value else None)
    add(
        "lg_meeting",
        *LeadingGroupDecision.objects.filter(project=project).values_list("meeting_on", flat=True),
    )
    for kind, approved_on, recorded_at in Approval.objects.filter(project=project).values_list(
        "kind", "approved_on", "recorded_at"
    ):
        # A budget under Order No. 87 is recorded by the unit without a date of its own: its day.
        code = {Approval.Kind.FSR: "fsr_approved", Approval.Kind.CHANGE: "change_approved"}.get(
            kind, "budget_approved"
        )
        add(code, approved_on or recorded_at)
    add(
        "change_requested",
        *ChangeRequest.objects.filter(project=project).values_list("requested_at", flat=True),
    )
    for announced, awarded in Procurement.objects.filter(project=project).values_list(
        "announced_on", "awarded_on"
    ):
        add("procurement", announced, awarded)
    for signed, filed in Contract.objects.filter(project=project).values_list("signed_on", "filed_on"):
        add("contract_signed", signed)
        add("contract_filed", filed)
    add("owner_decided", *OwnerDecision.objects.filter(project=project).values_list("decided_on", flat=True))
    system = BuiltSystem.objects.filter(project=project).values_list("delivered_on", "retired_on").first()
    if system:
        add("delivered", system[0])
        add("retired", system[1])
    add("paid", *Disbursement.objects.filter(project=project).values_list("paid_on", flat=True))
    add(
        "security_assessed",
        *SecurityAssessment.objects.filter(project=project).values_list("done_on", flat=True),
    )
    add(
        "shared", *SharingRecord.objects.filter(resource__project=project).values_list("shared_on", flat=True)
    )
    add("incident", *Incident.objects.filter(project=project).values_list("occurred_at", flat=True))
    add("final_account", *FinalAccount.objects.filter(project=project).values_list("approved_on", flat=True))
    add("evaluated", *Evaluation.objects.filter(project=project).values_list("evaluated_on", flat=True))
    return {code: values for code, values in dates.items() if values}


def violations(project: Project) -> list[Violation]:
    """How the project's recorded dates break the declared order; empty when they tell a true story."""
    return chronology.violations(recorded_dates(project), today=clock.today(), policy=policies.of(project))


def _raise(violation: Violation, field: str) -> None:
    raise errors.InvalidInput(violation.reason, field=field, article=violation.article)


def happened(value: date | datetime | None, *, label: str, field: str, article: int | None = None) -> None:
    """A date (or time) a person typed: not before 1950 (`EARLIEST`), not after today (a time, not
    after now)."""
    if value is None:
        return
    if isinstance(value, datetime) and value > clock.now() and _day(value) == clock.today():
        raise errors.InvalidInput(chronology.LATER_THAN_NOW.format(label=label), field=field, article=article)
    reason = chronology.typed_refusal(label, _day(value), today=clock.today())
    if reason:
        raise errors.InvalidInput(reason, field=field, article=article)


def check_typed(milestone: str, value: date | datetime | None, *, field: str) -> None:
    """A typed date of a milestone, judged alone (a draft's form date has nothing before it yet)."""
    declared = MILESTONE[milestone]
    happened(value, label=declared.label, field=field, article=declared.article)


def check(
    project: Project,
    milestone: str,
    value: date | datetime | None,
    *,
    field: str,
    label: str | None = None,
    recorded: dict[str, list[date]] | None = None,
) -> None:
    """Refuse `value` as the project's `milestone` when it is in the future, before 1950, or before
    a step it follows (naming that step's date and the article); `label` names the field when the
    milestone's own name would not (a procurement's announcement)."""
    if value is None:
        return
    happened(
        value, label=label or MILESTONE[milestone].label, field=field, article=MILESTONE[milestone].article
    )
    found = chronology.refusal(
        milestone,
        _day(value),
        recorded if recorded is not None else recorded_dates(project),
        today=clock.today(),
        policy=policies.of(project),
        typed=False,
    )
    if found and label:
        reason = found.reason.replace(MILESTONE[milestone].label, label, 1)
        raise errors.InvalidInput(reason, field=field, article=found.article)
    if found:
        _raise(found, field)


def check_inputs(project: Project, transition: Transition, cleaned: dict[str, Any]) -> None:
    """The engine's date inputs (a meeting, an acceptance, a trial run's start…) in order with the
    project's recorded dates, and with each other (the trial run starts on or after the acceptance)."""
    recorded: dict[str, list[date]] | None = None
    for declared in transition.inputs:
        milestone = chronology.milestone_for_input(transition.code, declared.name)
        if milestone is None or not cleaned.get(declared.name):
            continue
        if recorded is None:
            recorded = recorded_dates(project)
        value = date.fromisoformat(cleaned[declared.name])
        check(project, milestone.code, value, field=declared.name, recorded=recorded)
        recorded = {**recorded, milestone.code: [*recorded.get(milestone.code, []), value]}
