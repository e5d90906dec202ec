#!/usr/bin/env bash
# calendar_test.sh — one calendar, end to end: with the clock fixed by
# VITAAL_NOW (the clock's test hook) the CLI and the server count days in the
# Netherlands (Europe/Amsterdam). In the hour before midnight UTC it is already
# the next day there; around the summer-time switches the day ends at 23:00
# UTC in winter and 22:00 UTC in summer. Checked on the demo database: `status`
# (today, and a deadline that turns overdue at 22:00 UTC on 31 March), `reviews`,
# `risks --residual`, `incidents` (now), `quickscan` (the start date), `--as-of`
# still overriding, a bad VITAAL_NOW refused, and the server's answers with a
# today or a now (/status, /review-status, /risk-picture, /incident-deadlines).
. "$(dirname "$0")/lib.sh"

DB=$(new_db calendar)
vitaal --db "$DB" init --demo >/dev/null || { fail "init --demo"; finish; exit 1; }

# json_field FILTER: one value from JSON on stdin (a python expression on d)
json_field() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# status_today NOW: the today of `vitaal status --json` with the clock at NOW
status_today() { VITAAL_NOW=$1 vitaal --db "$DB" status --json | json_field 'd["today"]'; }

# --- the day of an instant, through `vitaal status --json` --------------------------
while read -r now want why; do
  got=$(status_today "$now")
  if [ "$got" = "$want" ]; then pass "status at $now: today is $want ($why)"; else
    fail "status at $now: today is $want ($why)" "got $got"; fi
done <<'EOF'
2026-01-05T22:59:59Z 2026-01-05 winter, 23:59:59 in Amsterdam
2026-01-05T23:00:00Z 2026-01-06 winter, midnight in Amsterdam
2026-01-05T23:30:00Z 2026-01-06 winter, the hour before midnight UTC
2026-07-05T21:59:59Z 2026-07-05 summer, 23:59:59 in Amsterdam
2026-07-05T22:00:00Z 2026-07-06 summer, midnight in Amsterdam
2026-07-05T23:30:00Z 2026-07-06 summer, the hour before midnight UTC
2026-03-28T23:30:00Z 2026-03-29 the night of the switch to summer time
2026-03-29T00:59:59Z 2026-03-29 one second before the switch to summer time
2026-03-29T01:00:00Z 2026-03-29 the switch to summer time
2026-03-29T21:59:59Z 2026-03-29 the 23-hour day ends at 22:00 UTC
2026-03-29T22:00:00Z 2026-03-30 the first summer midnight
2026-10-24T22:30:00Z 2026-10-25 the night of the switch to winter time
2026-10-25T00:59:59Z 2026-10-25 one second before the switch to winter time
2026-10-25T01:00:00Z 2026-10-25 the switch to winter time
2026-10-25T22:59:59Z 2026-10-25 the 25-hour day ends at 23:00 UTC
2026-10-25T23:00:00Z 2026-10-26 the first winter midnight
2025-12-31T23:30:00Z 2026-01-01 New Year in Amsterdam, still the old year in UTC
2028-02-28T23:30:00Z 2028-02-29 a leap day
EOF

# the clock's states follow the Dutch day: the CER/NIS2 deadline 2026-03-31 is
# past at midnight in Amsterdam, 22:00 UTC in summer, not at midnight UTC
state_of() { # NOW PROCESS
  VITAAL_NOW=$1 vitaal --db "$DB" status --json |
    json_field "[p['state'] + ' ' + p['next_due'] for p in d['processes'] if p['id'] == '$2'][0]"
}
check "at 21:59 UTC on 31 March (23:59 in Amsterdam) drinkwater is due soon, not overdue" \
  test "$(state_of 2026-03-31T21:59:00Z drinkwater)" = "due_soon 2026-03-31"
check "at 22:00 UTC on 31 March (midnight in Amsterdam) drinkwater's deadline is past: overdue" \
  test "$(state_of 2026-03-31T22:00:00Z drinkwater)" = "overdue 2026-03-31"

# --- the other commands that speak of today or now --------------------------------------
export VITAAL_NOW=2026-01-05T23:30:00Z
check "reviews --json at 23:30 UTC: today is the next Amsterdam day" \
  test "$(vitaal --db "$DB" reviews --json | json_field 'd["today"]')" = 2026-01-06
