#!/usr/bin/env bash
# `make test-dates` moves the whole process's clock with libfaketime (Debian's faketime package).
# Install it when it is missing.
set -euo pipefail
if command -v faketime >/dev/null 2>&1; then
    exit 0
fi
echo "== installing Debian's faketime for the tests at other dates"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends faketime >/dev/null
