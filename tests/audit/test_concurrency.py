"""Writers at once never fork the chain: they queue on the head row (PostgreSQL's row lock,
SQLite's write lock taken when the transaction starts)."""

import threading

import pytest
from django.db import connection, transaction

from govit.audit.models import AuditEvent, Kind
from govit.audit.services import append
from govit.audit.verify import verify

WRITERS, EACH = 4, 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_unbroken_chain(demo):
    before = AuditEvent.objects.count()
    barrier = threading.Barrier(WRITERS)
    failures: list[Exception] = []

    def write(number: int) -> None:
        barrier.wait()
        try:
            for index in range(EACH):
                with transaction.atomic():
                    append(kind=Kind.EXPORT, action="export", label=f"并发写入 {number}-{index}")
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + WRITERS * EACH
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert verify()["ok"], verify()["problems"]
