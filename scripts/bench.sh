#!/usr/bin/env bash
# make bench [SCALE=20000] [DURATION=10] [BACKENDS="sqlite pg"] [CONNECTIONS="1 16 64"] [SCENARIOS="get create ..."]
#   (STEWARD_BENCH_BIN runs another binary, e.g. a build of main, side by side;
#   ALERT_RATE: events a second of the alert -> incident latency row, default 50;
#   ALERT_RATE x DURATION must stay under the storm limit, 1000;
#   ARTICLES: knowledge articles to generate instead of SCALE/50;
#   PG_STATS=1: PostgreSQL runs with pg_stat_statements, and each scenario's
#   top statements (calls, execution and planning time) are written to
#   bench/results/STAMP-pgstats/SCENARIO-CONNS.txt; PG_SHARED_BUFFERS sets
#   the throwaway cluster's shared_buffers, 32MB unless given; PG_DIR=DIR
#   puts the cluster there and leaves it running afterwards, for EXPLAIN:
#   scripts/pg-cluster.sh stop DIR ends it; run again with a PG_DIR that
#   holds one, the bench measures its database as it is, not generating;
#   SQLITE_DB=FILE does the same for SQLite: a copy of FILE is measured,
#   migrated first, FILE itself left as it is)
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
# messages/s through `steward mail-in` (MAIL_MESSAGES, default 200; 0 skips it) and
# through IMAP polling of a throwaway Dovecot (IMAP_MESSAGES, default 200;
# skipped without dovecot-imapd), each of which must have raised its
# incident.
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
  [[ -z ${PG_DIR:-} ]] && { "$root/scripts/pg-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true; }
  [[ -n ${imap_dir:-} ]] && { "$root/tests/support/dovecot.sh" stop "$imap_dir" >/dev/null 2>&1 || true; rm -rf "$imap_dir"; }
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root/bench/results"
export STEWARD_BENCH_LUA=$root/bench/lua STEWARD_PASSWORD_COST=min
stamp=$(date -u +%Y%m%dT%H%M%SZ)

ms() { # wrk latency ("812.00us", "1.23ms", "2.01s") -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

run_wrk() { # name connections script path [tickets per create] -> "rps p50 p99 non2xx created next"
  local name=$1 c=$2 script=$3 path=$4 per=${5:-1} out
  out=$(STEWARD_BENCH_PATH=$path STEWARD_BENCH_TICKETS=$per STEWARD_BENCH_STRIDE=$(( c < 2 ? c : 2 )) wrk -t"$(( c < 2 ? c : 2 ))" -c"$c" -d"${duration}s" --latency -s "$root/bench/lua/$script" "http://127.0.0.1:$port$path" 2>&1)
  local rps p50 p99 bad created next
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
  created=$(awk -F= '/^created=/ { print $2 }' <<<"$out")
  next=$(awk -F= '/^next=/ { print $2 }' <<<"$out")
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${bad:-0} ${created:-0} ${next:-0}"
}

json_rows=()
for backend in $backends; do
  reuse=
  case $backend in
  sqlite)
    url="sqlite:$work/bench.db"
    if [[ -n ${SQLITE_DB:-} ]]; then # a data set generated before: measure a copy of it
      [[ -f $SQLITE_DB ]] || { echo "bench: SQLITE_DB $SQLITE_DB is not a file" >&2; exit 2; }
      cp "$SQLITE_DB" "$work/bench.db"
      reuse=1
    fi
    ;;
  pg)
    if [[ -n ${PG_DIR:-} && -f $PG_DIR/port ]]; then # a cluster a run before left: measure its database again
      base="postgresql://postgres@127.0.0.1:$(cat "$PG_DIR/port")"
      reuse=1
    elif ! base=$("$root/scripts/pg-cluster.sh" start "${PG_DIR:-$work/pg}" 2>/dev/null); then
      echo "bench: PostgreSQL not available, skipping it" >&2
      continue
    fi
    url="$base/bench"
    if [[ -z $reuse ]]; then
      psql "$base/postgres" -qc "CREATE DATABASE bench" >/dev/null
      [[ ${PG_STATS:-0} == 1 ]] && psql "$url" -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
    fi
    ;;
  *) echo "bench: unknown backend $backend" >&2; exit 2 ;;
  esac
  echo "== bench: $backend, $scale incidents${ARTICLES:+, $ARTICLES articles}"
  gen=0 gen_rss=0
  if [[ -z ${reuse:-} ]]; then
    "$bin" init --db "$url" --no-toolkit >/dev/null
    t0=$(date +%s.%N)
    # the generator's peak RSS too, where GNU time is there
    timed=(); [[ -x /usr/bin/time ]] && timed=(/usr/bin/time -f %M -o "$work/gen.rss")
    "${timed[@]}" "$bin" demo --db "$url" --scale "$scale" ${ARTICLES:+--articles "$ARTICLES"} >/dev/null
    gen_rss=$(tail -1 "$work/gen.rss" 2>/dev/null || echo 0)
    gen=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  else
    echo "reusing the database ${SQLITE_DB:-in $PG_DIR} (not generated: generation_s is 0)"
    "$bin" migrate --db "$url"
    # what a run before set up under the names this one uses: renamed out of the way
    renames="UPDATE catalog_items SET name = name || ' $stamp' WHERE name LIKE 'Bench %' AND name NOT LIKE '% 2%';
      UPDATE approval_policies SET name = name || ' $stamp' WHERE name LIKE 'Bench %' AND name NOT LIKE '% 2%';
      UPDATE event_sources SET name = name || '-$stamp' WHERE name LIKE 'bench%' AND name NOT LIKE '%-2%';
      UPDATE api_tokens SET name = name || '-$stamp' WHERE name = 'bench';"
    if [[ $backend == pg ]]; then psql "$url" -qc "$renames" >/dev/null; else sqlite3 "$work/bench.db" "$renames"; fi
  fi
  export STEWARD_BENCH_TOKEN
  STEWARD_BENCH_TOKEN=$("$bin" token create --db "$url" --user sam.desk --name bench)
  before=$("$bin" verify --db "$url" --json | awk -F'"tickets":' 'NF > 1 { split($2, a, /[,}]/); print a[1] }')
  # every wrk connection comes from one address: no per-address limit.
  # The generator leaves every open change's risk unassessed (536 at 20 000,
  # ~27 000 at a million): the scheduler's daily re-assessment would walk
  # the CMDB for each of them, 200 a pass, while the scenarios run (a
  # patch's 145 SQLite steps were 95 of that walk, docs/performance.md).
  # A desk re-assesses each open change once a day (0.3 a second at a
  # million): switched off here, so that the bench measures requests.
  # the IMAP intake row's throwaway Dovecot (its certificate is the server's
  # CA file for STARTTLS), a mail key and a 1 s poll
  imap_n=${IMAP_MESSAGES:-200} imap_port=
  if [[ $imap_n -gt 0 ]] && command -v dovecot >/dev/null && [[ -x /usr/lib/dovecot/dovecot-lda ]]; then
    imap_dir=$(mktemp -d /tmp/steward-bench-imap.XXXXXX) # where the dovecot user can reach it
    read -r imap_port _ < <("$root/tests/support/dovecot.sh" start "$imap_dir")
  fi
  STEWARD_CONNECTIONS_PER_ADDRESS=0 STEWARD_RISK_REASSESS_AFTER=0s STEWARD_MAIL_KEY=$(printf 'ab%.0s' $(seq 32)) STEWARD_MAIL_POLL_INTERVAL=1s \
    STEWARD_IMAP_CA_FILE=${imap_dir:-/dev/null}/ca.pem STEWARD_MAIL_SENDER_LIMIT=0 "$bin" serve --db "$url" --listen 127.0.0.1:0 --threads 4 2>"$work/serve.log" &
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
    "$(post '/api/v1/catalog-items/Bench%20laptop/plan' "$plan" PUT)" "$(post '/api/v1/catalog-items/Bench%20kit/plan' "$plan" PUT)" \
    "$(post /api/v1/approval-policies '{"name":"Bench decide","kind":"request","active":false,"steps":[{"rule":"any","users":["sam.desk"]}]}')" \
    "$(post /api/v1/catalog-items "{\"name\":\"Bench approve\",\"short_description\":\"bench\",\"cost\":10,\"approval_policy\":\"Bench decide\",$form}")"; do
    [[ $ok == 20[01] ]] || { echo "bench: setting up the catalogue failed ($ok)" >&2; exit 1; }
  done
  # request-approve decides approvals raised here first: one order, orders for a while
  # (APPROVE_RAISE seconds at 16 connections, about what the decisions of every
  # connection count use up), one more; their approvals' ids run from the first's to the last's
  approval_of() { # an order's approval id
    local n
    n=$(curl -s -H "Authorization: Bearer $STEWARD_BENCH_TOKEN" -H 'Content-Type: application/json' \
      -d '{"variables":{"model":"standard"}}' "http://127.0.0.1:$port/api/v1/catalog-items/Bench%20approve/order" |
      grep -o '"number":"REQ[0-9]*"' | cut -d'"' -f4)
    curl -s -H "Authorization: Bearer $STEWARD_BENCH_TOKEN" "http://127.0.0.1:$port/api/v1/requests/$n/approvals" |
      grep -o '"approvals":\[{"id":[0-9]*' | head -1 | grep -o '[0-9]*$'
  }
  approve_from= approve_last= approve_raised=0 created_total=0
  if [[ -z ${SCENARIOS:-} || " $SCENARIOS " == *" request-approve "* ]]; then
    approve_from=$(approval_of)
    read -r _ _ _ _ approve_raised _ <<<"$(duration=${APPROVE_RAISE:-$((duration * 3))} run_wrk raise 16 order.lua /api/v1/catalog-items/Bench%20approve/order 1)"
    approve_last=$(approval_of)
    created_total=$((created_total + approve_raised + 2))
    echo "request-approve: $((approve_last - approve_from + 1)) approvals raised to decide (ids $approve_from..$approve_last)"
  fi
  export STEWARD_BENCH_FROM=${approve_from:-1}
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
    "ingest-async alert_async.lua /api/v1/events"
    "ingest-batch alert_batch.lua /api/v1/events"
    "alert-incident alert_major.lua /api/v1/events"
    "catalog-search get.lua /api/v1/catalog-items?text=laptop"
    "request-create order.lua /api/v1/catalog-items/Bench%20laptop/order"
    "request-tasks order.lua /api/v1/catalog-items/Bench%20kit/order 5"
    "request-approve approve.lua /api/v1/approvals 0"
  )
  # until the ingestion worker has processed every accepted payload (at most 10 minutes)
  wait_inbox() {
    local n
    for _ in $(seq 3000); do
      n=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "steward_ingest_pending" { print $2 }')
      [[ ${n:-0} == 0 ]] && return 0
      sleep 0.2
    done
    echo "bench: the inbox still holds $n payloads" >&2
  }
  printf '%-14s %6s %10s %8s %9s %9s %7s\n' scenario conns req/s ratio p50_ms p99_ms non2xx
  # non2xx: for patch, 412 answers to a stale If-Match (two clients patching one incident) are expected
  for c in $conns; do
    floor=
    for s in "${scenarios[@]}"; do
      read -r name script path per <<<"$s"
      # SCENARIOS: only those (the floor always, for the ratios)
      [[ -n ${SCENARIOS:-} && $name != floor && " $SCENARIOS " != *" $name "* ]] && continue
      pgstats=
      if [[ $backend == pg && ${PG_STATS:-0} == 1 ]]; then
        pgstats=$root/bench/results/$stamp-pgstats/$name-$c.txt
        mkdir -p "$(dirname "$pgstats")"
        psql "$url" -qAtc "SELECT pg_stat_statements_reset()" >/dev/null
      fi
      read -r rps p50 p99 bad created next <<<"$(run_wrk "$name" "$c" "$script" "$path" "${per:-1}")"
      # the statements of this scenario, by time spent in the server (executing and planning)
      [[ -n $pgstats ]] && psql "$url" -qc "SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms,
          round(total_plan_time::numeric, 1) AS plan_ms, round((total_exec_time / nullif(calls, 0))::numeric, 3) AS mean_ms,
          round((shared_blks_hit + shared_blks_read)::numeric / nullif(calls, 0), 1) AS blks, rows / nullif(calls, 0) AS rows,
          left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
        FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_exec_time + total_plan_time DESC LIMIT 15" >"$pgstats" || true
      [[ $name == request-approve ]] && export STEWARD_BENCH_FROM=$next
      [[ $name == floor ]] && floor=$rps
      ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
      created_total=$((created_total + created))
      printf '%-14s %6s %10.0f %8s %9s %9s %7s\n' "$name" "$c" "$rps" "$ratio" "$p50" "$p99" "$bad"
      json_rows+=("{\"backend\":\"$backend\",\"scenario\":\"$name\",\"connections\":$c,\"rps\":$rps,\"ratio\":$ratio,\"p50_ms\":$p50,\"p99_ms\":$p99,\"non2xx\":$bad}")
      # accepted faster than processed: the next scenario waits until the inbox is empty
      [[ $name == ingest-async ]] && wait_inbox
    done
  done
  # alert -> incident latency on the fast path: ALERT_RATE major events a
  # second for DURATION seconds, accepted (202) and processed after, each
  # timed until GET /api/v1/alerts shows its incident (bench/alert_latency.mjs)
  # (a source of its own: the storm limit counts the incidents a source opened in the last minute)
  if [[ -z ${SCENARIOS:-} || " $SCENARIOS " == *" alert-incident-async "* ]]; then
    lat_token=$(curl -s -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
      -d "{\"name\":\"bench-latency-$backend\",\"storm_per_minute\":1000,\"correlate_minutes\":0}" "http://127.0.0.1:$port/api/v1/event-sources" |
      grep -o '"token":"[^"]*"' | cut -d'"' -f4)
    lat=$(node "$root/bench/alert_latency.mjs" "http://127.0.0.1:$port" "$lat_token" "$STEWARD_BENCH_TOKEN" "${ALERT_RATE:-50}" "$duration")
    lp50=$(grep -o '"p50_ms":[0-9.]*' <<<"$lat" | cut -d: -f2)
    lp99=$(grep -o '"p99_ms":[0-9.]*' <<<"$lat" | cut -d: -f2)
    lmade=$(grep -o '"incidents":[0-9]*' <<<"$lat" | cut -d: -f2)
    printf '%-14s %6s %10s %8s %9s %9s %7s   (%s)\n' "alert-inc-async" "-" "${ALERT_RATE:-50}" - "$lp50" "$lp99" 0 "$lat"
    json_rows+=("{\"backend\":\"$backend\",\"scenario\":\"alert-incident-async\",\"rate\":${ALERT_RATE:-50},\"p50_ms\":${lp50:-0},\"p99_ms\":${lp99:-0},\"incidents\":${lmade:-0}}")
    created_total=$((created_total + ${lmade:-0}))
    wait_inbox
  fi
  # email intake: messages through `steward mail-in` as an MTA's pipe runs
  # it (one process per message: start, open, parse, decide, commit), one
  # at a time and two at a time; every message raises an incident
  mail_n=${MAIL_MESSAGES:-200}
  if (( mail_n > 0 )); then
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
  else
    echo "mail-in: skipped (MAIL_MESSAGES=0)"
  fi
  # email intake through IMAP: IMAP_MESSAGES (200) delivered into a
  # throwaway Dovecot on loopback first, then a mailbox polling it is made;
  # the clock runs from then until its status counts them all (the server
  # polls each second, 50 messages a run, and runs again at once while
  # there are more: fetch, intake, flag, one message at a time)
  if [[ -n $imap_port ]]; then
    for i in $(seq "$imap_n"); do
      printf 'From: John Doe <jdoe@example.com>\r\nTo: help@desk.example\r\nSubject: IMAP bench %d\r\nMessage-ID: <imap-%s-%d@example.com>\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scanner on floor %d is offline (%d).\r\n' \
        "$i" "$backend" "$i" "$((i % 7))" "$i" | "$root/tests/support/dovecot.sh" deliver "$imap_dir"
    done
    t0=$(date +%s.%N)
    [[ $(post /api/v1/mailboxes "{\"name\":\"imap-bench\",\"imap_url\":\"imap://127.0.0.1:$imap_port\",\"imap_user\":\"desk\",\"password\":\"desk-pass\"}") == 201 ]] ||
      { echo "bench: the IMAP mailbox was not made" >&2; exit 1; }
    taken=0
    for _ in $(seq 300); do
      taken=$(curl -s -H "Authorization: Bearer $admin_token" "http://127.0.0.1:$port/api/v1/mailboxes/imap-bench/status" | grep -o '"new":[0-9]*' | cut -d: -f2)
      (( ${taken:-0} >= imap_n )) && break
      sleep 0.1
    done
    secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
    "$root/tests/support/dovecot.sh" stop "$imap_dir" >/dev/null 2>&1 || true
    rm -rf "$imap_dir"; imap_dir=
    (( ${taken:-0} >= imap_n )) || { echo "bench: IMAP intake took $taken of $imap_n messages in $secs s" >&2; grep -i "mail" "$work/serve.log" | tail -5 >&2; exit 1; }
    mrate=$(awk -v n="$imap_n" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
    mean=$(awk -v s="$secs" -v n="$imap_n" 'BEGIN { printf "%.3f", s * 1000 / n }')
    printf '%-14s %6s %10s %8s %9s %9s %7s   (mean %s ms a message, first poll within 1 s included)\n' "imap" 1 "$mrate" - - - 0 "$mean"
    json_rows+=("{\"backend\":\"$backend\",\"scenario\":\"imap\",\"connections\":1,\"rps\":$mrate,\"mean_ms\":$mean}")
    created_total=$((created_total + imap_n))
  else
    echo "imap: skipped (IMAP_MESSAGES=0, or no dovecot-imapd: apt-get install dovecot-imapd)"
  fi
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")
  kill "$server"; wait "$server" 2>/dev/null || true; server=0
  after=$("$bin" verify --db "$url" --json | awk -F'"tickets":' 'NF > 1 { split($2, a, /[,}]/); print a[1] }')
  if [[ $backend == sqlite ]]; then
    size=$(du -cb "$work"/bench.db* | awk 'END { print $1 }')
  else
    size=$(psql "$base/postgres" -tAc "SELECT pg_database_size('bench')")
  fi
  echo "peak RSS $((rss / 1024)) MiB, database $((size / 1048576)) MiB, generated in ${gen} s (generator peak RSS $((gen_rss / 1024)) MiB)"
  [[ -n ${PG_DIR:-} && $backend == pg ]] && echo "PostgreSQL left running: $url (scripts/pg-cluster.sh stop $PG_DIR)"
  # every acknowledged create is stored; a few more may have been in flight when wrk stopped
  # (per scenario that creates: create, problem-create, change-create, alert-incident; an
  # order makes its request and, approved at once, its tasks: 5 tickets)
  in_flight=$(( approve_raised > 0 ? 16 : 0 )) # the orders raised for request-approve
  creators=$(printf '%s\n' "${scenarios[@]}" | grep -c -E ' (create|alert_major|order).lua ')
  creators=$((creators + 4))
  for c in $conns; do in_flight=$((in_flight + c * creators)); done
  stored=$((after - before))
  if (( stored < created_total || stored > created_total + in_flight )); then
    echo "bench: $created_total creates were acknowledged but $stored tickets were stored" >&2
    exit 1
  fi
  echo "acknowledged creates: $created_total, stored: $stored (the rest were in flight when the load stopped)"
  json_rows+=("{\"backend\":\"$backend\",\"scale\":$scale,\"peak_rss_kib\":$rss,\"database_bytes\":$size,\"generation_s\":$gen,\"generator_peak_rss_kib\":$gen_rss,\"creates_acknowledged\":$created_total,\"creates_stored\":$((after - before))}")
  [[ $backend == sqlite ]] && rm -f "$work"/bench.db*
done
( IFS=,; echo "{\"when\":\"$stamp\",\"duration_s\":$duration,\"results\":[${json_rows[*]}]}" ) > "$root/bench/results/$stamp.json"
echo "bench: figures written to bench/results/$stamp.json"
