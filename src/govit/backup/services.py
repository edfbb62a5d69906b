"""Backups that restore (issue 10 §4): `backup_create` while GovIT runs, `backup_restore` into an
empty database, each written to the audit log.

A backup is one file, GOVIT_BACKUP_DIR/govit-YYYYMMDD-HHMMSS.tar (Asia/Shanghai), holding:
  database.sqlite3 | database.pgdump   the database at one moment (database.py)
  media/…                              every file under MEDIA_ROOT (the projects' documents)
  audit/checkpoints.jsonl, audit/exports/…
                                       the audit log's signed checkpoints up to the copy's head,
                                       and the exports of pruned events, which verification needs
  manifest.json                        size and SM3 of each file, rows per table, migrations, the
                                       audit chain's head, GovIT's version; signed (archive.py)
"""

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from govit import clock
from govit.audit import chain
from govit.audit.models import AuditVerification, Kind
from govit.audit.services import append
from govit.audit.verify import audit_verify
from govit.backup import archive, database, selectors
from govit.backup.errors import BackupError

NAME = re.compile(r"^govit-(\d{8}-\d{6})(?:_\d\d)?\.tar$")
STAMP = "%Y%m%d-%H%M%S"


@dataclass
class Backup:
    path: Path
    manifest: dict[str, Any]
    missing_documents: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


@dataclass
class Restored:
    manifest: dict[str, Any]
    migrated: list[str]
    moved_aside: dict[Path, int]
    verification: AuditVerification


def govit_version() -> str:
    try:
        return version("govit")
    except PackageNotFoundError:
        return "unknown"


def backup_dir() -> Path:
    return Path(settings.GOVIT_BACKUP_DIR)


def _files_under(root: Path, prefix: str, exclude: Path) -> list[tuple[str, Path]]:
    """Every plain file under `root` as (name in the archive, path), in order; `exclude` (the
    backups' own folder, should it lie inside) is skipped."""
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and exclude not in path.parents:
            found.append((f"{prefix}/{path.relative_to(root).as_posix()}", path))
    return found


def _checkpoints_up_to(head: dict[str, Any] | None, target: Path) -> Path | None:
    """The checkpoint file's lines up to the copy's head: a checkpoint written after the copy was
    taken names events the copy does not hold. Each line is signed on its own, so keeping some
    of them leaves every kept one verifiable."""
    source = chain.checkpoint_file()
    if not source.exists():
        return None
    last = head["seq"] if head else 0
    kept = []
    for line in source.read_text(encoding="utf-8").splitlines(keepends=True):
        try:
            seq = json.loads(line)["seq"]
        except (ValueError, KeyError, TypeError):
            seq = None  # unreadable: kept, so that verification reports it as it would have
        if not isinstance(seq, int) or seq <= last:
            kept.append(line)
    target.write_text("".join(kept), encoding="utf-8")
    return target


def _place(partial: Path, folder: Path, moment: Any) -> Path:
    """Rename the finished archive to its name; a second backup in the same second gets _02 (the
    names sort in the order the backups were taken)."""
    stem = f"govit-{timezone.localtime(moment).strftime(STAMP)}"
    for number in range(1, 100):
        final = folder / (f"{stem}.tar" if number == 1 else f"{stem}_{number:02d}.tar")
        if not final.exists():
            os.replace(partial, final)
            archive.fsync_dir(folder)
            return final
    raise BackupError(f"{folder} 中同一秒的备份过多。")


def backups_older_than(folder: Path, days: int, keep: Path) -> list[Path]:
    """GovIT's archives in `folder` taken more than `days` days ago (by the time in their names)."""
    cutoff = timezone.localtime(clock.now()) - timedelta(days=days)
    old = []
    for path in sorted(folder.glob("govit-*.tar")):
        match = NAME.match(path.name)
        if match is None or path == keep:
            continue
        taken = timezone.make_aware(datetime.strptime(match.group(1), STAMP))
        if taken < cutoff:
            old.append(path)
    return old


