#!/usr/bin/env bash
# server_rules_test.sh — the analyses of the API that decide or count on
# confidential data, end to end: POST /api/v1/assess (dry run and write,
# 403/404, the audit entry, nothing written on refusal), POST
# /api/v1/whatif (a job; visible and hidden measures, nothing hidden in the
# result) and GET /api/v1/risk-picture (counts over exactly the risks the
# user may read), per role of tests/integration/server/users.json on the
# role x classification fixture of fixture.py plus rules_fixture.py; and 405
# and 429 answered as before. The checks are in
# tests/integration/server/rules_checks.py; the server started is killed at
# the end, also on failure.
. "$(dirname "$0")/lib.sh"

HERE="$VITAAL_ROOT/tests/integration/server"
DB="$T_DIR/rules.db"
SERVER_PID=

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$T_DIR"
}
trap cleanup EXIT

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "server rules tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

password() { echo "pw-$1-0123456789"; }

# --- the fixture, made with the real CLI ---------------------------------------
python3 "$HERE/fixture.py" "$T_DIR/fixture.json"
python3 "$HERE/rules_fixture.py" "$T_DIR/fixture.json" "$T_DIR/rules.json"
check "fixture: init" vitaal --db "$DB" init
check "fixture: import the role x classification fixture" vitaal --db "$DB" import "$T_DIR/fixture.json"
check "fixture: import final analyses, scored risks and what-if measures" \
  vitaal --db "$DB" import "$T_DIR/rules.json"
users_ok=1
while IFS=$'\t' read -r name role org clearance scope; do
  args=(user add "$name" --role "$role" --org "$org" --clearance "$clearance")
  [ -n "$scope" ] && args+=(--scope "$scope")
  password "$name" | vitaal --db "$DB" "${args[@]}" >/dev/null 2>"$T_DIR/user.err" || users_ok=0
done < <(python3 -c '
import json, sys
for u in json.load(open(sys.argv[1])):
    print("\t".join([u["name"], u["role"], u["org"], u["clearance"], ",".join(u.get("scope", []))]))
' "$HERE/users.json")
if [ $users_ok -eq 1 ]; then pass "fixture: vitaal user add for every role and clearance"; else
  fail "fixture: vitaal user add" "$(cat "$T_DIR/user.err")"; fi
check "fixture: export the ground truth" vitaal --db "$DB" export -o "$T_DIR/export.json"

# --- the server --------------------------------------------------------------------
"$VITAAL_BIN" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 >"$T_DIR/server.out" 2>"$T_DIR/server.err" &
SERVER_PID=$!
URL=
for i in $(seq 1 100); do
  URL=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$T_DIR/server.out")
  if [ -n "$URL" ] && curl -s -o /dev/null "$URL/api/v1/openapi.json"; then break; fi
  URL=
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$URL" ]; then
  fail "the server starts" "$(cat "$T_DIR/server.err")"
else
  pass "the server starts ($URL)"
  out=$(python3 "$HERE/rules_checks.py" "$URL" "$T_DIR/export.json" "$HERE/users.json" 2>&1)
  rc=$?
  printf '%s\n' "$out"
  T_PASSED=$((T_PASSED + $(grep -c '^ok - ' <<<"$out")))
  f=$(grep -c '^not ok - ' <<<"$out")
  T_FAILED=$((T_FAILED + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then fail "rules_checks.py stopped with status $rc"; fi
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
fi

check "audit: vitaal audit verify accepts the chain the server wrote" \
  bash -c "'$VITAAL_BIN' --db '$DB' audit verify | grep -q 'audit log intact: [0-9][0-9]* entries'"
if grep -E "Sanitizer|runtime error|vitaal serve: .*(failed|: internal)" "$T_DIR/server.err" >/dev/null 2>&1; then
  fail "the server logged no sanitizer report and no internal error" "$(head -40 "$T_DIR/server.err")"
else
  pass "the server logged no sanitizer report and no internal error"
fi

finish
