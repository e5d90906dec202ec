#!/usr/bin/env bash
# jobs_test.sh — issue 14 part 2, bounded work, against a real `vitaal
# serve` on a graph made expensive on purpose (a chain of 10,000 processes:
# a criticality ranking takes seconds; 6,000 ran in about 1 s on an idle
# machine, under the 2 s budget, and the budget check failed now and
# then): a provider's third job is refused (429 with Retry-After: two per
# user), two running or waiting jobs of the
# provider do not slow the coordinator's GET /api/v1/me beyond a second and
# do not keep the coordinator's own job waiting, a job over its time budget
# (--job-budget 2s) is stopped and ends as failed saying so, a job reports
# its phase and percent, the coordinator or the owner may cancel a job and
# nobody else may (404), and an IIM answer over 20,000 values is refused
# with 400 naming the limit. Fails on the code before the change (one
# shared queue of 16, no budget, IIM up to 2,000,000 values on a request
# thread).
. "$(dirname "$0")/lib.sh"

DB=$(new_db jobs)
check "init (the demo data)" vitaal --db "$DB" init --demo
python3 - "$T_DIR/chain.json" <<'PY'
import json, sys
n = 10000
procs = [{"id": "chain%05d" % i, "name": "Keten %d" % i, "sector": "nl-energie", "ministry": "ezk",
          "category": "B", "recovery_h": 1, "description": "a link of a long chain",
          "classification": "internal", "owner": "nctv"} for i in range(n)]
deps = [{"id": "chaindep%05d" % i, "process": "chain%05d" % i, "suppliers": ["chain%05d" % (i - 1)],
         "buffer_h": 0, "description": "the link before", "classification": "internal",
         "owner": "nctv"} for i in range(1, n)]
json.dump({"format": "vitaal", "version": 1, "processes": procs, "dependencies": deps},
          open(sys.argv[1], "w"))
PY
check "import a chain of 10,000 processes" vitaal --db "$DB" import "$T_DIR/chain.json"
for u in "alice coordinator nctv secret" "bob provider hoogspanningsnet-nl confidential" \
  "carol provider centrale-maasmond confidential"; do
  set -- $u
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" \
    --clearance "$4" >/dev/null 2>"$T_DIR/user.err" || fail "user add $1" "$(cat "$T_DIR/user.err")"
done

if ! start_server jobs "$DB" --threads 2 --job-budget 2s; then
  finish
  exit $?
fi

cat >"$T_DIR/jobs.py" <<'PY'
import json, sys, threading, time
sys.path.insert(0, sys.argv[2])
from api import Client, Report
host, port = sys.argv[1].split("//")[1].rsplit(":", 1)
rep = Report()

def client(name):
    c = Client(host, int(port))
    assert c.login(name, "pw-%s-0123456789" % name).status == 200, name
    return c

coord, bob, carol = client("alice"), client("bob"), client("carol")
heavy = {"outage_h": 100, "horizon_h": 100000}

def job(c, loc, until=("done", "failed"), wait=30):
    t0 = time.monotonic()
    while True:
        r = c.call("GET", loc)
        if r.status != 200 or r.json["status"] in until or time.monotonic() - t0 > wait:
            return r
        time.sleep(0.1)

a = bob.call("POST", "/api/v1/criticality", heavy)
b = bob.call("POST", "/api/v1/criticality", heavy)
rep.check("a provider queues two expensive jobs (202, 202)", a.status == 202 and b.status == 202,
          (a.status, a.body, b.status, b.body))
third = bob.call("POST", "/api/v1/criticality", heavy)
rep.check("... a third is refused: 429 with Retry-After, naming the limit per user",
          third.status == 429 and third.headers.get("retry-after", "").isdigit() and
          third.json.get("message_id") == "jobs_per_user" and "2 jobs" in third.json["message"],
          (third.status, third.headers, third.body))
loc_a, loc_b = a.headers["location"], b.headers["location"]

running = job(bob, loc_a, until=("running", "done", "failed"))
rep.check("the provider's first job runs, reporting its phase and percent",
          running.json["status"] == "running" and running.json["phase"] == "criticality" and
          0 <= running.json["percent"] <= 100, running.body)
rep.check("... and its second waits: a worker never takes a second job of a user whose job runs",
          bob.call("GET", loc_b).json["status"] == "queued")

