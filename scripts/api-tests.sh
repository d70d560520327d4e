#!/usr/bin/env bash
# The black-box API suite: node's test runner drives a real `steward serve`.
#   scripts/api-tests.sh sqlite|pg BINARY
# For pg a throwaway PostgreSQL cluster is started and always stopped.
set -euo pipefail
backend=${1:?usage: api-tests.sh sqlite|pg BINARY}
bin=$(cd "$(dirname "${2:?binary}")" && pwd)/$(basename "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
export STEWARD_BIN=$bin STEWARD_TEST_BACKEND=$backend STEWARD_PASSWORD_COST=min

work=$(mktemp -d)
cleanup() {
  [[ $backend == pg ]] && "$root/scripts/pg-cluster.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $backend == pg ]]; then
  STEWARD_TEST_PG_BASE=$("$root/scripts/pg-cluster.sh" start "$work/pg")
  export STEWARD_TEST_PG_BASE
fi

echo "== api ($backend)"
cd "$root"
# node 18 needs the files listed and has no --test-concurrency
flags=()
major=$(node -p 'process.versions.node.split(".")[0]')
(( major >= 20 )) && flags+=(--test-concurrency=2)
node --test "${flags[@]}" tests/api/*.test.mjs
