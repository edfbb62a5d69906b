"""The expert pool and expert reviews (第十五条)."""

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
    expert_id: int


class ExpertReviewIn(Schema):
    opinion: str = Field(title="评审意见", max_length=limits.REPORT)
    conclusion: str = Field(description="pass 同意 / revise 修改后同意 / fail 不同意", max_length=10)


class ExpertReviewOut(Schema):
    id: int
    project: ProjectRefOut
    expert: str = Field(alias="expert.user.name")
    step: CodedOut
    assigned_at: LocalDateTime
    opinion: str
    conclusion: CodedOut | None
    submitted_at: LocalDateTime | None

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
