# lib.sh — the small harness integration tests source. Each test script runs
# the real binary ($VITAAL_BIN) in a temporary folder and calls check/skip;
# finish prints "integration: N passed, N failed, N skipped" and sets the
# exit status. Assertions compare real output; nothing here is mocked.
set -u
VITAAL_BIN=${VITAAL_BIN:-$(pwd)/build/vitaal}
VITAAL_ROOT=${VITAAL_ROOT:-$(pwd)}
T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_DIR=$(mktemp -d)
T_SERVER_PIDS=()
trap 'stop_servers; drop_dbs; rm -rf "$T_DIR"' EXIT

vitaal() { "$VITAAL_BIN" "$@"; }

# new_db NAME: the --db of a new database: a file in T_DIR, or, when
# $VITAAL_TEST_PG names a running cluster (scripts/pg-cluster.sh), a new
# PostgreSQL database in it (its key files in T_DIR) — the same script then
# runs on PostgreSQL.
T_DB_N=0
if [ -n "${VITAAL_TEST_PG:-}" ]; then export VITAAL_KEYS="$T_DIR"; fi
new_db() {
  if [ -z "${VITAAL_TEST_PG:-}" ]; then echo "$T_DIR/$1.db"; return; fi
  local name
  name="i$$_${RANDOM}_$(tr -c 'a-z0-9' _ <<<"$1")"
  psql -q -v ON_ERROR_STOP=1 "postgresql:///postgres?host=$VITAAL_TEST_PG&user=vitaal" \
    -c "CREATE DATABASE $name" >/dev/null || return 1
  echo "$name" >>"$T_DIR/pg-databases"
  echo "postgresql:///$name?host=$VITAAL_TEST_PG&user=vitaal"
}

# copy_db DB NAME: a copy of database DB and its audit key (no server may
# hold DB open); prints the copy's --db.
copy_db() {
  local src=$1 name
  case "$src" in
  postgres://* | postgresql://*)
    name="i$$_${RANDOM}_$(tr -c 'a-z0-9' _ <<<"$2")"
    local from=${src#postgresql:///}
    from=${from%%\?*}
    psql -q -v ON_ERROR_STOP=1 "postgresql:///postgres?host=$VITAAL_TEST_PG&user=vitaal" \
      -c "CREATE DATABASE $name TEMPLATE $from" >/dev/null || return 1
    echo "$name" >>"$T_DIR/pg-databases"
    cp "$VITAAL_KEYS/$from.auditkey" "$VITAAL_KEYS/$name.auditkey"
    echo "postgresql:///$name?host=$VITAAL_TEST_PG&user=vitaal"
    ;;
  *)
    cp "$src" "$T_DIR/$2.db" && cp "$src.auditkey" "$T_DIR/$2.db.auditkey"
    echo "$T_DIR/$2.db"
    ;;
  esac
}

# drop_dbs: the PostgreSQL databases new_db and copy_db made, dropped (at exit)
drop_dbs() {
  local name
  [ -f "$T_DIR/pg-databases" ] || return 0
  while read -r name; do
    psql -q "postgresql:///postgres?host=$VITAAL_TEST_PG&user=vitaal" \
      -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
  done <"$T_DIR/pg-databases"
}

# is_pg DB: true when DB is a PostgreSQL URL.
is_pg() {
  case "$1" in postgres://* | postgresql://*) return 0 ;; *) return 1 ;; esac
}

# db_files DB: what the paths of the files beside DB begin with (DB.auditkey,
# DB.checkpoints, DB.signkey): the file itself on SQLite, $VITAAL_KEYS/NAME
# on PostgreSQL.
db_files() {
  if is_pg "$1"; then
    local name=${1#postgresql:///}
    echo "$VITAAL_KEYS/${name%%\?*}"
  else
    echo "$1"
  fi
}

# db_sql DB QUERY: the query's rows as sqlite3 prints them (columns joined
# by |), whichever backend DB is.
db_sql() {
  case "$1" in
  postgres://* | postgresql://*) psql -qAtX -v ON_ERROR_STOP=1 "$1" -c "$2" ;;
  *) sqlite3 "$1" "$2" ;;
  esac
}

# db_sum DB: a fingerprint of what DB holds, to show that a refused or
# read-only command wrote nothing: the file's bytes on SQLite; on PostgreSQL
# every table's rows (pg_dump), without the sequences' positions, which a
# rolled back transaction moves too, and the dump's random \restrict key.
db_sum() {
  case "$1" in
  postgres://* | postgresql://*)
    local dump # a failed dump never matches another
    dump=$(pg_dump --data-only "$1" 2>/dev/null) || { echo "pg_dump failed $RANDOM$RANDOM"; return 1; }
    grep -Ev '^(SELECT pg_catalog\.setval|\\(un)?restrict )' <<<"$dump" | sha256sum ;;
  *) sha256sum <"$1" ;;
  esac
}

