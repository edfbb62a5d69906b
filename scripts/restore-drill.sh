#!/usr/bin/env bash
# The monthly restore drill: the newest backup (or the one named) restored into a scratch database
# with scratch folders, so the live database, MEDIA_ROOT and audit checkpoints are never touched;
# the restore checks every hash and verifies the audit log. Exit 0 only when all of it held.
#
#   scripts/restore-drill.sh [BACKUP.tar]
#   GOVIT_BACKUP_DIR      where the backups are (default <repo>/var/backups)
#   DRILL_DATABASE_URL    the scratch database, which must be empty (e.g. a PostgreSQL database the
#                         cron line drops and creates); default: a SQLite file in the scratch folder
#   GOVIT                 the govit command (default <repo>/.venv/bin/govit)
# The audit key (GOVIT_AUDIT_KEY / _FILE) must be the live one: the manifest is signed with it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
govit=${GOVIT:-$repo/.venv/bin/govit}
backups=${GOVIT_BACKUP_DIR:-$repo/var/backups}
shopt -s nullglob
found=("$backups"/govit-*.tar)
newest=""
if [ ${#found[@]} -gt 0 ]; then newest=${found[-1]}; fi  # the names sort by the time they carry
backup=${1:-$newest}
if [ -z "$backup" ] || [ ! -f "$backup" ]; then
    echo "restore drill: no backup found in $backups" >&2
    exit 1
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/govit-drill.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
echo "restore drill: $backup"
DATABASE_URL=${DRILL_DATABASE_URL:-sqlite:///$scratch/drill.sqlite3} \
    MEDIA_ROOT=$scratch/media \
    GOVIT_AUDIT_CHECKPOINT_DIR=$scratch/audit \
    GOVIT_BACKUP_DIR=$scratch/work \
    "$govit" manage restore "$backup"
