#!/usr/bin/env bash
# history_test.sh — the official record end to end: every write keeps the
# version it makes (who, when, through which door, what changed), `vitaal
# history` and `vitaal restore`, point in time with --as-of (a record made
# later does not exist, a later finalisation does not count), the demo dated
# as records in force before vitaal, re-imports that change nothing make no
# version (an older database getting its history on migration is
# tests/unit/store/schema_test.c's); then the same
# over the API (tests/integration/server/history_checks.py): the history
# under need-to-know, restore for coordinators only, ?as_of on the routes
# that answer for a day, each answer equal to the CLI's.
. "$(dirname "$0")/lib.sh"

DB=$(new_db h)
sum() { sha256sum "$1" | cut -d' ' -f1; }
AN=an-elektriciteit-landelijk-2019

check "fixture: init --demo" vitaal --db "$DB" init --demo

# --- the demo's history: dated by the records' own dates ------------------------
out=$(vitaal --db "$DB" history analyses $AN --json)
jcheck "history: a final demo analysis has two versions, newest first" "$out" \
  'len(d["versions"])==2 and [v["version"] for v in d["versions"]]==[2,1]'
jcheck "history: it became final on its finalised date, as a change of status" "$out" \
  'd["versions"][0]["at"].startswith("2019-11-15") and {"field":"status","before":"draft","after":"final"} in d["versions"][0]["changes"]'
jcheck "history: versions say who, through which door, and that they were in force before vitaal" "$out" \
  'all(v["actor"].startswith("cli:") and v["via"]=="import" and v["note"]=="in force before vitaal" for v in d["versions"])'
out=$(vitaal --db "$DB" history analyses $AN)
grep -q "status: \"draft\" -> \"final\"" <<<"$out" && grep -q "^analyses $AN: 2 versions" <<<"$out" \
  && pass "history: the text form says the differences" || fail "history: the text form says the differences" "$out"
out=$(vitaal --db "$DB" audit list | tail -3)
grep -q "read.*analyses.*$AN.*history" <<<"$out" \
  && pass "history: reading a confidential record's history from the CLI is audited" \
  || fail "history: reading a confidential record's history from the CLI is audited" "$out"

# --- classified reads from the CLI are audited ---------------------------------------
n0=$(db_sql "$DB" "SELECT count(*) FROM audit")
vitaal --db "$DB" show analyses $AN >/dev/null
vitaal --db "$DB" show processes drinkwater >/dev/null
n1=$(db_sql "$DB" "SELECT count(*) FROM audit")
[ $((n1 - n0)) = 1 ] && db_sql "$DB" "SELECT actor, action, record, detail FROM audit ORDER BY seq DESC LIMIT 1" \
  | grep -q "^cli:.*|read|$AN|vitaal show$" \
  && pass "show: a confidential record's read is audited, a public one's not" \
  || fail "show: a confidential record's read is audited, a public one's not" "$n0 -> $n1"
want=$(db_sql "$DB" "SELECT count(*) FROM risks WHERE classification IN ('confidential','secret')")
vitaal --db "$DB" list risks >/dev/null
n2=$(db_sql "$DB" "SELECT count(*) FROM audit WHERE detail LIKE 'vitaal list:%' AND kind = 'risks' AND record IS NULL")
named=$(db_sql "$DB" "SELECT detail FROM audit WHERE detail LIKE 'vitaal list:%' AND kind = 'risks'" | wc -w)
[ "$n2" = 1 ] && [ "$named" = $((want + 2)) ] \
  && pass "list: one entry names every confidential or secret record listed ($want)" \
  || fail "list: one entry names every confidential or secret record listed" "$n2 entries, $named words, want $want ids"
vitaal --db "$DB" export >/dev/null
n3=$(db_sql "$DB" "SELECT detail FROM audit WHERE detail LIKE 'vitaal export%'" | wc -w)
[ "$n3" -gt "$want" ] && pass "export: the classified records exported are audited ($n3 words)" \
  || fail "export: the classified records exported are audited" "$n3"

# --- point in time --------------------------------------------------------------
st() { vitaal --db "$DB" status --as-of "$1" --json; }
jcheck "as-of: before its finalisation the analysis does not count" "$(st 2019-06-01)" \
  '[p for p in d["processes"] if p["id"]=="elektriciteit-landelijk"][0]["last_final"] is None and d["today"]=="2019-06-01"'
jcheck "as-of: after it, it does, and the clock runs from it" "$(st 2020-01-01)" \
  '[p for p in d["processes"] if p["id"]=="elektriciteit-landelijk"][0]["last_final"]=="2019-11-15"'
out=$(vitaal --db "$DB" export --as-of 2016-01-01)
jcheck "as-of: a record made later does not exist (no analyses in 2016)" "$out" \
  'len(d.get("analyses",[]))==0 and len(d["processes"])==28'
today=$(VITAAL_NOW= date -u +%F)
[ "$(vitaal --db "$DB" export --as-of "$today" | sha256sum)" = "$(vitaal --db "$DB" export | sha256sum)" ] \
  && pass "as-of today exports exactly today's database" || fail "as-of today exports exactly today's database"
for c in status reviews risks fallback-need incidents export "framework show nis2"; do
  check "as-of: $c answers for a past day" vitaal --db "$DB" $c --as-of 2024-06-01
done
expect_fail "as-of: a day in the future is refused" 2 "in the future" vitaal --db "$DB" status --as-of 2999-01-01
expect_fail "as-of: a bad date names the option" 2 "--as-of needs a date" vitaal --db "$DB" risks --as-of 2024-02-30

