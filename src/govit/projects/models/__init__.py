"""The project itself: its application, proposal and versions, and its trail of events.

What is recorded on a project's way lives in the room of that part of its life (approvals,
construction, funds, acceptance, operation, experts, documents); each such record is a
`ProjectRecord`, scoped to the person through its project.
"""

from govit.projects.models.events import ProjectEvent
from govit.projects.models.fields import (
    MONEY,
    document_number_validator,
    money_field,
    national_code_validator,
    phone_validator,
)
from govit.projects.models.project import (
    ApplicationVersion,
    Category,
    Path,
    Project,
    Proposal,
    WorkType,
)

__all__ = [
    "MONEY",
    "ApplicationVersion",
    "Category",
    "Path",
    "Project",
    "ProjectEvent",
    "Proposal",
    "WorkType",
    "document_number_validator",
    "money_field",
    "national_code_validator",
    "phone_validator",
]
