#!/usr/bin/env bash
# framework_test.sh — `vitaal framework` and `vitaal incidents` end to end:
# importing the shipped CER and NIS2 frameworks (and CISO Assistant's, when
# ../shared/data/external is there), re-importing, coverage after mapping
# measures, NIS2/CER status per provider, notification deadlines as a table,
# as JSON and --overdue only, and every bad framework file refused with exit
# 2 and the database file byte-for-byte unchanged.
. "$(dirname "$0")/lib.sh"

FW="$VITAAL_ROOT/tests/data/frameworks"
SHIPPED="$VITAAL_ROOT/data/frameworks"
EXTERNAL="$VITAAL_ROOT/../shared/data/external"
cd "$T_DIR" || exit 1
DB_A=$(new_db a)
DB_E=$(new_db e)
DB_NEW=$(new_db new)

for c in "framework" "framework import" "framework list" "framework show" "framework entities" \
         "incidents"; do
  # shellcheck disable=SC2086
  vitaal $c --help | grep -q "^usage: vitaal $c" && pass "$c --help" || fail "$c --help"
done
expect_fail "framework without a subcommand exits 2" 2 "subcommand" vitaal framework
expect_fail "an unknown subcommand exits 2" 2 "not a subcommand" vitaal framework frobnicate

# --- import, re-import -----------------------------------------------------------
vitaal --db "$DB_NEW" init --empty >/dev/null || exit 1
printf 'id,name,kind,classification,owner\nnctv,NCTV,coordinator,public,nctv\n' >organisations.csv
vitaal --db "$DB_NEW" import organisations.csv >/dev/null
out=$(vitaal --db "$DB_NEW" framework import "$SHIPPED"/nis2-art21.yaml "$SHIPPED"/cer-art13.yaml)
[ "$out" = "imported 2 frameworks, 31 records: 31 new, 0 updated" ] \
  && pass "import the shipped NIS2 and CER frameworks" || fail "import the shipped NIS2 and CER frameworks" "$out"
vitaal --db "$DB_A" init >/dev/null || exit 1 # init loads them too
out=$(vitaal --db "$DB_A" framework import "$SHIPPED"/nis2-art21.yaml "$SHIPPED"/cer-art13.yaml)
[ "$out" = "imported 2 frameworks, 31 records: 0 new, 0 updated, 31 unchanged" ] \
  && pass "re-importing the same frameworks makes no new versions" \
  || fail "re-importing the same frameworks makes no new versions" "$out"
out=$(vitaal --db "$DB_A" framework list)
grep -Eq "^urn:vitaal:framework:nis2 +NIS2 .* 17 +15 +0 +0$" <<<"$out" \
  && grep -Eq "^urn:vitaal:framework:cer +CER .* 12 +9 +0 +0$" <<<"$out" \
  && pass "list counts requirements and assessable ones" || fail "list counts requirements and assessable ones" "$out"
out=$(vitaal --db "$DB_A" list requirements framework=urn:vitaal:framework:cer --json)
grep -q '"parent": "urn:vitaal:req_node:cer:13"' <<<"$out" && grep -q '"owner": "nctv"' <<<"$out" \
  && pass "requirements have parents and the coordinator as owner" || fail "requirements have parents and the coordinator as owner" "$out"
out=$(vitaal --db "$DB_A" framework import "$FW/small.yaml")
grep -q "6 new" <<<"$out" && pass "a node whose parent comes later imports" || fail "a node whose parent comes later imports" "$out"
out=$(vitaal --db "$DB_A" framework show SMALL)
grep -Eq "^art. 1 +urn:test:req:1 " <<<"$out" && grep -Eq "^  1\(a\) +urn:test:req:1.a " <<<"$out" \
  && pass "show prints the tree in order" || fail "show prints the tree in order" "$out"

