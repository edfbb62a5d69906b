"""The yearly list page after page by cursor: the rows after a row, read from the index on.

A page number N makes the database step over (N - 1) × size entries of `project_list_order`
(OFFSET), however the page is read. A cursor names instead the last row shown by its place in the
list's order (`LIST_ORDER`: newest year, then list code with the unlisted last, then newest id), and
the next page is the rows strictly after it, with no OFFSET and no count.

"After the row" is a lexicographic condition on the order's columns. Said as one WHERE of OR-ed
terms, it is a filter that both databases apply to every index entry from the start of the row's
year (measured: slower than OFFSET within a year). Said instead as at most three stretches, each a
range of the index that the database seeks to and walks, read one after the other until the page
is full:
- after a listed row (a list code, unique): the same year's later codes, then the same year's
  unlisted rows, then the earlier years;
- after an unlisted row (no code: the year's unlisted rows tie on all but their id): the same
  year's unlisted rows with a smaller id, then the earlier years.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Func, Q, QuerySet

from govit.projects.models.project import LIST_ORDER, LIST_UNLISTED

# What a decoded key may hold, so that nothing unchecked reaches the database: a year and an id
# that fit its integer columns, a list code no longer than the column and with no control character.
YEARS = range(0, 2**15)
IDS = range(1, 2**63)
CODE_LENGTH = 20
_ALPHABET = re.compile(r"[A-Za-z0-9_-]{1,200}")


class BadCursor(ValueError):
    """A cursor that is not one this list gave: garbage, the wrong shape or the wrong types."""


@dataclass(frozen=True)
class ListKey:
    """A row's place in the yearly list's order: its year, its list code (None when unlisted) and id."""

    year: int
    code: str | None
    id: int

    @classmethod
    def of(cls, project: Any) -> "ListKey":
        return cls(year=project.year, code=project.list_code, id=project.pk)

    def encode(self) -> str:
        """Compact, URL-safe: base64 (no padding) of the JSON array [year, code, id]."""
        text = json.dumps([self.year, self.code, self.id], ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, cursor: str) -> "ListKey":
        if not isinstance(cursor, str) or not _ALPHABET.fullmatch(cursor):
            raise BadCursor(cursor)
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw.decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
            raise BadCursor(cursor) from None
        if not (isinstance(values, list) and len(values) == 3):
            raise BadCursor(cursor)
        year, code, pk = values
        if not (_integer_in(year, YEARS) and _integer_in(pk, IDS) and _code(code)):
            raise BadCursor(cursor)
        return cls(year=year, code=code, id=pk)

    def stretches(self) -> list[tuple[Q, tuple]]:
        """What follows this row in `LIST_ORDER`, as ranges of `project_list_order` in their order,
        each with the order within it (what the range holds constant left out, so that SQLite reads
        the rest of the order from the index instead of sorting the range)."""
        year = Q(year=self.year)
        unlisted = year & Q(UnlistedIs(True), list_code__isnull=True)
        if self.code is None:  # the year's unlisted rows tie on everything but their id
            after = [(unlisted & Q(id__lt=self.id), ("list_code", "-id"))]
        else:  # no other row has this code: later codes follow it, then the year's unlisted rows
            after = [
                (year & Q(UnlistedIs(False), list_code__gt=self.code), ("list_code",)),
                (unlisted, ("list_code", "-id")),
            ]
        return [*after, (Q(year__lt=self.year), LIST_ORDER)]


def _integer_in(value: Any, bounds: range) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in bounds


def _code(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and 0 < len(value) <= CODE_LENGTH and value.isprintable()


class UnlistedIs(Func):
    """`(list_code IS NULL) = value`, the value of `project_list_order`'s second column, said so that
    each database seeks on that column: PostgreSQL rewrites `(… IS NULL) = false` into `list_code IS
    NOT NULL`, which is no column of the index, but keeps `IS FALSE`; SQLite seeks on `= 0` only."""

    output_field = BooleanField()

    def __init__(self, value: bool) -> None:
        super().__init__(LIST_UNLISTED, template=f"(%(expressions)s) IS {'TRUE' if value else 'FALSE'}")
        self.value = value

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=f"(%(expressions)s) = {int(self.value)}", **extra)


@dataclass(frozen=True)
class After:
    """A page read by cursor: its rows, and the key of its last row when more follow (else None)."""

    rows: list
    next: ListKey | None


def list_after(projects: QuerySet, key: ListKey | None, size: int) -> After:
    """The `size` rows of `projects` (the list, ordered by `LIST_ORDER`) strictly after `key` (from the
    first row when None), and whether more follow: one row more than `size` is read. Their keys
    first, stretch by stretch from the index, then the rows by primary key, as `paging.KeysFirst`
    reads a page: four queries at most, however deep, and no count."""
    stretches = [(Q(), LIST_ORDER)] if key is None else key.stretches()
    keys: list[tuple[int, int, str | None]] = []
    for stretch, order in stretches:  # each stretch read only when the ones before it fall short
        wanted = size + 1 - len(keys)
        keys += projects.filter(stretch).order_by(*order).values_list("pk", "year", "list_code")[:wanted]
        if len(keys) > size:
            break
    rows = projects.order_by().in_bulk([pk for pk, _, _ in keys[:size]])
    page = [rows[pk] for pk, _, _ in keys[:size] if pk in rows]  # one gone since its key was read: left out
    if len(keys) <= size:
        return After(rows=page, next=None)
    pk, year, code = keys[size - 1]
    return After(rows=page, next=ListKey(year=year, code=code, id=pk))
