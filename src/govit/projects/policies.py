"""Which version of the Rules applies (R9.4): the one place Django code gets a `Policy`.

A project follows the version it was applied under, whatever is in force later; what is not a
project yet (the yearly call, a new application) follows the version in force on the day. The
policy package's functions take the policy as a required argument, so a forgotten version is an
error, never a silent default.
"""

from datetime import date

from govit.policy import Policy, available_policies, load_policy, policy_in_force
from govit.projects.models import Project


def of(project: Project) -> Policy:
    """The version `project` was applied, and so is decided, under."""
    return load_policy(project.policy_id)


def in_force(on: date) -> Policy:
    """The version in force on `on`, by its effective date: for a new application and the call."""
    return policy_in_force(on)


def longest_lead() -> int:
    """The earliest any version reminds before a due date, in days: how far ahead to look."""
    return max(max(p.reminder_lead_days) for p in available_policies())
