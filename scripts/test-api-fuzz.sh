#!/usr/bin/env bash
# schemathesis against GovIT's OpenAPI description (issue 10 §5), through the WSGI application
# itself (no server): a scratch SQLite test database with the whole demo district loaded, demo
# people's bearer tokens, positive and negative cases for every operation. It fails on any server
# error or any answer that is not what the description says (tests/fuzz/).
#   GOVIT_API_FUZZ_EXAMPLES  cases per operation and person (default 25)
#   GOVIT_API_FUZZ_PEOPLE    the demo people who call (default "jiaowei_unit bdb")
#   GOVIT_API_FUZZ_CHECKS=all  every schemathesis check, not only those two
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
started=$SECONDS
echo "== GovIT API fuzz (schemathesis), SQLite"
GOVIT_API_FUZZ=1 DATABASE_URL="sqlite:///$PWD/var/test-api-fuzz.sqlite3" \
    $BIN/pytest -q -p no:cacheprovider -n 0 tests/fuzz "$@"
rc=$?
if [ $rc -eq 5 ]; then
    echo "!! the API fuzz ran no test"
    exit 1
fi
[ $rc -eq 0 ] || exit $rc
echo "== the API fuzz passed in $((SECONDS - started)) s"
