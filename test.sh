#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: run as root, it installs the system packages the
# browser, export and proxy tests need; as another user it checks them and names what is missing.
set -euo pipefail
cd "$(dirname "$0")"
export npm_config_nodedir="${npm_config_nodedir:-/usr}" DEBIAN_FRONTEND=noninteractive

# package:command pairs: chromium for browser tests, LibreOffice + poppler to open the DOCX and read
# printouts, pandoc for the export benchmark, lxml for the OOXML schema check, qpdf to walk PDF
# structure, nginx for the proxy test.
PACKAGES="chromium:chromium libreoffice-writer-nogui:soffice poppler-utils:pdftotext pandoc:pandoc python3-lxml: qpdf:qpdf nginx:nginx fonts-liberation2: fonts-crosextra-carlito:"

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== system packages =="
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(for p in $PACKAGES; do printf '%s ' "${p%%:*}"; done) >/dev/null
fi
missing=""
for p in $PACKAGES; do
  cmd="${p#*:}"
  if [ -n "$cmd" ] && ! command -v "$cmd" >/dev/null && ! [ -x "/usr/sbin/$cmd" ]; then missing="$missing ${p%%:*}"; fi
done
if [ -n "$missing" ]; then
  echo "missing system packages:$missing (install: sudo apt-get install$missing, or run ./test.sh as root)" >&2
  exit 1
fi

echo "== npm packages =="
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "== tests =="
npm test
