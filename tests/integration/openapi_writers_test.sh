#!/usr/bin/env bash
# openapi_writers_test.sh — the OpenAPI document against the documents the
# report writers make, on the demo (richer than the server checks' fixture:
# risks in every cell, residual risk, fallback options, compliance):
# - the components of the writers' documents in the served document are
#   the schemas the writers declare (src/report/*_json.schema.json), as
#   declared;
# - `vitaal X --json` of every writer the CLI and the API share is valid by
#   the document's schema of that answer (status, risks, risks --residual,
#   fallback-need, compliance, assess, cascade, criticality, reviews,
#   incidents, whatif), closed objects closed, so a field a writer adds
#   without declaring it fails here;
# - every field a writer's schema declares is written in at least one of
#   those documents or API answers (a declaration no writer writes any more
#   fails), but for the few the demo cannot show, listed with the reason;
# - every answer the coordinator gets from the API's analyses on the demo is
#   checked by openapi_check.py.
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
FW=$(vitaal --db "$DB" framework list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
FAIL=elektriciteit-landelijk
M=ms-decentrale-brandstof,ms-grondstoffen-spreiding,ms-stations-beveiliging,ms-transformator-reserve,ms-dc-diesel
for doc in "status status" "risks risks" "risks-residual risks --residual" \
           "fallback-need fallback-need" "compliance compliance" "assess assess $P --dry-run" \
           "cascade cascade --fail $FAIL --outage-h 24 --horizon-h 96" \
           "criticality criticality --outage-h 24 --horizon-h 72" "reviews reviews" \
           "incidents incidents" "whatif whatif --measures $M" "framework-list framework list" \
           "framework-show framework show $FW"; do
  set -- $doc
  name=$1
  shift
  vitaal --db "$DB" "$@" --json >"$T_DIR/cli-$name.json" 2>"$T_DIR/cli-$name.err" ||
    fail "vitaal $* --json" "$(cat "$T_DIR/cli-$name.err")"
done

if start_server demo "$DB"; then
  curl -s "$URL/api/v1/openapi.json" >"$T_DIR/openapi.json"
  run_checks openapi_writers python3 - "$URL" "$T_DIR" "$HERE" "$PW" "$P" "$VITAAL_ROOT" <<'PY'
import glob, json, sys, time
url, tdir, here, pw, process, root = sys.argv[1:7]
sys.path.insert(0, here)
import jsonschema
from api import Client, Report

rep = Report()
doc = json.load(open(tdir + "/openapi.json"))
# the served components of the writers' documents are the writers' own
declared = {}
for path in sorted(glob.glob(root + "/src/report/*_json.schema.json")):
    for name, schema in json.load(open(path)).items():
        declared[name] = schema
rep.check("the writers declare their schemas (src/report/*_json.schema.json)", len(declared) >= 21,
          sorted(declared))
for name, schema in declared.items():
    rep.check("the served %s is the one its writer declares" % name,
              doc["components"]["schemas"].get(name) == schema)

# the CLI's documents, written by the same report writers as the answers
written = []
for name, schema in [("status", "Status"), ("risks", "RiskPicture"),
                     ("risks-residual", "RiskPicture"), ("fallback-need", "FallbackNeed"),
                     ("compliance", "Compliance"), ("assess", "AssessResult"),
                     ("cascade", "CascadeResult"), ("criticality", "CriticalityResult"),
                     ("reviews", "ReviewStatus"), ("incidents", "IncidentDeadlines"),
                     ("whatif", "WhatifResult"), ("framework-list", "FrameworkSummary[]"),
                     ("framework-show", "FrameworkTree")]:
    ref = {"$ref": "#/components/schemas/" + schema.rstrip("[]")}
    v = jsonschema.Draft202012Validator({"allOf": [{"type": "array", "items": ref}
                                                   if schema.endswith("[]") else ref],
                                         "components": doc["components"]})
    value = json.load(open("%s/cli-%s.json" % (tdir, name)))
    written.extend((schema[:-2], x) for x in value) if schema.endswith("[]") else \
        written.append((schema, value))
    errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(the document)",
                          e.message[:300]) for e in v.iter_errors(value)]
    rep.check("vitaal %s --json is valid by the schema %s" % (name.replace("-residual", " --residual"),
                                                              schema),
              not errors and value, "\n".join(errors[:10]))

