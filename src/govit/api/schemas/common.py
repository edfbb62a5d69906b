"""What every part of the API shares: money, times, codes with their labels, errors, pages.

Money is a string in yuan with two decimals ("12000000.00"), dates are ISO dates and
datetimes are ISO datetimes in Asia/Shanghai time, as the rest of GovIT shows them."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from govit import policy
from govit.projects.paging import KeysFirst
from govit.workflow.lifecycle import STATE_BY_CODE

MONEY_PATTERN = r"^[0-9]+\.[0-9]{2}$"
AMOUNT_HELP = "元（如 8000000 或 8000000.00）或带“万”的万元（如 800万）"


def _parse_amount(value: Any) -> Any:
    if value in (None, ""):
        return None
    try:
        return policy.parse_amount(value)
    except policy.AmountError as error:
        raise ValueError(str(error)) from None


Money = Annotated[
    Decimal,
    PlainSerializer(policy.format_yuan, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "description": "元，两位小数",
            "examples": ["12000000.00"],
        }
    ),
]
LocalDateTime = Annotated[
    datetime,
    PlainSerializer(lambda value: timezone.localtime(value).isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "description": "北京时间（Asia/Shanghai）"}),
]
AmountQuery = Annotated[
    Decimal | None,
    BeforeValidator(_parse_amount),
    WithJsonSchema({"type": "string", "description": AMOUNT_HELP}),
]


def state_of(code: str) -> dict[str, str]:
    state = STATE_BY_CODE.get(code)
    return {"code": code, "label": state.label if state else code}


class ErrorOut(Schema):
    """Every error: what went wrong, the article of the Rules behind a refusal, the field at fault."""

    detail: str
    article: int | None = None
    field: str | None = None


# The errors an endpoint may answer with, for its OpenAPI description (400, a control character
# in the request, and 422, a request its schema refuses, are added to every operation: api.py).
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def file_answer(description: str, *content_types: str) -> dict[str, Any]:
    """An operation's `openapi_extra` for a file it answers with, of one of `content_types`."""
    # An int key, as django-ninja's own: a "200" string would be a second, duplicate key.
    content = {content_type: {} for content_type in content_types}
    return {"responses": {200: {"description": description, "content": content}}}


class CodedOut(Schema):
    code: str
    label: str


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str


class ProjectRefOut(Schema):
    id: int
    name: str
    list_code: str | None


# The numbers a request may carry, bounded so that none reaches the database unchecked: a key fits
# SQLite's and PostgreSQL's 64-bit integers, a year is one a project can have, a page one that exists.
KEY = {"ge": 1, "le": 2**63 - 1}
YEAR = {"ge": 2000, "le": 2100}
PAGES = {"ge": 1, "le": 10**9}


class PageQuery(Schema):
    page: int = Field(1, **PAGES, title="页码")
    page_size: int = Field(20, ge=1, le=100, title="每页条数（至多 100）")

    def of(self, items: QuerySet | KeysFirst, count: int | None = None) -> dict[str, Any]:
        """This page of `items`, with their count (counted unless known already, as the kept totals
        know a list's, or as `KeysFirst` holds it): two queries at most whatever the page size."""
        start = (self.page - 1) * self.page_size
        return {
            "items": items[start : start + self.page_size],
            "count": items.count() if count is None else count,
            "page": self.page,
            "page_size": self.page_size,
        }
