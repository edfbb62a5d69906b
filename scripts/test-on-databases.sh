#!/usr/bin/env bash
# The whole suite on SQLite, then again on PostgreSQL when it answers at 127.0.0.1:5432
# (always in CI, where it must answer), with GovIT's own Redis for the task-queue tests
# (scripts/ensure-redis.sh). Says which ran; pytest's "no tests ran" (exit 5) fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHON=$BIN/python
PG_URL=${GOVIT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
# One pytest worker per core (pytest-xdist); each has its own test database. GOVIT_TEST_WORKERS=0
# runs the suite in one process.
WORKERS=${GOVIT_TEST_WORKERS:-auto}

suite() {
    local name=$1 url=$2
    echo "== GovIT test suite on $name"
    DATABASE_URL=$url $BIN/pytest -q -p no:cacheprovider -n "$WORKERS" "${@:3}"
    local rc=$?
    if [ $rc -eq 5 ]; then
        echo "!! no tests ran on $name"
        return 1
    fi
    return $rc
}

mkdir -p var
# GovIT's own Redis for the task-queue tests (a real worker); in CI it must answer.
if GOVIT_TEST_REDIS_URL=$(scripts/ensure-redis.sh); then
    export GOVIT_TEST_REDIS_URL
elif [ "${CI:-}" = "true" ]; then
    echo "!! Redis (scripts/ensure-redis.sh) does not answer in CI"
    exit 1
else
    echo "== Redis did not start: the real-worker tests will be skipped"
fi

suite SQLite "sqlite:///$PWD/var/test.sqlite3" "$@" || exit 1
ran="SQLite"

if scripts/ensure-postgres.sh; then
    suite PostgreSQL "$PG_URL" "$@" || exit 1
    ran="$ran and PostgreSQL"
elif [ "${CI:-}" = "true" ]; then
    echo "!! PostgreSQL does not answer at 127.0.0.1:5432 in CI"
    exit 1
else
    echo "== PostgreSQL does not answer at 127.0.0.1:5432: skipped the second run"
fi
echo "== the suite passed on $ran"
