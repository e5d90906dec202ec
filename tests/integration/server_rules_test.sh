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
DB=$(new_db rules)

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "server rules tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

# --- the fixture, made with the real CLI ---------------------------------------
python3 "$HERE/fixture.py" "$T_DIR/fixture.json"
python3 "$HERE/rules_fixture.py" "$T_DIR/fixture.json" "$T_DIR/rules.json"
check "fixture: init" vitaal --db "$DB" init
check "fixture: import the role x classification fixture" vitaal --db "$DB" import "$T_DIR/fixture.json"
check "fixture: import final analyses, scored risks and what-if measures" \
  vitaal --db "$DB" import "$T_DIR/rules.json"
add_users "$DB" "$HERE/users.json"
check "fixture: export the ground truth" vitaal --db "$DB" export -o "$T_DIR/export.json"

# --- the server --------------------------------------------------------------------
if start_server server "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks rules_checks.py python3 "$HERE/rules_checks.py" "$URL" "$T_DIR/export.json" "$HERE/users.json"
  stop_server "$PID"
fi

check "audit: vitaal audit verify accepts the chain the server wrote" \
  bash -c "'$VITAAL_BIN' --db '$DB' audit verify | grep -q 'audit log intact: [0-9][0-9]* entries'"
check_server_logs

finish
