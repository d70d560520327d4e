#!/usr/bin/env bash
# Runs every unit test binary given; fails if any fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# the storage tests run on PostgreSQL too: give them a throwaway server
work=$(mktemp -d)
trap '"$root/scripts/pg-cluster.sh" stop "$work/pg"; rm -rf "$work"' EXIT
STEWARD_TEST_PG_BASE=$("$root/scripts/pg-cluster.sh" start "$work/pg") || { echo "unit: cannot start PostgreSQL" >&2; exit 1; }
export STEWARD_TEST_PG_BASE
failed=0
for t in "$@"; do
  echo "== unit: $(basename "$t")"
  if ! "$t"; then
    echo "FAILED: $t" >&2
    failed=$((failed + 1))
  fi
done
if (( failed )); then
  echo "unit: $failed test program(s) failed" >&2
  exit 1
fi
echo "unit: all $# test program(s) passed"
