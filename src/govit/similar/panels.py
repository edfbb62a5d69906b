"""相似项目 on the project's page (第四条: 杜绝盲目投资和重复建设): while its unit writes the application
and while the bureaus review it, the ten projects most like it that the person may see, built
systems first, each with the terms they share; a unit is told how many more are other units'."""

from typing import Any

from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES, Role
from govit.projects.models import Project, Proposal
from govit.similar.selectors import similar_to
from govit.workflow.lifecycle import in_phase

# Before it is listed: what is decided then is whether to build it at all.
SHOWN = in_phase("application")


def similar_context(user: User, project: Project) -> dict[str, Any]:
    """`similar` for the page, or None where it is not shown (a listed, ended or classified
    project; someone neither of its unit nor of a bureau). Three queries: a unit is told that other
    units' similar projects are the BDB's to weigh, not how many (the API counts them)."""
    own = user.organisation_id == project.unit_id and user.role_set & {Role.UNIT, Role.UNIT_LEADER}
    if project.state not in SHOWN or project.is_classified or not (own or user.role_set & BUREAU_ROLES):
        return {"similar": None}
    return {"similar": similar_to(project, user, count_others=False), "similar_for_unit": bool(own)}


# The form's fields the duplicate check reads (the proposal's chapters by their codes).
FORM_FIELDS = " ".join(("name", "summary", "reason", "expected_effect", *Proposal.CODES))


def form_context(user: User, project: Project | None) -> dict[str, Any]:
    """相似项目 beside the application form: for a project being edited, what its saved text finds
    (the unit's own in full, other units' counted); the form then asks again as it is typed."""
    found = similar_to(project, user) if project is not None and not project.is_classified else None
    return {"similar": found, "similar_for_unit": True, "similar_fields": FORM_FIELDS}
