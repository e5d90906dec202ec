#!/usr/bin/env bash
# crash_test.sh — crash safety (issue 14 part 14): `vitaal import` and the
# server killed with SIGKILL at random moments (at least 50 kills) during
# imports and concurrent API writes, on loopback; after each kill the
# database passes PRAGMA integrity_check, every acknowledged API write is
# there, no import is there in part, and `vitaal audit verify` holds. The
# rounds are seeded: CRASH_SEED=N replays a run (the seed is printed);
# CRASH_ROUNDS and CRASH_RECORDS scale it. See tests/integration/crash/crash.py.
. "$(dirname "$0")/lib.sh"

run_checks crash.py python3 "$VITAAL_ROOT/tests/integration/crash/crash.py" "$VITAAL_BIN" "$T_DIR"
if grep -E "Sanitizer|runtime error" "$T_DIR/server.err" >/dev/null 2>&1; then
  fail "the servers logged no sanitizer report" "$(head -40 "$T_DIR/server.err")"
else
  pass "the servers logged no sanitizer report"
fi
finish
