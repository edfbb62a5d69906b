"""绩效评价结果运用 on the project's page (第二十六条第二款, R5.6): while its unit writes an
application and the BDB reviews it, the evaluations that steer it and what they recommend; and on
the unit's to-do, its systems still to apply for the year's O&M."""

from datetime import date
from typing import Any

from govit import policy
from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES, UNIT_ROLES, Role
from govit.projects import policies
from govit.projects.models import Project, WorkType
from govit.reminders.selectors import next_call_year
from govit.steering.selectors import SHOWN, steering_for, systems_without_om


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


def om_prompt(user: User, today: date) -> dict[str, Any]:
    """第二十五条、第二十六条 (R5.6): for a unit's 经办人, its systems in service without an O&M
    application for the next call's year, each to start one from (one query)."""
    if Role.UNIT not in user.role_set or user.organisation_id is None:
        return {"om_systems": []}
    rules = policies.in_force(today)
    year = next_call_year(today, rules)
    return {
        "om_systems": list(systems_without_om(year, [user.organisation_id])),
        "om_year": year,
        "om_deadline": policy.application_deadline(year=year, policy=rules).deadline,
    }


def om_initial(user: User, maintains: str | None, today: date) -> dict[str, Any]:
    """第二十五条: a new application started from a system's prompt (`?maintains=`): the O&M of that
    system, if it is one of the unit's still to apply for, for the next call's year."""
    if not maintains or not maintains.isdigit():
        return {}
    year = next_call_year(today, policies.in_force(today))
    system = systems_without_om(year, [user.organisation_id]).filter(pk=int(maintains)).first()
    if system is None:
        return {}
    return {"maintains": system.pk, "work_type": WorkType.MAINTENANCE, "year": year,
            "name": f"{system.name}运行维护（{year}年度）"}  # fmt: skip
