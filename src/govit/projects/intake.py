"""What an application must be before the district takes it up, checked alike when the unit saves
it (services) and when it submits it (the `submit` guards):

- 第二条 (R1.1): in scope — fiscal money, an IT system for the unit's duties, not an excluded purchase;
- 第三条: a continuation (续建) names the earlier project it continues;
- 第二十五条: a built system has one O&M application a year.

Each check returns its findings as (article, reason, field); none means it holds.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from govit import policy
from govit.projects import policies
from govit.projects.models import Category, Project, WorkType
from govit.projects.models.project import ABANDONED_STATES, NOT_EXCLUDED
from govit.workflow.lifecycle import BUILDING, ENDED, keeping

# An earlier project a continuation may continue: approved and not yet retired, so that its money
# was approved and its system exists or is being built. Before the approval there is nothing to
# continue (that would be a second application for the same work, 第四条); a retired system is
# replaced by a new project, not continued.
# O&M projects (运维类) build nothing and cannot be continued.
CONTINUABLE_STATES = BUILDING | (keeping("library") - ENDED)

UNANSWERED = "请回答第二条的适用范围问题：{question}"
BOTH_EARLIER = "前期项目请在本平台项目和平台外项目中选填一项。"
NO_EARLIER = (
    "续建项目须写明所续建的前期项目：选择本单位在本平台的项目，或写明平台启用前项目的名称和批复文号。"
)
BAD_EARLIER = "所续建的前期项目应为本单位早于申报年度、已批复且未停用的项目（{state}的项目不能续建）。"
NOT_OWN_EARLIER = "请选择本单位的项目作为前期项目。"
SECOND_OM = "已建系统“{system}”{year}年度已有运维申报“{first}”，每个系统每年只能申报一次运维项目。"


@dataclass(frozen=True)
class Finding:
    article: int
    reason: str
    field: str
    missing: bool = False  # a question not answered yet: a draft may wait, the submission may not


def scope_findings(project: Project) -> list[Finding]:
    """第二条: the answers the unit gave, judged by `govit.policy.scope` of the project's policy."""
    rules = policies.of(project)
    questions = (
        ("fiscal_funding", project.fiscal_funding is None),
        ("it_system", project.it_system is None),
        ("excluded_purchase", not project.excluded_purchase),
    )
    unanswered = [name for name, missing in questions if missing]
    if unanswered:
        label = Project._meta.get_field(unanswered[0]).verbose_name
        return [Finding(2, UNANSWERED.format(question=label), unanswered[0], missing=True)]
    purchase = None if project.excluded_purchase == NOT_EXCLUDED else project.excluded_purchase
    if purchase is not None and purchase not in rules.excluded_purchases:
        return [Finding(2, "请选择是否属于第二条所列购置。", "excluded_purchase")]
    answer = policy.scope(
        fiscal_funding=project.fiscal_funding,
        it_system=project.it_system,
        excluded_purchase=purchase,
        policy=rules,
    )
    if answer.in_scope:
        return []
    field = (
        "fiscal_funding"
        if not project.fiscal_funding
        else "it_system"
        if not project.it_system
        else "excluded_purchase"
    )
    reasons = "；".join(b.reason for b in answer.basis)
    return [Finding(2, f"不属于本细则所称政务信息化项目：{reasons}。", field)]


def continuation_findings(project: Project) -> list[Finding]:
    """第三条: a continuation says what it continues; its earlier project is the unit's own,
    of an earlier year, approved and not retired (CONTINUABLE_STATES)."""
    earlier = project.continues
    if project.work_type != WorkType.CONTINUATION:
        return []
    if earlier is not None and project.continues_outside:
        return [Finding(3, BOTH_EARLIER, "continues")]
    if earlier is None:
        return [] if project.continues_outside else [Finding(3, NO_EARLIER, "continues", missing=True)]
    if earlier.unit_id != project.unit_id:
        return [Finding(3, NOT_OWN_EARLIER, "continues")]
    if (
        earlier.pk == project.pk
        or earlier.state not in CONTINUABLE_STATES
        or earlier.category == Category.OM
        or earlier.year >= project.year
    ):
        return [Finding(3, BAD_EARLIER.format(state=earlier.get_state_display()), "continues")]
    return []


