#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: run as root, it installs the system packages the
# browser, export and proxy tests need; as another user it checks them and names what is missing.
set -euo pipefail
cd "$(dirname "$0")"
export npm_config_nodedir="${npm_config_nodedir:-/usr}" DEBIAN_FRONTEND=noninteractive

# package:command pairs: chromium for browser tests, LibreOffice + poppler to open the DOCX and read
# printouts, pandoc for the export benchmark, lxml for the OOXML schema check, qpdf to walk PDF
# structure, nginx for the proxy test, postgresql for the PostgreSQL schema, drift and db:copy tests
# (test/support/postgres.ts starts a throwaway cluster from /usr/lib/postgresql/<version>/bin).
PACKAGES="chromium:chromium libreoffice-writer-nogui:soffice poppler-utils:pdftotext pandoc:pandoc python3-lxml: qpdf:qpdf nginx:nginx fonts-liberation2: fonts-crosextra-carlito: postgresql:"

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
# Debian keeps the PostgreSQL server binaries out of PATH; PG_BIN or TEST_POSTGRES_URL stand in for them.
if [ -z "${PG_BIN:-}${TEST_POSTGRES_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing="$missing postgresql"; fi
if [ -n "$missing" ]; then
  echo "missing system packages:$missing (install: sudo apt-get install$missing, or run ./test.sh as root)" >&2
  exit 1
fi

# .ci/run installs the system packages this way, then runs README's test command itself.
if [ "${1:-}" = "--system-packages-only" ]; then exit 0; fi

echo "== npm packages =="
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "== tests =="
npm test
