#!/usr/bin/env bash
# `make run`: create ./steward.db with the demo organisation the first time,
# then serve it on http://127.0.0.1:8080.
set -euo pipefail
bin=$1
db=$2
pwfile=.steward-admin-password

if [[ ! -f "$db" ]]; then
  echo "run: creating $db with demo data"
  umask 077
  if [[ ! -s "$pwfile" ]]; then
    head -c 15 /dev/urandom | base64 | tr -d '/+=' | head -c 16 > "$pwfile"
    echo >> "$pwfile"
  fi
  "$bin" init --db "sqlite:$db" --admin-password-file "$pwfile"
  "$bin" demo --db "sqlite:$db"
fi

echo
echo "  Steward is starting on http://127.0.0.1:8080"
if [[ -s "$pwfile" ]]; then
  echo "  admin login: admin / $(head -n1 "$pwfile")   (kept in $pwfile)"
else
  echo "  admin login: admin (password was set when $db was created; reset it with"
  echo "  '$bin user passwd admin --db sqlite:$db')"
fi
echo "  demo users (agents, a manager, end users) have the password 'steward-demo'"
echo "  stop with Ctrl-C"
echo
exec "$bin" serve --db "sqlite:$db" --listen 127.0.0.1:8080
