#!/usr/bin/env bash
# services_test.sh — shared suppliers as nodes (issue 20 part 4) through the
# real binary on the demo: services in the cascade and the criticality
# ranking (each node with its "type"), the common causes of `vitaal risks`
# (national, per sector, per process), and the write rules of services and
# dependencies (one id namespace, a supplier needed, the importer's
# references). Expected numbers come from data/demo.json (its services and
# the dependencies on them) with the settings assess_outage_h 24 and
# assess_horizon_h 168, worked out in docs/method.md ("Services in the cascade").
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
D=$(new_db d)

if ! vitaal --db "$D" init --demo >/dev/null 2>&1; then
  fail "init --demo"
  finish
  exit 1
fi

# --- the cascade: a service fails -------------------------------------------
out=$(vitaal --db "$D" cascade --fail svc-overheidscloud --outage-h 24 --horizon-h 168 --json)
jcheck "cascade: the cloud platform is a node of type service, down exactly 24 h" "$out" \
  '[(n["type"], n["down_h"], n["intervals"]) for n in d["nodes"] if n["id"] == "svc-overheidscloud"] == [("service", 24, [[0, 24]])]'
# identificatie-authenticatie: buffer 2, so loss hours 3..24 -> [2, 24)
jcheck "cascade: its dependents go down after their buffers" "$out" \
  '{n["id"]: n["first_down_h"] for n in d["nodes"]}.get("identificatie-authenticatie") == 2 and {n["id"]: n["type"] for n in d["nodes"]}["basisregistraties"] == "process"'
jcheck "cascade: processes in two sectors down (digital government, payments)" "$out" \
  'd["affected"] == 7 and {"basisregistraties", "giraal-betalingsverkeer", "toonbankbetalingen"} <= {n["id"] for n in d["nodes"]}'
out=$(vitaal --db "$D" cascade --fail svc-dieselketen --outage-h 72 --horizon-h 168 --json)
jcheck "cascade: a service whose users have long buffers takes nothing down" "$out" \
  'd["affected"] == 1 and d["nodes"][0]["id"] == "svc-dieselketen"'
# the same graph through its exported file (which carries no types)
vitaal --db "$D" export --graph >g.json 2>/dev/null
a=$(vitaal --db "$D" cascade --fail svc-tijdsignaal --outage-h 24 --horizon-h 168 --json | sed 's/,"type":"[a-z]*"//g')
b=$(vitaal cascade --graph g.json --fail svc-tijdsignaal --outage-h 24 --horizon-h 168 --json)
if [ -n "$a" ] && [ "$a" = "$b" ]; then pass "cascade: services are nodes of the exported graph too"
else fail "cascade: exported graph with services" "$a / $b"; fi

# --- criticality: services in the ranking ------------------------------------
out=$(vitaal --db "$D" criticality --outage-h 24 --horizon-h 168 --json)
jcheck "criticality: every process and service ranked (28 + 3)" "$out" 'len(d["ranking"]) == 31'
jcheck "criticality: the satellite time signal ranks second, as a service" "$out" \
  'd["ranking"][1] == {"id": "svc-tijdsignaal", "type": "service", "affected": 8, "down_node_hours": 109}'
jcheck "criticality: the cloud platform third; the grid first, a process" "$out" \
  'd["ranking"][2]["id"] == "svc-overheidscloud" and d["ranking"][0]["type"] == "process"'
out=$(vitaal --db "$D" criticality --outage-h 24 --horizon-h 168 --top 3)
grep -Eq '^ +2  svc-tijdsignaal +service +8 +109$' <<<"$out" \
  && pass "criticality text: a type column" || fail "criticality text: a type column" "$out"

# --- risks: the common causes -----------------------------------------------
out=$(vitaal --db "$D" risks --json)
jcheck "risks --json: the settings of the common causes" "$out" \
  '(d["common_causes"]["outage_h"], d["common_causes"]["horizon_h"], d["common_causes"]["min_sectors"]) == (24, 168, 2)'
