#!/usr/bin/env bash
# Runs every unit test binary given; fails if any fails.
set -uo pipefail
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