# the coordinator's interactive requests and own job, while the provider's jobs run
worst = 0.0
for _ in range(10):
    t0 = time.monotonic()
    r = coord.call("GET", "/api/v1/me")
    worst = max(worst, time.monotonic() - t0)
    time.sleep(0.1)
rep.check("the coordinator's GET /api/v1/me stays under a second while the jobs run (worst %.3f s)"
          % worst, r.status == 200 and worst < 1.0, worst)
c = coord.call("POST", "/api/v1/criticality", {"outage_h": 24, "horizon_h": 48, "top": 3})
cr = job(coord, c.headers.get("location", ""), until=("running", "done", "failed"), wait=5)
rep.check("the coordinator's own job does not wait behind the provider's (%s)"
          % cr.json["status"], c.status == 202 and cr.json["status"] in ("running", "done", "failed"),
          cr.body)

# the budget
t0 = time.monotonic()
ra = job(bob, loc_a)
took = time.monotonic() - t0
rep.check("a job over its time budget (2 s) is stopped and fails saying so",
          ra.json["status"] == "failed" and ra.json["error"].get("message_id") == "job_budget" and
          "time budget of 2 s" in ra.json["error"]["message"] and "result" not in ra.json, ra.body)

# cancelling: not by another provider, by the coordinator; the owner sees it end
r = carol.call("DELETE", loc_b)
rep.check("another provider cannot cancel the job (404, as if absent)", r.status == 404, r.body)
r = carol.call("GET", loc_b)
rep.check("... nor see it (404)", r.status == 404, r.body)
r = coord.call("DELETE", loc_b)
rep.check("the coordinator cancels it (204)", r.status == 204, (r.status, r.body))
rb = job(bob, loc_b)
rep.check("... and the owner sees it failed as cancelled by the coordinator",
          rb.json["status"] == "failed" and rb.json["error"].get("message_id") == "job_cancelled" and
          "alice" in rb.json["error"]["message"], rb.body)
d = bob.call("POST", "/api/v1/criticality", heavy)
time.sleep(0.3)
r = bob.call("DELETE", d.headers["location"])
rd = job(bob, d.headers["location"], wait=5)
rep.check("the owner cancels a running job; it ends within a moment (%s)" % rd.json["status"],
          r.status == 204 and rd.json["status"] == "failed" and
          rd.json["error"].get("message_id") == "job_cancelled", (r.status, rd.body))
r = bob.call("POST", "/api/v1/criticality", heavy)
rep.check("with the quota free again the provider may queue a job", r.status == 202, r.body)
bob.call("DELETE", r.headers.get("location", "/api/v1/jobs/x"))
rep.check("cancelling a job that does not exist: 404",
          bob.call("DELETE", "/api/v1/jobs/" + "0" * 32).status == 404)

# IIM: an answer over 100,000 values is refused before any work
sectors = ["s%d" % i for i in range(20)]
doc = {"sectors": sectors, "a_star": [[0.01] * 20 for _ in range(20)],
       "dynamic": {"steps": 1001, "k": [0.5] * 20, "q0": [0.0] * 20,
                   "perturbations": [{"from": 1, "to": 10, "c_star": [0.1] * 20}]}}
t0 = time.monotonic()
r = bob.call("POST", "/api/v1/iim", doc)
rep.check("IIM with 20 sectors x 1,001 steps: 400 naming the limit of 20,000 values, at once",
          r.status == 400 and r.json.get("message_id") == "iim_values" and
          "20000" in r.json["message"] and time.monotonic() - t0 < 1.0, (r.status, r.body))
doc["dynamic"]["steps"] = 1000
t0 = time.monotonic()
r = bob.call("POST", "/api/v1/iim", doc)
took = time.monotonic() - t0
rep.check("... 20 x 1,000 is answered within a second (%.2f s, %d KB)" % (took, len(r.body) // 1024),
          r.status == 200 and took < 1.0, (r.status, r.body[:300]))
sys.exit(1 if rep.failed else 0)
PY
run_checks jobs.py python3 "$T_DIR/jobs.py" "$URL" "$VITAAL_ROOT/tests/integration/server"
expect_fail "serve refuses a job budget of 2 days" 2 "job-budget" vitaal --db "$DB" serve --job-budget 2d
stop_servers
check_server_logs
finish
