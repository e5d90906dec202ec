#!/usr/bin/env bash
# openapi_writers_test.sh — the OpenAPI document against the documents the
# report writers make, on the demo (richer than the server checks' fixture:
# risks in every cell, residual risk, fallback options, compliance):
# `vitaal X --json` of the writers the CLI and the API share must be valid
# by the document's schema of that answer (status, risks, risks --residual,
# fallback-need, compliance, assess), and every answer the coordinator gets
# from the API's analyses on the demo is checked by openapi_check.py.
# The CLI's reviews, incidents, cascade and criticality documents still
# differ from the API's (issue 17 part 1) and join the list when the report
# writers are one.
. "$(dirname "$0")/lib.sh"

HERE="$VITAAL_ROOT/tests/integration/server"
DB=$(new_db demo)
PW=pw-coord-0123456789

if ! python3 -c 'import jsonschema' 2>/dev/null; then
  skip "openapi writers" "python3-jsonschema is not installed (scripts/deps.sh)"
  finish
  exit $?
fi

check "demo: init" vitaal --db "$DB" init
check "demo: import" vitaal --db "$DB" import "$VITAAL_ROOT/data/demo.json"
check "demo: a coordinator" bash -c "echo '$PW' | '$VITAAL_BIN' --db '$DB' user add coord \
  --role coordinator --org nctv --clearance secret"
P=$(vitaal --db "$DB" list processes --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
for doc in "status status" "risks risks" "risks-residual risks --residual" \
           "fallback-need fallback-need" "compliance compliance" "assess assess $P --dry-run"; do
  set -- $doc
  name=$1
  shift
  vitaal --db "$DB" "$@" --json >"$T_DIR/cli-$name.json" 2>"$T_DIR/cli-$name.err" ||
    fail "vitaal $* --json" "$(cat "$T_DIR/cli-$name.err")"
done

if start_server demo "$DB"; then
  curl -s "$URL/api/v1/openapi.json" >"$T_DIR/openapi.json"
  run_checks openapi_writers python3 - "$URL" "$T_DIR" "$HERE" "$PW" "$P" <<'PY'
import json, sys, time
url, tdir, here, pw, process = sys.argv[1:6]
sys.path.insert(0, here)
import jsonschema
from api import Client, Report

rep = Report()
doc = json.load(open(tdir + "/openapi.json"))
# the CLI's documents, written by the same report writers as the answers
for name, schema in [("status", "Status"), ("risks", "RiskPicture"),
                     ("risks-residual", "RiskPicture"), ("fallback-need", "FallbackNeed"),
                     ("compliance", "Compliance"), ("assess", "AssessResult")]:
    v = jsonschema.Draft202012Validator({"allOf": [{"$ref": "#/components/schemas/" + schema}],
                                         "components": doc["components"]})
    value = json.load(open("%s/cli-%s.json" % (tdir, name)))
    errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(the document)",
                          e.message[:300]) for e in v.iter_errors(value)]
    rep.check("vitaal %s --json is valid by the schema %s" % (name.replace("-residual", " --residual"),
                                                              schema),
              not errors and value, "\n".join(errors[:10]))

# the API's analyses on the demo, every answer checked by openapi_check
host, port = url.split("//")[1].rsplit(":", 1)
c = Client(host, int(port))
c.login("coord", pw)
for path in ["/api/v1/status", "/api/v1/risk-picture", "/api/v1/risk-picture?residual=true",
             "/api/v1/risk-picture?process=" + process, "/api/v1/fallback-need",
             "/api/v1/review-status", "/api/v1/incident-deadlines", "/api/v1/compliance",
             "/api/v1/framework-coverage", "/api/v1/notifications", "/api/v1/audit?limit=50"]:
    rep.check("GET %s answers 200" % path, c.call("GET", path).status == 200)
rep.check("POST /api/v1/assess (dry run) answers 200",
          c.call("POST", "/api/v1/assess", {"process": process, "dry_run": True}).status == 200)
rep.check("POST /api/v1/cascade answers 200",
          c.call("POST", "/api/v1/cascade", {"fail": [process], "outage_h": 24,
                                             "horizon_h": 168}).status == 200)
frameworks = c.call("GET", "/api/v1/frameworks").json["items"]
if frameworks:
    path = "/api/v1/framework-coverage?framework=" + frameworks[0]["id"]
    rep.check("GET %s answers 200" % path, c.call("GET", path).status == 200)
measures = [m for m in c.call("GET", "/api/v1/measures?limit=1000").json["items"]
            if m.get("effect") not in (None, "none")][:3]
for body in [{"outage_h": 24, "horizon_h": 168, "top": 10},
             {"measures": [m["id"] for m in measures], "outage_h": 24, "horizon_h": 168}]:
    path = "/api/v1/criticality" if "top" in body else "/api/v1/whatif"
    r = c.call("POST", path, body)
    job = r.json
    for i in range(600):
        job = c.call("GET", r.headers.get("location", "/api/v1/jobs/none")).json
        if job.get("status") in ("done", "failed"):
            break
        time.sleep(0.1)
    rep.check("POST %s: the job is done with its result" % path,
              r.status == 202 and job.get("status") == "done" and "result" in job,
              (r.status, r.json, job))
sys.exit(1 if rep.failed else 0)
PY
  check_server_logs
fi
finish
