#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server from the machine's own binaries, as the `postgres` user,
# in a folder of its own on a loopback port. Prints the SQLAlchemy URL for the tests.
#   .ci/postgres.sh start DIR [PORT]   -> prints postgresql+psycopg://vetdesk@127.0.0.1:PORT/vetdesk
#   .ci/postgres.sh stop DIR
# DIR must not exist or be empty (mktemp -d gives one); PORT defaults to a free one. The server's log is
# DIR/server.log; stop leaves DIR (and so the log) in place for the caller to keep or remove.
set -euo pipefail
action=${1:-}
state=${2:-}
[ -n "$state" ] || { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
pgbin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
case "$action" in
  start)
    port=${3:-$(free_port)}
    mkdir -p "$state"
    [ -z "$(ls -A "$state")" ] || { echo "$0: $state is not empty" >&2; exit 2; }
    if [ "$(id -u)" = 0 ]; then chown postgres "$state"; fi
    run_as_postgres "'$pgbin/initdb' -D '$state/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" \
      >"$state/initdb.log" 2>&1 \
      || run_as_postgres "'$pgbin/initdb' -D '$state/data' -U postgres -A trust -E UTF8" >"$state/initdb.log" 2>&1
    echo "$port" >"$state/port"
    run_as_postgres "'$pgbin/pg_ctl' -D '$state/data' -l '$state/server.log' -w \
      -o \"-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
    psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE ROLE vetdesk LOGIN SUPERUSER" \
      -c "CREATE DATABASE vetdesk OWNER vetdesk" postgres >/dev/null
    echo "postgresql+psycopg://vetdesk@127.0.0.1:$port/vetdesk"
    ;;
  stop)
    if [ -f "$state/data/postmaster.pid" ]; then
      run_as_postgres "'$pgbin/pg_ctl' -D '$state/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
