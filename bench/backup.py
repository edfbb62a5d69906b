"""Backup benchmark: how long `govit manage backup` and `restore` take on a district grown large.

    .venv/bin/python bench/backup.py [PROJECTS] [AUDIT_EVENTS] [DOCUMENTS]

A throw-away SQLite database under var/: migrates, loads the demo district, adds PROJECTS projects
by bulk insert, AUDIT_EVENTS properly chained audit events and DOCUMENTS files of 200 KB under
MEDIA_ROOT; then times the backup (in this process) and the restore into a new, never migrated
database (the real command, which also verifies the whole audit log). The folder is removed after.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(projects: int, events: int, documents: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=ROOT / "var"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder / 'govit.sqlite3'}", MEDIA_ROOT=str(folder / "media"),
        GOVIT_AUDIT_CHECKPOINT_DIR=str(folder / "audit"), GOVIT_BACKUP_DIR=str(folder / "backups"),
    )  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from govit.accounts.models import Organisation, User
    from govit.audit import chain
    from govit.audit.models import AuditEvent, AuditHead
    from govit.backup.services import backup_create
    from govit.projects.models import Project

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-projects", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    units = list(Organisation.objects.filter(kind__in=["department", "street"]))
    creator = User.objects.get(username="jiaowei_unit")
    Project.objects.bulk_create(
        (Project(
            unit=units[i % len(units)], name=f"基准项目{i}", leader_name="张三", leader_phone="13800138000",
            contact_name="李四", contact_phone="13800138001", category="construction", reason="r", summary="s",
            expected_effect="e", amount=Decimal(1_000_000 + i), funding_source="区级财政", progress="p",
            filler_name="王五", filler_phone="13800138002", form_date="2026-09-01", year=2027,
            work_type="continuation", path="combined", policy_id="yuzhong-2021", state="list_review",
            created_by=creator,
        ) for i in range(projects)), batch_size=1000,
    )  # fmt: skip
    head = AuditEvent.objects.order_by("-seq").first()
    seq, prev, now, batch = head.seq, head.hash, timezone.now(), []
    for number in range(events):
        seq += 1
        event = AuditEvent(
            seq=seq, kind="export", action="export", label=f"导出 {number}", actor_name="bdb", at=now,
            detail={"filename": f"list-{number}.xlsx"}, prev_hash=prev,
        )  # fmt: skip
        event.hash = prev = chain.seal(event)
        batch.append(event)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    media = folder / "media" / "documents"
    for number in range(documents):
        path = media / str(number % 100) / f"{number:064x}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(200 * 1024))

    start = time.perf_counter()
    backup = backup_create()
    took = time.perf_counter() - start
    size = backup.path.stat().st_size / 1024 / 1024
    print(f"{projects} projects, {events + head.seq} audit events, {documents} documents of 200 KB")
    print(f"backup:  {took:6.1f} s  {size:8.1f} MB  {backup.path.name}")
    environment = {
        **os.environ, "DATABASE_URL": f"sqlite:///{folder / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(folder / "restored-media"), "GOVIT_AUDIT_CHECKPOINT_DIR": str(folder / "restored-audit"),
    }  # fmt: skip
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "govit", "manage", "restore", str(backup.path)], env=environment, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"restore: {time.perf_counter() - start:6.1f} s  (the hashes checked, the audit log verified)")
    shutil.rmtree(folder)


if __name__ == "__main__":
    numbers = [int(x) for x in sys.argv[1:]] + [10_000, 200_000, 1_000][len(sys.argv) - 1 :]
    main(*numbers[:3])
