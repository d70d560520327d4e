#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests.
#   scripts/pg-cluster.sh start DIR   -> prints postgresql://postgres@127.0.0.1:PORT
#   scripts/pg-cluster.sh stop DIR
# initdb refuses to run as root, so as root the cluster runs as the
# 'postgres' user in a directory it owns.  The socket lives in DIR, and the
# server listens on a free loopback port.
#   PG_STATS=1: load pg_stat_statements (CREATE EXTENSION pg_stat_statements
#     in a database to read it), for the bench's per-statement figures
#   PG_SHARED_BUFFERS: shared_buffers (default 32MB; the bench at a million
#     incidents may want more, see docs/performance.md)
set -euo pipefail
cmd=${1:-}
dir=${2:-}
[[ -n $cmd && -n $dir ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir=""
for d in /usr/lib/postgresql/*/bin; do [[ -x $d/initdb ]] && bindir=$d; done
[[ -n $bindir ]] || { echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $(( 20000 + RANDOM % 20000 ))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case $cmd in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    # the postgres user must be able to reach DIR (mktemp -d makes 0700 parents)
    chmod a+x "$(dirname "$dir")"
  fi
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  extra=""
  [[ ${PG_STATS:-0} == 1 ]] && extra="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on -c track_io_timing=on"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c shared_buffers=${PG_SHARED_BUFFERS:-32MB} -c max_connections=200 $extra" \
        start >/dev/null 2>&1; then
      echo "$port" > "$dir/port"
      echo "postgresql://postgres@127.0.0.1:$port"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  [[ -d $dir/data ]] || exit 0
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
