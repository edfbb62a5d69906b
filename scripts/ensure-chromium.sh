#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a browser that a test tool downloads).
# Install it, with CJK fonts for readable screenshots, when it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "cjk"; then
    exit 0
fi
echo "== installing Debian's chromium and CJK fonts for the browser tests"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >/dev/null
