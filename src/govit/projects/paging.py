"""Deep pages of a long list: the page's keys first, then its rows.

`OFFSET 100000` over the list's full rows makes the database read, join and throw away every row
before the page; over its keys alone it steps through the index that orders them (the yearly
list's `project_list_order`, the to-do's `project_todo_order` and the library's
`built_system_library_order` hold the columns the scope and the filters read, so the step is an
index-only walk). The page's own rows, with their joins, are then read by primary key."""

from typing import Any

from django.db.models import QuerySet


class KeysFirst:
    """`items` (ordered), whose `count` is known, read a window at a time by its keys first: what
    a Paginator, or the API's page (`of`), slices and counts."""

    def __init__(self, items: QuerySet, count: int) -> None:
        self.items, self.total = items, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: Any) -> Any:
        if not isinstance(window, slice):
            return self[window : window + 1][0]
        keys = list(self.items.values_list("pk", flat=True)[window])
        rows = self.items.order_by().in_bulk(keys)
        return [rows[key] for key in keys if key in rows]  # one gone since its key was read: left out
