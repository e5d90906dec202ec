#!/usr/bin/env bash
# server_framework_test.sh — GET /api/v1/framework-coverage end to end on the
# demo database: for a coordinator the answer is exactly what `vitaal
# framework list --json` and `vitaal framework show ID --json` print (also
# with a process), a framework may be named by id, urn or ref_id; an unknown
# framework, process or parameter is 400 naming the parameter; a provider
# sees and counts only the measures it may read (one it creates through the
# API appears, the ministry's internal one does not); the confidential
# measures a coordinator is shown are audited as reads; 401 without a login,
# 405 for POST. The server started is killed at the end, also on failure.
. "$(dirname "$0")/lib.sh"

DB=$(new_db demo)

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "framework coverage API tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

NIS2=urn:vitaal:framework:nis2
CER=urn:vitaal:framework:cer
check "fixture: init --demo" vitaal --db "$DB" init --demo
add_user() { echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4"; }
check "fixture: a coordinator" add_user alice coordinator nctv secret
check "fixture: a provider (betaalverwerking-nederland, confidential)" \
  add_user carol provider betaalverwerking-nederland confidential
vitaal --db "$DB" framework list --json >"$T_DIR/cli-list.json"
vitaal --db "$DB" framework list --process giraal-betalingsverkeer --json >"$T_DIR/cli-list-process.json"
vitaal --db "$DB" framework show "$NIS2" --json >"$T_DIR/cli-nis2.json"
vitaal --db "$DB" framework show "$CER" --json >"$T_DIR/cli-cer.json"
vitaal --db "$DB" framework show "$NIS2" --process giraal-betalingsverkeer --json >"$T_DIR/cli-nis2-process.json"

if ! start_server server "$DB" --threads 2; then
  finish
  exit 1
fi
pass "the server starts ($URL)"

token() {
  curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"pw-$1-0123456789\"}" "$URL/api/v1/session" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
ALICE=$(token alice)
CAROL=$(token carol)
# api TOKEN PATH OUTFILE: GET, prints the status
api() { curl -s -o "$3" -w '%{http_code}' -H "Authorization: Bearer $1" "$URL/api/v1$2"; }

# same_json A B [JQ-LIKE PYTHON EXPRESSION on a]: the two files hold the same JSON value
same_json() {
  python3 - "$@" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
if len(sys.argv) > 3:
    a = eval(sys.argv[3])
if a != b:
    print("API:", json.dumps(a)[:1500]); print("CLI:", json.dumps(b)[:1500]); sys.exit(1)
EOF
}

# --- the coordinator: the CLI's answers -------------------------------------------
check "list: 200" test "$(api "$ALICE" /framework-coverage "$T_DIR/list.json")" = 200
check "list: the items are 'vitaal framework list --json'" same_json "$T_DIR/list.json" "$T_DIR/cli-list.json" 'a["items"]'
check "list with a process: 'vitaal framework list --process ... --json'" \
  test "$(api "$ALICE" '/framework-coverage?process=giraal-betalingsverkeer' "$T_DIR/list-p.json")" = 200
check "list with a process: the same items as the CLI" same_json "$T_DIR/list-p.json" "$T_DIR/cli-list-process.json" 'a["items"]'
for fw in "$NIS2" "$CER"; do
  name=$(tr -c 'a-z0-9\n' _ <<<"${fw##*:}")
  check "$fw: 200" test "$(api "$ALICE" "/framework-coverage?framework=$fw" "$T_DIR/$name.json")" = 200
  check "$fw: equals 'vitaal framework show $fw --json'" same_json "$T_DIR/$name.json" "$T_DIR/cli-$name.json"
done
check "a framework by its ref_id (nis2, any case)" \
  test "$(api "$ALICE" '/framework-coverage?framework=nis2' "$T_DIR/by-ref.json")" = 200
check "... is the same answer" same_json "$T_DIR/by-ref.json" "$T_DIR/cli-nis2.json"
check "NIS2 for one process: 200" \
  test "$(api "$ALICE" "/framework-coverage?framework=$NIS2&process=giraal-betalingsverkeer" "$T_DIR/nis2-p.json")" = 200
check "NIS2 for one process: equals the CLI's --process" same_json "$T_DIR/nis2-p.json" "$T_DIR/cli-nis2-process.json"
check "the demo's coverage is not trivial (some covered, some not)" python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["coverage"]
sys.exit(0 if 0 < c["covered"] < c["assessable"] else 1)' "$T_DIR/nis2.json"

# --- refusals --------------------------------------------------------------------
# refused PATH FIELD: 400 with field naming the parameter
refused() {
  local status
  status=$(api "$ALICE" "$1" "$T_DIR/err.json")
  if [ "$status" = 400 ] && python3 -c '
import json, sys
sys.exit(0 if json.load(open(sys.argv[1])).get("field") == sys.argv[2] else 1)' "$T_DIR/err.json" "$2"; then
    pass "$1: 400 naming '$2'"
  else
    fail "$1: 400 naming '$2'" "$status $(cat "$T_DIR/err.json")"
  fi
}
refused '/framework-coverage?framework=no-such-framework' framework
refused '/framework-coverage?framework=' framework
refused "/framework-coverage?framework=$NIS2&process=no-such-process" process
refused '/framework-coverage?frame=x' frame
check "no login: 401" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/framework-coverage")" = 401
check "POST: 405" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $ALICE" \
  "$URL/api/v1/framework-coverage")" = 405

# --- need-to-know: a provider ----------------------------------------------------------
req=urn:vitaal:req_node:nis2:21.2.h
status=$(curl -s -o "$T_DIR/created.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $CAROL" \
  -H 'Content-Type: application/json' "$URL/api/v1/measures" -d "{
  \"name\": \"Versleuteling van de verwerkingsketen\", \"kind\": \"other\", \"scope\": \"sectoral\",
  \"processes\": [\"giraal-betalingsverkeer\"], \"status\": \"planned\", \"requirements\": [\"$req\"],
  \"classification\": \"internal\", \"owner\": \"betaalverwerking-nederland\"}")
check "(the provider creates a measure mapped to NIS2 21(2)(h) through the API)" test "$status" = 201
# a provider sends no id: the server makes it (ms-<name>-xxxx)
CAROL_MS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T_DIR/created.json" 2>/dev/null)
check "(its id is the server's, from the name)" grep -qE '^ms-versleuteling-van-de-verwerkingsketen-[a-z2-9]{4}$' <<<"$CAROL_MS"
api "$CAROL" "/framework-coverage?framework=$NIS2" "$T_DIR/carol.json" >/dev/null
api "$CAROL" '/measures?limit=1000' "$T_DIR/carol-measures.json" >/dev/null
api "$ALICE" "/framework-coverage?framework=$NIS2" "$T_DIR/alice-after.json" >/dev/null
check "provider: every measure shown is one it may read, and every one it may read that names a requirement is shown" python3 - "$T_DIR/carol.json" "$T_DIR/carol-measures.json" "$T_DIR/alice-after.json" <<'EOF'
import json, sys
mine = json.load(open(sys.argv[1]))
readable = {m["id"]: m for m in json.load(open(sys.argv[2]))["items"]}
everything = json.load(open(sys.argv[3]))
problems = []
for r, full in zip(mine["requirements"], everything["requirements"]):
    assert r["id"] == full["id"]
    shown = [m["id"] for m in r["measures"]]
    want = [m["id"] for m in full["measures"] if m["id"] in readable]
    if shown != want:
        problems.append(f'{r["id"]}: shown {shown}, readable {want}')
if problems:
    print("\n".join(problems)); sys.exit(1)
EOF
check "provider: its own new measure is shown under 21(2)(h), the ministry's internal one is not" python3 - "$T_DIR/carol.json" "$T_DIR/alice-after.json" "$CAROL_MS" <<'EOF'
import json, sys
mine = {r["id"]: [m["id"] for m in r["measures"]] for r in json.load(open(sys.argv[1]))["requirements"]}
full = {r["id"]: [m["id"] for m in r["measures"]] for r in json.load(open(sys.argv[2]))["requirements"]}
ok = (mine["urn:vitaal:req_node:nis2:21.2.h"] == [sys.argv[3]]
      and "ms-ddos-bescherming" in full["urn:vitaal:req_node:nis2:21.2.a"]
      and "ms-ddos-bescherming" not in mine["urn:vitaal:req_node:nis2:21.2.a"])
print(mine, full) if not ok else None
sys.exit(0 if ok else 1)
EOF
check "provider: the coverage counts only what it is shown" python3 - "$T_DIR/carol.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
reqs = [r for r in d["requirements"] if r["assessable"]]
covered = sum(1 for r in reqs if any(m["status"] != "cancelled" for m in r["measures"]))
done = sum(1 for r in reqs if any(m["status"] == "done" for m in r["measures"]))
c = d["coverage"]
ok = c == {"assessable": len(reqs), "covered": covered, "covered_done": done} and covered == 1
print(c, covered, done) if not ok else None
sys.exit(0 if ok else 1)
EOF
check "provider: the list counts only what it may read too" python3 - "$T_DIR/carol.json" <<EOF
import json, subprocess, sys
out = subprocess.run(["curl", "-s", "-H", "Authorization: Bearer $CAROL", "$URL/api/v1/framework-coverage"],
                     capture_output=True, text=True).stdout
item = [i for i in json.loads(out)["items"] if i["id"] == "$NIS2"][0]
c = json.load(open(sys.argv[1]))["coverage"]
sys.exit(0 if (item["covered"], item["covered_done"]) == (c["covered"], c["covered_done"]) else 1)
EOF

# --- the audit: confidential measures shown are reads ----------------------------------
api "$ALICE" '/audit?limit=1000' "$T_DIR/audit.json" >/dev/null
check "the coordinator's reads of confidential measures (ms-cloud-exit) are audited" python3 -c '
import json, sys
entries = json.load(open(sys.argv[1]))["items"]
sys.exit(0 if any(e.get("action") == "read" and e.get("record") == "ms-cloud-exit"
                  and e.get("detail") == "framework-coverage" for e in entries) else 1)' "$T_DIR/audit.json"
check "the audit log still verifies" vitaal --db "$DB" audit verify

check_server_logs
finish
