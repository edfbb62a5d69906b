"""The project itself: its application, proposal and versions, and its trail of events.

What is recorded on a project's way lives in the room of that part of its life (approvals,
construction, funds, acceptance, operation, experts, documents); each such record is a
`ProjectRecord`, scoped to the person through its project.
"""

from govit.projects.models.application import ApplicationVersion, Proposal
from govit.projects.models.events import ProjectEvent
from govit.projects.models.fields import (
    MONEY,
    document_number_validator,
    money_field,
    national_code_validator,
    phone_validator,
    text_field,
)
from govit.projects.models.project import Category, Path, Project, ProjectQuerySet, WorkType
from govit.projects.models.record import ProjectRecord, ProjectRecordQuerySet
from govit.projects.models.tally import ProjectTally

__all__ = [
    "text_field",
    "MONEY",
    "ApplicationVersion",
    "Category",
    "Path",
    "Project",
    "ProjectEvent",
    "ProjectQuerySet",
    "ProjectRecord",
    "ProjectRecordQuerySet",
    "ProjectTally",
    "Proposal",
    "WorkType",
    "document_number_validator",
    "money_field",
    "national_code_validator",
    "phone_validator",
]
