"""The time GovIT acts at: now, unless a block says otherwise.

Deadlines (the yearly call, contract filing) are judged against it and every audit event is
stamped with it. Loading the demo district or importing a legacy list replays history at the
dates it happened (`with clock.at(datetime)`), so a September application is not judged late
because it was loaded in November.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_fixed: ContextVar[datetime | None] = ContextVar("govit_clock", default=None)


def now() -> datetime:
    return _fixed.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        raise ValueError("clock.at needs an aware datetime")
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
