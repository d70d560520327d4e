#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, starting from its seed corpus in
# tests/fuzz/corpus/<name>/ (copied, so the repository's seeds stay as they
# are).  A crash leaves its input in build-fuzz/artifacts/ and fails the run;
# add that input to the seed corpus as a regression test once fixed.
set -uo pipefail
seconds=${1:?usage: run-fuzz.sh SECONDS TARGET...}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/build-fuzz/artifacts"
failed=0
for bin in "$@"; do
  name=$(basename "$bin"); name=${name#fuzz_}
  work=$(mktemp -d)
  cp -r "$root/tests/fuzz/corpus/$name/." "$work/" 2>/dev/null || true
  echo "== fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$root/build-fuzz/artifacts/$name-" -print_final_stats=1 "$work" \
      > "$root/build-fuzz/$name.log" 2>&1; then
    tail -40 "$root/build-fuzz/$name.log" >&2
    echo "FAILED: fuzz target $name" >&2
    failed=1
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$root/build-fuzz/$name.log" | tail -1
  fi
  rm -rf "$work"
done
exit $failed
