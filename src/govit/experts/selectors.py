"""Reading the expert pool and the reviews (第六、十五条): who may review a project, and when; who
may join the pool; the reviews a person reads, each with the project's documents."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from govit.access import expert_pool, visible_documents, visible_expert_reviews, visible_organisations
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.construction.models import Contract
from govit.documents.models import Document, DocumentKind
from govit.experts.models import Expert, ExpertReview, ReviewConclusion
from govit.projects.models import Project
from govit.workflow.lifecycle import SCHEME_REVIEW_STATES, STATE_BY_CODE

# The steps in which the BDB or the DRC may commission experts (第十五条).
REVIEW_STATES = SCHEME_REVIEW_STATES


@dataclass(frozen=True)
class Parties:
    """Who a project's records say it engaged: its contracts' registered third parties and
    suppliers, its own and those of the project it continues (a vendor or supervisor of the
    earlier phase is tied to the later one)."""

    organisations: frozenset[int]
    names: frozenset[str]

    def engaged(self, organisation) -> bool:  # noqa: ANN001 - an Organisation or None
        if organisation is None:
            return False
        return organisation.pk in self.organisations or bool(
            {organisation.name, organisation.short_name} & self.names
        )


def parties_of(project: Project) -> Parties:
    """One query, whatever the contracts."""
    rows = Contract.objects.filter(project_id__in=[project.pk, project.continues_id]).values_list(
        "agency_id", "supplier"
    )
    return Parties(frozenset(a for a, _ in rows if a), frozenset("".join(s.split()) for _, s in rows))


def expert_conflicts(expert: Expert, project: Project, parties: Parties | None = None) -> list[str]:
    """Why `expert` may not review `project` (R3.8): same unit, the preparer, a party the project's
    contracts engage (its vendor or supervisor, or the earlier phase's), or a declared tie."""
    why = []
    own = expert.user.organisation_id
    if own == project.unit_id:
        why.append("与项目单位为同一单位")
    if project.preparer_id and own == project.preparer_id:
        why.append("为项目方案编制单位人员")
    if (parties or parties_of(project)).engaged(expert.user.organisation):
        why.append("所在单位为项目的承建、监理等合同单位")
    tied = {o.pk for o in expert.conflicts.all()}
    if project.unit_id in tied:
        why.append("申报回避项目单位")
    if project.preparer_id and project.preparer_id in tied:
        why.append("申报回避方案编制单位")
    return why


def expert_choices(user: User, project: Project, parties: Parties | None = None) -> list[tuple[int, str]]:
    """The active pool as `user` may pick from it for `project`; a conflicted expert is marked (the
    service refuses them with the reason). Three queries, however many experts."""
    pool = (
        expert_pool(user)
        .filter(is_active=True)
        .select_related("user__organisation")
        .prefetch_related("conflicts")
    )
    choices, parties = [], parties or parties_of(project)
    for expert in pool:
        label = f"{expert.user.name}（{expert.user.organisation.display_name}，{expert.field}）"
        if expert_conflicts(expert, project, parties):
            label += " — 有利害关系"
        choices.append((expert.pk, label))
    return choices


def agency_conflicts(agency: Organisation, project: Project, parties: Parties | None = None) -> list[str]:
    """Why a third-party agency may not evaluate `project` (第十五条): it prepared the design, or
    the project's contracts engage it (its vendor or supervisor, or the earlier phase's)."""
    why = []
    if project.preparer_id == agency.pk:
        why.append("为项目方案编制单位")
    if (parties or parties_of(project)).engaged(agency):
        why.append("为项目的承建、监理等合同单位")
    return why


def agency_choices(user: User, project: Project, parties: Parties | None = None) -> list[tuple[int, str]]:
    """The registered third parties (第三方专业评估机构) `user` may ask; a conflicted one is marked.
    Two queries (one with the project's `parties` read already)."""
    agencies = (
        visible_organisations(user).filter(kind=Organisation.Kind.AGENCY, is_active=True).order_by("code")
    )
    parties = parties or parties_of(project)
    return [
        (a.pk, a.display_name + (" — 有利害关系" if agency_conflicts(a, project, parties) else ""))
        for a in agencies
    ]


# What the step's review still lacks (the guard expert_reviews_done says it, 第十五条).
EXPERTS_PENDING = "尚有专家未提交评审意见：{names}"
AGENCIES_PENDING = "尚有第三方评估机构未提交评估意见：{names}"
CONCLUSION_MISSING = "专家评审意见均已提交，尚未登记专家组评审结论"


def concluder(state: str) -> str | None:
    """The office that sums up a step's review: the one that decides the step (the BDB in its
    review, the DRC in its approvals), whichever bureau asked the reviewers."""
    actor = STATE_BY_CODE[state].actor
    return actor if state in REVIEW_STATES else None


def reviews_unmet(project: Project) -> list[str]:
    """第十五条: when experts or agencies were asked in the project's step, their opinions are all in
    and the panel's conclusion is recorded. One query when none were asked, two when all answered."""
    reviews = list(
        project.expert_reviews.filter(state=project.state).select_related("expert__user", "agency")
    )
    pending = [r for r in reviews if r.submitted_at is None]
    unmet = [
        template.format(names="、".join(r.reviewer for r in rows))
        for template, rows in (
            (EXPERTS_PENDING, [r for r in pending if r.expert_id]),
            (AGENCIES_PENDING, [r for r in pending if r.agency_id]),
        )
        if rows
    ]
    if reviews and not pending and not project.review_conclusions.filter(state=project.state).exists():
        unmet.append(CONCLUSION_MISSING)
    return unmet


def conclusions_of(project: Project) -> list[ReviewConclusion]:
    """The panel's conclusions on `project`, a step each, with who recorded them (none before it is
    listed: its reviews come after, 第十三条)."""
    if project.list_code is None:
        return []
    return list(project.review_conclusions.select_related("recorded_by"))


def may_conclude(
    user: User, project: Project, reviews: list[ExpertReview], conclusions: list[ReviewConclusion]
) -> bool:
    """Whether `user` may record the step's conclusion now (no query: from the page's rows)."""
    office = concluder(project.state)
    here = [r for r in reviews if r.state == project.state]
    return bool(
        office in user.role_set and here and all(r.submitted_at for r in here)
        and not any(c.state == project.state for c in conclusions)
    )  # fmt: skip


def pool_candidates() -> QuerySet[User]:
    """Active people holding the expert role who are not in the pool now."""
    return (
        User.objects.with_role(Role.EXPERT).filter(is_active=True).exclude(expert__is_active=True)
        .select_related("organisation").order_by("username")
    )  # fmt: skip


def pool_for(user: User) -> list[Expert]:
    """The pool as the BDB manages it: those in it first, with their declared ties."""
    return list(expert_pool(user).prefetch_related("conflicts").order_by("-is_active", "user__name"))


@dataclass(frozen=True)
class ReviewRow:
    review: ExpertReview
    documents: list[Document]  # the project's, as the person may read them
    mine: bool  # assigned to this person (or their agency) and not submitted yet: they may answer


def review_rows(user: User) -> list[ReviewRow]:
    """The reviews `user` reads (an expert: their own), unsubmitted first: two queries."""
    reviews = list(
        visible_expert_reviews(user)
        .select_related("project__unit", "project__preparer", "expert__user", "agency", "report")
        .order_by("submitted_at", "-assigned_at")
    )
    by_project = defaultdict(list)
    for document in (
        visible_documents(user)
        .filter(project__in={r.project_id for r in reviews})
        .select_related("uploaded_by")
    ):
        by_project[document.project_id].append(document)
    return [
        ReviewRow(r, by_project[r.project_id], answers(user, r) and r.submitted_at is None) for r in reviews
    ]


def answers(user: User, review: ExpertReview) -> bool:
    """Whether `user` gives `review`'s opinion: the expert asked, or a person of the agency asked."""
    if review.expert_id:
        return review.expert.user_id == user.pk
    return Role.AGENCY in user.role_set and user.organisation_id == review.agency_id


def report_choices(row: ReviewRow, user: User) -> list[tuple[int, str]]:
    """An agency's evaluation reports on the project (uploaded as 专家评审意见 by its people)."""
    return [
        (d.pk, f"{d.get_kind_display()} 第{d.version}版（{d.original_name}）")
        for d in row.documents
        if d.kind == DocumentKind.EXPERT_OPINION and d.uploaded_by.organisation_id == user.organisation_id
    ]
