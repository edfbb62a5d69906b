"""The expert pool and expert reviews (第十五条)."""

from datetime import date

from ninja import Field, Schema

from govit import limits
from govit.api.schemas.common import CodedOut, LocalDateTime, ProjectRefOut, state_of


class ExpertOut(Schema):
    id: int
    name: str = Field(alias="user.name")
    organisation: str = Field(alias="user.organisation.display_name")
    field: str
    title: str
    is_active: bool


class ExpertAssignIn(Schema):
    """An expert from the pool, or a registered third-party evaluation agency (第十五条): one of them."""

    expert_id: int | None = None
    agency_id: int | None = None


class ExpertReviewIn(Schema):
    opinion: str = Field(title="评审意见", max_length=limits.REPORT)
    conclusion: str = Field(description="pass 同意 / revise 修改后同意 / fail 不同意", max_length=10)
    report_id: int | None = Field(
        None, description="an agency's evaluation report: its 专家评审意见 document"
    )


class ExpertReviewOut(Schema):
    id: int
    project: ProjectRefOut
    reviewer: str
    expert: str | None
    agency: str | None
    step: CodedOut
    assigned_at: LocalDateTime
    opinion: str
    conclusion: CodedOut | None
    submitted_at: LocalDateTime | None
    report_id: int | None

    @staticmethod
    def resolve_expert(review) -> str | None:
        return review.expert.user.name if review.expert_id else None

    @staticmethod
    def resolve_agency(review) -> str | None:
        return review.agency.display_name if review.agency_id else None

    @staticmethod
    def resolve_step(review) -> dict[str, str]:
        return state_of(review.state)

    @staticmethod
    def resolve_conclusion(review) -> dict[str, str] | None:
        return (
            {"code": review.conclusion, "label": review.get_conclusion_display()}
            if review.conclusion
            else None
        )


class ReviewConclusionIn(Schema):
    conclusion: str = Field(description="pass 通过 / revise 修改后通过 / fail 不通过", max_length=10)
    opinion: str = Field(title="专家组综合意见", max_length=limits.REPORT)
    concluded_on: date = Field(title="评审日期")


class ReviewConclusionOut(Schema):
    id: int
    step: CodedOut
    conclusion: CodedOut
    opinion: str
    concluded_on: date
    recorded_by: str = Field(alias="recorded_by.name")
    recorded_at: LocalDateTime

    @staticmethod
    def resolve_step(found) -> dict[str, str]:
        return state_of(found.state)

    @staticmethod
    def resolve_conclusion(found) -> dict[str, str]:
        return {"code": found.conclusion, "label": found.get_conclusion_display()}
