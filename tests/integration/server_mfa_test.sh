#!/usr/bin/env bash
# server_mfa_test.sh — the second factor end to end (issue 14 part 8): a
# database made by `vitaal init` (the catalogue's mfa_required_clearance is
# confidential) with a coordinator, two department users of clearance
# confidential and one of internal, the real server on a loopback port, and
# tests/integration/server/mfa_checks.py (enrol-only sessions, enrolment
# with the QR code, login with TOTP and recovery codes, replay, drift,
# throttling, resets over the API and the CLI, the audit log); then `vitaal
# audit verify` over the chain the server wrote.
. "$(dirname "$0")/lib.sh"

HERE="$VITAAL_ROOT/tests/integration/server"
DB=$(new_db mfa)

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "server MFA tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

check "fixture: init (the catalogue)" vitaal --db "$DB" init
check "the catalogue requires MFA from confidential up" \
  bash -c "'$VITAAL_BIN' --db '$DB' list settings | grep -Eq '^mfa_required_clearance +confidential'"
users_ok=1
for spec in "chief coordinator nctv secret" "anna department ezk confidential" \
  "bert department ezk confidential" "ivo department ezk internal"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" \
    >/dev/null 2>>"$T_DIR/user.err" || users_ok=0
done
if [ $users_ok -eq 1 ]; then pass "fixture: vitaal user add chief, anna, bert, ivo"; else
  fail "fixture: vitaal user add" "$(cat "$T_DIR/user.err")"; fi

if start_server server "$DB" --threads 2; then
  pass "the server starts ($URL)"
  VITAAL_BIN="$VITAAL_BIN" run_checks mfa_checks.py python3 "$HERE/mfa_checks.py" "$URL" "$DB"
  stop_server "$PID"
fi

check "audit: vitaal audit verify accepts the chain the server wrote" \
  bash -c "'$VITAAL_BIN' --db '$DB' audit verify | grep -q 'audit log intact: [0-9][0-9]* entries'"
check "vitaal user mfa-reset of an unknown user fails (exit 3)" \
  bash -c "'$VITAAL_BIN' --db '$DB' user mfa-reset nobody 2>/dev/null; test \$? -eq 3"
check "vitaal user --help names mfa-reset" bash -c "'$VITAAL_BIN' user --help | grep -q 'user mfa-reset NAME'"
check_server_logs

finish
