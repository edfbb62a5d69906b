"""导入历史清单 (R2.10), for the BDB only (404 for anyone else, as the page): upload a district's
earlier list and see every row judged, then confirm it by the workbook's SHA-256. A few rows are
imported at once; more than GOVIT_IMPORT_INLINE_ROWS run as a background job, answered 202 with
the job to poll (GET /jobs/{id}). The same workbook twice changes nothing: its rows are already
in GovIT. Thin: `projects.importing` judges and imports, through the engine."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Path, Router, Schema, Status
from ninja.files import UploadedFile

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.api.auth import person
from govit.api.schemas.common import ERRORS
from govit.jobs.api import JobOut
from govit.jobs.models import Job
from govit.projects import errors, importing, tasks
from govit.projects.workbook import WorkbookError

router = Router(tags=["历史清单导入"])
NOT_BDB = "只有区大数据发展局可以导入历史清单。"
DIGEST = Path(..., pattern=r"^[0-9a-f]{64}$", title="工作簿的 SHA-256", description="预览时返回的 digest")


class ImportRowOut(Schema):
    number: int = Field(description="工作簿中的行号")
    outcome: str = Field(description="该行的结果，如 take 将导入、exists 已在 GovIT 中、refuse 不导入")
    outcome_label: str
    reason: str = Field(description="不导入的原因")
    shown: dict[str, str] = Field(description="该行所填：name、unit、category、amount、year、state")


class PreviewOut(Schema):
    digest: str = Field(description="工作簿的 SHA-256：确认导入时用它")
    file_name: str
    counts: dict[str, int] = Field(description="各结果的行数（键同 rows[].outcome）")
    background: bool = Field(description="确认后是否作为后台任务导入（将导入的项目较多时）")
    rows: list[ImportRowOut]


class ConfirmIn(Schema):
    file_name: str = Field(
        title="工作簿文件名",
        description="预览时的 file_name，记入各项目的导入记录",
        min_length=1,
        max_length=200,
    )


class ImportDoneOut(Schema):
    result: dict[str, int] = Field(
        description="taken 导入的项目数，exists 已在 GovIT 中的，refused 不导入的行数"
    )
    message: str


def _bdb(request: HttpRequest) -> User:
    user = person(request)
    if Role.BDB not in user.role_set:
        raise errors.NotVisible(NOT_BDB)
    return user


@router.post(
    "/imports/preview", response={200: PreviewOut, **ERRORS}, summary="上传历史清单（.xlsx），预览每一行"
)
def import_preview(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    """Nothing is written but the workbook, kept by its SHA-256 until it is confirmed."""
    _bdb(request)
    content = file.read()
    try:
        judged = importing.preview(content)
    except WorkbookError as error:
        raise errors.InvalidInput(str(error), field="file") from None
    importing.keep(content)
    counts = judged.counts
    return {
        "digest": judged.digest, "file_name": (file.name or "")[:200], "counts": counts, "rows": judged.rows,
        "background": counts[importing.TAKE] > settings.GOVIT_IMPORT_INLINE_ROWS,
    }  # fmt: skip


@router.post(
    "/imports/{digest}",
    response={200: ImportDoneOut, 202: JobOut, **ERRORS},
    summary="确认导入（少量立即导入；较多时返回后台任务）",
)
def import_confirm(request: HttpRequest, payload: ConfirmIn, digest: str = DIGEST) -> Any:
    user = _bdb(request)
    try:
        result = tasks.import_confirm(user=user, digest=digest, file_name=payload.file_name)
    except WorkbookError as error:
        raise errors.InvalidInput(str(error), field="file") from None
    if isinstance(result, Job):
        return Status(202, result)
    return {"result": result, "message": importing.summary(result)}
