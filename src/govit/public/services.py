"""The BDB decides which columns of the yearly list the public sees (信息公开, R9.6)."""

from django.db import transaction

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.projects import errors
from govit.public.models import Column, PublicColumn

NOT_BDB = "公开哪些项目信息由区大数据发展局决定。"


@transaction.atomic
def public_columns_set(*, user: User, columns: list[str]) -> tuple[str, ...]:
    """Make exactly `columns` public (the others not); each change is a record the audit log
    captures, with who made it and when. The project's name cannot be withheld while any other
    column is public: a row must say which project it is."""
    if not user.has_role(Role.BDB):
        raise errors.NotPermitted(NOT_BDB)
    unknown = sorted(set(columns) - set(Column.values))
    if unknown:
        raise errors.InvalidInput(f"没有这个可公开的字段：{'、'.join(unknown)}。", field="columns")
    if columns and Column.NAME not in columns:
        raise errors.InvalidInput("公开其他字段时须同时公开项目名称。", field="columns")
    current = {c.column: c for c in PublicColumn.objects.select_for_update()}
    for column in Column.values:
        wanted = column in columns
        kept = current.get(column)
        if kept is None:
            PublicColumn.objects.create(column=column, public=wanted, changed_by=user, changed_at=clock.now())
        elif kept.public != wanted:
            kept.public, kept.changed_by, kept.changed_at = wanted, user, clock.now()
            kept.save()
    return tuple(c for c in Column.values if c in columns)
