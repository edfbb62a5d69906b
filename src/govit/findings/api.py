"""监督意见 in the API: a project's findings, a bureau opening one, the unit answering, the bureau
closing it or sending it back. Fetched through govit.access (404 outside the person's scope); the
services decide who may do what (403/409/422), as the page's."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from govit import access, limits
from govit.api.auth import person
from govit.api.schemas.common import ERRORS, CodedOut, LocalDateTime
from govit.findings import services
from govit.findings.models import Finding
from govit.findings.selectors import findings_of, label_of
from govit.projects import errors, policies
from govit.projects.models import Project

router = Router(tags=["监督意见"])


class FindingIn(Schema):
    kind: Finding.Kind = Field(
        title="意见类型", description="出具部门：audit 审计局、cac 网信办、drc 发改委、finance 财政局"
    )
    issued_on: date = Field(title="出具日期")
    reference: str = Field("", title="文号", max_length=100)
    content: str = Field(title="意见内容", min_length=1, max_length=limits.REPORT)
    rectification: str = Field("", title="整改要求", max_length=limits.REPORT)
    due_on: date | None = Field(None, title="整改期限")


class AnswerIn(Schema):
    answer: str = Field(title="整改答复", min_length=1, max_length=limits.REPORT)


class CloseIn(Schema):
    accept: bool = Field(title="整改到位，办结", description="false：退回，继续整改（须写明原因）")
    note: str = Field("", title="审阅意见", max_length=limits.TEXT)


class FindingOut(Schema):
    id: int
    kind: CodedOut
    state: CodedOut
    issued_on: date
    reference: str
    content: str
    rectification: str
    due_on: date | None
    answer: str
    rounds: int
    answered_at: LocalDateTime | None
    closing_note: str
    closed_at: LocalDateTime | None
    opened_at: LocalDateTime
    article: int

    @staticmethod
    def resolve_kind(finding: Finding) -> dict[str, str]:
        return {"code": finding.kind, "label": label_of(finding.project, finding.kind)}

    @staticmethod
    def resolve_state(finding: Finding) -> dict[str, str]:
        return {"code": finding.state, "label": finding.get_state_display()}

    @staticmethod
    def resolve_article(finding: Finding) -> int:
        return policies.of(finding.project).oversight_article


def _project(request: HttpRequest, project_id: int) -> Project:
    return access.get_visible_project(person(request), project_id)


def _finding(project: Project, finding_id: int) -> Finding:
    finding = Finding.objects.filter(project=project, pk=finding_id).select_related("project").first()
    if finding is None:
        raise errors.NotVisible("没有这条监督意见。")
    return finding


@router.get(
    "/projects/{int:project_id}/findings",
    response={200: list[FindingOut], **ERRORS},
    summary="项目的监督意见",
)
def list_findings(request: HttpRequest, project_id: int) -> list[Finding]:
    project = _project(request, project_id)
    return findings_of(person(request), project)


@router.post(
    "/projects/{int:project_id}/findings",
    response={201: FindingOut, **ERRORS},
    summary="出具监督意见（区审计局、区网信办、区发改委、区财政局，各按其职责，第七条）",
)
def open_finding(request: HttpRequest, project_id: int, payload: FindingIn) -> Status[Finding]:
    project = _project(request, project_id)
    finding = services.finding_open(
        project=project, user=person(request), finding=services.FindingIn(**payload.dict())
    )
    return Status(201, finding)


@router.post(
    "/projects/{int:project_id}/findings/{int:finding_id}/answer",
    response={200: FindingOut, **ERRORS},
    summary="项目单位答复整改情况",
)
def answer_finding(request: HttpRequest, project_id: int, finding_id: int, payload: AnswerIn) -> Finding:
    project = _project(request, project_id)
    return services.finding_answer(
        project=project, user=person(request), finding=_finding(project, finding_id), answer=payload.answer
    )


@router.post(
    "/projects/{int:project_id}/findings/{int:finding_id}/close",
    response={200: FindingOut, **ERRORS},
    summary="出具部门审阅答复：办结或退回继续整改",
)
def close_finding(request: HttpRequest, project_id: int, finding_id: int, payload: CloseIn) -> Finding:
    project = _project(request, project_id)
    return services.finding_close(
        project=project, user=person(request), finding=_finding(project, finding_id),
        accept=payload.accept, note=payload.note,
    )  # fmt: skip
