#!/usr/bin/env bash
# server_users_test.sh — account management over the API end to end: the
# demo database with two coordinators and a provider made by `vitaal user
# add`, the real server on a loopback port, and
# tests/integration/server/users_checks.py (create, 409, 400 naming the
# field, 403 for others and without CSRF token, disable ending the user's
# sessions at once, enable, no self-disable or self-demotion, the audit
# entries); then `vitaal audit verify` over the chain the server wrote and
# `vitaal user list` showing the changes. The server is killed at the end,
# also on failure.
. "$(dirname "$0")/lib.sh"

HERE="$VITAAL_ROOT/tests/integration/server"
DB=$(new_db users)

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "server users tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

# --- the fixture, made with the real CLI ---------------------------------------
check "fixture: init --demo" vitaal --db "$DB" init --demo
users_ok=1
for spec in "chief coordinator nctv secret" "deputy coordinator nctv secret" \
  "prov provider polderbank internal"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" \
    >/dev/null 2>>"$T_DIR/user.err" || users_ok=0
done
if [ $users_ok -eq 1 ]; then pass "fixture: vitaal user add chief, deputy, prov"; else
  fail "fixture: vitaal user add" "$(cat "$T_DIR/user.err")"; fi

# --- the server --------------------------------------------------------------------
if start_server server "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks users_checks.py python3 "$HERE/users_checks.py" "$URL"
  stop_server "$PID"
fi

check "audit: vitaal audit verify accepts the chain the server wrote" \
  bash -c "'$VITAAL_BIN' --db '$DB' audit verify | grep -q 'audit log intact: [0-9][0-9]* entries'"
check "the CLI sees the API's changes: newbie active, deputy disabled" \
  bash -c "'$VITAAL_BIN' --db '$DB' user list | grep -Eq '^newbie +provider +polderbank +confidential +active' &&
    '$VITAAL_BIN' --db '$DB' user list | grep -Eq '^deputy +coordinator .* disabled'"
check_server_logs

finish