jcheck "risks --json: two common causes, the time signal first (three sectors)" "$out" \
  '[(s["service"], s["sectors_down"]) for s in d["common_causes"]["services"]] == [("svc-tijdsignaal", 3), ("svc-overheidscloud", 2)]'
jcheck "risks --json: the cloud platform's sectors and processes" "$out" \
  '[s for s in d["common_causes"]["services"] if s["service"] == "svc-overheidscloud"][0]["sectors"] == ["nl-digitale-overheid", "nl-financieel"] and "giraal-betalingsverkeer" in [s for s in d["common_causes"]["services"] if s["service"] == "svc-overheidscloud"][0]["processes"]'
jcheck "risks --json: the diesel contract is no common cause" "$out" \
  'all(s["service"] != "svc-dieselketen" for s in d["common_causes"]["services"])'
out=$(vitaal --db "$D" risks --sector nl-digitale-overheid --json)
jcheck "risks --sector: only the causes that reach the sector" "$out" \
  '[s["service"] for s in d["common_causes"]["services"]] == ["svc-overheidscloud"]'
out=$(vitaal --db "$D" risks --process spraak-sms --json)
jcheck "risks --process: only the causes that take the process down" "$out" \
  '[s["service"] for s in d["common_causes"]["services"]] == ["svc-tijdsignaal"]'
out=$(vitaal --db "$D" risks)
grep -q '^  svc-tijdsignaal (Satelliet-tijdsignaal PNT (fictief), satellite): 3 sectors, 7 processes' <<<"$out" \
  && pass "risks text: the common causes" || fail "risks text: the common causes" "$out"

# --- fallback need and what-if see services as suppliers ---------------------
out=$(vitaal --db "$D" fallback-need --process identificatie-authenticatie --json)
jcheck "fallback need: the cloud platform is an input of the process" "$out" \
  'any(i["dependency"] == "dep-idauth-cloud" for p in d["processes"] for i in p["inputs"])'

# --- writes: one namespace, a supplier needed --------------------------------
cat >bad-id.json <<'EOF'
{"format": "vitaal", "version": 2, "services": [{"id": "drinkwater", "name": "x", "kind": "fuel",
 "classification": "internal", "owner": "nctv"}]}
EOF
expect_fail "import: a service may not take a process's id" 2 "a process has this id" \
  vitaal --db "$D" import bad-id.json
cat >no-supplier.json <<'EOF'
{"format": "vitaal", "version": 2, "dependencies": [{"id": "dep-x", "process": "drinkwater",
 "suppliers": [], "supplier_services": [], "classification": "internal", "owner": "ienw"}]}
EOF
expect_fail "import: a dependency without any supplier" 2 "needs a supplier" \
  vitaal --db "$D" import no-supplier.json
cat >unknown.json <<'EOF'
{"format": "vitaal", "version": 2, "dependencies": [{"id": "dep-x", "process": "drinkwater",
 "supplier_services": ["svc-atlantis"], "classification": "internal", "owner": "ienw"}]}
EOF
expect_fail "import: an unknown service as supplier" 2 "svc-atlantis" \
  vitaal --db "$D" import unknown.json
cat >ok.json <<'EOF'
{"format": "vitaal", "version": 2,
 "services": [{"id": "svc-test", "name": "Test", "kind": "software", "recovery_h": 3,
   "classification": "internal", "owner": "nctv"}],
 "dependencies": [{"id": "dep-x", "process": "drinkwater", "supplier_services": ["svc-test"],
   "buffer_h": 1, "classification": "internal", "owner": "ienw"}]}
EOF
check "import: a service and a dependency naming only it" vitaal --db "$D" import ok.json
out=$(vitaal --db "$D" cascade --fail svc-test --outage-h 5 --horizon-h 10 --json)
jcheck "cascade: the new service takes drinking water down after its hour of buffer" "$out" \
  '[(n["id"], n["first_down_h"]) for n in d["nodes"] if n["id"] == "drinkwater"] == [("drinkwater", 1)]'

finish
