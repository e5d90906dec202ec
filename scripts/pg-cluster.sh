#!/usr/bin/env bash
# pg-cluster.sh — a throwaway PostgreSQL cluster for the tests, from
# Debian's postgresql package itself (initdb and pg_ctl), in a temporary
# folder, listening only on a Unix socket in that folder.
#
#   scripts/pg-cluster.sh start        prints the folder (keep it for stop)
#   scripts/pg-cluster.sh url DIR [DB] prints the libpq URL of database DB
#   scripts/pg-cluster.sh createdb DIR DB
#   scripts/pg-cluster.sh stop DIR     stops the cluster and removes the folder
#
# The server runs as the current user; as root (CI) as the unprivileged
# user $VITAAL_PG_USER (default nobody), never as root.
set -euo pipefail

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
  for v in /usr/lib/postgresql/*/bin; do bin=$v; done
fi
[ -x "$bin/initdb" ] || { echo "pg-cluster: no initdb (install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "${VITAAL_PG_USER:-nobody}" -- "$@"; else "$@"; fi
}

url() { echo "postgresql:///${2:-postgres}?host=$1&user=vitaal"; }

case "${1:-}" in
start)
  dir=$(mktemp -d /tmp/vitaal-pg.XXXXXX)
  chmod 0700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "${VITAAL_PG_USER:-nobody}" "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U vitaal --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$dir"
  ;;
url)
  url "$2" "${3:-}"
  ;;
createdb)
  psql -q -v ON_ERROR_STOP=1 "$(url "$2")" -c "CREATE DATABASE \"$3\"" >/dev/null
  ;;
stop)
  dir=$2
  case "$dir" in /tmp/vitaal-pg.*) ;; *) echo "pg-cluster: not a cluster folder: $dir" >&2; exit 1;; esac
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-cluster.sh start | url DIR [DB] | createdb DIR DB | stop DIR" >&2
  exit 2
  ;;
esac
