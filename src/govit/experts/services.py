"""The expert pool and the expert reviews (第六、十五条): who may review, and what they conclude."""

from collections.abc import Iterable

from django.db import transaction

from govit import clock
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.experts.models import Expert, ExpertReview
from govit.projects import errors
from govit.projects.audit import record_event
from govit.projects.models import Project
from govit.workflow.lifecycle import SCHEME_REVIEW_STATES

# The steps in which the BDB or the DRC may commission experts (第十五条).
REVIEW_STATES = SCHEME_REVIEW_STATES


CONFLICTED_EXPERT = "专家{name}与项目存在利害关系（{why}），不能评审该项目。"


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


@transaction.atomic
def expert_assign(*, project: Project, user: User, expert: Expert) -> ExpertReview:
    """第十五条: the BDB (or the DRC) asks an expert from the pool to review the design."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not user.role_set & {Role.BDB, Role.DRC}:
        raise errors.NotPermitted("专家评审由区大数据发展局或区发改委组织。")
    if project.state not in {
        "design_review",
        "fsr_approval",
        "fsr_budget_approval",
        "design_budget_approval",
    }:
        raise errors.NotPossible("只能在方案审核、审批环节组织专家评审。", article=15)
    if not expert.is_active:
        raise errors.InvalidInput("该专家已不在专家库中。", field="expert")
    why = expert_conflicts(expert, project)
    if why:
        raise errors.NotPossible(
            CONFLICTED_EXPERT.format(name=expert.user.name, why="；".join(why)), article=15
        )
    if ExpertReview.objects.filter(project=project, expert=expert, state=project.state).exists():
        raise errors.NotPossible("该专家已被分配评审本环节。", article=15)
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
        raise errors.NotPermitted("只能提交分配给本人的评审意见。")
    if review.submitted_at is not None:
        raise errors.NotPossible("评审意见已提交。", article=15)
    if review.project.state != review.state:
        raise errors.NotPossible("项目已离开该评审环节。", article=15)
    if not opinion.strip():
        raise errors.InvalidInput("请填写评审意见。", field="opinion")
    if conclusion not in ExpertReview.Conclusion.values:
        raise errors.InvalidInput("请选择评审结论。", field="conclusion")
    review.opinion, review.conclusion, review.submitted_at = opinion.strip(), conclusion, clock.now()
    review.save(update_fields=["opinion", "conclusion", "submitted_at"])
    record_event(
        project=review.project, actor=user, role=Role.EXPERT, action="expert_opinion", label="提交专家评审意见",
        from_state=review.project.state, to_state=review.project.state,
        inputs={"review": review.pk, "conclusion": conclusion}, article=15,
    )  # fmt: skip
    return review


NOT_BDB = "专家库由区大数据发展局管理。"


NOT_AN_EXPERT = "该账号没有专家角色，请先由安全管理员分配“专家”角色。"


ALREADY_IN_POOL = "该专家已在专家库中。"


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
        raise errors.InvalidInput("请填写专业领域。", field="field")
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
