"""Reading the expert pool and the reviews (第六、十五条): who may review a project, and when."""

from govit.experts.models import Expert
from govit.projects.models import Project
from govit.workflow.lifecycle import SCHEME_REVIEW_STATES

# The steps in which the BDB or the DRC may commission experts (第十五条).
REVIEW_STATES = SCHEME_REVIEW_STATES


def expert_conflicts(expert: Expert, project: Project) -> list[str]:
    """Why `expert` may not review `project` (R3.8): same unit, the preparer, or a declared tie."""
    why = []
    own = expert.user.organisation_id
    if own == project.unit_id:
        why.append("与项目单位为同一单位")
    if project.preparer_id and own == project.preparer_id:
        why.append("为项目方案编制单位人员")
    tied = {o.pk for o in expert.conflicts.all()}
    if project.unit_id in tied:
        why.append("申报回避项目单位")
    if project.preparer_id and project.preparer_id in tied:
        why.append("申报回避方案编制单位")
    return why
