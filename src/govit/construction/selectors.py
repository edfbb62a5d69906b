"""Reading construction's records: the active baseline, what is contracted, how lines depart
from the approval (第十七条)."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from govit.construction.models import Baseline, ChangeRequest, Contract, ContractItem
from govit.policy.construction import Line, baseline_deviations
from govit.projects.models import Project
from govit.workflow import change as change_lifecycle
from govit.workflow.lifecycle import keeping

# The states in which the construction records are kept: approved until the final filing.
CONSTRUCTION_STATES = keeping("construction")


@dataclass(frozen=True)
class LineIn:
    """A configuration or contract line as entered."""

    name: str
    quantity: Decimal
    unit_price: Decimal
    kind: str = "software"
    specification: str = ""
    acceptance_terms: str = ""


def active_baseline(project: Project) -> Baseline | None:
    return Baseline.objects.filter(project=project, active=True).first()


def _lines(items: list[LineIn]) -> list[Line]:
    return [
        Line(i.name.strip(), Decimal(i.quantity), Decimal(i.unit_price), i.specification, i.acceptance_terms)
        for i in items
    ]


def _approved_lines(baseline: Baseline) -> list[Line]:
    return [
        Line(i.name, i.quantity, i.unit_price, i.specification, i.acceptance_terms)
        for i in baseline.items.all()
    ]


def as_approved(project: Project, items: list[LineIn]) -> list[LineIn]:
    """A line that leaves its specification or acceptance terms blank takes the approved ones: it
    is recorded, and compared, as carrying the baseline's terms (第十七条). Text that is given is
    compared as given."""
    baseline = active_baseline(project)
    approved = {i.name: i for i in baseline.items.all()} if baseline else {}
    filled = []
    for item in items:
        base = approved.get(item.name.strip())
        if base is not None:
            item = replace(
                item,
                specification=item.specification.strip() or base.specification,
                acceptance_terms=item.acceptance_terms.strip() or base.acceptance_terms,
            )
        filled.append(item)
    return filled


def contracted_quantities(project: Project, *, exclude: Contract | None = None) -> dict[str, Decimal]:
    """What the project's contracts (supervision aside) already buy, per item: several contracts
    may share the baseline, together never beyond it."""
    rows = ContractItem.objects.filter(contract__project=project).exclude(
        contract__kind=Contract.Kind.SUPERVISION
    )
    if exclude is not None:
        rows = rows.exclude(contract=exclude)
    return {row["name"]: row["total"] for row in rows.values("name").annotate(total=Sum("quantity"))}


def deviations(
    project: Project,
    lines: list[Line],
    *,
    contracted: dict[str, Decimal] | None = None,
    complete: bool = False,
) -> list[str] | None:
    """第十七条: how `lines` depart from the active baseline on any fixed term (see
    `policy.construction.baseline_deviations`); None without a baseline. A contract's lines are
    judged with what is `contracted` already; the delivered configuration is `complete`. An
    approved change above 第二十一条's share makes a new baseline, so what it covers is no departure."""
    baseline = active_baseline(project)
    if baseline is None:
        return None
    found = baseline_deviations(
        baseline=_approved_lines(baseline), lines=lines, contracted=contracted, complete=complete
    )
    return [d.reason for d in found]


def mark_contracts(contracts: list[Contract], today: date) -> list[Contract]:
    """Each contract says whether its filing is overdue: not filed by its due date (第十六条)."""
    for contract in contracts:
        contract.filing_overdue = not contract.filed_on and contract.filing_due < today
    return contracts


def mark_changes(changes: list[ChangeRequest]) -> list[ChangeRequest]:
    """Each change request says its ratio (第二十一条: cumulative, on every request), whether it is
    settled well, refused, recorded at or under the share, or waits for the BDB or the DRC; the
    statuses come from the change request's declared lifecycle."""
    recorded = change_lifecycle.start(requires_reapproval=False)
    for change in changes:
        change.percent = f"{change.ratio * 100:.2f}%"
        change.accepted = change.status in change_lifecycle.ACCEPTED
        change.refused = change.status in change_lifecycle.REFUSED
        change.recorded = change.status == recorded
        change.waits_for_bdb = change.status in change_lifecycle.waiting_for("bdb")
        change.waits_for_drc = change.status in change_lifecycle.waiting_for("drc")
    return changes
