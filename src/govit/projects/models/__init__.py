"""The project and everything recorded on its way (one module per kind of record)."""

from govit.projects.models.approvals import Approval, LeadingGroupDecision
from govit.projects.models.documents import Document, DocumentKind
from govit.projects.models.events import ProjectEvent
from govit.projects.models.experts import Expert, ExpertReview
from govit.projects.models.project import (
    ApplicationVersion,
    Category,
    Project,
    Proposal,
    WorkType,
)

__all__ = [
    "ApplicationVersion",
    "Approval",
    "Category",
    "Document",
    "DocumentKind",
    "Expert",
    "ExpertReview",
    "LeadingGroupDecision",
    "Project",
    "ProjectEvent",
    "Proposal",
    "WorkType",
]
