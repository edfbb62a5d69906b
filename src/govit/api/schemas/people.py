"""Signing in, the signed-in person and what they did."""

from ninja import Field, Schema

from govit.api.schemas.common import CodedOut, LocalDateTime, OrganisationOut, ProjectRefOut, state_of


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=256)


class TokenOut(Schema):
    token: str = Field(description="只显示这一次；此后在请求头中以 Authorization: Bearer <token> 提供")


class MeOut(Schema):
    id: int
    username: str
    name: str
    organisation: OrganisationOut | None
    roles: list[CodedOut]

    @staticmethod
    def resolve_roles(user) -> list[dict[str, str]]:
        return [{"code": role.value, "label": role.label} for role in user.role_list]


class DoneOut(Schema):
    project: ProjectRefOut
    action: str
    label: str
    from_state: CodedOut
    to_state: CodedOut
    at: LocalDateTime

    @staticmethod
    def resolve_from_state(event) -> dict[str, str]:
        return state_of(event.from_state)

    @staticmethod
    def resolve_to_state(event) -> dict[str, str]:
        return state_of(event.to_state)
