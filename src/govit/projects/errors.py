"""What can go wrong when a person acts on a project, with the HTTP status each maps to.

Messages are Chinese sentences a civil servant can act on; `article` names the rule behind a
refusal. Tests reuse the message constants.
"""


class ActionError(Exception):
    status = 400

    def __init__(self, detail: str, *, article: int | None = None, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.article = article
        self.field = field

    def as_dict(self) -> dict:
        data: dict = {"detail": self.detail}
        if self.article is not None:
            data["article"] = self.article
        if self.field is not None:
            data["field"] = self.field
        return data


class NotVisible(ActionError):
    status = 404


class NotPermitted(ActionError):
    """This person may not take this action (wrong role, or not their unit's project)."""

    status = 403


class NotPossible(ActionError):
    """Not possible in this state, or blocked by a rule (the article says which)."""

    status = 409


class Conflict(ActionError):
    """Someone else changed the project first."""

    status = 409


class InvalidInput(ActionError):
    status = 422


CONFLICT = "该项目刚被其他人处理过，请刷新页面查看最新状态后再操作。"
NOT_YOUR_ROLE = "您没有执行“{label}”的权限：此操作由{actor}办理。"
NOT_YOUR_UNIT = "只能办理本单位的项目。"
NOT_IN_THIS_STATE = "项目当前处于“{state}”环节，不能执行“{action}”。"
UNKNOWN_ACTION = "没有名为“{code}”的操作。"
UNLISTED = "项目未纳入全区政务信息化项目清单，不得擅自建设、不安排专项资金、不进行后续安排规划。"


class Classified(InvalidInput):
    """第二十七条 (R6.2): GovIT keeps only a classified project's registration data — no upload, no
    free text. 422, like every other refusal of what the request carries, with the article."""

    def __init__(self, detail: str = "", *, field: str | None = None):
        super().__init__(detail or CLASSIFIED, article=27, field=field)


CLASSIFIED = (
    "该项目为涉密政务信息化项目，按照保密相关规定在本平台之外管理：本平台只登记其编号、单位、类别、"
    "年度、保密审批文号和状态，不接收上传文件和文字内容（第二十七条）。"
)


def refuse_if_classified(project, *, field: str | None = None) -> None:  # noqa: ANN001 - any Project
    """The refusal of every upload and free-text write on a classified project (第二十七条)."""
    if getattr(project, "classified_at", None) is not None:
        raise Classified(field=field)
