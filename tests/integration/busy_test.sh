#!/usr/bin/env bash
# busy_test.sh — issue 14 part 12, writers wait and nobody gets a 500:
# while another process holds the database's write lock (as a long import
# does), an API write is answered 503 with Retry-After after a short wait
# (never 500), a second CLI writer with --wait 1 says it waits and gives up
# with exit 4, reads go on at once, classified ones too (their audit
# entries go to the read journal DB.readlog, API and CLI alike), and once
# the lock is free the same write succeeds, the reads' entries are folded
# into the chain and the audit chain holds; a list read is one audit entry
# naming the records read. Fails on the code before the change (500 and
# "database is locked", exit 1; a classified read 503 after 2 s).
. "$(dirname "$0")/lib.sh"

DB="$T_DIR/busy.db"
PW="pw-alice-0123456789"
check "init (the demo data)" vitaal --db "$DB" init --demo
echo "$PW" | vitaal --db "$DB" user add alice --role coordinator --org nctv \
  --clearance secret >/dev/null 2>"$T_DIR/user.err" || fail "user add" "$(cat "$T_DIR/user.err")"

if ! start_server busy "$DB" --threads 2; then
  finish
  exit $?
fi

# the writer that holds the lock: another process in a write transaction
cat >"$T_DIR/hold.py" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
c.execute("ROLLBACK")
PY

cat >"$T_DIR/api.py" <<'PY'
import json, sys, time
sys.path.insert(0, sys.argv[2])
from api import Client, Report
url = sys.argv[1]
host, port = url.split("//")[1].rsplit(":", 1)
rep = Report()
c = Client(host, int(port))
rep.check("login as the coordinator", c.login("alice", sys.argv[3]).status == 200)
open(sys.argv[4] + ".ready", "w").close()
while not __import__("os").path.exists(sys.argv[5]):
    time.sleep(0.05)
l = Client(host, int(port)).login("alice", sys.argv[3])
rep.check("a login under the held lock (it writes a session): 503, not 500 (%d)" % l.status,
          l.status == 503 and "retry-after" in l.headers, (l.status, l.body))
t0 = time.monotonic()
r = c.call("GET", "/api/v1/processes/elektriciteit-landelijk")
took = time.monotonic() - t0
rep.check("a public read is answered at once (%d in %.2f s)" % (r.status, took),
          r.status == 200 and took < 1.0, r.body)
rec = r.json
# a classified read does not wait either: its audit entry goes to the read
# journal, durable before the answer (docs/decisions.md)
t0 = time.monotonic()
cr = c.call("GET", "/api/v1/dependencies/dep-el-land-telecom")
took = time.monotonic() - t0
rep.check("a confidential read under the held lock is answered at once (%d, %.2f s)"
          % (cr.status, took), cr.status == 200 and took < 1.0, (cr.status, cr.body))
a = c.call("GET", "/api/v1/audit?order=desc&limit=5")
pending = [x for x in (a.json or {}).get("journal", [])
           if x["record"] == "dep-el-land-telecom" and x["action"] == "read"]
rep.check("... its entry is listed as waiting in the read journal (seq null)",
          a.status == 200 and len(pending) == 1 and pending[0]["seq"] is None and
          pending[0]["actor"] == "alice", (a.status, a.body[:400]))
rec["recovery_h"] = rec["recovery_h"] + 1
t0 = time.monotonic()
w = c.call("PUT", "/api/v1/processes/elektriciteit-landelijk", rec)
took = time.monotonic() - t0
rep.check("a write under the held lock: 503 with Retry-After, after a short wait (%d, %.1f s)"
          % (w.status, took),
          w.status == 503 and w.headers.get("retry-after", "").isdigit() and
          int(w.headers["retry-after"]) > 0 and 1.5 < took < 4.0,
          (w.status, w.headers, w.body))
rep.check("... its body says the database is busy (error busy, message id database_busy)",
          w.json and w.json.get("error") == "busy" and
          w.json.get("message_id") == "database_busy" and
          "busy" in w.json.get("message", ""), w.body)
# wait for the lock to go, then the same write goes through
while open(sys.argv[4]).read().strip() != "released":
    time.sleep(0.2)