def first_om_application(project: Project) -> Project | None:
    """第二十五条: the O&M application already made for the same system and year, if any."""
    if project.maintains_id is None or project.year is None:
        return None
    return (
        Project.objects.filter(maintains_id=project.maintains_id, year=project.year)
        .exclude(state__in=ABANDONED_STATES)
        .exclude(pk=project.pk)
        .order_by("pk")
        .first()
    )


def om_findings(project: Project) -> list[Finding]:
    first = first_om_application(project)
    if first is None:
        return []
    reason = SECOND_OM.format(
        system=project.maintains.name, year=project.year, first=first.list_code or first.name
    )
    return [Finding(25, reason, "maintains")]


def findings(project: Project) -> list[Finding]:
    """Every intake finding of `project`, in the order the form asks."""
    return scope_findings(project) + continuation_findings(project) + om_findings(project)


def continuation_candidates(unit_id: int, year: int | None) -> list[Project]:
    """The unit's projects a continuation for `year` may name (the form's choices)."""
    # A classified project (第二十七条) is managed outside GovIT: nothing here continues it.
    projects = Project.objects.filter(
        unit_id=unit_id, state__in=CONTINUABLE_STATES, classified_at__isnull=True
    ).exclude(category=Category.OM)
    if year is not None:
        projects = projects.filter(year__lt=year)
    return list(projects.order_by("-year", "name"))


@dataclass(frozen=True)
class EarlierHistory:
    """What a reviewer of a continuation sees of the earlier project: its approval, its baseline and
    its ledger. The earlier money stays with the earlier project; the continuation's is approved anew."""

    project: Project
    approved_total: Decimal | None
    baseline_version: int | None
    baseline_items: list
    disbursed: Decimal
    payments: int


def earlier_history(project: Project) -> EarlierHistory | None:
    """The continued project's history, in a fixed handful of queries (none without one)."""
    from govit.approvals.selectors import current_budget
    from govit.construction.models import BaselineItem

    earlier = project.continues  # joined to the project where its page read it (access.PAGE_RECORDS)
    if earlier is None or earlier.is_classified:  # 第二十七条: nothing of it is shown beside another
        return None
    # The current approval's total and the ledger: one query.
    ledger = (
        Project.objects.filter(pk=earlier.pk)
        .annotate(approved=current_budget(), total=Sum("disbursements__amount"), count=Count("disbursements"))
        .values("approved", "total", "count")
        .get()
    )
    items = list(  # the active baseline's lines, with the baseline: one query
        BaselineItem.objects.filter(baseline__project=earlier, baseline__active=True)
        .select_related("baseline")
        .order_by("id")
    )
    return EarlierHistory(
        project=earlier,
        approved_total=ledger["approved"],
        baseline_version=items[0].baseline.version if items else None,
        baseline_items=items,
        disbursed=ledger["total"] or Decimal(0),
        payments=ledger["count"],
    )


def scope_answers(project: Project) -> list[tuple[str, str]]:
    """第二条's questions and the unit's answers, as the reviewer reads them."""
    rules = policies.of(project)

    def yes_no(value: bool | None) -> str:
        return "未填写" if value is None else ("是" if value else "否")

    purchase = project.excluded_purchase
    answer = (
        "未填写"
        if not purchase
        else "否，不属于所列购置"
        if purchase == NOT_EXCLUDED
        else f"是：{rules.excluded_purchases.get(purchase, purchase)}"
    )
    return [
        (str(Project._meta.get_field("fiscal_funding").verbose_name), yes_no(project.fiscal_funding)),
        (str(Project._meta.get_field("it_system").verbose_name), yes_no(project.it_system)),
        ("属于第二条所列购置", answer),
    ]