# --- writes make versions; identical ones do not --------------------------------
vitaal --db "$DB" export -o "$T_DIR/all.json" >/dev/null
before=$(db_sql "$DB" "SELECT count(*) FROM history")
out=$(vitaal --db "$DB" import "$T_DIR/all.json")
after=$(db_sql "$DB" "SELECT count(*) FROM history")
grep -Eq "0 new, 0 updated, [0-9]+ unchanged" <<<"$out" && [ "$before" = "$after" ] \
  && pass "re-importing the same document makes no version" \
  || fail "re-importing the same document makes no version" "$out ($before -> $after)"
python3 - "$T_DIR/all.json" "$T_DIR/one.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = [x for x in d["analyses"] if x["id"] == "an-elektriciteit-landelijk-2019"][0]
a["summary"] = "Herzien na de oefening."
json.dump({"format": "vitaal", "version": 2, "analyses": [a]}, open(sys.argv[2], "w"))
PY
VITAAL_NOW=2026-12-01T09:00:00Z USER=tester vitaal --db "$DB" import "$T_DIR/one.json" >/dev/null
out=$(vitaal --db "$DB" history analyses $AN --json)
jcheck "an import makes version 3 by cli:tester via import at its time, naming the summary" "$out" \
  '(lambda v: v["version"]==3 and v["actor"]=="cli:tester" and v["via"]=="import" and v["at"]=="2026-12-01T09:00:00Z" and [c["field"] for c in v["changes"]]==["summary"])(d["versions"][0])'
out=$(vitaal --db "$DB" audit list | grep "update.*analyses.*$AN" | tail -1)
grep -q "version 3" <<<"$out" && pass "the audit entry of a write names the version it made" \
  || fail "the audit entry of a write names the version it made" "$out"

# --- restore -------------------------------------------------------------------------
out=$(vitaal --db "$DB" restore analyses $AN --version 1)
[ "$out" = "restored analysis $AN: version 1 is now version 4" ] && pass "restore: says what it did" \
  || fail "restore: says what it did" "$out"
out=$(vitaal --db "$DB" show analyses $AN --json)
jcheck "restore: the record is as version 1 was (a draft again)" "$out" 'd["status"]=="draft" and d["finalised"] is None'
jcheck "restore: earlier versions stay; the restore is a version of its own" \
  "$(vitaal --db "$DB" history analyses $AN --json)" \
  '[v["op"] for v in d["versions"]]==["restore","update","update","create"]'
grep -q "restore.*analyses.*$AN.*version 4; from version 1" <<<"$(vitaal --db "$DB" audit list)" \
  && pass "restore: audited with both versions" || fail "restore: audited with both versions"
s0=$(sum "$DB")
expect_fail "restore: a version that does not exist is not found" 3 "has no version 9" \
  vitaal --db "$DB" restore analyses $AN --version 9
expect_fail "restore: --version must be a number" 2 "--version needs a version number" \
  vitaal --db "$DB" restore analyses $AN --version x
expect_fail "restore: needs --version" 2 "--version N" vitaal --db "$DB" restore analyses $AN
expect_fail "history: an unknown kind is a usage error" 2 "not a kind of record" vitaal --db "$DB" history nothings x
expect_fail "history: an unknown record is not found" 3 "no analysis with this id" vitaal --db "$DB" history analyses nope
[ "$s0" = "$(sum "$DB")" ] && pass "refused restores write nothing" || fail "refused restores write nothing"
check "audit: the chain holds after all this" vitaal --db "$DB" audit verify

# --- records in force before vitaal -------------------------------------------------
python3 - "$T_DIR/legacy.json" <<'PY'
import json, sys
a = {"id": "an-legacy", "process": "drinkwater", "cycle_year": 2017, "kind": "regular",
     "status": "final", "started": "2017-03-01", "finalised": "2017-09-30",
     "classification": "confidential", "owner": "ienw"}
json.dump({"format": "vitaal", "version": 2, "analyses": [a]}, open(sys.argv[1], "w"))
PY
check "import --legacy-from brings in a final analysis of 2017" \
  vitaal --db "$DB" import --legacy-from 2017-01-01 "$T_DIR/legacy.json"
jcheck "legacy: a draft from its start, final from its finalisation" \
  "$(vitaal --db "$DB" history analyses an-legacy --json)" \
  '[(v["op"],v["at"][:10]) for v in d["versions"]]==[("update","2017-09-30"),("create","2017-03-01")]'
s0=$(sum "$DB")
expect_fail "legacy: a record vitaal has already is refused" 4 "an-legacy' is in vitaal already" \
  vitaal --db "$DB" import --legacy-from 2017-01-01 "$T_DIR/legacy.json"
[ "$s0" = "$(sum "$DB")" ] && pass "legacy: the refused import wrote nothing" || fail "legacy: the refused import wrote nothing"

# --- the API ---------------------------------------------------------------------------
for spec in "chief coordinator nctv secret" "ezk-dep department ezk confidential" \
  "ienw-dep department ienw secret" "tso provider hoogspanningsnet-nl secret"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null
done
if start_server history "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks history_checks.py python3 "$VITAAL_ROOT/tests/integration/server/history_checks.py" \
    "$URL" "$VITAAL_BIN" "$DB"
  run_checks quickscan_checks.py python3 "$VITAAL_ROOT/tests/integration/server/quickscan_checks.py" \
    "$URL"
  stop_server "$PID"
fi
check "audit: the chain holds after the API's writes" vitaal --db "$DB" audit verify
check_server_logs
finish
