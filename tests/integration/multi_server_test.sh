#!/usr/bin/env bash
# multi_server_test.sh — issue 15 part 2, several servers on one database:
# two `vitaal serve` on one PostgreSQL database behave as one. A session
# made on A works on B, and a logout on A ends it on B at once; failed
# logins through A delay the next login through B; a criticality job asked
# on A is read (progress, result) and cancelled on B, and jobs asked on
# both run exactly once each (the jobs table's runs); a write through A
# changes B's cached list at once (NOTIFY vitaal_changed, well within the
# caches' own second); concurrent writes through both servers leave one
# unbroken audit chain (`vitaal audit verify`); a job whose server died
# without a word ends as failed once its heartbeat is 30 s old. Runs on
# PostgreSQL only (scripts/pg-check.sh, PG_INTEGRATION): SQLite is one
# server.
. "$(dirname "$0")/lib.sh"

if [ -z "${VITAAL_TEST_PG:-}" ]; then
  skip "two servers on one database" "PostgreSQL only (make check-pg)"
  finish
  exit $?
fi

DB=$(new_db multi)
check "init (the demo data)" vitaal --db "$DB" init --demo
for u in "alice coordinator nctv secret" "bob provider hoogspanningsnet-nl confidential" \
  "carol provider centrale-maasmond confidential" "dave coordinator nctv secret"; do
  set -- $u
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" \
    --clearance "$4" >/dev/null 2>"$T_DIR/user.err" || fail "user add $1" "$(cat "$T_DIR/user.err")"
done

# each job reports 20 steps of at least 150 ms: long enough to watch it
export VITAAL_JOB_SLICE_MS=150
if ! start_server a "$DB" --threads 2; then
  finish
  exit $?
fi
URL_A=$URL
# B with one request thread: the list it caches is the one it answers from
if ! start_server b "$DB" --threads 1; then
  finish
  exit $?
fi
URL_B=$URL

cat >"$T_DIR/multi.py" <<'PY'
import subprocess, sys, threading, time
sys.path.insert(0, sys.argv[3])
from api import Client, Report
rep = Report()

def client(url):
    host, port = url.split("//")[1].rsplit(":", 1)
    return Client(host, int(port))

def login(url, name):
    c = client(url)
    r = c.login(name, "pw-%s-0123456789" % name)
    assert r.status == 200, (name, r.status, r.body)
    return c

A, B = sys.argv[1], sys.argv[2]

# --- sessions -------------------------------------------------------------
a = login(A, "alice")
b = client(B)
b.token = a.token
r = b.call("GET", "/api/v1/me")
rep.check("a session made on A is valid on B", r.status == 200 and r.json.get("username") == "alice",
          (r.status, r.body))
d = login(A, "dave")
onb = client(B)
onb.token = d.token
onb.call("GET", "/api/v1/me")  # B caches the identity
r = d.call("DELETE", "/api/v1/session")
time.sleep(0.15)
r = onb.call("GET", "/api/v1/me")
rep.check("a logout on A ends the session on B at once", r.status == 401, (r.status, r.body))

# --- the login delay ---------------------------------------------------------
for i in range(3):
    r = client(A).call("POST", "/api/v1/session", {"username": "carol", "password": "wrong"})
    assert r.status == 401, (r.status, r.body)
r = client(B).call("POST", "/api/v1/session",
                   {"username": "carol", "password": "pw-carol-0123456789"})
rep.check("three failed logins through A: the next login through B waits (429, Retry-After)",
          r.status == 429 and r.headers.get("retry-after", "").isdigit(), (r.status, r.body))
time.sleep(1.2)
r = client(B).call("POST", "/api/v1/session",
                   {"username": "carol", "password": "pw-carol-0123456789"})
rep.check("... and after the delay it succeeds on B", r.status == 200, (r.status, r.body))

# --- jobs ------------------------------------------------------------------------
bob_a = login(A, "bob")
bob_b = client(B)
bob_b.token = bob_a.token
q = bob_a.call("POST", "/api/v1/criticality", {"outage_h": 24, "horizon_h": 720})
rep.check("a job asked on A: 202", q.status == 202, (q.status, q.body))
loc = q.headers.get("location", "")
seen = None
t0 = time.monotonic()
while time.monotonic() - t0 < 20:
    r = bob_b.call("GET", loc)
    if r.status == 200 and r.json["status"] == "running" and r.json["percent"] > 0:
        seen = r
        break
    time.sleep(0.1)
rep.check("... B reports its progress while it runs (running, percent > 0)", seen is not None,
          r.body[:300])
r = bob_b.call("DELETE", loc)
rep.check("... B cancels it (204)", r.status == 204, (r.status, r.body))
t0 = time.monotonic()
while time.monotonic() - t0 < 10:
    r = bob_a.call("GET", loc)
    if r.json["status"] in ("done", "failed"):
        break
    time.sleep(0.1)
rep.check("... and it ends as failed, cancelled by bob, on A too",
          r.json["status"] == "failed" and r.json["error"].get("message_id") == "job_cancelled",
          r.body[:300])
carol = login(B, "carol")
r = carol.call("GET", loc)
rep.check("... another provider does not see the job on B (404)", r.status == 404, r.status)

