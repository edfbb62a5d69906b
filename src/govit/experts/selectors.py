"""Reading the expert pool and the reviews (第六、十五条): who may review a project, and when; who
may join the pool; the reviews a person reads, each with the project's documents."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from govit.access import expert_pool, visible_documents, visible_expert_reviews
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.models import Contract
from govit.documents.models import Document
from govit.experts.models import Expert, ExpertReview
from govit.projects.models import Project
from govit.workflow.lifecycle import SCHEME_REVIEW_STATES

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


def expert_choices(user: User, project: Project) -> list[tuple[int, str]]:
    """The active pool as `user` may pick from it for `project`; a conflicted expert is marked (the
    service refuses them with the reason). Three queries, however many experts."""
    pool = (
        expert_pool(user)
        .filter(is_active=True)
        .select_related("user__organisation")
        .prefetch_related("conflicts")
    )
    choices, parties = [], parties_of(project)
    for expert in pool:
        label = f"{expert.user.name}（{expert.user.organisation.display_name}，{expert.field}）"
        if expert_conflicts(expert, project, parties):
            label += " — 有利害关系"
        choices.append((expert.pk, label))
    return choices


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
    mine: bool  # assigned to this person and not submitted yet: they may give their opinion


def review_rows(user: User) -> list[ReviewRow]:
    """The reviews `user` reads (an expert: their own), unsubmitted first: two queries."""
    reviews = list(
        visible_expert_reviews(user)
        .select_related("project__unit", "project__preparer", "expert__user")
        .order_by("submitted_at", "-assigned_at")
    )
    by_project = defaultdict(list)
    for document in visible_documents(user).filter(project__in={r.project_id for r in reviews}):
        by_project[document.project_id].append(document)
    return [
        ReviewRow(r, by_project[r.project_id], r.expert.user_id == user.pk and r.submitted_at is None)
        for r in reviews
    ]
