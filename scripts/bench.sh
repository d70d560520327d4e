#!/usr/bin/env bash
# make bench [SCALE=20000] [DURATION=10] [BACKENDS="sqlite pg"] [CONNECTIONS="1 16 64"] [SCENARIOS="get create ..."]
#   (STEWARD_BENCH_BIN runs another binary, e.g. a build of main, side by side)
#
# Builds an optimised steward, generates SCALE incidents (steward demo
# --scale, with SCALE/50 knowledge articles), serves them on loopback and
# drives each scenario with wrk at
# each concurrency level for DURATION seconds.  Prints one table per
# backend — requests/s, p50 and p99 latency, and each throughput as a
# ratio to GET /healthz (the server's own floor) measured in the same run —
# plus peak server RSS, database size and generation time, and writes the
# same figures as JSON under bench/results/.  Every ticket a create
# scenario (incidents, problems) got a 201 for is counted in the database
# afterwards: a run that lost one fails.  Email intake is measured as
# messages/s through `steward mail-in` (MAIL_MESSAGES, default 200), each
# of which must have raised its incident.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scale=${SCALE:-20000}
duration=${DURATION:-10}
backends=${BACKENDS:-"sqlite pg"}
conns=${CONNECTIONS:-"1 16 64"}
bin=${STEWARD_BENCH_BIN:-$root/build-bench/steward}
command -v wrk >/dev/null || { echo "bench: wrk not found (apt-get install wrk)" >&2; exit 2; }
[[ -x $bin ]] || { echo "bench: build $bin first (make bench does)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/steward-bench.XXXXXX")
server=0
cleanup() {
  [[ $server -ne 0 ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root/bench/results"
export STEWARD_BENCH_LUA=$root/bench/lua STEWARD_PASSWORD_COST=min
stamp=$(date -u +%Y%m%dT%H%M%SZ)

ms() { # wrk latency ("812.00us", "1.23ms", "2.01s") -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

run_wrk() { # name connections script path [tickets per create] -> "rps p50 p99 non2xx created"
  local name=$1 c=$2 script=$3 path=$4 per=${5:-1} out
  out=$(STEWARD_BENCH_PATH=$path STEWARD_BENCH_TICKETS=$per wrk -t"$(( c < 2 ? c : 2 ))" -c"$c" -d"${duration}s" --latency -s "$root/bench/lua/$script" "http://127.0.0.1:$port$path" 2>&1)
  local rps p50 p99 bad created
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
  created=$(awk -F= '/^created=/ { print $2 }' <<<"$out")
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${bad:-0} ${created:-0}"
}

json_rows=()
for backend in $backends; do
  case $backend in
  sqlite) url="sqlite:$work/bench.db" ;;
  pg)
    if ! base=$("$root/scripts/pg-cluster.sh" start "$work/pg" 2>/dev/null); then
      echo "bench: PostgreSQL not available, skipping it" >&2
      continue
    fi
    psql "$base/postgres" -qc "CREATE DATABASE bench" >/dev/null
    url="$base/bench"
    ;;
  *) echo "bench: unknown backend $backend" >&2; exit 2 ;;
  esac
  echo "== bench: $backend, $scale incidents"
  "$bin" init --db "$url" --no-toolkit >/dev/null
  t0=$(date +%s.%N)
  "$bin" demo --db "$url" --scale "$scale" >/dev/null
  gen=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  export STEWARD_BENCH_TOKEN
  STEWARD_BENCH_TOKEN=$("$bin" token create --db "$url" --user sam.desk --name bench)
  before=$("$bin" verify --db "$url" --json | awk -F'"tickets":' 'NF > 1 { split($2, a, /[,}]/); print a[1] }')
  # every wrk connection comes from one address: no per-address limit
  STEWARD_CONNECTIONS_PER_ADDRESS=0 "$bin" serve --db "$url" --listen 127.0.0.1:0 --threads 4 2>"$work/serve.log" &
  server=$!
  port=
  for _ in $(seq 100); do
    port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$work/serve.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$work/serve.log" >&2; exit 1; }
  # A fresh data set has SLA thresholds and auto-closes due: the scheduler
  # works through them 200 at a time, logging each pass that did something.
  # Measure only once it has gone quiet (3 s without a pass), or it skews
  # the first scenarios.
  quiet=0 passes=-1 waited=0
  while (( quiet < 3 && waited < 600 )); do
    n=$(grep -c '"msg":"scheduler"' "$work/serve.log" || true)
    if [[ $n == "$passes" ]]; then quiet=$((quiet + 1)); else quiet=0; passes=$n; fi
    sleep 1; waited=$((waited + 1))
    [[ -t 1 ]] && printf '\r   waiting for the scheduler start-up pass: %d passes, %d s' "$passes" "$waited"
  done
  [[ -t 1 ]] && printf '\n'
  echo "scheduler start-up work: $passes passes, ${waited} s before measuring"
  # the demo's 30 incidents and the one its alert opens come first; its 4
  # problems and the scale set's scale/200 are PRB0000001 on
  export STEWARD_BENCH_N=$scale STEWARD_BENCH_BASE=32 STEWARD_BENCH_PROBLEMS=$((4 + scale / 200))
  # an event source for the ingestion scenarios, its storm limit out of the way
  admin_token=$("$bin" token create --db "$url" --user admin --name bench)
  export STEWARD_BENCH_SOURCE_TOKEN
  STEWARD_BENCH_SOURCE_TOKEN=$(curl -s -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    -d '{"name":"bench","storm_per_minute":1000,"correlate_minutes":0}' "http://127.0.0.1:$port/api/v1/event-sources" |
    grep -o '"token":"[^"]*"' | cut -d'"' -f4)
  # the service catalogue: two items of one form and a four-task plan, one
  # whose policy asks an approver (a conditional second step applies: its
  # cost is above 500), one whose policy's only step does not apply (the
  # request is approved at once and its tasks are made in the order)
  post() { curl -s -o /dev/null -w '%{http_code}' -X "${3:-POST}" -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$port$1"; }
  form='"variables":[{"name":"model","type":"choice","label":"Model","required":true,"options":["standard","developer"]},{"name":"ram","type":"number","label":"RAM","min":8,"max":64,"when":"show","when_variable":"model","when_value":"developer"},{"name":"note","type":"text","label":"Note"}]'
  plan='{"tasks":[{"key":"order","title":"Order it","variables":["model","ram"]},{"key":"accounts","title":"Accounts"},{"key":"image","title":"Image it","depends_on":["order"]},{"key":"deliver","title":"Deliver","depends_on":["image","accounts"]}]}'
  for ok in \
    "$(post /api/v1/approval-policies '{"name":"Bench approval","kind":"request","active":false,"steps":[{"rule":"any","users":["sam.desk"]},{"rule":"any","users":["admin"],"when_cost_above":500}]}')" \
    "$(post /api/v1/approval-policies '{"name":"Bench at once","kind":"request","active":false,"steps":[{"rule":"any","users":["sam.desk"],"when_cost_above":1000000}]}')" \
    "$(post /api/v1/catalog-items "{\"name\":\"Bench laptop\",\"short_description\":\"bench\",\"cost\":900,\"approval_policy\":\"Bench approval\",$form}")" \
    "$(post /api/v1/catalog-items "{\"name\":\"Bench kit\",\"short_description\":\"bench\",\"cost\":10,\"approval_policy\":\"Bench at once\",$form}")" \
    "$(post '/api/v1/catalog-items/Bench%20laptop/plan' "$plan" PUT)" "$(post '/api/v1/catalog-items/Bench%20kit/plan' "$plan" PUT)"; do
    [[ $ok == 20[01] ]] || { echo "bench: setting up the catalogue failed ($ok)" >&2; exit 1; }
  done
  ci=$(curl -s -H "Authorization: Bearer $STEWARD_BENCH_TOKEN" "http://127.0.0.1:$port/api/v1/cis?limit=1&q=app-0001000" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 || true)
  scenarios=(
    "floor get.lua /healthz"
    "get get.lua /api/v1/incidents/INC%d"
    "list get.lua /api/v1/incidents?state=in_progress&priority=3&limit=50"
    "search get.lua /api/v1/incidents?text=printer&limit=50"
    "impact get.lua /api/v1/cis/${ci:-1}/impact?depth=3"
    "report get.lua /api/v1/reports/incidents"
    "counts get.lua /api/v1/incidents/counts"
    "kpi-week get.lua /api/v1/kpis/incident_mttr?from=$(date -u -d '-364 days' +%F)&to=$(date -u +%F)&interval=week&tz=Europe/London"
    "kpi-day get.lua /api/v1/kpis/incident_count?from=$(date -u -d '-364 days' +%F)&to=$(date -u +%F)&interval=day&tz=UTC"
    "problem-get get.lua /api/v1/problems/PRB%p"
    "candidates get.lua /api/v1/problems/candidates?window=30d&min=3"
    "kb-search get.lua /api/v1/articles?text=vpn%20home&limit=20"
    "suggest get.lua /api/v1/articles/suggest?text=my%20vpn%20keeps%20dropping%20at%20home"
    "calendar get.lua /api/v1/changes/calendar?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z"
    "calendar-all get.lua /api/v1/changes/calendar?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z&limit=5000"
    "calendar-6w get.lua /api/v1/changes/calendar?from=2026-12-28T00:00:00Z&to=2027-02-08T00:00:00Z"
    "calendar-month get.lua /api/v1/changes/calendar?from=2026-12-28T00:00:00Z&to=2027-02-08T00:00:00Z&per_day=3&tz=Europe/London"
    "create create.lua /api/v1/incidents"
    "problem-create create.lua /api/v1/problems"
    "change-create create.lua /api/v1/changes"
    "conflicts get.lua /api/v1/changes/CHG0000002/conflicts?depth=2"
    "risk get.lua /api/v1/changes/CHG0000002/risk"
    "readiness get.lua /api/v1/releases/RLS0000001/readiness"
    "patch patch.lua /api/v1/incidents"
    "comment comment.lua /api/v1/incidents"
    "ingest alert.lua /api/v1/events"
    "ingest-batch alert_batch.lua /api/v1/events"
    "alert-incident alert_major.lua /api/v1/events"
    "catalog-search get.lua /api/v1/catalog-items?text=laptop"
    "request-create order.lua /api/v1/catalog-items/Bench%20laptop/order"
    "request-tasks order.lua /api/v1/catalog-items/Bench%20kit/order 5"
  )
  printf '%-14s %6s %10s %8s %9s %9s %7s\n' scenario conns req/s ratio p50_ms p99_ms non2xx
  # non2xx: for patch, 412 answers to a stale If-Match (two clients patching one incident) are expected
  created_total=0
  for c in $conns; do
    floor=
    for s in "${scenarios[@]}"; do
      read -r name script path per <<<"$s"
      # SCENARIOS: only those (the floor always, for the ratios)
      [[ -n ${SCENARIOS:-} && $name != floor && " $SCENARIOS " != *" $name "* ]] && continue
      read -r rps p50 p99 bad created <<<"$(run_wrk "$name" "$c" "$script" "$path" "${per:-1}")"
      [[ $name == floor ]] && floor=$rps
      ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
      created_total=$((created_total + created))
      printf '%-14s %6s %10.0f %8s %9s %9s %7s\n' "$name" "$c" "$rps" "$ratio" "$p50" "$p99" "$bad"
      json_rows+=("{\"backend\":\"$backend\",\"scenario\":\"$name\",\"connections\":$c,\"rps\":$rps,\"ratio\":$ratio,\"p50_ms\":$p50,\"p99_ms\":$p99,\"non2xx\":$bad}")
    done
  done
  # email intake: messages through `steward mail-in` as an MTA's pipe runs
  # it (one process per message: start, open, parse, decide, commit), one
  # at a time and two at a time; every message raises an incident
  mail_n=${MAIL_MESSAGES:-200}
  mkdir -p "$work/mail"
  for i in $(seq "$mail_n"); do
    printf 'From: John Doe <jdoe@example.com>\r\nTo: help@desk.example\r\nSubject: Bench message %d\r\nMessage-ID: <bench-%s-%d@example.com>\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer on floor %d shows paper jam %d.\r\n' \
      "$i" "$backend" "$i" "$((i % 7))" "$i" >"$work/mail/$i.eml"
  done
  mail_in() { STEWARD_MAIL_SENDER_LIMIT=0 "$bin" mail-in --db "$url" <"$1" >/dev/null; }
  export -f mail_in; export bin url
  for par in 1 2; do
    half=$((mail_n / 2))
    if (( par == 1 )); then files=$(seq 1 "$half"); else files=$(seq $((half + 1)) "$mail_n"); fi
    t0=$(date +%s.%N)
    printf "$work/mail/%s.eml\n" $files | xargs -P "$par" -I{} bash -c 'mail_in {}'
    secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    mrate=$(awk -v n="$half" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
    mean=$(awk -v s="$secs" -v n="$half" -v p="$par" 'BEGIN { printf "%.3f", s * 1000 * p / n }')
    printf '%-14s %6s %10s %8s %9s %9s %7s   (mean %s ms a message)\n' "mail-in" "$par" "$mrate" - - - 0 "$mean"
    json_rows+=("{\"backend\":\"$backend\",\"scenario\":\"mail-in\",\"connections\":$par,\"rps\":$mrate,\"mean_ms\":$mean}")
  done
  created_total=$((created_total + mail_n))
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  kill "$server"; wait "$server" 2>/dev/null || true; server=0
  after=$("$bin" verify --db "$url" --json | awk -F'"tickets":' 'NF > 1 { split($2, a, /[,}]/); print a[1] }')
  if [[ $backend == sqlite ]]; then
    size=$(du -cb "$work"/bench.db* | awk 'END { print $1 }')
  else
    size=$(psql "$base/postgres" -tAc "SELECT pg_database_size('bench')")
  fi
  echo "peak RSS $((rss / 1024)) MiB, database $((size / 1048576)) MiB, generated in ${gen} s"
  # every acknowledged create is stored; a few more may have been in flight when wrk stopped
  # (per scenario that creates: create, problem-create, change-create, alert-incident; an
  # order makes its request and, approved at once, its tasks: 5 tickets)
  in_flight=0
  creators=$(printf '%s\n' "${scenarios[@]}" | grep -c -E ' (create|alert_major|order).lua ')
  creators=$((creators + 4))
  for c in $conns; do in_flight=$((in_flight + c * creators)); done
  stored=$((after - before))
  if (( stored < created_total || stored > created_total + in_flight )); then
    echo "bench: $created_total creates were acknowledged but $stored tickets were stored" >&2
    exit 1
  fi
  echo "acknowledged creates: $created_total, stored: $stored (the rest were in flight when the load stopped)"
  json_rows+=("{\"backend\":\"$backend\",\"scale\":$scale,\"peak_rss_kib\":$rss,\"database_bytes\":$size,\"generation_s\":$gen,\"creates_acknowledged\":$created_total,\"creates_stored\":$((after - before))}")
  [[ $backend == sqlite ]] && rm -f "$work"/bench.db*
done
( IFS=,; echo "{\"when\":\"$stamp\",\"duration_s\":$duration,\"results\":[${json_rows[*]}]}" ) > "$root/bench/results/$stamp.json"
echo "bench: figures written to bench/results/$stamp.json"
