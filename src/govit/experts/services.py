"""Writes on the expert pool and the expert reviews (第六、十五条): who is in the pool, who is asked
to review, and what they conclude."""

from collections.abc import Iterable

from django.db import transaction

from govit import clock
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.experts.models import Expert, ExpertReview
from govit.experts.selectors import REVIEW_STATES, expert_conflicts
from govit.projects import errors
from govit.projects.audit import record_event
from govit.projects.models import Project

# What the refusals say (the tests read them from here).
NOT_ORGANISER = "专家评审由区大数据发展局或区发改委组织。"
NOT_A_REVIEW_STEP = "只能在方案审核、审批环节组织专家评审。"
LEFT_THE_POOL = "该专家已不在专家库中。"
CONFLICTED_EXPERT = "专家{name}与项目存在利害关系（{why}），不能评审该项目。"
ALREADY_ASSIGNED = "该专家已被分配评审本环节。"
NOT_YOUR_REVIEW = "只能提交分配给本人的评审意见。"
ALREADY_SUBMITTED = "评审意见已提交。"
STEP_LEFT = "项目已离开该评审环节。"
OPINION_NEEDED = "请填写评审意见。"
CONCLUSION_NEEDED = "请选择评审结论。"
FIELD_NEEDED = "请填写专业领域。"
NOT_BDB = "专家库由区大数据发展局管理。"
NOT_AN_EXPERT = "该账号没有专家角色，请先由安全管理员分配“专家”角色。"
ALREADY_IN_POOL = "该专家已在专家库中。"


@transaction.atomic
def expert_assign(*, project: Project, user: User, expert: Expert) -> ExpertReview:
    """第十五条: the BDB (or the DRC) asks an expert from the pool to review the design."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)  # an expert's opinion is text (第二十七条)
    if not user.role_set & {Role.BDB, Role.DRC}:
        raise errors.NotPermitted(NOT_ORGANISER)
    if project.state not in REVIEW_STATES:
        raise errors.NotPossible(NOT_A_REVIEW_STEP, article=15)
    if not expert.is_active:
        raise errors.InvalidInput(LEFT_THE_POOL, field="expert")
    why = expert_conflicts(expert, project)
    if why:
        raise errors.NotPossible(
            CONFLICTED_EXPERT.format(name=expert.user.name, why="；".join(why)), article=15
        )
    if ExpertReview.objects.filter(project=project, expert=expert, state=project.state).exists():
        raise errors.NotPossible(ALREADY_ASSIGNED, article=15)
    review = ExpertReview.objects.create(
        project=project, expert=expert, state=project.state, assigned_by=user
    )
    record_event(
        project=project, actor=user, role=Role.BDB if Role.BDB in user.role_set else Role.DRC,
        action="assign_expert", label="分配专家评审", from_state=project.state, to_state=project.state,
        inputs={"expert": expert.user.name, "review": review.pk}, article=15,
    )  # fmt: skip
    return review


@transaction.atomic
def expert_review_submit(*, review: ExpertReview, user: User, opinion: str, conclusion: str) -> ExpertReview:
    """An expert gives their opinion on a review assigned to them."""
    review = ExpertReview.objects.select_for_update().select_related("project", "expert").get(pk=review.pk)
    if review.expert.user_id != user.pk:
        raise errors.NotPermitted(NOT_YOUR_REVIEW)
    errors.refuse_if_classified(review.project, field="opinion")
    if review.submitted_at is not None:
        raise errors.NotPossible(ALREADY_SUBMITTED, article=15)
    if review.project.state != review.state:
        raise errors.NotPossible(STEP_LEFT, article=15)
    if not opinion.strip():
        raise errors.InvalidInput(OPINION_NEEDED, field="opinion")
    if conclusion not in ExpertReview.Conclusion.values:
        raise errors.InvalidInput(CONCLUSION_NEEDED, field="conclusion")
    review.opinion, review.conclusion, review.submitted_at = opinion.strip(), conclusion, clock.now()
    review.save(update_fields=["opinion", "conclusion", "submitted_at"])
    record_event(
        project=review.project, actor=user, role=Role.EXPERT, action="expert_opinion", label="提交专家评审意见",
        from_state=review.project.state, to_state=review.project.state,
        inputs={"review": review.pk, "conclusion": conclusion}, article=15,
    )  # fmt: skip
    return review


def _require_bdb(user: User) -> None:
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted(NOT_BDB)


@transaction.atomic
def expert_create(
    *, user: User, person: User, field: str, title: str = "", conflicts: Iterable[Organisation] = ()
) -> Expert:
    """The BDB adds a person holding the expert role to the pool (or brings one back into it)."""
    _require_bdb(user)
    if Role.EXPERT not in person.role_set:
        raise errors.InvalidInput(NOT_AN_EXPERT, field="person")
    if not field.strip():
        raise errors.InvalidInput(FIELD_NEEDED, field="field")
    expert = Expert.objects.select_for_update().filter(user=person).first()
    if expert is not None and expert.is_active:
        raise errors.NotPossible(ALREADY_IN_POOL, article=6)
    if expert is None:
        expert = Expert(user=person)
    expert.field, expert.title, expert.is_active = field.strip(), title.strip(), True
    expert.save()
    expert.conflicts.set(list(conflicts))
    return expert


@transaction.atomic
def expert_deactivate(*, user: User, expert: Expert) -> Expert:
    """The BDB takes an expert out of the pool; their past reviews stay on the projects."""
    _require_bdb(user)
    Expert.objects.filter(pk=expert.pk).update(is_active=False)
    expert.refresh_from_db()
    return expert
