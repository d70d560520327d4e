#!/usr/bin/env bash
# Installs the Debian packages Steward needs, if any are missing: to build
# and run it (`scripts/deps.sh build`, what `make run` asks for), or also to
# test and benchmark it (no argument: `make check`).  As root it runs
# apt-get; otherwise it prints the exact command and stops, so nothing is
# installed behind your back.
set -euo pipefail

# to build and run: the compiler, the libraries (cmark-gfm and its GitHub
# extensions render the knowledge base's Markdown; GMime reads incoming mail), tzdata, and Node.js/npm
# to fetch the web UI's libraries
packages=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev
  libcurl4-openssl-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgmime-3.0-dev
  tzdata nodejs npm
)
# to test: clang (fuzzing, the sanitizer runtime), clang-format, cmocka,
# a PostgreSQL server, an SMTP server, an iCalendar parser, Chromium, wrk,
# an IMAP server (dovecot, run on loopback by the email channel's tests),
# Alertmanager and Prometheus (event management tests) and a feed parser
# (the status page's feed)
if [[ ${1:-all} != build ]]; then
  packages+=(
    clang clang-format libclang-rt-14-dev libcmocka-dev
    postgresql postgresql-client python3-aiosmtpd python3-icalendar wrk chromium dovecot-imapd
    prometheus-alertmanager prometheus python3-feedparser
  )
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js may come from elsewhere (nodesource, nvm): accept any node >= 18.
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( major >= 18 )); then
    missing=("${missing[@]/nodejs}")
  fi
fi
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "deps: done"
else
  echo "deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "deps: install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
