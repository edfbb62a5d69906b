"""The guards the lifecycle declaration names: each says, with its article, what is still missing.

A guard is registered with `@guard(article=…, inputs_only=…)` under its function's name in
`GUARDS`: the article it rests on, and whether it judges only what the person types into the
action's form (`INPUT_GUARDS`, derived). Its check takes the project and the action's cleaned
inputs and returns the unmet conditions, empty when it holds: a reason alone is unmet at the
guard's article, an `Unmet` names another (one the policy version words, or a second article).
Guards read; they never write. The engine checks at import that every guard a transition names
is registered here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from govit import clock, policy
from govit.acceptance.models import AcceptedItem
from govit.construction.models import Baseline, ChangeRequest, Contract
from govit.construction.selectors import deviations
from govit.construction.services import DEVIATES
from govit.documents.models import Document, DocumentKind
from govit.documents.selectors import outline_refusal
from govit.experts.selectors import reviews_unmet
from govit.policy.construction import Line
from govit.policy.wording import figure
from govit.projects import intake, policies
from govit.projects.models import Project, Proposal
from govit.steering.selectors import steering_refusal
from govit.workflow import change as change_lifecycle
from govit.workflow.lifecycle import Transition, transitions_from

APPLICATION_FIELDS = (
    "name", "leader_name", "leader_phone", "contact_name", "contact_phone", "category", "reason",
    "summary", "expected_effect", "amount", "funding_source", "progress", "filler_name",
    "filler_phone", "form_date",
)  # fmt: skip


@dataclass(frozen=True)
class Unmet:
    article: int
    reason: str


Check = Callable[[Project, dict[str, Any]], list[Unmet | str]]


@dataclass(frozen=True)
class Guard:
    """A condition transitions may name: its check, the article it rests on, and whether it judges
    only the action's typed inputs (before the person has typed anything it says nothing)."""

    name: str
    check: Check
    article: int
    inputs_only: bool = False

    def __call__(self, project: Project, inputs: dict[str, Any]) -> list[Unmet]:
        found = self.check(project, inputs)
        return [u if isinstance(u, Unmet) else Unmet(self.article, u) for u in found]


GUARDS: dict[str, Guard] = {}


def guard(*, article: int, inputs_only: bool = False) -> Callable[[Check], Guard]:
    """Register the decorated check in GUARDS under its name, with its article."""

    def register(check: Check) -> Guard:
        if check.__name__ in GUARDS:
            raise ValueError(f"guard {check.__name__!r} is registered twice")
        GUARDS[check.__name__] = registered = Guard(check.__name__, check, article, inputs_only)
        return registered

    return register