# --- coverage after mapping measures ------------------------------------------------
out=$(vitaal --db "$DB_A" framework show NIS2)
grep -q "^0 of 15 assessable requirements covered by a measure, 0 by a done measure$" <<<"$out" \
  && pass "show: nothing covered yet" || fail "show: nothing covered yet" "$out"
cat >measures.json <<'EOF'
{"format": "vitaal", "version": 2, "measures": [
  {"id": "m-backup", "name": "Offline backups", "kind": "redundancy", "scope": "sectoral",
   "status": "done", "requirements": ["urn:vitaal:req_node:nis2:21.2.c", "urn:vitaal:req_node:cer:13.1.d"],
   "classification": "internal", "owner": "nctv"},
  {"id": "m-mfa", "name": "MFA everywhere", "kind": "other", "scope": "cross_sectoral",
   "status": "planned", "requirements": ["urn:vitaal:req_node:nis2:21.2.j", "urn:vitaal:req_node:nis2:21.2.c"],
   "classification": "internal", "owner": "nctv"},
  {"id": "m-gone", "name": "Dropped", "kind": "other", "scope": "sectoral",
   "status": "cancelled", "requirements": ["urn:vitaal:req_node:nis2:21.2.g"],
   "classification": "internal", "owner": "nctv"}]}
EOF
check "import measures mapped to requirements" vitaal --db "$DB_A" import measures.json
out=$(vitaal --db "$DB_A" framework show NIS2)
grep -q "^2 of 15 assessable requirements covered by a measure, 1 by a done measure$" <<<"$out" \
  && grep -Eq "^  21\(2\)\(c\) .* m-backup, m-mfa +yes$" <<<"$out" \
  && grep -Eq "^  21\(2\)\(g\) .* m-gone \(cancelled\) +no$" <<<"$out" \
  && pass "show: coverage after mapping measures" || fail "show: coverage after mapping measures" "$out"
out=$(vitaal --db "$DB_A" framework show urn:vitaal:framework:cer --json)
grep -q '"covered_done": 1' <<<"$out" && grep -q '"status": "done"' <<<"$out" \
  && pass "show --json (by urn)" || fail "show --json (by urn)" "$out"
expect_fail "show of an unknown framework exits 3" 3 "no framework" vitaal --db "$DB_A" framework show nope

# --- bad input: exit 2, the file named, nothing written ---------------------------------
before=$(db_sum "$DB_A")
expect_fail "invalid YAML is refused with line and column" 2 "bad-yaml.yaml: line 7, column 1: not valid YAML" \
  vitaal --db "$DB_A" framework import "$FW/small.yaml" "$FW/bad-yaml.yaml"
expect_fail "a file without objects.framework is refused" 2 "bad-no-framework.yaml: line 3: objects.framework: missing" \
  vitaal --db "$DB_A" framework import "$FW/bad-no-framework.yaml"
expect_fail "a node without urn is refused" 2 "bad-no-urn.yaml: line 8: objects.framework.requirement_nodes\[1\]: has no urn" \
  vitaal --db "$DB_A" framework import "$FW/bad-no-urn.yaml"
expect_fail "a parent_urn naming no node is refused" 2 "bad-parent.yaml: line 8: .*parent_urn: no node has the urn 'urn:test:nowhere'" \
  vitaal --db "$DB_A" framework import "$FW/bad-parent.yaml"
expect_fail "duplicate urns are refused" 2 "bad-duplicate.yaml: line 10: .*'urn:test:a' is also the urn of the node at line 6" \
  vitaal --db "$DB_A" framework import "$FW/bad-duplicate.yaml"
expect_fail "an unknown owner is refused" 2 "unknown organisation 'nobody'" \
  vitaal --db "$DB_A" framework import --owner nobody "$FW/small.yaml"
expect_fail "a missing file exits 1" 1 "cannot open" vitaal --db "$DB_A" framework import nothing.yaml
out=$(vitaal --db "$DB_A" framework import --dry-run "$FW/small.yaml")
grep -q "^would import 1 framework, 6 records: 0 new, 6 updated$" <<<"$out" \
  && pass "--dry-run reports" || fail "--dry-run reports" "$out"
