"""What every write to a project's records starts and ends with.

`locked` takes the project's row for the write (`select_for_update`, so two people recording at
once are serialised), and refuses a project that is not on the year's list (第十二条: without it
nothing is built, paid or run) or not in a state that keeps the record. `noted` records the
event that the write leaves on the project's trail, with its article, without moving its state.
"""

from typing import Any

from govit.accounts.models import User
from govit.projects import errors
from govit.projects.audit import record_event
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.workflow.lifecycle import STATE_BY_CODE

WRONG_STATE = "项目当前处于“{state}”环节，不能{doing}。"


def locked(project: Project, *, states: frozenset[str], doing: str, unit: User | None = None) -> Project:
    """The project, locked for this transaction, once `unit` (if given) is its own unit's 经办人, it
    is listed (第十二条) and its state is one of `states`; else the refusal, saying what it cannot be
    `doing` now."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)  # 第二十七条: only its registration data is kept
    if unit is not None:
        require_unit(unit, project.unit_id)
    if not project.list_code:
        raise errors.NotPossible(errors.UNLISTED, article=12)
    if project.state not in states:
        raise errors.NotPossible(WRONG_STATE.format(state=STATE_BY_CODE[project.state].label, doing=doing))
    return project


def noted(
    project: Project, user: User, *, role: str, action: str, label: str, inputs: dict[str, Any], article: int
) -> None:
    """The event a record leaves on the project's trail; the state stays as it is."""
    record_event(
        project=project, actor=user, role=role, action=action, label=label,
        from_state=project.state, to_state=project.state, inputs=inputs, article=article,
    )  # fmt: skip
