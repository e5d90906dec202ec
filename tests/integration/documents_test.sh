#!/usr/bin/env bash
# documents_test.sh — issue 17 part 1: every document that both the CLI and
# the API give is written once (report/report_json.h), so on the demo
# database `vitaal X --json` equals the coordinator's API answer: cascade,
# criticality (the job's result), status, review status, incident
# deadlines, fallback need and what-if (the job's result). Both run at one
# clock (VITAAL_NOW). Normalised, and only there: the criticality and
# what-if job results are compared as the job's "result" (the job wraps
# it in its own state); nothing else differs, so nothing else is
# normalised. Then the same documents for a provider: never more than the
# coordinator's, every node, measure and incident it names one it may
# read (the same answer with the need-to-know filter), and what it may not
# see counted in not_visible without being named. Fails on the code before
# the change (the API's review and incident documents lacked fields the
# CLI's had; the CLI's cascade and ranking had no not_visible).
. "$(dirname "$0")/lib.sh"

export VITAAL_NOW=2026-11-16T10:00:00Z
DB=$(new_db documents)
check "init (the demo data)" vitaal --db "$DB" init --demo
for u in "coord coordinator nctv secret" "prov provider hoogspanningsnet-nl confidential"; do
  set -- $u
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" \
    --clearance "$4" >/dev/null 2>"$T_DIR/user.err" || fail "user add $1" "$(cat "$T_DIR/user.err")"
done

if ! start_server documents "$DB"; then
  finish
  exit $?
fi

cat >"$T_DIR/documents.py" <<'PY'
import json, subprocess, sys, time
sys.path.insert(0, sys.argv[4])
from api import Client, Report
host, port = sys.argv[1].split("//")[1].rsplit(":", 1)
vitaal, db = sys.argv[2], sys.argv[3]
rep = Report()

def client(name):
    c = Client(host, int(port))
    assert c.login(name, "pw-%s-0123456789" % name).status == 200, name
    return c

coord, prov = client("coord"), client("prov")

def cli(*args):
    out = subprocess.run([vitaal, "--db", db] + list(args) + ["--json"], capture_output=True,
                         check=True).stdout
    return json.loads(out)

def job(c, path, body):
    r = c.call("POST", path, body)
    assert r.status == 202, (path, r.status, r.body)
    t0 = time.monotonic()
    while True:
        s = c.call("GET", r.headers["location"])
        if s.json["status"] in ("done", "failed") or time.monotonic() - t0 > 60:
            assert s.json["status"] == "done", s.body
            return s.json["result"] # normalised: the job's state around it is the job's own
        time.sleep(0.1)

def first_diff(a, b, path="$"):
    if type(a) is not type(b):
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return "%s.%s: only in %s" % (path, k, "the CLI" if k in a else "the API")
            d = first_diff(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)

fail = ["elektriciteit-landelijk"]
measure = "ms-decentrale-brandstof"
docs = {
    "cascade": (cli("cascade", "--fail", fail[0], "--outage-h", "24", "--horizon-h", "96"),
                lambda c: c.call("POST", "/api/v1/cascade",
                                 {"fail": fail, "outage_h": 24, "horizon_h": 96}).json),
    "criticality": (cli("criticality", "--outage-h", "24", "--horizon-h", "72", "--top", "8"),
                    lambda c: job(c, "/api/v1/criticality",
                                  {"outage_h": 24, "horizon_h": 72, "top": 8})),
    "status": (cli("status"), lambda c: c.call("GET", "/api/v1/status").json),
    "reviews": (cli("reviews"), lambda c: c.call("GET", "/api/v1/review-status").json),
    "incidents": (cli("incidents"), lambda c: c.call("GET", "/api/v1/incident-deadlines").json),
    "fallback-need": (cli("fallback-need"), lambda c: c.call("GET", "/api/v1/fallback-need").json),
    "whatif": (cli("whatif", "--measures", measure),
               lambda c: job(c, "/api/v1/whatif", {"measures": [measure]})),
}
answers = {}
for name, (from_cli, ask) in docs.items():
    from_api = ask(coord)
    answers[name] = from_api
    d = first_diff(from_cli, from_api)
    rep.check("%s: `vitaal %s --json` equals the coordinator's API answer" % (name, name),
              d is None, d)

# the documents say something: not empty answers compared with each other
rep.check("the documents are not empty (nodes, ranking, processes, measures, incidents)",
          len(answers["cascade"]["nodes"]) > 3 and len(answers["criticality"]["ranking"]) == 8 and
          len(answers["status"]["processes"]) > 3 and len(answers["reviews"]["measures"]) > 3 and
          len(answers["incidents"]["incidents"]) > 0 and answers["whatif"]["measures"],
          {k: list(v) for k, v in answers.items()})
rep.check("the fields the API's review and incident documents lacked are there",
          all("reviews" in m and "effect" in m and "due" in m
              for m in answers["reviews"]["measures"]) and
          all("title" in i and "significant" in i and "provider" in i and
              all("seconds_left" in d for d in i["deadlines"])
              for i in answers["incidents"]["incidents"]) and "rules" in answers["incidents"],
          answers["incidents"]["incidents"][:1])

# the same writers with a provider's filter: less, never more, and counted
p_cascade = prov.call("POST", "/api/v1/cascade", {"fail": fail, "outage_h": 24, "horizon_h": 96})
if p_cascade.status == 200:
    c, p = answers["cascade"], p_cascade.json
    ids = {n["id"] for n in c["nodes"]}
    rep.check("cascade for a provider: a subset of the coordinator's nodes, the rest counted",
              {n["id"] for n in p["nodes"]} <= ids and p["affected"] == len(p["nodes"]) and
              p["affected"] + p["not_visible"] == c["affected"] and p["not_visible"] > 0,
              (p["affected"], p["not_visible"], c["affected"]))
else:
    rep.expect_status("cascade for a provider that may not see the failed process: 404",
                      p_cascade, 404, "not_found", "fail")
p_rank = job(prov, "/api/v1/criticality", {"outage_h": 24, "horizon_h": 72, "top": 8})
c_rank = answers["criticality"]
rep.check("criticality for a provider: counts add up to the coordinator's, hidden ones counted",
          p_rank["processes"] + p_rank["services"] + p_rank["not_visible"] ==
          c_rank["processes"] + c_rank["services"] + c_rank["not_visible"] and
          p_rank["not_visible"] > 0 and len(p_rank["ranking"]) <= 8,
          (p_rank, c_rank["processes"], c_rank["services"]))
for name, path, key in (("reviews", "/api/v1/review-status", "measures"),
                        ("incidents", "/api/v1/incident-deadlines", "incidents")):
    p = prov.call("GET", path).json
    mine = {x["id"] for x in p[key]}
    readable = {x["id"] for x in answers[name][key]
                if prov.call("GET", "/api/v1/%s/%s" % (key, x["id"])).status == 200}
    rep.check("%s for a provider: exactly the %s it may read (GET answers 200), no more" %
              (name, key), mine == readable and len(mine) < len(answers[name][key]),
              (sorted(mine ^ readable), len(mine), len(answers[name][key])))
PY

run_checks documents python3 "$T_DIR/documents.py" "$URL" "$VITAAL_BIN" "$DB" \
  "$VITAAL_ROOT/tests/integration/server"
stop_servers
check_server_logs
finish
