#!/usr/bin/env bash
# The official documents' layout tests render each .docx with Debian's LibreOffice (headless
# Writer) and read the PDF back with poppler's pdfinfo/pdftotext. Install them, with the CJK fonts
# the documents name a fallback for, when they are missing.
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi "cjk"; then
    exit 0
fi
echo "== installing Debian's LibreOffice Writer, poppler-utils and CJK fonts for the document tests"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk fontconfig >/dev/null
