"""The signed-in person: who they are, what waits for them (待办), what they did (已办)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from govit import clock
from govit.accounts.models import User
from govit.api.auth import person
from govit.api.schemas.common import ErrorOut, PageQuery
from govit.api.schemas.people import DoneOut, MeOut
from govit.api.schemas.projects import TodoOut
from govit.projects import selectors
from govit.projects.models import ProjectEvent

router = Router(tags=["我的"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="我是谁：姓名、单位、角色")
def me(request: HttpRequest) -> User:
    return person(request)


@router.get(
    "/todo",
    response={200: TodoOut, 401: ErrorOut, 422: ErrorOut},
    summary="待办：等我办理的项目及建设运行待办",
)
def todo(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The projects waiting at a step for the person (paged), and the work beside them."""
    user = person(request)
    return {**page.of(selectors.todo_for(user)), "work": selectors.work_for(user, clock.today())}


@router.get(
    "/done", response={200: list[DoneOut], 401: ErrorOut}, summary="已办：我最近办理的操作（至多 100 条）"
)
def done(request: HttpRequest) -> QuerySet[ProjectEvent]:
    return selectors.done_for(person(request))
