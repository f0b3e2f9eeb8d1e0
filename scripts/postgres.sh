#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (creating it if needed) and a `bluelamp` role that may
# create databases; exports TEST_DATABASE_URL. Sourced by test.sh.
PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION main"; then
  $as_root pg_createcluster "$PG_VERSION" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$PG_VERSION main .* online"; then
  $as_root pg_ctlcluster "$PG_VERSION" main start
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { print $3 }')"
as_postgres "psql -q -p $PG_PORT -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'bluelamp'\"" | grep -q 1 ||
  as_postgres "psql -q -p $PG_PORT -c \"CREATE ROLE bluelamp LOGIN CREATEDB PASSWORD 'bluelamp'\""
export TEST_DATABASE_URL="postgres://bluelamp:bluelamp@127.0.0.1:$PG_PORT/postgres"
