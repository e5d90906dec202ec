#!/usr/bin/env bash
# pg-statements.sh BUILD — how many SQL statements one answer of the server
# costs on PostgreSQL: a throwaway cluster (pg-cluster.sh) with the demo
# database, one server, a user of each role, and per route the statements
# PostgreSQL logged (log_statement = all) for the server's request
# connection while it answered (the server's other connections, its job
# worker and listener, are left out). Prints a Markdown table for
# docs/benchmarks.md. A measurement, not a test: nothing passes or fails.
#   scripts/pg-statements.sh build [ROUTE...]   (default: /api/v1/status)
set -euo pipefail
build=${1:-build}
shift || true
routes=("$@")
[ ${#routes[@]} -gt 0 ] || routes=(/api/v1/status)
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/vitaal"
[ -x "$bin" ] || { echo "pg-statements: no $bin (make first)" >&2; exit 1; }

dir=$("$root/scripts/pg-cluster.sh" start)
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  "$root/scripts/pg-cluster.sh" stop "$dir"
  rm -rf "$work"
}
trap cleanup EXIT
export VITAAL_KEYS=$work
"$root/scripts/pg-cluster.sh" createdb "$dir" demo
db=$("$root/scripts/pg-cluster.sh" url "$dir" demo)
admin=$("$root/scripts/pg-cluster.sh" url "$dir")
log=$dir/server.log

"$bin" --db "$db" init --demo >/dev/null
printf 'id,value,classification,owner\nmfa_required_clearance,none,public,nctv\n' >"$work/s.csv"
"$bin" --db "$db" import --kind settings "$work/s.csv" >/dev/null
provider=$(psql -qAtX "$db" -c "SELECT provider FROM provider_links ORDER BY id LIMIT 1")
scope=$(psql -qAtX "$db" -c "SELECT id FROM processes ORDER BY id LIMIT 3" | paste -sd,)
pw=pw-statements-0123456789
user() { echo "$pw" | "$bin" --db "$db" user add "$@" >/dev/null; }
user coord --role coordinator --org nctv --clearance secret
user dep --role department --org ezk --clearance secret
user prov --role provider --org "$provider" --clearance secret
user aud --role auditor --org nctv --clearance secret --scope "$scope"

"$bin" --db "$db" serve --listen 127.0.0.1:0 --threads 1 >"$work/out" 2>"$work/err" &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$work/out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/err" >&2; exit 1; }
psql -qX "$admin" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5

# statements logged since line FROM by the connection that logged the most
# of them (the request's; a poll of the job worker is one or two)
count_since() {
  tail -n +"$(($1 + 1))" "$log" | grep -E 'LOG:  (execute|statement)' |
    sed -n 's/^[^[]*\[\([0-9]*\)\].*/\1/p' | sort | uniq -c | sort -rn | awk 'NR == 1 { print $1 } END { if (NR == 0) print 0 }'
}

echo "| route | coordinator | department | provider | auditor |"
echo "|---|---:|---:|---:|---:|"
declare -A token
for u in coord dep prov aud; do
  token[$u]=$(curl -s -X POST "$url/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$u\",\"password\":\"$pw\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
done
for route in "${routes[@]}"; do
  row="| \`GET $route\` |"
  for u in coord dep prov aud; do
    from=$(wc -l <"$log")
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url$route" -H "Authorization: Bearer ${token[$u]}")
    sleep 0.2 # the log is written by the server process, after the answer
    n=$(count_since "$from")
    [ "$code" = 200 ] || n="$n (HTTP $code)"
    row="$row $n |"
  done
  echo "$row"
done
