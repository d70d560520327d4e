#!/usr/bin/env bash
# The browser suite: playwright-core (from web/node_modules, installed with
# the lock file) drives Debian's Chromium, headless, against a real
# `steward serve` on loopback (SQLite).  Screenshots go to
# tests/out/browser/.
#   scripts/browser-tests.sh BINARY
set -euo pipefail
[[ $# -eq 1 && -x $1 ]] || { echo "usage: $0 BINARY" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
chromium=${STEWARD_CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || { echo "browser-tests: no Chromium at $chromium (apt-get install chromium, or set STEWARD_CHROMIUM)" >&2; exit 2; }
[[ -d $root/web/node_modules/playwright-core ]] || { echo "browser-tests: web/node_modules is missing (make builds it with npm ci)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/steward-browser.XXXXXX")
logs=$(mktemp -d "${TMPDIR:-/tmp}/steward-browser-logs.XXXXXX")
status=1
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  rm -rf "$work"
  if [[ $status -ne 0 ]]; then echo "browser: server logs kept in $logs" >&2; else rm -rf "$logs"; fi
}
trap cleanup EXIT
cp "$1" "$work/steward"
export STEWARD_BIN=$work/steward STEWARD_TEST_BACKEND=sqlite STEWARD_PASSWORD_COST=min STEWARD_TEST_LOG_DIR=$logs
export STEWARD_CHROMIUM=$chromium
cd "$root"
node --test tests/browser/*.test.mjs
status=0
echo "browser: all tests passed (screenshots in tests/out/browser/)"
