#!/usr/bin/env bash
# Make PostgreSQL answer at 127.0.0.1:5432 for the second run of the suite.
# Exit 0 when it answers, 1 when it does not (then the caller decides whether that is fatal).
set -uo pipefail
answers() { "${PYTHON:-python3}" - <<'PY'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
except OSError:
    sys.exit(1)
PY
}
answers && exit 0
[ "${CI:-}" = "true" ] || exit 1
echo "== PostgreSQL does not answer: starting it"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
conf=/etc/postgresql/$version/main
# Trust local TCP connections for the test database, as on the developers' machines.
if ! $SUDO grep -q "govit-test" "$conf/pg_hba.conf"; then
    printf 'host all all 127.0.0.1/32 trust # govit-test\n' | $SUDO tee -a "$conf/pg_hba.conf" >/dev/null
fi
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
    answers && exit 0
    sleep 1
done
exit 1
