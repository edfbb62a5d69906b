"""绩效评价结果运用 on the project's page (第二十六条第二款, R5.6): while its unit writes an
application and the BDB reviews it, the evaluations that steer it and what they recommend."""

from typing import Any

from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES, UNIT_ROLES
from govit.projects.models import Project
from govit.steering.selectors import SHOWN, steering_for


def may_read(user: User, project: Project) -> bool:
    """The project's own unit and the bureaus read what steers it; experts and agencies do not."""
    return bool(user.role_set & BUREAU_ROLES) or (
        user.organisation_id == project.unit_id and bool(user.role_set & UNIT_ROLES)
    )


def steering_context(user: User, project: Project) -> dict[str, Any]:
    """`steering` for the page, or None where it is not shown (listed, ended or classified; no
    evaluation bears on it; someone neither of its unit nor of a bureau). At most four queries."""
    if project.state not in SHOWN or project.is_classified or not may_read(user, project):
        return {"steering": None}
    return {"steering": steering_for(project)}