[ "$before" = "$(db_sum "$DB_A")" ] && pass "refused imports and --dry-run leave the database unchanged" \
  || fail "refused imports and --dry-run leave the database unchanged"
vitaal --db "$DB_E" init --empty >/dev/null
before=$(db_sum "$DB_E")
expect_fail "without a coordinator the owner must be named" 2 "--owner ORG" \
  vitaal --db "$DB_E" framework import "$FW/small.yaml"
[ "$before" = "$(db_sum "$DB_E")" ] && pass "... and nothing is written" || fail "... and nothing is written"

# --- CISO Assistant's own files, when present ----------------------------------------------
if [ -d "$EXTERNAL" ]; then
  check "import CISO Assistant's CER and NIS2 files" vitaal --db "$DB_A" framework import \
    "$EXTERNAL/ciso-assistant-cer-directive.yaml" "$EXTERNAL/ciso-assistant-nis2-directive.yaml"
  out=$(vitaal --db "$DB_A" framework list --json)
  python3 - "$out" <<'PY' && pass "CISO Assistant: CER 31/14, NIS2 17/13 nodes" || fail "CISO Assistant: CER 31/14, NIS2 17/13 nodes" "$out"
import json, sys
got = {f["ref_id"]: (f["requirements"], f["assessable"]) for f in json.loads(sys.argv[1])}
sys.exit(0 if got["CER-directive"] == (31, 14) and got["NIS2-directive"] == (17, 13) else 1)
PY
else
  skip "CISO Assistant's files" "$EXTERNAL is not there"
fi

# --- entities and incidents ----------------------------------------------------------------
cat >incidents.json <<'EOF'
{"format": "vitaal", "version": 2,
 "organisations": [
  {"id": "grid", "name": "Grid Co", "kind": "provider", "classification": "public", "owner": "nctv"},
  {"id": "telco", "name": "Telco", "kind": "provider", "classification": "public", "owner": "nctv"}],
 "provider_links": [
  {"id": "grid-power", "provider": "grid", "process": "elektriciteit-landelijk",
   "nis2_entity": "essential", "cer_critical": true, "classification": "internal", "owner": "grid"},
  {"id": "telco-power", "provider": "telco", "process": "elektriciteit-regionaal",
   "nis2_entity": "none", "cer_critical": false, "classification": "internal", "owner": "telco"}],
 "incidents": [
  {"id": "inc-late", "process": "elektriciteit-landelijk", "provider": "grid", "title": "Fire",
   "detected_at": "2026-01-31T10:00:00Z", "significant": true,
   "early_warning_at": "2026-02-01T10:00:01Z", "notification_at": "2026-02-02T09:00:00Z",
   "classification": "internal", "owner": "grid"},
  {"id": "inc-minor", "process": "elektriciteit-landelijk", "provider": "grid", "title": "Minor",
   "detected_at": "2026-02-01T00:00:00Z", "significant": false, "classification": "internal", "owner": "grid"},
  {"id": "inc-anon", "process": "elektriciteit-landelijk", "title": "Unknown source",
   "detected_at": "2026-02-02T00:00:00Z", "significant": true, "classification": "internal", "owner": "nctv"},
  {"id": "inc-telco", "process": "elektriciteit-regionaal", "provider": "telco", "title": "Outage",
   "detected_at": "2026-02-03T00:00:00Z", "significant": true, "classification": "internal", "owner": "telco"}]}
EOF
check "import providers, links and incidents" vitaal --db "$DB_A" import incidents.json
out=$(vitaal --db "$DB_A" framework entities)
grep -Eq "^grid +Grid Co +elektriciteit-landelijk +essential +critical +NIS2\+CER$" <<<"$out" \
  && grep -Eq "^telco +Telco +elektriciteit-regionaal +none +no +none$" <<<"$out" \
  && pass "entities: NIS2 and CER status per provider link" || fail "entities: NIS2 and CER status per provider link" "$out"
