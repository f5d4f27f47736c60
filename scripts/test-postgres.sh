#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a temporary folder, start on
# 127.0.0.1 on a free port, export ACADEMIC_CREDIT_PG_URL, run, then stop and delete the cluster
# (also on failure or Ctrl-C).
#
#   scripts/test-postgres.sh                 # the PostgreSQL server test suite (vitest.postgres.config.ts)
#   scripts/test-postgres.sh -- node x.mjs   # any command, with ACADEMIC_CREDIT_PG_URL set
#
# With ACADEMIC_CREDIT_PG_URL already set, no server is started: the command runs against that one.
# PG_BIN overrides where the server binaries are (default: initdb on PATH, else the newest
# /usr/lib/postgresql/*/bin). As root, the server runs as the `postgres` system user (created when
# missing), because PostgreSQL refuses to run as root.
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--" ]]; then
  shift
fi
if [[ $# -eq 0 ]]; then
  set -- npx vitest run --config vitest.postgres.config.ts
fi

if [[ -n "${ACADEMIC_CREDIT_PG_URL:-}" ]]; then
  exec "$@"
fi

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" ]]; then
    echo "test-postgres: no PostgreSQL server binaries found (apt-get install -y postgresql, or set PG_BIN)" >&2
    exit 1
  fi
  echo "$dir"
}

bin=$(find_bin)

# As root, the server runs as an unprivileged system user, which must be able to reach the folder:
# use /tmp whatever TMPDIR says.
base=${TMPDIR:-/tmp}
[[ $(id -u) -eq 0 ]] && base=/tmp
tmp=$(mktemp -d "$base/academic-credit-pg.XXXXXX")
data="$tmp/data"
log="$tmp/server.log"
started=0

as_server_user() {
  "$@"
}

cleanup() {
  local status=$?
  if [[ $started -eq 0 && -f "$log" ]]; then
    echo "test-postgres: the server did not start; its log:" >&2
    tail -n 30 "$log" >&2 || true
  fi
  if [[ -f "$data/postmaster.pid" ]]; then
    as_server_user "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $(id -u) -eq 0 ]]; then
  pg_user=${PG_SYSTEM_USER:-postgres}
  if ! id -u "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
  fi
  chown "$pg_user" "$tmp"
  as_server_user() {
    runuser -u "$pg_user" -- "$@"
  }
fi

port=$(node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')

as_server_user "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}
as_server_user "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c max_connections=100" start >/dev/null
started=1

export ACADEMIC_CREDIT_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "test-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)"
"$@"