def backup_create(*, out: Path | None = None, keep_days: int | None = None) -> Backup:
    """Steps:
    1. copy the database into a private folder beside the archive, and read its facts from that
       same snapshot (rows per table, migrations, the audit head, the documents' files);
    2. take the checkpoint lines up to that head; then the uploaded files (GovIT never changes a
       stored document, so every file the copy names is already there);
    3. write the archive under a temporary name (mode 600), each file hashed as it goes in, the
       signed manifest last; fsync; rename it to its Asia/Shanghai name;
    4. write the audit event of the backup; then remove the archives older than `keep_days`."""
    folder = Path(out) if out is not None else backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    moment = clock.now()
    staging = Path(tempfile.mkdtemp(prefix=".govit-backup-", dir=folder))
    partial = staging / "archive.tar.partial"
    try:
        db_name, facts = database.dump(staging)
        entries = [(db_name, staging / db_name)]
        checkpoints = _checkpoints_up_to(facts["audit_head"], staging / chain.CHECKPOINTS)
        if checkpoints is not None:
            entries.append((f"audit/{chain.CHECKPOINTS}", checkpoints))
        exports = chain.checkpoint_file().parent / "exports"
        entries += _files_under(exports, "audit/exports", folder)
        media = Path(settings.MEDIA_ROOT)
        media_entries = _files_under(media, "media", folder)
        entries += media_entries
        stored = {name.removeprefix("media/") for name, _ in media_entries}
        missing = [name for name in facts.pop("document_files") if name and name not in stored]
        manifest = {
            "govit_version": govit_version(),
            "created_at": timezone.localtime(moment).isoformat(),
            "database": {"engine": database.engine(), "file": db_name, **facts},
            "missing_documents": missing,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            manifest = archive.write(stream, entries, manifest)
            stream.flush()
            os.fsync(stream.fileno())
        path = _place(partial, folder, moment)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = path.stat().st_size
    append(
        kind=Kind.BACKUP, action="backup", label=f"备份：{path.name}",
        detail={
            "file": str(path), "size": size, "sm3": archive.sm3_of(path), "engine": database.engine(),
            "audit_head": facts["audit_head"], "files": len(manifest["files"]), "missing_documents": missing,
        },
    )  # fmt: skip
    removed = []
    if keep_days is not None:
        for old in backups_older_than(folder, keep_days, keep=path):
            old.unlink()
            removed.append(old)
    return Backup(path=path, manifest=manifest, missing_documents=missing, removed=removed)


def _check_migrations(manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup of a newer GovIT; return this code's migrations the backup lacks."""
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    applied = set(manifest["database"]["migrations"])
    unknown = sorted(applied - known)
    if unknown:
        raise BackupError(
            f"备份来自更新的 GovIT（{manifest['govit_version']}），含本版本没有的迁移 {unknown[0]}："
            "请用不低于该版本的 GovIT 恢复。"
        )
    return sorted(known - applied)


# Named first when a target is refused: what an operator recognises at once.
TELLING = (
    "projects_project",
    "accounts_user",
    "accounts_organisation",
    "documents_document",
    "audit_auditevent",
)


def _check_empty() -> None:
    found = selectors.govit_data()
    if found:
        order = sorted(
            found, key=lambda table: (TELLING.index(table) if table in TELLING else len(TELLING), table)
        )
        tables = "、".join(f"{table} {found[table]} 行" for table in order[:4])
        more = f"等 {len(found)} 张表" if len(found) > 4 else ""
        raise BackupError(
            f"目标数据库已有 GovIT 数据（{tables}{more}）：恢复只写入空数据库，不覆盖任何数据。"
            "请新建一个空数据库（或移走原 SQLite 文件），让 DATABASE_URL 指向它后再恢复。"
        )


def _check_rows(manifest: dict[str, Any]) -> None:
    restored = selectors.live_facts()["tables"]
    for table, rows in manifest["database"]["tables"].items():
        if restored.get(table) != rows:
            raise BackupError(f"恢复后 {table} 的行数为 {restored.get(table)}，备份时为 {rows}。")


def _put_back(staged: Path, target: Path, aside: Path) -> list[Path]:
    """Make `target` hold exactly the files under `staged`: a file there that the backup does not
    hold, or holds with other content, is moved under `aside` (never deleted); then the backup's
    files are moved in. The backups' own folder, should it lie inside, is left alone. Returns what
    was moved aside."""
    wanted = {path.relative_to(staged): path for path in staged.rglob("*") if path.is_file()}
    moved = []
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            if not path.is_file() or backup_dir() in path.parents:
                continue
            relative = path.relative_to(target)
            if relative in wanted and archive.sm3_of(path) == archive.sm3_of(wanted[relative]):
                continue
            destination = aside / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
            moved.append(destination)
    for relative, source in sorted(wanted.items()):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists():
            shutil.move(source, destination)
    return moved


def backup_restore(*, path: Path) -> Restored:
    """Steps:
    1. check the archive before touching anything: the manifest's signature, then every file's
       size and SM3 as it is copied to a private staging folder (a tampered file is named);
    2. check the target: the same database engine, no migration unknown to this code, and no
       GovIT data in it (restore never overwrites);
    3. put the database copy in place; its rows per table must be those of the manifest; apply
       this code's newer migrations, if any;
    4. put the files back: MEDIA_ROOT and the audit checkpoint folder hold exactly the backup's
       files; what was there besides is moved to `<folder>.before-restore-<time>`;
    5. write the audit event of the restore (with the head of the checkpoints replaced, so that
       events lost by going back are on record), then verify the whole audit log."""
    path = Path(path)
    moment = timezone.localtime(clock.now())
    work = backup_dir()
    work.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".govit-restore-", dir=work))
    try:
        manifest = archive.extract(path, staging)
        info = manifest["database"]
        database.check_engine(info["engine"])
        pending = _check_migrations(manifest)
        _check_empty()
        database.load(staging / info["file"], info["engine"])
        _check_rows(manifest)
        if pending:
            call_command("migrate", interactive=False, verbosity=0)
        replaced, _ = chain.read_lines()
        replaced_head = max(
            (line for line in replaced if "seq" in line), key=lambda line: line["seq"], default=None
        )
        stamp = moment.strftime(STAMP)
        media, audit_dir = Path(settings.MEDIA_ROOT), chain.checkpoint_file().parent
        (staging / "media").mkdir(exist_ok=True)
        (staging / "audit").mkdir(exist_ok=True)
        moved = {}
        for name, target in (("media", media), ("audit", audit_dir)):
            aside = target.with_name(f"{target.name}.before-restore-{stamp}")
            if count := len(_put_back(staging / name, target, aside)):
                moved[aside] = count
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    append(
        kind=Kind.RESTORE, action="restore", label=f"恢复备份：{path.name}",
        detail={
            "file": str(path), "created_at": manifest["created_at"], "govit_version": manifest["govit_version"],
            "audit_head": info["audit_head"], "replaced_checkpoint_head": replaced_head,
            "migrated": pending, "moved_aside": {str(folder): count for folder, count in moved.items()},
        },
    )  # fmt: skip
    return Restored(manifest=manifest, migrated=pending, moved_aside=moved, verification=audit_verify())
