#!/usr/bin/env bash
# Make a Redis of GovIT's own answer for the task-queue tests, and print its URL.
# It is the Debian package's redis-server (installed with apt-get when missing), started here on
# 127.0.0.1:${GOVIT_TEST_REDIS_PORT:-6391} with no persistence, its files under var/redis/.
# Exit 0 (and print redis://127.0.0.1:PORT/0) when it answers, 1 when it does not.
set -uo pipefail
cd "$(dirname "$0")/.."
PORT=${GOVIT_TEST_REDIS_PORT:-6391}
DIR=$PWD/var/redis
URL="redis://127.0.0.1:$PORT/0"
answers() { "${PYTHON:-python3}" - "$PORT" <<'PY'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(b"PING\r\n")
        sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
except OSError:
    sys.exit(1)
PY
}
if answers; then
    echo "$URL"
    exit 0
fi
if ! command -v redis-server >/dev/null 2>&1; then
    echo "== redis-server is missing: installing Debian's redis-server" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null 2>&1 || exit 1
fi
mkdir -p "$DIR"
echo "== starting redis-server on 127.0.0.1:$PORT" >&2
redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --save "" --appendonly no \
    --dir "$DIR" --pidfile "$DIR/redis-$PORT.pid" --logfile "$DIR/redis-$PORT.log" >&2 || exit 1
for _ in $(seq 1 50); do
    if answers; then
        echo "$URL"
        exit 0
    fi
    sleep 0.2
done
exit 1
