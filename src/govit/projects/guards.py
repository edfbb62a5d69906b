"""The guards the lifecycle declaration names: each says, with its article, what is still missing.

A guard takes the project and the action's cleaned inputs and returns the unmet conditions
(empty when it holds). Guards read; they never write.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from govit.projects.models import Document, DocumentKind, Project, Proposal
from govit.workflow.lifecycle import Transition

APPLICATION_FIELDS = (
    "name", "leader_name", "leader_phone", "contact_name", "contact_phone", "category", "reason",
    "summary", "expected_effect", "amount", "funding_source", "progress", "filler_name",
    "filler_phone", "form_date",
)  # fmt: skip


@dataclass(frozen=True)
class Unmet:
    article: int
    reason: str


Guard = Callable[[Project, dict[str, Any]], list[Unmet]]


def application_complete(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """Attachment 1: every field filled, phone numbers valid (R2.3)."""
    missing = [
        str(Project._meta.get_field(name).verbose_name)
        for name in APPLICATION_FIELDS
        if getattr(project, name) in (None, "")
    ]
    unmet = [Unmet(9, f"申报表尚未填写：{'、'.join(missing)}")] if missing else []
    try:
        project.clean_fields(
            exclude=[f.name for f in Project._meta.fields if f.name not in APPLICATION_FIELDS]
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if getattr(project, name) not in (None, ""):
                label = Project._meta.get_field(name).verbose_name
                unmet.append(Unmet(9, f"{label}：{messages[0]}"))
    return unmet


def proposal_complete(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第九条: a new project needs its proposal in Attachment 2's five chapters."""
    if not project.is_new:
        return []
    proposal = Proposal.objects.filter(project=project).first()
    missing = proposal.missing_chapters() if proposal else [title for _, title, _ in Proposal.CHAPTERS]
    if missing:
        return [Unmet(9, f"新建项目须编制项目建议书，尚缺：{'、'.join(missing)}")]
    return []


def urgent_deliberation_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第十一条: an urgent project has been deliberated under the party committee/government rules."""
    if not project.urgent:
        return []
    fields = {
        "urgent_body": "审议机构",
        "urgent_on": "审议日期",
        "urgent_decision": "审议结论",
        "urgent_ref": "会议纪要或文件文号",
    }
    missing = [label for name, label in fields.items() if getattr(project, name) in (None, "")]
    if missing:
        return [Unmet(11, f"急需项目须按区委区政府议事规则提请研究审议，请登记：{'、'.join(missing)}")]
    return []


def late_accepted(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第九条 (R2.2): an application after the yearly deadline goes on only if the BDB accepts it."""
    if project.late and not project.urgent and not inputs.get("accept_late"):
        return [
            Unmet(
                9,
                f"该项目为逾期申报（{project.year} 年度项目应于 {project.year - 1}-09-30 前申报），须同意受理逾期申报后方可通过",
            )
        ]
    return []


def preparer_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第十三条第一款: a qualified third party prepares the design and budget."""
    if project.preparer_id and project.preparer_qualification:
        return []
    return [Unmet(13, "须委托具有资质的第三方专业机构编制初步设计及概（预）算方案，请登记编制单位及其资质")]


def extra_approvals_present(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第十四条: new civil works or high energy use bring back the four approvals."""
    if not (project.civil_works or project.high_energy):
        return []
    needed = [
        DocumentKind.ENERGY_ASSESSMENT,
        DocumentKind.SITE_SELECTION,
        DocumentKind.LAND_PRE_REVIEW,
        DocumentKind.EIA,
    ]
    present = set(Document.objects.filter(project=project, kind__in=needed).values_list("kind", flat=True))
    missing = [DocumentKind(k).label for k in needed if k not in present]
    if missing:
        return [Unmet(14, f"项目涉及新建土建工程或高耗能，批复前须具备：{'、'.join(missing)}")]
    return []


def budget_lines_add_up(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """R3.9: the software, hardware and other lines add up to the approved total."""
    total = inputs.get("approved_total")
    lines = [inputs.get(name) for name in ("approved_software", "approved_hardware", "approved_other")]
    if total is None or None in lines:
        return []
    if sum(Decimal(x) for x in lines) != Decimal(total):
        return [Unmet(13, "软件、硬件、其他三项金额之和应等于批复总投资")]
    return []


def expert_reviews_done(project: Project, inputs: dict[str, Any]) -> list[Unmet]:
    """第十五条: when experts were asked, their opinions are in before the BDB concludes."""
    pending = project.expert_reviews.filter(state=project.state, submitted_at__isnull=True)
    names = [r.expert.user.name for r in pending.select_related("expert__user")]
    if names:
        return [Unmet(15, f"尚有专家未提交评审意见：{'、'.join(names)}")]
    return []


GUARDS: dict[str, Guard] = {
    guard.__name__: guard
    for guard in (
        application_complete,
        proposal_complete,
        urgent_deliberation_recorded,
        late_accepted,
        preparer_recorded,
        extra_approvals_present,
        budget_lines_add_up,
        expert_reviews_done,
    )
}


def documents_present(project: Project, transition: Transition) -> list[Unmet]:
    """The documents the transition needs are on the project."""
    if not transition.documents:
        return []
    present = set(
        Document.objects.filter(project=project, kind__in=transition.documents).values_list("kind", flat=True)
    )
    missing = [DocumentKind(k).label for k in transition.documents if k not in present]
    if missing:
        return [Unmet(transition.article, f"请先上传：{'、'.join(missing)}")]
    return []


def unmet(project: Project, transition: Transition, inputs: dict[str, Any]) -> list[Unmet]:
    """Every unmet condition of `transition` for `project`, in the declaration's order."""
    found = documents_present(project, transition)
    for name in transition.guards:
        found += GUARDS[name](project, inputs)
    return found