@guard(article=9)
def application_complete(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第九条, Attachment 1: every field filled, phone numbers valid (R2.3)."""
    missing = [
        str(Project._meta.get_field(name).verbose_name)
        for name in APPLICATION_FIELDS
        if getattr(project, name) in (None, "")
    ]
    unmet = [f"申报表尚未填写：{'、'.join(missing)}"] if missing else []
    try:
        project.clean_fields(
            exclude=[f.name for f in Project._meta.fields if f.name not in APPLICATION_FIELDS]
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if getattr(project, name) not in (None, ""):
                label = Project._meta.get_field(name).verbose_name
                unmet.append(f"{label}：{messages[0]}")
    return unmet


@guard(article=9)
def proposal_complete(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第九条: a new project needs its proposal in the chapters of its version's outline (附件2)."""
    if not project.is_new:
        return []
    rules = policies.of(project)
    proposal = Proposal.objects.filter(project=project).first()
    missing = proposal.missing_chapters(rules) if proposal else [c.title for c in Proposal.chapters(rules)]
    if missing:
        return [f"新建项目须编制项目建议书，尚缺：{'、'.join(missing)}"]
    return []


# The outline guards judge the newest document the step carries, but a reason typed into the
# action's form lifts them: like the input guards they are judged on submission, so the action
# stays on offer (the documents section shows each check beforehand).
@guard(article=9, inputs_only=True)
def proposal_outline_followed(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第九条, 附件2 (R9.3): a new project's proposal uploaded as .docx follows the five chapters,
    or the unit says why not."""
    if not project.is_new:
        return []
    refusal = outline_refusal(project, (DocumentKind.PROPOSAL,), inputs.get("outline_reason"))
    return [Unmet(*refusal)] if refusal else []


@guard(article=13, inputs_only=True)
def outline_followed(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十三条, 附件3 (R3.6, R9.3): the FSR or design this step submits (the documents its
    declaration names), uploaded as .docx, follows the thirteen chapters, or the unit says why not."""
    kinds = tuple(
        kind
        for t in transitions_from(project.state)
        if "outline_followed" in t.guards
        for kind in t.documents
    )
    refusal = outline_refusal(project, tuple(dict.fromkeys(kinds)), inputs.get("outline_reason"))
    return [Unmet(*refusal)] if refusal else []


@guard(article=11)
def urgent_deliberation_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十一条: an urgent project has been deliberated under the party committee/government rules."""
    if not project.urgent:
        return []
    fields = {"urgent_body": "审议机构", "urgent_on": "审议日期", "urgent_decision": "审议结论",
              "urgent_ref": "会议纪要或文件文号"}  # fmt: skip
    missing = [label for name, label in fields.items() if getattr(project, name) in (None, "")]
    if missing:
        return [f"急需项目须按区委区政府议事规则提请研究审议，请登记：{'、'.join(missing)}"]
    return []


@guard(article=4, inputs_only=True)
def overlap_explained(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第四条 (R9.1): a review that finds a similar project to reuse, integrate or tell apart says which and why."""
    found = inputs.get("overlap") not in (None, "", "none")
    return (
        ["请写明重复建设审查说明：涉及哪些相似项目，如何复用、整合，或为何不同"]
        if found and not (inputs.get("overlap_reason") or "").strip()
        else []
    )


@guard(article=26, inputs_only=True)
def steering_heeded(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十六条第二款 (R5.6): the review heeds the evaluations' recommendation, or says why not."""
    refusal = steering_refusal(project, inputs)
    return [refusal] if refusal else []


@guard(article=9, inputs_only=True)
def late_accepted(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第九条 (R2.2): an application after the yearly deadline goes on only if the BDB accepts it."""
    if project.late and not project.urgent and not inputs.get("accept_late"):
        answer = policy.application_deadline(year=project.year, policy=policies.of(project))
        return [
            Unmet(
                answer.basis[0].article,
                f"该项目为逾期申报（{project.year} 年度项目应于 {answer.deadline.isoformat()} 前申报），"
                "须同意受理逾期申报后方可通过",
            )
        ]
    return []


@guard(article=13)
def preparer_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十三条第一款: a qualified third party prepares the design and budget."""
    if project.preparer_id and project.preparer_qualification:
        return []
    return ["须委托具有资质的第三方专业机构编制初步设计及概（预）算方案，请登记编制单位及其资质"]


@guard(article=14)
def extra_approvals_present(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十四条: new civil works or high energy use bring back the four approvals."""
    if not (project.civil_works or project.high_energy):
        return []
    kinds = ("ENERGY_ASSESSMENT", "SITE_SELECTION", "LAND_PRE_REVIEW", "EIA")
    needed = [DocumentKind[name] for name in kinds]
    present = set(Document.objects.filter(project=project, kind__in=needed).values_list("kind", flat=True))
    missing = [DocumentKind(k).label for k in needed if k not in present]
    if missing:
        return [f"项目涉及新建土建工程或高耗能，批复前须具备：{'、'.join(missing)}"]
    return []


@guard(article=13, inputs_only=True)
def budget_lines_add_up(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十三条 (R3.9): the software, hardware and other lines of the budget add up to its total."""
    total = inputs.get("approved_total")
    lines = [inputs.get(name) for name in ("approved_software", "approved_hardware", "approved_other")]
    if total is None or None in lines:
        return []
    if sum(Decimal(x) for x in lines) != Decimal(total):
        return ["软件、硬件、其他三项金额之和应等于批复总投资"]
    return []


@guard(article=15)
def expert_reviews_done(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十五条: when experts or agencies were asked, their opinions and the panel's conclusion are in."""
    return list(reviews_unmet(project))


# --- From the contract on (第十六至二十五条) ---------------------------------------------------------


@guard(article=17)
def baseline_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十七条: the approved configuration list is in GovIT before work starts (R4.4)."""
    if Baseline.objects.filter(project=project, active=True).exists():
        return []
    return ["请先登记批复的配置清单（批复基线），合同和验收将与其比对"]


@guard(article=18)
def contract_recorded(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十六条、第十八条: building starts under a signed contract."""
    kinds = [Contract.Kind.CONSTRUCTION, Contract.Kind.SERVICE]
    if Contract.objects.filter(project=project, kind__in=kinds).exists():
        return []
    return ["请先登记建设（采购）合同"]


@guard(article=18)
def supervision_in_place(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十八条: from the version's amount on, in principle a qualified supervisor, or a reason the
    BDB accepted."""
    rules = policies.of(project)
    if not policy.supervision(amount=project.amount, policy=rules).required:
        return []
    if project.supervision_waiver_accepted_by_id:
        return []
    if Contract.objects.filter(project=project, kind=Contract.Kind.SUPERVISION).exists():
        return []
    threshold = rules.thresholds["supervision"]
    return [
        Unmet(
            threshold.article,
            f"项目金额在{threshold.term}，应签订信息化监理合同；确不引入监理的，须说明理由并经区大数据发展局认可",
        )
    ]


@guard(article=23)
def delivered_configuration_conforms(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十三条、第十七条: the initial acceptance is of the configuration actually delivered, and
    it still conforms to the active baseline (a re-approval may have changed it since)."""
    accepted = [
        Line(a.name, a.quantity, a.unit_price, a.specification, a.acceptance_terms)
        for a in AcceptedItem.objects.filter(project=project)
    ]
    if not accepted:
        return ["请先登记实际交付的配置清单，初验将其与批复配置清单比对"]
    differences = deviations(project, accepted, complete=True)
    if differences:
        return [Unmet(17, "实际交付配置" + DEVIATES.format(differences="；".join(differences)))]
    return []


@guard(article=16)
def contracts_filed(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第十六条第二款: every contract's copy is filed with the BDB."""
    unfiled = list(
        Contract.objects.filter(project=project, filed_on__isnull=True).values_list("title", flat=True)
    )
    if unfiled:
        return [f"合同尚未报区大数据发展局备案：{'、'.join(unfiled)}"]
    return []


@guard(article=21)
def no_pending_change(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十一条: a change above the version's share is approved again before acceptance."""
    pending = ChangeRequest.objects.filter(project=project, status__in=change_lifecycle.PENDING)
    if pending.exists():
        threshold = policies.of(project).thresholds["change_reapproval"]
        return [Unmet(threshold.article, f"尚有累计超出{figure(threshold)}的变更未重新批复，不能验收")]
    return []


@guard(article=23)
def trial_run_long_enough(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十三条: the compliance review is applied for after the version's trial period."""
    if project.trial_started_on is None:
        return ["尚未登记试运行开始日期"]
    refusal = policy.trial_ready_refusal(
        start=project.trial_started_on, applied=clock.today(), policy=policies.of(project)
    )
    return [Unmet(refusal.article, refusal.reason)] if refusal else []


COMPLIANCE_ITEMS = (("cloud", "政务云部署"), ("sharing", "数据资源共享"), ("integration", "系统整合"))


@guard(article=23, inputs_only=True)
def all_compliance_items_pass(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十三条: cloud deployment, data sharing and system integration each pass (R5.3)."""
    failed = [label for code, label in COMPLIANCE_ITEMS if not inputs.get(f"{code}_ok")]
    if failed:
        return [f"以下审查事项未通过，应退回整改：{'、'.join(failed)}"]
    return []


@guard(article=23, inputs_only=True)
def some_compliance_item_fails(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十三条: a failed review names at least one failing item and says why (R5.3)."""
    failed = [(code, label) for code, label in COMPLIANCE_ITEMS if not inputs.get(f"{code}_ok")]
    if not failed:
        return ["各审查事项均已通过，应选择“合规性审查通过”"]
    silent = [label for code, label in failed if not (inputs.get(f"{code}_finding") or "").strip()]
    if silent:
        return [f"请写明未通过事项的审查意见：{'、'.join(silent)}"]
    return []


@guard(article=25)
def maintained_system_in_service(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十五条 (R5.7): no O&M for a retired system."""
    system = project.maintains
    if system is not None and system.retired_on is not None:
        return [f"所运维的系统“{system.name}”已于 {system.retired_on.isoformat()} 停用，不能再安排运维"]
    return []


def _intake(findings: list[intake.Finding]) -> list[Unmet]:
    return [Unmet(f.article, f.reason) for f in findings]


@guard(article=2)
def in_scope(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二条 (R1.1): the scope questions answered, and the answers in scope."""
    return _intake(intake.scope_findings(project))


@guard(article=3)
def continuation_named(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第三条: a continuation names the earlier project it continues."""
    return _intake(intake.continuation_findings(project))


@guard(article=25)
def one_om_application_a_year(project: Project, inputs: dict[str, Any]) -> list[Unmet | str]:
    """第二十五条: a built system has at most one O&M application a year."""
    return _intake(intake.om_findings(project))


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


# Guards that judge the action's own inputs (an acceptance of lateness, budget lines, review items):
# before the person has typed anything they say nothing about whether the action may be offered.
INPUT_GUARDS = frozenset(name for name, registered in GUARDS.items() if registered.inputs_only)


def unmet(
    project: Project, transition: Transition, inputs: dict[str, Any], *, skip: frozenset[str] = frozenset()
) -> list[Unmet]:
    """Every unmet condition of `transition` for `project`, in the declaration's order."""
    found = documents_present(project, transition)
    for name in transition.guards:
        if name not in skip:
            found += GUARDS[name](project, inputs)
    return found
