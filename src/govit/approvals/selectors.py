"""Reading a project's approvals: which one fixes the budget now (第十二、二十一条)."""

from govit.approvals.models import Approval
from govit.projects.models import Project

BUDGET_APPROVALS = (
    Approval.Kind.FSR_BUDGET,
    Approval.Kind.DESIGN_BUDGET,
    Approval.Kind.ORDER87,
    Approval.Kind.CHANGE,
)


def current_approval(project: Project) -> Approval | None:
    """The approval that fixes the budget now: the newest budget approval or change approval."""
    return (
        Approval.objects.filter(project=project, kind__in=BUDGET_APPROVALS)
        .order_by("-recorded_at", "-pk")
        .first()
    )
