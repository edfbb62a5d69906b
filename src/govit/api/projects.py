"""Projects: the yearly list, the application, its route, the actions the lifecycle allows, its history.

Each endpoint fetches through govit.access (404 outside the person's scope) and hands the work to
a selector, a service or the engine; the services decide who may do what (403/409/422).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from govit import access
from govit.accounts.models import Organisation
from govit.accounts.selectors import organisation_list
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.api.schemas.projects import (
    EventOut,
    ProjectFilters,
    ProjectListOut,
    ProjectOut,
    ProposalOut,
    VersionOut,
)
from govit.api.schemas.writes import (
    ActionIn,
    ActionOut,
    NationalCodeIn,
    PreparerIn,
    ProjectCreateIn,
    ProjectUpdateIn,
    ProposalIn,
)
from govit.projects import errors, selectors, services
from govit.projects import totals as list_totals
from govit.projects.cursor import BadCursor, ListKey, list_after
from govit.projects.models import ApplicationVersion, Project, ProjectEvent, Proposal
from govit.projects.paging import KeysFirst
from govit.projects.snapshot import changes
from govit.workflow import engine

router = Router(tags=["项目"])

UNKNOWN_PREPARER = "没有代码为“{code}”的第三方机构。"
BAD_CURSOR = "不是有效的翻页游标，请从第一页重新开始。"
CURSOR_WITH_PAGE = "按游标翻页（after）时不能同时指定页码（page）：请去掉 page，或去掉 after 按页码翻页。"


@router.get("", response={200: ProjectListOut, **ERRORS}, summary="项目清单（筛选、分页或游标翻页、合计）")
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> dict[str, Any]:
    given = filters.model_dump(exclude={"page", "page_size", "after"})
    projects = selectors.project_list(user=person(request), filters=given)
    if filters.after is not None:
        return _page_after(projects, filters)
    totals = list_totals.project_totals(user=person(request), filters=given)
    totals["classified"] = selectors.classified_withheld(user=person(request), filters=given)
    page = filters.of(KeysFirst(projects, totals["count"]))
    more = bool(page["items"]) and filters.page * filters.page_size < totals["count"]
    return {**page, "totals": totals, "next": ListKey.of(page["items"][-1]).encode() if more else None}


def _page_after(projects: QuerySet[Project], filters: ProjectFilters) -> dict[str, Any]:
    """The page after the cursor's row: read from the index on, and not counted (no count, no totals)."""
    if filters.page > 1:
        raise errors.InvalidInput(CURSOR_WITH_PAGE, field="after")
    try:
        key = ListKey.decode(filters.after or "")
    except BadCursor:
        raise errors.InvalidInput(BAD_CURSOR, field="after") from None
    page = list_after(projects, key, filters.page_size)
    return {
        "items": page.rows, "count": None, "page": None, "page_size": filters.page_size, "totals": None,
        "next": page.next.encode() if page.next else None,
    }  # fmt: skip


@router.post("", response={201: ProjectOut, **ERRORS}, summary="项目单位新建申报（草稿）")
def create_project(request: HttpRequest, payload: ProjectCreateIn) -> Status[Project]:
    project = services.project_create(
        user=person(request), application=services.Application(**payload.data())
    )
    return Status(201, access.get_visible_project(person(request), project.pk))


@router.get("/{int:project_id}", response={200: ProjectOut, **ERRORS}, summary="项目详情、审批路径及依据")
def get_project(request: HttpRequest, project_id: int) -> Project:
    return access.get_visible_project(person(request), project_id)


@router.patch(
    "/{int:project_id}", response={200: ProjectOut, **ERRORS}, summary="修改申报表（草稿或退回修改时）"
)
def update_project(request: HttpRequest, project_id: int, payload: ProjectUpdateIn) -> Project:
    project = access.get_visible_project(person(request), project_id)
    services.project_update(
        project=project, user=person(request), application=services.Application(**payload.data()),
        version=payload.version,
    )  # fmt: skip
    return access.get_visible_project(person(request), project_id)


@router.put(
    "/{int:project_id}/proposal", response={200: ProposalOut, **ERRORS}, summary="填写项目建议书（附件2）"
)
def put_proposal(request: HttpRequest, project_id: int, payload: ProposalIn) -> Proposal:
    project = access.get_visible_project(person(request), project_id)
    return services.proposal_update(project=project, user=person(request), chapters=payload.model_dump())


@router.put(
    "/{int:project_id}/preparer",
    response={200: ProjectOut, **ERRORS},
    summary="登记初步设计编制单位（第十三条）",
)
def put_preparer(request: HttpRequest, project_id: int, payload: PreparerIn) -> Project:
    project = access.get_visible_project(person(request), project_id)
    preparer = organisation_list(kind=Organisation.Kind.AGENCY).filter(code=payload.preparer).first()
    if preparer is None:
        raise errors.InvalidInput(UNKNOWN_PREPARER.format(code=payload.preparer), field="preparer")
    services.preparer_set(
        project=project, user=person(request), preparer=preparer,
        qualification=payload.qualification, contact=payload.contact,
    )  # fmt: skip
    return access.get_visible_project(person(request), project_id)


@router.put(
    "/{int:project_id}/national-code", response={200: ProjectOut, **ERRORS}, summary="登记全国投资项目代码"
)
def put_national_code(request: HttpRequest, project_id: int, payload: NationalCodeIn) -> Project:
    project = access.get_visible_project(person(request), project_id)
    services.national_code_set(project=project, user=person(request), code=payload.code)
    return access.get_visible_project(person(request), project_id)


@router.get(
    "/{int:project_id}/actions", response={200: list[ActionOut], **ERRORS}, summary="我现在可以办理的操作"
)
def list_actions(request: HttpRequest, project_id: int) -> list[engine.Action]:
    project = access.get_visible_project(person(request), project_id)
    return engine.actions_for(project, person(request))


@router.post(
    "/{int:project_id}/actions/{code}",
    response={200: ProjectOut, **ERRORS},
    summary="办理一项操作（见 /actions）",
)
def perform_action(request: HttpRequest, project_id: int, code: str, payload: ActionIn) -> Project:
    project = access.get_visible_project(person(request), project_id)
    engine.perform(
        project=project, user=person(request), code=code, inputs=payload.inputs(), version=payload.version
    )
    return access.get_visible_project(person(request), project_id)


@router.get(
    "/{int:project_id}/history", response={200: list[EventOut], **ERRORS}, summary="操作记录（审计链）"
)
def list_history(request: HttpRequest, project_id: int) -> QuerySet[ProjectEvent]:
    project = access.get_visible_project(person(request), project_id)
    return project.events.select_related("actor", "organisation").order_by("seq")


@router.get(
    "/{int:project_id}/versions", response={200: list[VersionOut], **ERRORS}, summary="申报版本及逐版改动"
)
def list_versions(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    project = access.get_visible_project(person(request), project_id)
    return _with_changes(project.versions.select_related("submitted_by").order_by("number"))


def _with_changes(versions: QuerySet[ApplicationVersion]) -> list[dict[str, Any]]:
    """Each submitted version with what changed since the one before (R2.5)."""
    versions = list(versions)
    return [
        {
            "number": version.number,
            "submitted_at": version.submitted_at,
            "submitted_by": version.submitted_by.name,
            "data": version.data,
            "changes": [
                {"field": field, "before": before, "after": after}
                for field, before, after in (changes(earlier.data, version.data) if earlier else [])
            ],
        }
        # Each version beside the one before it (none before the first; no pairs when none was submitted).
        for earlier, version in zip([None, *versions], versions, strict=False)
    ]
