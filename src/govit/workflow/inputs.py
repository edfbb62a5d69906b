"""Reading a transition's inputs (declared in govit.workflow.lifecycle) from a form or JSON,
and describing them as JSON Schema for the API. One declaration, one validation."""

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from govit import clock, limits
from govit.accounts.roles import Role
from govit.documents.models import DocumentKind
from govit.policy import AmountError, parse_amount
from govit.policy.chronology import EARLIEST, typed_refusal
from govit.projects.errors import InvalidInput
from govit.workflow.lifecycle import Input

REQUIRED = "请填写“{label}”。"
BAD_DATE = "“{label}”应为日期，格式 YYYY-MM-DD。"
BAD_DOCUMENT = "“{label}”应为本项目已上传的文件。"
WRONG_DOCUMENT = (
    "“{label}”应为{office}上传的“{kinds}”文件；所选文件是{uploader}上传的“{kind}”，不能作为{label}。"
)


class DocumentFacts(NamedTuple):
    """What a document input is judged on: the document's kind and the office it was uploaded as."""

    kind: str
    uploaded_as: str


def fits(field: Input, document: DocumentFacts) -> bool:
    """R3.9: the document is of a kind the input takes, uploaded by the office it names."""
    kind_ok = not field.kinds or document.kind in field.kinds
    return kind_ok and (field.uploaded_as is None or document.uploaded_as == field.uploaded_as)


def _label(choices: type, code: str | None) -> str:
    return str(choices(code).label) if code in choices.values else "未知"


def clean_inputs(
    declared: tuple[Input, ...],
    raw: dict[str, Any],
    *,
    documents: Mapping[int, DocumentFacts],
    article: int | None = None,
) -> dict[str, Any]:
    """Validate `raw` against the declaration; raise InvalidInput naming the first bad field (and
    `article`, the transition's, when a date is in the future).

    Returns JSON-ready values: dates and money as strings, documents as ids.
    """
    cleaned: dict[str, Any] = {}
    for field in declared:
        value = raw.get(field.name)
        if isinstance(value, str):
            value = value.strip()
        if field.type == "bool":
            cleaned[field.name] = value in (True, "true", "on", "1", 1)
            continue
        if value in (None, ""):
            if field.required:
                raise InvalidInput(REQUIRED.format(label=field.label), field=field.name)
            cleaned[field.name] = None if field.type in {"date", "money", "document"} else ""
            continue
        cleaned[field.name] = _clean_value(field, value, documents, article)
    return cleaned


def _clean_value(
    field: Input, value: Any, documents: Mapping[int, DocumentFacts], article: int | None
) -> Any:
    if field.type == "date":
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput(BAD_DATE.format(label=field.label), field=field.name) from None
        # Every date an action takes tells what happened: not in the future, not before 1950. Its
        # place among the project's other dates is the engine's check (projects.chronology).
        reason = typed_refusal(field.label, day, today=clock.today())
        if reason:
            raise InvalidInput(reason, field=field.name, article=article if day >= EARLIEST else None)
        return day.isoformat()
    if field.type == "money":
        try:
            return str(parse_amount(value))
        except AmountError as error:
            raise InvalidInput(f"“{field.label}”：{error}", field=field.name) from None
    if field.type == "document":
        try:
            document_id = int(value)
        except (TypeError, ValueError):
            document_id = None
        if document_id not in documents:
            raise InvalidInput(BAD_DOCUMENT.format(label=field.label), field=field.name)
        document = documents[document_id]
        if not fits(field, document):
            office = Role(field.uploaded_as).label if field.uploaded_as else "有关单位"
            message = WRONG_DOCUMENT.format(
                label=field.label, office=office, kinds="、".join(_label(DocumentKind, k) for k in field.kinds),
                uploader=_label(Role, document.uploaded_as or None), kind=_label(DocumentKind, document.kind),
            )  # fmt: skip
            raise InvalidInput(message, field=field.name)
        return document_id
    if field.type == "choice" and value not in {code for code, _ in field.choices}:
        raise InvalidInput(f"“{field.label}”的取值无效。", field=field.name)
    text = str(value)
    if len(text) > limit_of(field):
        raise InvalidInput(limits.too_long(field.label, limit_of(field), len(text)), field=field.name)
    return text


def limit_of(field: Input) -> int:
    """How many characters a text input takes: its own limit, else its kind's (govit.limits)."""
    return field.max_length or (limits.TEXT if field.type == "longtext" else limits.LINE)


def json_schema(declared: tuple[Input, ...]) -> dict[str, Any]:
    """The JSON Schema of an action's input, as the API publishes it."""
    properties: dict[str, Any] = {}
    for field in declared:
        schema: dict[str, Any] = {"title": field.label}
        if field.type == "bool":
            schema["type"] = "boolean"
        elif field.type == "document":
            kinds = "、".join(_label(DocumentKind, k) for k in field.kinds) or "任意类型"
            office = f"，由{Role(field.uploaded_as).label}上传" if field.uploaded_as else ""
            schema.update(type="integer", description=f"本项目已上传文件的 id（{kinds}{office}）")
        elif field.type == "date":
            schema.update(
                type="string", format="date", description=f"不早于 {EARLIEST.isoformat()}，不晚于今天"
            )
        elif field.type == "money":
            schema.update(
                type="string", pattern=r"^[0-9]+(\.[0-9]{1,2})?(万元?|元)?$", description="元，或带“万”的万元"
            )
        elif field.type == "choice":
            schema.update(type="string", enum=[code for code, _ in field.choices])
        else:
            schema.update(type="string", maxLength=limit_of(field))
        if field.help:
            schema["description"] = field.help
        properties[field.name] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in declared if f.required and f.type != "bool"],
        "additionalProperties": False,
    }