# several jobs asked on both, each run exactly once, their results on the other server
alice_b = client(B)
alice_b.token = a.token
users = [(a, alice_b), (bob_a, bob_b)]
locs = []
for ua, ub in users:
    for srv in (ua, ub):
        q = srv.call("POST", "/api/v1/criticality", {"outage_h": 24, "horizon_h": 720, "top": 5})
        assert q.status == 202, (q.status, q.body)
        locs.append((ua, ub, srv is ua, q.headers["location"]))
done = []
for ua, ub, on_a, loc in locs:
    other = ub if on_a else ua
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60:
        r = other.call("GET", loc)
        if r.json["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    done.append(r.json["status"] == "done" and isinstance(r.json.get("result"), dict))
rep.check("four jobs asked on A and B each end done, the result read on the other server",
          all(done), done)
print("JOBS " + " ".join(l.rsplit("/", 1)[1] for _, _, _, l in locs))

# a job whose server died without a word (its heartbeat a minute old): the
# next server to look ends it as failed, and its owner's quota is free again
dead = "d" * 32
subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", sys.argv[4], "-c",
                "INSERT INTO jobs (id, kind, user_id, params, status, created, server, heartbeat, "
                "runs) VALUES ('%s', 'criticality', 'bob', '{}', 'running', %d, 'gone', %d, 1)"
                % (dead, int(time.time() * 1000), int(time.time()) - 60)], check=True)
t0 = time.monotonic()
while time.monotonic() - t0 < 5:
    r = bob_b.call("GET", "/api/v1/jobs/" + dead)
    if r.json["status"] == "failed":
        break
    time.sleep(0.1)
rep.check("a running job of a server that died (heartbeat 60 s old) ends as failed saying so",
          r.json["status"] == "failed" and "stopped" in r.json["error"]["message"], r.body[:300])

# --- caches --------------------------------------------------------------------------
org = a.call("GET", "/api/v1/organisations/hoogspanningsnet-nl").json
ok = True
worst = 0.0
for n in range(3):
    onb = alice_b.call("GET", "/api/v1/organisations?limit=500")
    onb = alice_b.call("GET", "/api/v1/organisations?limit=500")  # from B's cache now
    primed = time.monotonic()
    org["name"] = "Hoogspanningsnet renamed %d" % n
    r = a.call("PUT", "/api/v1/organisations/hoogspanningsnet-nl", org)
    assert r.status == 200, (r.status, r.body)
    org = r.json
    while True:
        r = alice_b.call("GET", "/api/v1/organisations?limit=500")
        if org["name"] in r.body:
            break
        if time.monotonic() - primed > 2:
            ok = False
            break
        time.sleep(0.02)
    worst = max(worst, time.monotonic() - primed)
rep.check("a write through A changes B's cached list at once (worst %.2f s after B cached it; "
          "the cache alone keeps it 1 s)" % worst, ok and worst < 0.9, worst)

# --- one audit chain under concurrent writers -------------------------------------------
errors = []
def writer(c, prefix):
    for i in range(15):
        body = {"id": "%s-org-%02d" % (prefix, i), "name": "Org %s %d" % (prefix, i),
                "kind": "other", "classification": "internal", "owner": "nctv"}
        r = c.call("POST", "/api/v1/organisations", body)
        if r.status != 201:
            errors.append((r.status, r.body[:200]))
wa = login(A, "alice")
wb = login(B, "alice")
ts = [threading.Thread(target=writer, args=(wa, "a")), threading.Thread(target=writer, args=(wb, "b"))]
for t in ts:
    t.start()
for t in ts:
    t.join()
rep.check("30 writes through A and B at the same time all succeed", not errors, errors[:3])
sys.exit(1 if rep.failed else 0)
PY
python3 "$T_DIR/multi.py" "$URL_A" "$URL_B" "$VITAAL_ROOT/tests/integration/server" "$DB" \
  >"$T_DIR/multi.log" 2>&1
grep -E "^(ok|not ok|#)" "$T_DIR/multi.log"
T_PASSED=$((T_PASSED + $(grep -c "^ok" "$T_DIR/multi.log")))
T_FAILED=$((T_FAILED + $(grep -c "^not ok" "$T_DIR/multi.log")))
if grep -q Traceback "$T_DIR/multi.log"; then fail "the checks ran to the end" "$(tail -20 "$T_DIR/multi.log")"; fi

# each job ran once: claimed by exactly one worker of one server
ids=$(sed -n 's/^JOBS //p' "$T_DIR/multi.log")
if [ -n "$ids" ]; then
  list=$(printf "'%s'," $ids)
  runs=$(db_sql "$DB" "SELECT count(*), coalesce(sum(runs), 0) FROM jobs WHERE id IN (${list%,})")
  if [ "$runs" = "4|4" ]; then pass "each of the four jobs was claimed exactly once (runs = 1)"
  else fail "each of the four jobs was claimed exactly once" "count|runs: $runs"; fi
fi
check_server_logs
stop_servers
check "the audit chain is one unbroken chain after both servers wrote" \
  vitaal --db "$DB" audit verify
finish