# audit_names_records DB: passes when every audit entry of a write in DB
# names its kind and record, on either backend. The entries that name no
# record: a read of a list or a report (the detail lists what was shown),
# logins and logouts, and refusals (the detail names the request tried; a
# refused create names the kind only: no record was made).
audit_names_records() {
  local bad
  if ! bad=$(db_sql "$1" "SELECT seq || ' ' || action || ' ' || COALESCE(kind, '-') || ' ' ||
      COALESCE(detail, '-') FROM audit WHERE (record IS NULL OR kind IS NULL) AND
      NOT (action IN ('read', 'report', 'refused_read', 'refused_write') AND
        detail IS NOT NULL AND detail <> '') AND action NOT IN ('login', 'logout', 'login_failed')
      ORDER BY seq" 2>&1); then
    fail "audit: every entry of a write names its record" "$bad"
  elif [ -n "$bad" ]; then
    fail "audit: every entry of a write names its record" "$bad"
  else
    pass "audit: every entry of a write names its record"
  fi
}

if [ ! -x "$VITAAL_BIN" ]; then
  echo "not ok - the binary $VITAAL_BIN is missing (run make first)"
  echo "integration: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

pass() { T_PASSED=$((T_PASSED + 1)); echo "ok - $1"; }
fail() { T_FAILED=$((T_FAILED + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }
skip() { T_SKIPPED=$((T_SKIPPED + 1)); echo "skip - $1: $2"; }

# check NAME COMMAND...: passes when the command exits 0.
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}

# expect_fail NAME STATUS PATTERN COMMAND...: passes when the command exits
# with STATUS and its standard error matches the extended regex PATTERN.
expect_fail() {
  local name=$1 want=$2 pattern=$3; shift 3
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, wanted $want: $err"; return; fi
  if ! grep -Eq -- "$pattern" <<<"$err"; then fail "$name" "stderr did not match /$pattern/: $err"; return; fi
  pass "$name"
}

# jcheck NAME JSON PYTHON-EXPRESSION: passes when the expression over d (the
# parsed JSON) is true. The JSON goes in on standard input: an export is
# larger than one command-line argument may be.
jcheck() {
  local name=$1 json=$2 expr=$3
  if python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($expr) else 1)" <<<"$json" 2>/dev/null
  then pass "$name"; else fail "$name" "$(head -c 2000 <<<"$json")"; fi
}

# run_checks NAME COMMAND...: runs a checker (python, node) that prints
# "ok - / not ok -" lines, shows its output and counts them; a checker that
# stops with an error before saying "not ok" counts as one failure.
run_checks() {
  local name=$1 out rc f
  shift
  out=$("$@" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  T_PASSED=$((T_PASSED + $(grep -c '^ok - ' <<<"$out")))
  f=$(grep -c '^not ok - ' <<<"$out")
  T_FAILED=$((T_FAILED + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then fail "$name stopped with status $rc"; fi
  return 0
}

# add_users DB USERS.json: `vitaal user add` for every user of a JSON list
# of {name, role, org, clearance, scope?}, each with the password
# "pw-NAME-0123456789"; one check for them all.
add_users() {
  local db=$1 list=$2 ok=1 name role org clearance scope args
  while IFS=$'\t' read -r name role org clearance scope; do
    args=(user add "$name" --role "$role" --org "$org" --clearance "$clearance")
    [ -n "$scope" ] && args+=(--scope "$scope")
    echo "pw-$name-0123456789" | vitaal --db "$db" "${args[@]}" >/dev/null 2>>"$T_DIR/user.err" || ok=0
  done < <(python3 -c '
import json, sys
for u in json.load(open(sys.argv[1])):
    print("\t".join([u["name"], u["role"], u["org"], u["clearance"], ",".join(u.get("scope", []))]))
' "$list")
  if [ $ok -eq 1 ]; then pass "fixture: vitaal user add for every role and clearance"; else
    fail "fixture: vitaal user add" "$(cat "$T_DIR/user.err")"; fi
}

# start_server NAME DB [SERVE ARGS...]: starts `vitaal --db DB serve` on a
# free loopback port in the background (its output in $T_DIR/NAME.out and
# NAME.err) and waits until it answers; sets URL and PID. After 10 s
# without an answer it fails "NAME: the server starts", empties URL and
# returns 1. Every server started is stopped when the script exits, also on
# failure; stop_server PID stops one before that.
start_server() {
  local name=$1 db=$2 i
  shift 2
  "$VITAAL_BIN" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" &
  PID=$!
  T_SERVER_PIDS+=("$PID")
  URL=
  for i in $(seq 1 100); do
    URL=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$T_DIR/$name.out")
    if [ -n "$URL" ] && curl -sk -o /dev/null "$URL/api/v1/openapi.json"; then return 0; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  URL=
  fail "$name: the server starts" "$(cat "$T_DIR/$name.err")"
  return 1
}

stop_server() {
  kill -TERM "$1" 2>/dev/null && wait "$1" 2>/dev/null
  return 0
}

# check_server_logs: passes when no server started here wrote a sanitizer
# report or an internal error to its standard error.
check_server_logs() {
  if grep -E "Sanitizer|runtime error|vitaal serve: .*failed|: internal" "$T_DIR"/*.err >/dev/null 2>&1; then
    fail "the server logged no sanitizer report and no internal error" "$(cat "$T_DIR"/*.err | head -40)"
  else
    pass "the server logged no sanitizer report and no internal error"
  fi
}

stop_servers() {
  local p
  for p in "${T_SERVER_PIDS[@]}"; do stop_server "$p"; done
  T_SERVER_PIDS=()
}

finish() {
  echo "integration: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
  [ "$T_FAILED" -eq 0 ]
}