# the API's analyses on the demo, every answer checked by openapi_check
host, port = url.split("//")[1].rsplit(":", 1)
c = Client(host, int(port))
c.login("coord", pw)
answered = {"/api/v1/status": "Status", "/api/v1/risk-picture": "RiskPicture",
            "/api/v1/fallback-need": "FallbackNeed", "/api/v1/review-status": "ReviewStatus",
            "/api/v1/incident-deadlines": "IncidentDeadlines", "/api/v1/compliance": "Compliance"}
for path in ["/api/v1/status", "/api/v1/risk-picture", "/api/v1/risk-picture?residual=true",
             "/api/v1/risk-picture?process=" + process, "/api/v1/fallback-need",
             "/api/v1/review-status", "/api/v1/incident-deadlines", "/api/v1/compliance",
             "/api/v1/framework-coverage", "/api/v1/notifications", "/api/v1/audit?limit=50"]:
    r = c.call("GET", path)
    rep.check("GET %s answers 200" % path, r.status == 200)
    if path.split("?")[0] in answered:
        written.append((answered[path.split("?")[0]], r.json))
r = c.call("POST", "/api/v1/assess", {"process": process, "dry_run": True})
rep.check("POST /api/v1/assess (dry run) answers 200", r.status == 200)
written.append(("AssessResult", r.json))
r = c.call("POST", "/api/v1/cascade", {"fail": [process], "outage_h": 24, "horizon_h": 168})
rep.check("POST /api/v1/cascade answers 200", r.status == 200)
written.append(("CascadeResult", r.json))
events = c.call("GET", "/api/v1/events?limit=1").json["items"]
if events:
    r = c.call("POST", "/api/v1/events/%s/quickscan" % events[0]["id"], {"dry_run": True})
    rep.check("POST /api/v1/events/{id}/quickscan (dry run) answers 200", r.status == 200,
              (r.status, r.body))
    written.append(("QuickscanResult", r.json))
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
    written.append(("CriticalityResult" if "top" in body else "WhatifResult", job.get("result")))

# every field a writer declares is written somewhere: a walk of each
# document along its schema marks the declared properties it holds
schemas = doc["components"]["schemas"]
def resolve(s):
    while "$ref" in s:
        s = schemas[s["$ref"].rsplit("/", 1)[1]]
    return s
def fits(s, value):
    v = jsonschema.Draft202012Validator({"allOf": [s], "components": doc["components"]})
    return v.is_valid(value)
seen = set()
def walk(s, value, label):
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[1]
        return walk(schemas[name], value, name if name in declared else None)
    for alt in s.get("oneOf", []) + s.get("anyOf", []):
        if fits(alt, value):
            walk(alt, value, label)
    if isinstance(value, dict):
        for k, sub in value.items():
            if k in s.get("properties", {}):
                if label:
                    seen.add("%s.%s" % (label, k))
                walk(s["properties"][k], sub, label and "%s.%s" % (label, k))
            elif isinstance(s.get("additionalProperties"), dict):
                walk(s["additionalProperties"], sub, label and label + ".*")
    if isinstance(value, list) and isinstance(s.get("items"), dict):
        for sub in value:
            walk(s["items"], sub, label and label + "[]")
def declared_fields(s, label, out, depth=0):
    if "$ref" in s or depth > 12:
        return
    for alt in s.get("oneOf", []) + s.get("anyOf", []):
        declared_fields(alt, label, out, depth + 1)
    for k, sub in s.get("properties", {}).items():
        out.add("%s.%s" % (label, k))
        declared_fields(sub, "%s.%s" % (label, k), out, depth + 1)
    if isinstance(s.get("additionalProperties"), dict):
        declared_fields(s["additionalProperties"], label + ".*", out, depth + 1)
    if isinstance(s.get("items"), dict):
        declared_fields(s["items"], label + "[]", out, depth + 1)
for schema, value in written:
    walk({"$ref": "#/components/schemas/" + schema}, value, None)
fields = set()
for name, schema in declared.items():
    declared_fields(schema, name, fields)
# declared, and written only where the demo does not go (each with why)
NOT_ON_THE_DEMO = {
}
missing = sorted(f for f in fields - seen if f not in NOT_ON_THE_DEMO)
rep.check("every field the writers declare is written in a document on the demo",
          not missing, "\n".join(missing))
rep.check("the fields listed as not on the demo are declared and not written",
          all(f in fields and f not in seen for f in NOT_ON_THE_DEMO),
          sorted(f for f in NOT_ON_THE_DEMO if f not in fields or f in seen))
sys.exit(1 if rep.failed else 0)
PY
  check_server_logs
fi
finish
