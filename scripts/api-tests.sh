#!/usr/bin/env bash
# The black-box API suite: node's test runner drives a real `steward serve`.
#   scripts/api-tests.sh sqlite|pg BINARY
# API_TESTS='tests/api/a.test.mjs tests/api/b.test.mjs' runs only those files.
# For pg a throwaway PostgreSQL cluster is started (scripts/pg-cluster.sh)
# and always stopped, whatever happens.  Exit status: non-zero when any test
# fails.  The servers' logs of a failed run are kept and their place printed.
# Needs Node.js 18 or later (node:test, fetch); psql for pg.
set -euo pipefail
usage() { echo "usage: $0 sqlite|pg BINARY" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
backend=$1
case $backend in sqlite|pg) ;; *) usage ;; esac
[[ -f $2 && -x $2 ]] || { echo "api-tests: no executable at '$2' (make build/steward first)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)

command -v node >/dev/null || { echo "api-tests: node not found (Node.js 18+ needed)" >&2; exit 2; }
major=$(node -p 'process.versions.node.split(".")[0]')
(( major >= 18 )) || { echo "api-tests: Node.js $(node --version) is too old; 18+ needed" >&2; exit 2; }
if [[ $backend == pg ]]; then
  command -v psql >/dev/null || { echo "api-tests: psql not found (apt-get install postgresql-client)" >&2; exit 2; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/steward-api.XXXXXX")
logs=$(mktemp -d "${TMPDIR:-/tmp}/steward-api-logs.XXXXXX")
status=1
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [[ $backend == pg ]]; then "$root/scripts/pg-cluster.sh" stop "$work/pg" || true; fi
  rm -rf "$work"
  if [[ $status -ne 0 && -n $(ls -A "$logs" 2>/dev/null) ]]; then
    echo "api ($backend): server logs kept in $logs" >&2
  else
    rm -rf "$logs"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Test a private copy, so a concurrent `make` relinking the binary cannot
# pull it from under running servers.
cp "$2" "$work/steward"
export STEWARD_BIN=$work/steward
export STEWARD_TEST_BACKEND=$backend STEWARD_PASSWORD_COST=min STEWARD_TEST_LOG_DIR=$logs
unset STEWARD_TEST_PG_BASE

if [[ $backend == pg ]]; then
  base=$("$root/scripts/pg-cluster.sh" start "$work/pg")
  [[ $base == postgresql://* ]] || { echo "api-tests: pg-cluster.sh printed '$base', not a postgresql:// URI" >&2; exit 1; }
  export STEWARD_TEST_PG_BASE=$base
fi

echo "== api ($backend, node $(node --version))"
cd "$root"
# Node 18's --test wants files (directory arguments changed meaning across
# versions), and knows neither --test-concurrency nor --test-timeout: probe.
flags=()
node --test-concurrency=2 -e 0 2>/dev/null && flags+=(--test-concurrency=2)
node --test-timeout=600000 -e 0 2>/dev/null && flags+=(--test-timeout=600000)
# shellcheck disable=SC2206  # a list of paths, split on spaces on purpose
files=(${API_TESTS:-tests/api/*.test.mjs})
status=0
node --test ${flags[@]+"${flags[@]}"} "${files[@]}" || status=$?
if [[ $status -ne 0 ]]; then echo "== api ($backend): FAILED" >&2; else echo "== api ($backend): passed"; fi
exit "$status"