check "risks --residual --json at 23:30 UTC: reviews counted up to the next Amsterdam day" \
  test "$(vitaal --db "$DB" risks --residual --json | json_field 'd["today"]')" = 2026-01-06
check "incidents --json: now is VITAAL_NOW, a UTC time" \
  test "$(vitaal --db "$DB" incidents --json | json_field 'd["now"]')" = 2026-01-05T23:30:00Z
check "status --as-of judges as of the day given" \
  test "$(vitaal --db "$DB" status --as-of 2026-01-05 --json | json_field 'd["today"]')" = 2026-01-05
check "status --as-of at 23:30 UTC: the next Amsterdam day is today, not the future" \
  test "$(vitaal --db "$DB" status --as-of 2026-01-06 --json | json_field 'd["today"]')" = 2026-01-06
expect_fail "status --as-of at 23:30 UTC: the day after the Amsterdam today is the future" 2 \
  "in the future" vitaal --db "$DB" status --as-of 2026-01-07
out=$(vitaal --db "$DB" quickscan ev-2026-overstroming)
opened=$(awk '$2 == "opened" {print $3; exit}' <<<"$out")
started=$(vitaal --db "$DB" export | json_field "[a['started'] for a in d['analyses'] if a['id'] == '$opened'][0]" 2>&1)
if [ -n "$opened" ] && [ "$started" = 2026-01-06 ]; then
  pass "quickscan at 23:30 UTC starts its analysis on the next Amsterdam day"
else
  fail "quickscan at 23:30 UTC starts its analysis on the next Amsterdam day" "$out / $opened started $started"
fi
unset VITAAL_NOW
expect_fail "a VITAAL_NOW that is not a time is refused, naming it" 2 "VITAAL_NOW 'tomorrow' is not a time" \
  env VITAAL_NOW=tomorrow "$VITAAL_BIN" --db "$DB" status
expect_fail "a VITAAL_NOW without a time of day is refused" 2 "VITAAL_NOW '2026-01-05' is not a time" \
  env VITAAL_NOW=2026-01-05 "$VITAAL_BIN" --db "$DB" status

# --- the server, at 23:30 UTC -----------------------------------------------------------
echo "pw-alice-0123456789" | vitaal --db "$DB" user add alice --role coordinator --org nctv --clearance secret >/dev/null ||
  fail "user add alice"
export VITAAL_NOW=2026-01-05T23:30:00Z
if start_server calendar "$DB"; then
  unset VITAAL_NOW
  check "the server says its clock is fixed, and at what" grep -q "the clock stands at 2026-01-05T23:30:00Z (VITAAL_NOW" "$T_DIR/calendar.err"
  token=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"pw-alice-0123456789"}' "$URL/api/v1/session" | json_field 'd["token"]')
  get() { curl -s -H "Authorization: Bearer $token" "$URL/api/v1$1"; }
  check "GET /status at 23:30 UTC: today is the next Amsterdam day" \
    test "$(get /status | json_field 'd["today"]')" = 2026-01-06
  check "GET /status?as_of= judges as of the day given" \
    test "$(get '/status?as_of=2026-01-05' | json_field 'd["today"]')" = 2026-01-05
  check "GET /status?as_of= at 23:30 UTC: the next Amsterdam day is today" \
    test "$(get '/status?as_of=2026-01-06' | json_field 'd["today"]')" = 2026-01-06
  check "GET /review-status at 23:30 UTC: today is the next Amsterdam day" \
    test "$(get /review-status | json_field 'd["today"]')" = 2026-01-06
  check "GET /risk-picture?residual=true at 23:30 UTC: reviews up to the next Amsterdam day" \
    test "$(get '/risk-picture?residual=true' | json_field 'd["today"]')" = 2026-01-06
  check "GET /incident-deadlines: now is VITAAL_NOW" \
    test "$(get /incident-deadlines | json_field 'd["now"]')" = 2026-01-05T23:30:00Z
  check "the CLI and the server agree on the day" \
    test "$(get /status | json_field 'd["today"]')" = "$(status_today 2026-01-05T23:30:00Z)"
  check_server_logs
fi
unset VITAAL_NOW
finish
