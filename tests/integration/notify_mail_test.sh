#!/usr/bin/env bash
# notify_mail_test.sh — notifications by e-mail through libcurl's SMTP
# against a local SMTP sink the test starts itself on loopback
# (smtp_sink.py, aiosmtpd): `vitaal notify send-mail` mails a user with an
# address each notification since the address was set, once (To, Subject,
# body asserted); a confidential record's mail carries no text; a relay
# that refuses (451) or is down leaves the mail to be tried again, logged,
# and a later run sends it; `vitaal serve --smtp-url` mails on its own
# without blocking requests.
. "$(dirname "$0")/lib.sh"

PY=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import aiosmtpd' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  skip "notification mail" "aiosmtpd is not installed (Debian: python3-aiosmtpd, scripts/deps.sh)"
  finish
  exit $?
fi

DB=$(new_db m)
MAIL="$T_DIR/mail"
mkdir -p "$MAIL"
: >"$T_DIR/sink.out"
"$PY" "$VITAAL_ROOT/tests/integration/smtp_sink.py" "$MAIL" >"$T_DIR/sink.out" 2>"$T_DIR/sink.err" &
SINK=$!
T_SERVER_PIDS+=("$SINK")
for i in $(seq 1 50); do
  PORT=$(sed -n 's/^port //p' "$T_DIR/sink.out")
  [ -n "$PORT" ] && break
  sleep 0.1
done
if [ -z "$PORT" ]; then fail "the SMTP sink starts" "$(cat "$T_DIR/sink.err")"; finish; exit 1; fi
pass "the SMTP sink listens on 127.0.0.1:$PORT"
SMTP=(--smtp-url "smtp://127.0.0.1:$PORT" --smtp-from vitaal@nctv.example)

check "fixture: init --demo" vitaal --db "$DB" init --demo
echo "pw-ezk-a-0123456789" | vitaal --db "$DB" user add ezk-a --role department --org ezk --clearance secret >/dev/null
AN=an-gas-regionaal-2026
MS=$(vitaal --db "$DB" list measures --json | python3 -c '
import json, sys
ms = [m for m in json.load(sys.stdin) if m["classification"] in ("public", "internal") and m["owner"] == "ezk"]
print(ms[0]["id"])')
vitaal --db "$DB" comments add measures "$MS" --text "Voor het adres: niet mailen." >/dev/null
sleep 1 # the address's time is to the second: what came before it is not mailed
check "user email: set" vitaal --db "$DB" user email ezk-a ezk-a@ezk.example
sleep 1
vitaal --db "$DB" comments add measures "$MS" --text "Is de levering rond, @ezk-a?" >/dev/null
vitaal --db "$DB" comments add analyses "$AN" --text "Vertrouwelijk detail over de analyse, @ezk-a." >/dev/null

check "send-mail: runs" vitaal --db "$DB" notify send-mail "${SMTP[@]}"
count() { ls "$MAIL"/*.eml 2>/dev/null | wc -l; }
check "send-mail: two mails (the comment before the address was set is not mailed)" test "$(count)" -eq 2
"$PY" - "$MAIL" "$MS" "$AN" >"$T_DIR/mail.check" 2>&1 <<'PY'
import email, glob, sys
from email import policy
folder, ms, an = sys.argv[1:4]
mails = {}
for path in sorted(glob.glob(folder + "/*.eml")):
    m = email.message_from_bytes(open(path, "rb").read(), policy=policy.default)
    mails[m["Subject"]] = (m, open(path[:-4] + ".rcpt").read().split())
ok = True
def check(name, cond):
    global ok
    print(("ok - " if cond else "not ok - ") + name)
    ok &= bool(cond)
s1 = "[vitaal] You were mentioned in a comment: measure %s" % ms
s2 = "[vitaal] You were mentioned in a comment: analysis %s" % an
check("mail: the subjects name the event and the record", set(mails) == {s1, s2})
m, rcpt = mails.get(s1, (None, []))
body = m.get_content() if m else ""
check("mail: To and envelope are the user's address, From the sender",
      m and m["To"] == "<ezk-a@ezk.example>" and rcpt == ["<ezk-a@ezk.example>"] or rcpt == ["ezk-a@ezk.example"])
check("mail: From is the relay's sender", m and "vitaal@nctv.example" in m["From"])
check("mail: the body says it in Dutch and English, with the comment", "Je bent genoemd" in body and
      "You were mentioned" in body and "Is de levering rond" in body and "door / by: cli:" in body)
m2 = mails.get(s2, (None, []))[0]
check("mail: a classified record's mail carries no text", m2 and "Vertrouwelijk detail" not in m2.get_content())
sys.exit(0 if ok else 1)
PY
run_checks "mail content" cat "$T_DIR/mail.check"
check "send-mail: a second run sends nothing again" vitaal --db "$DB" notify send-mail "${SMTP[@]}"
check "send-mail: ... still two mails" test "$(count)" -eq 2

# --- failures: kept, logged, tried again ----------------------------------------------------------
touch "$MAIL/refuse"
vitaal --db "$DB" comments add measures "$MS" --text "Derde, @ezk-a." >/dev/null
vitaal --db "$DB" notify send-mail "${SMTP[@]}" 2>"$T_DIR/fail.err"
check "a refusing relay: the failure is logged" grep -q "failed (try 1 of" "$T_DIR/fail.err"
check "a refusing relay: kept as failed, one attempt" \
  test "$(db_sql "$DB" "SELECT sent || '/' || attempts FROM notify_mail WHERE user_id = 'ezk-a' AND sent = 0")" = "0/1"
rm "$MAIL/refuse"
check "retried later (the clock a minute on)" \
  env VITAAL_NOW="$(date -u -d '+2 min' +%Y-%m-%dT%H:%M:%SZ)" "$VITAAL_BIN" --db "$DB" notify send-mail "${SMTP[@]}"
check "retried: the third mail arrived" test "$(count)" -eq 3
DOWN=(--smtp-url "smtp://127.0.0.1:1" --smtp-from vitaal@nctv.example)
vitaal --db "$DB" comments add measures "$MS" --text "Vierde, @ezk-a." >/dev/null
vitaal --db "$DB" notify send-mail "${DOWN[@]}" 2>"$T_DIR/down.err"
check "a relay that is down: logged, not fatal" grep -q "failed (try 1 of" "$T_DIR/down.err"

# --- the server mails on its own --------------------------------------------------------------------
if start_server serve "$DB" "${SMTP[@]}" --mail-interval 1; then
  for i in $(seq 1 50); do [ "$(count)" -ge 4 ] && break; sleep 0.2; done
  check "serve: the failed mail is sent by the server's worker (once the wait is over)" test "$(count)" -ge 3
  vitaal --db "$DB" comments add measures "$MS" --text "Vijfde, via de server, @ezk-a." >/dev/null
  for i in $(seq 1 50); do grep -lq "Vijfde" "$MAIL"/*.eml 2>/dev/null && break; sleep 0.2; done
  check "serve: a new notification is mailed within seconds" grep -lq "Vijfde" "$MAIL"/*.eml
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/openapi.json")
  check "serve: requests are answered meanwhile" test "$code" = 200
  stop_server "$PID"
fi
check_server_logs
finish
