"""Expert reviews (第十五条): the pool, assigning a reviewer, an expert's own reviews and opinion."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from govit import access
from govit.accounts.roles import Role
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.experts import services
from govit.experts.models import Expert, ExpertReview
from govit.experts.schemas import (
    ExpertAssignIn,
    ExpertOut,
    ExpertReviewIn,
    ExpertReviewOut,
    ReviewConclusionIn,
    ReviewConclusionOut,
)
from govit.projects import errors

router = Router(tags=["专家评审"])

POOL_ROLES = frozenset({Role.BDB, Role.DRC})
POOL_REFUSED = "专家库由区大数据发展局、区发改委查阅和使用。"
UNKNOWN_EXPERT = "专家库中没有该专家。"
UNKNOWN_AGENCY = "没有该第三方专业评估机构。"
ONE_REVIEWER = "请选择一位专家或一家第三方评估机构。"
UNKNOWN_REPORT = "该项目没有这份文件。"


def _reviews(request: HttpRequest) -> QuerySet[ExpertReview]:
    return access.visible_expert_reviews(person(request)).select_related("project", "expert__user", "agency")


@router.get(
    "/experts", response={200: list[ExpertOut], **ERRORS}, summary="专家库（区大数据发展局、区发改委）"
)
def list_experts(request: HttpRequest) -> QuerySet[Expert]:
    if not person(request).role_set & POOL_ROLES:
        raise errors.NotPermitted(POOL_REFUSED)
    return access.expert_pool(person(request)).order_by("user__name")


@router.post(
    "/projects/{int:project_id}/expert-reviews",
    response={201: ExpertReviewOut, **ERRORS},
    summary="分配专家评审",
)
def assign_expert(request: HttpRequest, project_id: int, payload: ExpertAssignIn) -> Status[ExpertReview]:
    project = access.get_visible_project(person(request), project_id)
    if not person(request).role_set & POOL_ROLES:
        raise errors.NotPermitted(POOL_REFUSED)
    if (payload.expert_id is None) == (payload.agency_id is None):
        raise errors.InvalidInput(ONE_REVIEWER, field="expert_id")
    if payload.agency_id is not None:
        agency = access.visible_organisations(person(request)).filter(pk=payload.agency_id).first()
        if agency is None:
            raise errors.InvalidInput(UNKNOWN_AGENCY, field="agency_id")
        review = services.agency_assign(project=project, user=person(request), agency=agency)
        return Status(201, _reviews(request).get(pk=review.pk))
    expert = access.expert_pool(person(request)).filter(pk=payload.expert_id).first()
    if expert is None:
        raise errors.InvalidInput(UNKNOWN_EXPERT, field="expert_id")
    review = services.expert_assign(project=project, user=person(request), expert=expert)
    return Status(201, _reviews(request).get(pk=review.pk))


@router.get("/expert-reviews", response={200: list[ExpertReviewOut], **ERRORS}, summary="我的专家评审")
def list_expert_reviews(request: HttpRequest) -> QuerySet[ExpertReview]:
    return _reviews(request).order_by("submitted_at", "-assigned_at")


@router.post(
    "/expert-reviews/{int:review_id}", response={200: ExpertReviewOut, **ERRORS}, summary="提交评审意见"
)
def submit_expert_review(request: HttpRequest, review_id: int, payload: ExpertReviewIn) -> ExpertReview:
    review = get_object_or_404(_reviews(request), pk=review_id)
    report = None
    if payload.report_id is not None:
        report = access.visible_documents(person(request)).filter(
            pk=payload.report_id, project=review.project_id
        )
        report = report.select_related("uploaded_by").first()
        if report is None:
            raise errors.InvalidInput(UNKNOWN_REPORT, field="report_id")
    services.expert_review_submit(
        review=review,
        user=person(request),
        opinion=payload.opinion,
        conclusion=payload.conclusion,
        report=report,
    )
    return _reviews(request).get(pk=review_id)


@router.get(
    "/projects/{int:project_id}/review-conclusions",
    response={200: list[ReviewConclusionOut], **ERRORS},
    summary="专家组评审结论",
)
def list_review_conclusions(request: HttpRequest, project_id: int) -> QuerySet:
    project = access.get_visible_project(person(request), project_id)
    return project.review_conclusions.select_related("recorded_by")


@router.post(
    "/projects/{int:project_id}/review-conclusions",
    response={201: ReviewConclusionOut, **ERRORS},
    summary="登记专家组评审结论",
)
def conclude_review(request: HttpRequest, project_id: int, payload: ReviewConclusionIn) -> Status:
    project = access.get_visible_project(person(request), project_id)
    found = services.review_conclude(
        project=project, user=person(request), conclusion=payload.conclusion,
        opinion=payload.opinion, concluded_on=payload.concluded_on,
    )  # fmt: skip
    return Status(201, found)
