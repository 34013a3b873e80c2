#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 on loopback for the tests.
#   tests/support/pg.sh start DIR PORT   -> prints the URL; the server lives in DIR
#   tests/support/pg.sh stop DIR
#   PG_FSYNC=on: durable commits (the benchmarks); off by default (tests: speed, nothing to keep)
set -euo pipefail
B=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$B" ]] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
cmd=$1 dir=$2
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:-55432}
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_pg "$B/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"; mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_pg "$B/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$B/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null \
      || { cat "$dir/log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres" | tee "$dir/url"
    ;;
  stop)
    [[ -f "$dir/data/postmaster.pid" ]] && as_pg "$B/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "usage: pg.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
