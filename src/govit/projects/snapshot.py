"""A project's application as plain data: what each submission keeps, and what a diff compares."""

from typing import Any

from govit.projects.models import Project, Proposal

FORM_FIELDS = (
    "name", "leader_name", "leader_phone", "contact_name", "contact_phone", "category", "work_type",
    "reason", "summary", "expected_effect", "amount", "funding_source", "progress", "filler_name",
    "filler_phone", "form_date", "year", "changes_function", "civil_works", "high_energy",
    "needs_procurement", "urgent", "urgent_body", "urgent_on", "urgent_decision", "urgent_ref",
    "maintains",
)  # fmt: skip
PROPOSAL_FIELDS = Proposal.CODES


def application_snapshot(project: Project) -> dict[str, Any]:
    data = {name: _plain(getattr(project, name)) for name in FORM_FIELDS}
    proposal = Proposal.objects.filter(project=project).first()
    if proposal is not None:
        data.update({f"proposal.{name}": getattr(proposal, name) for name in PROPOSAL_FIELDS})
    return data


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # Decimal and date, exactly


def label_of(name: str) -> str:
    if name.startswith("proposal."):
        return str(Proposal._meta.get_field(name.removeprefix("proposal.")).verbose_name)
    return str(Project._meta.get_field(name).verbose_name)


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(label, before, after) for every field that differs between two submissions."""
    names = [*before, *(name for name in after if name not in before)]
    return [
        (label_of(name), before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    ]
