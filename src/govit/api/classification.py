"""A classified project (第二十七条, R6.1): the BDB records the secrecy authority's approval.

PUT /projects/{id}/classification: 200 with the registration; 403 for anyone but the BDB; 404
outside the person's scope; 422 for a missing reference, a date in the future or an officer who
is not the BDB's. From then on every upload and free text on the project is a 422 naming article 27.
"""

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema

from govit import access
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, LocalDateTime
from govit.projects import errors, secrecy
from govit.projects.models import Project

router = Router(tags=["项目"])

UNKNOWN_OFFICER = "没有用户名为“{username}”的区大数据发展局在职人员。"


class ClassificationIn(Schema):
    secrecy_ref: str = Field(title="保密主管部门批准文号", max_length=100)
    secrecy_on: date = Field(title="批准日期", description="不晚于今天")
    officers: list[Annotated[str, Field(max_length=150)]] = Field(
        title="指定的区大数据发展局经办人",
        description="用户名；除本单位负责人外只有他们可以看到该项目",
        max_length=50,
    )


class ClassificationOut(Schema):
    project: int = Field(alias="pk")
    list_code: str | None
    name: str = Field(description="登记名称：涉密项目（清单编号）")
    secrecy_ref: str
    secrecy_on: date
    classified_at: LocalDateTime
    officers: list[str]

    @staticmethod
    def resolve_officers(project: Project) -> list[str]:
        return sorted(project.secrecy_officers.values_list("username", flat=True))


@router.put(
    "/projects/{int:project_id}/classification",
    response={200: ClassificationOut, **ERRORS},
    summary="登记涉密项目（第二十七条，区大数据发展局）",
)
def put_classification(request: HttpRequest, project_id: int, payload: ClassificationIn) -> Project:
    user = person(request)
    project = access.get_visible_project(user, project_id)
    officers = []
    for username in payload.officers:
        officer = User.objects.with_role(Role.BDB).filter(username=username, is_active=True).first()
        if officer is None:
            raise errors.InvalidInput(UNKNOWN_OFFICER.format(username=username[:150]), field="officers")
        officers.append(officer)
    return secrecy.project_classify(
        project=project, by=user, ref=payload.secrecy_ref, on=payload.secrecy_on, officers=officers
    )
