#!/usr/bin/env bash
# The suite without the browser walks, on SQLite, with the whole process's clock moved by
# libfaketime to a date in each of 2027, 2028 (a leap day) and 2030: no test may depend on the day
# it runs. The first date is 2027-12-31 20:00 UTC, already 2028-01-01 in Asia/Shanghai.
# GOVIT_TEST_DATES="YYYY-MM-DD HH:MM:SS|…" (UTC) replaces the dates; extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-faketime.sh || exit 1
BIN=.venv/bin
WORKERS=${GOVIT_TEST_WORKERS:-auto}  # pytest-xdist workers, one per core
IFS='|' read -r -a dates <<< "${GOVIT_TEST_DATES:-2027-12-31 20:00:00|2028-02-29 10:00:00|2030-06-14 10:00:00}"
mkdir -p var
for moment in "${dates[@]}"; do
    echo "== GovIT test suite at $moment UTC (libfaketime), SQLite, without the browser walks"
    started=$SECONDS
    # The clock ticks on from that moment, the monotonic clocks with it (libfaketime 0.9.10 refuses
    # Python's sleep with EINVAL when only the wall clock is moved).
    faketime -f "@$moment" \
        env DATABASE_URL="sqlite:///$PWD/var/test-dates.sqlite3" \
        $BIN/pytest -q -p no:cacheprovider -n "$WORKERS" --ignore=tests/browser "$@"
    rc=$?
    if [ $rc -eq 5 ]; then
        echo "!! no tests ran at $moment"
        exit 1
    fi
    [ $rc -eq 0 ] || exit $rc
    echo "== passed at $moment in $((SECONDS - started)) s"
done
echo "== the suite passed at every date: ${dates[*]}"
