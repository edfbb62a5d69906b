"""The project and everything recorded on its way (one module per kind of record)."""

from govit.projects.models.approvals import Approval, LeadingGroupDecision
from govit.projects.models.delivery import (
    AcceptedItem,
    Baseline,
    BaselineItem,
    BuiltSystem,
    ChangeRequest,
    ComplianceCheck,
    Contract,
    ContractItem,
    Disbursement,
    OwnerDecision,
    Procurement,
)
from govit.projects.models.documents import Document, DocumentKind
from govit.projects.models.events import ProjectEvent
from govit.projects.models.experts import Expert, ExpertReview
from govit.projects.models.operation import (
    DataResource,
    Evaluation,
    FinalAccount,
    HubConnection,
    Incident,
    OmCost,
    OmPlan,
    SecurityAssessment,
    SharingRecord,
)
from govit.projects.models.project import (
    ApplicationVersion,
    Category,
    Project,
    Proposal,
    WorkType,
)

__all__ = [
    "DataResource",
    "Evaluation",
    "FinalAccount",
    "HubConnection",
    "Incident",
    "OmCost",
    "OmPlan",
    "SecurityAssessment",
    "SharingRecord",
    "AcceptedItem",
    "Baseline",
    "BaselineItem",
    "BuiltSystem",
    "ChangeRequest",
    "ComplianceCheck",
    "Contract",
    "ContractItem",
    "Disbursement",
    "OwnerDecision",
    "Procurement",
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