out=$(vitaal --db "$DB_A" framework entities --json)
grep -q '"regimes": "NIS2+CER"' <<<"$out" && pass "entities --json" || fail "entities --json" "$out"

out=$(vitaal --db "$DB_A" incidents --now 2026-03-01T00:00:00Z)
grep -Eq "^inc-late .* NIS2 +early_warning +2026-02-01T10:00:00Z +2026-02-01T10:00:01Z +late +0h01m late$" <<<"$out" \
  && grep -Eq "^inc-late .* NIS2 +notification +2026-02-03T10:00:00Z +2026-02-02T09:00:00Z +met" <<<"$out" \
  && grep -Eq "^inc-late .* NIS2 +final_report +2026-03-02T09:00:00Z +- +open +33h00m left$" <<<"$out" \
  && grep -Eq "^inc-late .* CER +detailed_report +2026-03-01T10:00:01Z +- +open +10h00m left$" <<<"$out" \
  && grep -Eq "^inc-minor .* NIS2\+CER +not significant" <<<"$out" \
  && grep -Eq "^inc-anon .* - +none +no provider named" <<<"$out" \
  && grep -Eq "^inc-telco .* none +neither NIS2 nor CER" <<<"$out" \
  && pass "incidents: deadlines, states and reasons" || fail "incidents: deadlines, states and reasons" "$out"
out=$(vitaal --db "$DB_A" incidents --now 2026-03-03T00:00:00Z --overdue)
grep -Eq "^inc-late .* final_report .* overdue +15h00m late$" <<<"$out" \
  && ! grep -q " met " <<<"$out" && ! grep -q "^inc-minor" <<<"$out" \
  && pass "incidents --overdue lists only overdue and late ones" || fail "incidents --overdue lists only overdue and late ones" "$out"
out=$(vitaal --db "$DB_A" incidents --now 2026-03-01T00:00:00Z --json)
python3 - "$out" <<'PY' && pass "incidents --json" || fail "incidents --json" "$out"
import json, sys
doc = json.loads(sys.argv[1])
inc = {i["id"]: i for i in doc["incidents"]}
d = {(x["regime"], x["step"]): x for x in inc["inc-late"]["deadlines"]}
ok = (doc["now"] == "2026-03-01T00:00:00Z" and inc["inc-late"]["regimes"] == "NIS2+CER"
      and d[("NIS2", "early_warning")]["state"] == "late" and d[("NIS2", "early_warning")]["seconds_left"] == -1
      and d[("NIS2", "final_report")]["seconds_left"] == 33 * 3600 and d[("CER", "initial_notification")]["sent"] == "2026-02-01T10:00:01Z"
      and {k: v["sent_field"] for k, v in d.items()} == {
          ("NIS2", "early_warning"): "early_warning_at", ("NIS2", "notification"): "notification_at",
          ("NIS2", "final_report"): "final_report_at", ("CER", "initial_notification"): "early_warning_at",
          ("CER", "detailed_report"): "final_report_at"}
      and inc["inc-anon"]["deadlines"] == [] and inc["inc-anon"]["note"] == "no provider named"
      and doc["rules"]["nis2_notification_h"] == 72)
sys.exit(0 if ok else 1)
PY
expect_fail "incidents --now needs a time" 2 "--now needs a time" vitaal --db "$DB_A" incidents --now tomorrow
printf 'id,value,classification,owner\nnis2_early_warning_h,12,public,nctv\n' >settings.csv
vitaal --db "$DB_A" import settings.csv >/dev/null
out=$(vitaal --db "$DB_A" incidents --now 2026-03-01T00:00:00Z)
grep -Eq "^inc-late .* NIS2 +early_warning +2026-01-31T22:00:00Z " <<<"$out" \
  && pass "deadline hours come from settings" || fail "deadline hours come from settings" "$out"

finish
