"""Writes on the expert pool and the expert reviews (第六、十五条): who is in the pool, who is asked
to review (an expert or a third-party agency), what each concludes, and the panel's conclusion."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from govit import clock
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.documents.models import Document, DocumentKind
from govit.experts.models import Expert, ExpertReview, ReviewConclusion
from govit.experts.selectors import REVIEW_STATES, agency_conflicts, answers, concluder, expert_conflicts
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
NOT_AN_AGENCY = "请选择登记的第三方专业评估机构。"
CONFLICTED_AGENCY = "{name}与项目存在利害关系（{why}），不能评审该项目。"
ALREADY_ASSIGNED_AGENCY = "该机构已受托评审本环节。"
REPORT_NEEDED = "请先以“专家评审意见”类型上传本机构的评估报告，再选择该报告。"
ALREADY_CONCLUDED = "本环节的专家组评审结论已登记。"
NOT_CONCLUDER = "本环节的专家组评审结论由{office}登记。"
NO_REVIEWS = "本环节未组织专家或第三方机构评审，无需登记专家组结论。"
OPINIONS_PENDING = "尚有专家或评估机构未提交意见，不能形成专家组评审结论。"
PANEL_OPINION_NEEDED = "请填写专家组综合意见。"
FUTURE_DATE = "评审日期不能晚于今天。"


def _review_step(project: Project, user: User) -> Project:
    """The project locked for a review's assignment, once `user` may organise one now (第十五条)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)  # an expert's opinion is text (第二十七条)
    if not user.role_set & {Role.BDB, Role.DRC}:
        raise errors.NotPermitted(NOT_ORGANISER)
    if project.state not in REVIEW_STATES:
        raise errors.NotPossible(NOT_A_REVIEW_STEP, article=15)
    if ReviewConclusion.objects.filter(project=project, state=project.state).exists():
        raise errors.NotPossible(ALREADY_CONCLUDED, article=15)
    return project


def _assigned(project: Project, user: User, review: ExpertReview, who: str) -> ExpertReview:
    record_event(
        project=project, actor=user, role=Role.BDB if Role.BDB in user.role_set else Role.DRC,
        action="assign_expert", label="分配专家评审" if review.expert_id else "委托第三方评估机构评审",
        from_state=project.state, to_state=project.state, inputs={"expert": who, "review": review.pk}, article=15,
    )  # fmt: skip
    return review


@transaction.atomic
def expert_assign(*, project: Project, user: User, expert: Expert) -> ExpertReview:
    """第十五条: the BDB (or the DRC) asks an expert from the pool to review the design."""
    project = _review_step(project, user)
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
    return _assigned(project, user, review, expert.user.name)


@transaction.atomic
def agency_assign(*, project: Project, user: User, agency: Organisation) -> ExpertReview:
    """第十五条: the BDB (or the DRC) asks a third-party evaluation agency (第三方专业评估机构), instead
    of or beside experts, to review the design and budget."""
    project = _review_step(project, user)
    if agency.kind != Organisation.Kind.AGENCY or not agency.is_active:
        raise errors.InvalidInput(NOT_AN_AGENCY, field="agency")
    why = agency_conflicts(agency, project)
    if why:
        raise errors.NotPossible(
            CONFLICTED_AGENCY.format(name=agency.display_name, why="；".join(why)), article=15
        )
    if ExpertReview.objects.filter(project=project, agency=agency, state=project.state).exists():
        raise errors.NotPossible(ALREADY_ASSIGNED_AGENCY, article=15)
    review = ExpertReview.objects.create(
        project=project, agency=agency, state=project.state, assigned_by=user
    )
    return _assigned(project, user, review, agency.display_name)


@transaction.atomic
def expert_review_submit(
    *, review: ExpertReview, user: User, opinion: str, conclusion: str, report: Document | None = None
) -> ExpertReview:
    """An expert gives their opinion on a review assigned to them; an agency's person gives the
    agency's, with its evaluation report (uploaded to the project as 专家评审意见)."""
    review = (
        ExpertReview.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer join's row
        .select_related("project", "expert", "agency")
        .get(pk=review.pk)
    )
    if not answers(user, review):
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
    if review.agency_id and not (
        report is not None
        and report.project_id == review.project_id
        and report.kind == DocumentKind.EXPERT_OPINION
        and report.uploaded_by.organisation_id == review.agency_id
    ):
        raise errors.InvalidInput(REPORT_NEEDED, field="report")
    review.opinion, review.conclusion, review.submitted_at = opinion.strip(), conclusion, clock.now()
    review.submitted_by, review.report = user, report if review.agency_id else None
    review.save(update_fields=["opinion", "conclusion", "submitted_at", "submitted_by", "report"])
    record_event(
        project=review.project, actor=user, role=Role.EXPERT if review.expert_id else Role.AGENCY,
        action="expert_opinion", label="提交专家评审意见" if review.expert_id else "提交第三方评估意见",
        from_state=review.project.state, to_state=review.project.state,
        inputs={"review": review.pk, "conclusion": conclusion, **({"report": report.pk} if review.agency_id else {})},
        article=15,
    )  # fmt: skip
    return review


@transaction.atomic
def review_conclude(
    *, project: Project, user: User, conclusion: str, opinion: str, concluded_on: date
) -> ReviewConclusion:
    """第十五条: once every expert and agency asked in the step has answered, the office deciding the
    step records the panel's consolidated conclusion (专家组评审结论), once."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project, field="opinion")
    office = concluder(project.state)
    if office is None:
        raise errors.NotPossible(NOT_A_REVIEW_STEP, article=15)
    if office not in user.role_set:
        raise errors.NotPermitted(NOT_CONCLUDER.format(office=Role(office).label))
    reviews = ExpertReview.objects.filter(project=project, state=project.state)
    if not reviews.exists():
        raise errors.NotPossible(NO_REVIEWS, article=15)
    if reviews.filter(submitted_at__isnull=True).exists():
        raise errors.NotPossible(OPINIONS_PENDING, article=15)
    if ReviewConclusion.objects.filter(project=project, state=project.state).exists():
        raise errors.NotPossible(ALREADY_CONCLUDED, article=15)
    if conclusion not in ReviewConclusion.Conclusion.values:
        raise errors.InvalidInput(CONCLUSION_NEEDED, field="conclusion")
    if not opinion.strip():
        raise errors.InvalidInput(PANEL_OPINION_NEEDED, field="opinion")
    if concluded_on > clock.today():
        raise errors.InvalidInput(FUTURE_DATE, field="concluded_on")
    found = ReviewConclusion.objects.create(
        project=project, state=project.state, conclusion=conclusion, opinion=opinion.strip(),
        concluded_on=concluded_on, recorded_by=user, recorded_as=office,
    )  # fmt: skip
    record_event(
        project=project, actor=user, role=office, action="review_conclusion", label="登记专家组评审结论",
        from_state=project.state, to_state=project.state,
        inputs={"conclusion": conclusion, "concluded_on": concluded_on.isoformat(), "reviews": reviews.count()},
        article=15,
    )  # fmt: skip
    return found


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
