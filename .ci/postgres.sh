#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server from the machine's own binaries, as the `postgres`
# user, on a temporary directory and a loopback port. Prints the SQLAlchemy URL for the tests.
#   .ci/postgres.sh start [PORT]   -> prints postgresql+psycopg://vetdesk@127.0.0.1:PORT/vetdesk
#   .ci/postgres.sh stop
set -euo pipefail
action=${1:-start}
port=${2:-${VETDESK_PG_PORT:-54329}}
state=/tmp/vetdesk-pg-$port
pgbin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -n 1)")
run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
case "$action" in
  start)
    if [ -f "$state/data/postmaster.pid" ]; then
      run_as_postgres "'$pgbin/pg_ctl' -D '$state/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$state"
    mkdir -p "$state"
    [ "$(id -u)" = 0 ] && chown postgres "$state"
    run_as_postgres "'$pgbin/initdb' -D '$state/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >"$state.initdb.log" 2>&1 \
      || run_as_postgres "'$pgbin/initdb' -D '$state/data' -U postgres -A trust -E UTF8" >"$state.initdb.log" 2>&1
    run_as_postgres "'$pgbin/pg_ctl' -D '$state/data' -l '$state/server.log' -w \
      -o \"-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null
    psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -c "CREATE ROLE vetdesk LOGIN SUPERUSER" \
      -c "CREATE DATABASE vetdesk OWNER vetdesk" postgres >/dev/null
    echo "postgresql+psycopg://vetdesk@127.0.0.1:$port/vetdesk"
    ;;
  stop)
    [ -d "$state/data" ] && run_as_postgres "'$pgbin/pg_ctl' -D '$state/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$state"
    ;;
  *) echo "usage: $0 start|stop [PORT]" >&2; exit 2 ;;
esac