w = c.call("PUT", "/api/v1/processes/elektriciteit-landelijk", rec)
rep.check("once the lock is free the same write succeeds", w.status == 200, (w.status, w.body))
cr = c.call("GET", "/api/v1/dependencies/dep-el-land-telecom")
rep.check("... and the confidential read is answered", cr.status == 200, cr.body)
entries = c.call("GET", "/api/v1/audit?limit=1000&order=desc")
reads = [x for x in entries.json["items"]
         if x["record"] == "dep-el-land-telecom" and x["action"] == "read"]
put = [x for x in entries.json["items"]
       if x["record"] == "elektriciteit-landelijk" and x["action"] == "update"]
rep.check("the read made under the lock is in the chain now, before the write that folded it, "
          "and the journal is empty",
          len(reads) == 2 and put and min(x["seq"] for x in reads) < put[0]["seq"] and
          entries.json["journal"] == [], (len(reads), put[:1], entries.json["journal"]))

def audit_after(seq):
    r = c.call("GET", "/api/v1/audit?after=%d&limit=1000" % seq)
    return r.json["items"]

# a list read is one audit entry naming the classified records on the page
head = audit_after(0)[-1]["seq"]
r = c.call("GET", "/api/v1/risks?limit=1000")
classified = sorted(i["id"] for i in r.json["items"]
                    if i["classification"] in ("confidential", "secret"))
new = [e for e in audit_after(head) if e["action"] == "read"]
named = sorted(new[0]["detail"].split()[1:]) if len(new) == 1 and new[0]["detail"] else None
rep.check("listing the risks as the coordinator: one read entry naming the %d classified "
          "risks listed (before: one entry each)" % len(classified),
          len(classified) > 10 and len(new) == 1 and new[0]["record"] is None and
          new[0]["kind"] == "risks" and named == classified, (len(new), new[:2]))
sys.exit(1 if rep.failed else 0)
PY
: >"$T_DIR/released"
python3 "$T_DIR/api.py" "$URL" "$VITAAL_ROOT/tests/integration/server" "$PW" "$T_DIR/released" \
  "$T_DIR/held" >"$T_DIR/api.out" 2>&1 &
API=$!
for _ in $(seq 1 50); do [ -e "$T_DIR/released.ready" ] && break; sleep 0.1; done
python3 "$T_DIR/hold.py" "$DB" "$T_DIR/held" 11 &
HOLDER=$!
for _ in $(seq 1 50); do [ -e "$T_DIR/held" ] && break; sleep 0.1; done
check "the other writer holds the lock" test -e "$T_DIR/held"

# a second CLI writer
start=$(date +%s%N)
echo "pw-bob-0123456789" | vitaal --db "$DB" --wait 1 user add bob --role coordinator --org nctv --clearance internal \
  >"$T_DIR/cli.out" 2>"$T_DIR/cli.err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -eq 4 ] && grep -q "waiting up to 1 s" "$T_DIR/cli.err" &&
  grep -q "busy" "$T_DIR/cli.err" && grep -q -- "--wait" "$T_DIR/cli.err" && [ "$ms" -lt 3000 ]; then
  pass "a CLI writer with --wait 1 says it waits, gives up after about a second with exit 4 (${ms} ms)"
else
  fail "a CLI writer with --wait 1 says it waits, gives up with exit 4" "exit $rc after $ms ms: $(cat "$T_DIR/cli.err")"
fi
expect_fail "--wait needs a number of seconds" 2 "--wait" vitaal --db "$DB" --wait x status
start=$(date +%s%N)
vitaal --db "$DB" --wait 1 list dependencies >"$T_DIR/list.out" 2>"$T_DIR/list.err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" -eq 0 ] && grep -q "dep-el-land-telecom" "$T_DIR/list.out" && [ "$ms" -lt 1000 ] &&
  grep -q '"action":"read"' "$DB.readlog" && grep -q '"actor":"cli:' "$DB.readlog"; then
  pass "a CLI read of classified records under the lock answers at once (${ms} ms), audited in the read journal"
else
  fail "a CLI read under the lock answers at once, audited in the read journal" \
    "exit $rc after $ms ms: $(cat "$T_DIR/list.err") $(cat "$DB.readlog" 2>&1 | head -3)"
fi
check "the read journal is 0600" test "$(stat -c %a "$DB.readlog")" = 600

