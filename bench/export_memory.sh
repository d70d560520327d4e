#!/usr/bin/env bash
# The server's memory across whole streamed exports (docs/performance.md,
# "Streamed exports"): on a database made with `steward demo --scale N`,
# start `steward serve`, read GET /api/v1/export/incidents (CSV, JSON, and
# CSV with a filter) to the end with curl, and print the bytes, the time
# and the server's VmRSS/VmHWM from /proc before and after.
#   bench/export_memory.sh BINARY sqlite:///path/to/scaled.db [PORT]
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 BINARY DB-URL [PORT]" >&2; exit 2; }
bin=$1 db=$2 port=${3:-18931}
token=$("$bin" token create --user admin --name "export-bench-$$" --db "$db" | tail -1)
log=$(mktemp)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
sleep 2
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
get() { curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
get "/api/v1/incidents?limit=50" >/dev/null
echo "before: rss $(kb VmRSS) kB, hwm $(kb VmHWM) kB"
for q in "" "format=json" "priority=3"; do
  start=$(date +%s.%N)
  bytes=$(get "/api/v1/export/incidents?$q" | wc -c)
  end=$(date +%s.%N)
  echo "export ?$q: $bytes bytes in $(echo "$end - $start" | bc) s; rss $(kb VmRSS) kB, hwm $(kb VmHWM) kB"
done
