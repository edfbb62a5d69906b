"""Signing in, the signed-in person and what they did."""

from ninja import Field, Schema

from govit.api.schemas.common import CodedOut, LocalDateTime, OrganisationOut, ProjectRefOut, state_of


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=256)
    otp: str = Field("", max_length=16, description="启用了两步验证的账号：身份验证器上的验证码或一个恢复码")
    name: str = Field("", max_length=50, description="令牌的用途，如“报表脚本”")


class TokenOut(Schema):
    token: str = Field(description="只显示这一次；此后在请求头中以 Authorization: Bearer <token> 提供")
    expires: LocalDateTime


class TokenRowOut(Schema):
    id: int
    name: str
    created: LocalDateTime
    expires: LocalDateTime
    last_used: LocalDateTime | None
    current: bool = Field(description="是否为本次请求所用的令牌")


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