wait "$HOLDER"
echo released >"$T_DIR/released"
wait "$API"
api_rc=$?
cat "$T_DIR/api.out"
T_PASSED=$((T_PASSED + $(grep -c '^ok - ' "$T_DIR/api.out")))
T_FAILED=$((T_FAILED + $(grep -c '^not ok - ' "$T_DIR/api.out")))
[ "$api_rc" -ne 0 ] && ! grep -q '^not ok' "$T_DIR/api.out" && fail "api.py stopped with status $api_rc"

if echo "pw-bob-0123456789" | vitaal --db "$DB" --wait 1 user add bob --role coordinator --org nctv --clearance internal \
  >/dev/null 2>"$T_DIR/cli2.err"; then
  pass "with the lock free, the CLI writer succeeds"
else
  fail "with the lock free, the CLI writer succeeds" "$(cat "$T_DIR/cli2.err")"
fi
stop_servers
check "the audit chain holds" vitaal --db "$DB" audit verify
vitaal --db "$DB" audit list >"$T_DIR/audit.out" 2>&1
if grep -E '^ *[0-9]+ .*cli:.* read +dependencies' "$T_DIR/audit.out" >/dev/null && [ ! -e "$DB.readlog" ]; then
  pass "the CLI's journalled read is in the chain and the journal is gone"
else
  fail "the CLI's journalled read is in the chain and the journal is gone" "$(grep -c . "$T_DIR/audit.out") lines; $(ls "$DB".* 2>&1)"
fi

# an edited read journal is found by verify (and never folded past the edit)
rm -f "$T_DIR/held"
python3 "$T_DIR/hold.py" "$DB" "$T_DIR/held" 3 &
HOLDER=$!
for _ in $(seq 1 50); do [ -e "$T_DIR/held" ] && break; sleep 0.1; done
vitaal --db "$DB" list dependencies >/dev/null 2>&1
vitaal --db "$DB" list dependencies >/dev/null 2>&1
sed -i '2s/"actor":"cli:[^"]*"/"actor":"cli:someone-else"/' "$DB.readlog"
wait "$HOLDER"
expect_fail "audit verify finds an edited read journal" 4 "read journal" vitaal --db "$DB" audit verify
check "... and the damaged journal was set aside as evidence" test -e "$DB.readlog.damaged"

# answered reads cut off the end of the read journal before they were folded:
# each answered read signed a mark in the checkpoint file (DB.checkpoints)
rm -f "$DB.readlog.damaged"* "$T_DIR/held"
python3 "$T_DIR/hold.py" "$DB" "$T_DIR/held" 4 &
HOLDER=$!
for _ in $(seq 1 50); do [ -e "$T_DIR/held" ] && break; sleep 0.1; done
vitaal --db "$DB" list dependencies >/dev/null 2>&1
vitaal --db "$DB" list dependencies >/dev/null 2>&1
check "two journalled reads, two marks signed" test "$(grep -c '^vitaal-readlog-mark-1 .* entry ' "$DB.checkpoints")" -ge 2
head -n 2 "$DB.readlog" >"$T_DIR/cut" && cat "$T_DIR/cut" >"$DB.readlog"
expect_fail "audit verify finds the unfolded tail of the read journal cut (lock still held)" 4 \
  "was cut: entry 2 was signed" vitaal --db "$DB" --wait 1 audit verify
expect_fail "... a read is not chained over the cut" 1 "damaged" vitaal --db "$DB" list dependencies
wait "$HOLDER"
expect_fail "... and once a writer folded what was left and set it aside" 4 "read journal" \
  vitaal --db "$DB" audit verify
check "... the cut journal set aside as evidence" test -e "$DB.readlog.damaged"

# a removed read journal that held reads not folded
rm -f "$DB.readlog.damaged"* "$T_DIR/held"
check "with the evidence dealt with, verify holds again" vitaal --db "$DB" audit verify
python3 "$T_DIR/hold.py" "$DB" "$T_DIR/held" 3 &
HOLDER=$!
for _ in $(seq 1 50); do [ -e "$T_DIR/held" ] && break; sleep 0.1; done
vitaal --db "$DB" list dependencies >/dev/null 2>&1
rm -f "$DB.readlog"
wait "$HOLDER"
expect_fail "audit verify finds a removed read journal that held a read" 4 "was removed while it held reads" \
  vitaal --db "$DB" audit verify
check_server_logs
finish
