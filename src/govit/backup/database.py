"""Copying the database while GovIT runs, and putting a copy back.

SQLite: the online backup API (sqlite3.Connection.backup) copies every page in one step under one
read snapshot, so writers go on (WAL) and the copy is one consistent moment; the facts are then
read from the copy itself. PostgreSQL: a REPEATABLE READ transaction exports its snapshot, pg_dump
(custom format) dumps exactly that snapshot, and the facts are read in the same transaction.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from govit.backup import selectors
from govit.backup.errors import BackupError

FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def engine() -> str:
    return connection.vendor


def _outside_transaction(doing: str) -> None:
    if connection.in_atomic_block:
        raise BackupError(f"不能在事务中{doing}。")


def dump(folder: Path) -> tuple[str, dict[str, Any]]:
    """Copy the database into `folder`; its file name and the facts of the copy."""
    _outside_transaction("备份")
    name = FILES[engine()]
    facts = _dump_sqlite(folder / name) if engine() == "sqlite" else _dump_postgres(folder / name)
    return name, facts


def _dump_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return selectors.snapshot_facts(copy.cursor(), "sqlite")
    finally:
        copy.close()


def _dump_postgres(target: Path) -> dict[str, Any]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run("pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}")
        return selectors.snapshot_facts(cursor, "postgresql")


def check_engine(source_engine: str) -> None:
    if source_engine != engine():
        raise BackupError(
            f"备份来自 {NAMES.get(source_engine, source_engine)}，当前数据库是 {NAMES[engine()]}："
            "只能恢复到同一种数据库。"
        )


def load(source: Path, source_engine: str) -> None:
    """Put the copy at `source` in place of the database GovIT is connected to (found empty)."""
    _outside_transaction("恢复")
    check_engine(source_engine)
    if engine() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    else:
        # --clean drops the (empty) tables a migrated target has before creating them again; one
        # transaction: a failure leaves the target as it was.
        connection.close()
        _run(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", str(source),
        )  # fmt: skip
    connection.close()


def _run(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"找不到 {program}：请安装 PostgreSQL 客户端（版本不低于服务器）。")
    settings = connection.settings_dict
    options = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        options.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        options.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        options.append(f"--username={settings['USER']}")
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    sslmode = settings.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = sslmode
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments from the settings
        [executable, *arguments, *options, "--no-password"],
        env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"{program} 失败（退出码 {result.returncode}）：{result.stderr.strip()[-2000:]}")
