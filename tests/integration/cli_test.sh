#!/usr/bin/env bash
# cli_test.sh — the `vitaal` command line end to end on real databases:
# init, import, list, show, status, export, the export round trip, and every
# kind of bad input refused with a clear message, a non-zero exit and the
# database unchanged; on either backend (new_db), the checks of SQLite files
# themselves (a text file as database) on SQLite only.
. "$(dirname "$0")/lib.sh"

FULL="$VITAAL_ROOT/tests/data/full.json"
cd "$T_DIR" || exit 1
A=$(new_db a)
B=$(new_db b)
V1=$(new_db v1)
NONE=$(new_db none)

# --- docs that are generated from the model stay true ------------------------
diff <(vitaal kinds --markdown) "$VITAAL_ROOT/docs/data-model.md" >/dev/null \
  && pass "docs/data-model.md is what 'vitaal kinds --markdown' prints" \
  || fail "docs/data-model.md is what 'vitaal kinds --markdown' prints" "run: build/vitaal kinds --markdown > docs/data-model.md"
# kinds --json: the model for scripts (scale-demo.py reads it), the same kinds
# in the same order as the listing, each field as `vitaal kinds KIND` shows it
out=$(python3 - <<'PY'
import json, os, subprocess
V = os.environ["VITAAL_BIN"]
run = lambda *a: subprocess.run([V, *a], capture_output=True, text=True, check=True).stdout
kinds = json.loads(run("kinds", "--json"))
listed = [l.split()[0] for l in run("kinds").splitlines()[:len(kinds)]]
off = [] if [k["name"] for k in kinds] == listed else ["order %s" % listed]
for k in kinds:
    text = [l.split()[0] for l in run("kinds", k["name"]).splitlines()[1:] if l.strip()]
    if [f["name"] for f in k["fields"]] != text:
        off.append(k["name"])
p = next(k for k in kinds if k["name"] == "processes")
f = {x["name"]: x for x in p["fields"]}
if f["sector"].get("ref") != "sectors" or f["category"]["type"] != "enum":
    off.append("processes.sector/category %s %s" % (f["sector"], f["category"]))
if json.loads(run("kinds", "risks", "--json"))[0]["name"] != "risks":
    off.append("kinds risks --json")
print("; ".join(off))
PY
)
[ -z "$out" ] && pass "kinds --json: every kind and field as the listings show them, references and types" \
  || fail "kinds --json" "$out"
out=$(vitaal --help); grep -q "^  import " <<<"$out" && pass "--help lists the commands" || fail "--help lists the commands" "$out"
for c in init import export list show status kinds; do
  vitaal "$c" --help | grep -q "^usage: vitaal $c" && pass "$c --help" || fail "$c --help"
done

# --- the happy path -----------------------------------------------------------
check "init --empty creates a database" vitaal --db "$A" init --empty
check "import a full document" vitaal --db "$A" import "$FULL"
out=$(vitaal --db "$A" list processes)
grep -q "^power .*Elektriciteit" <<<"$out" && grep -q "(3 of 3 processes)" <<<"$out" \
  && pass "list shows a table" || fail "list shows a table" "$out"
out=$(vitaal --db "$A" list processes category=A --json)
[ "$(grep -c '"id":' <<<"$out")" -eq 2 ] && pass "list filters by field" || fail "list filters by field" "$out"
out=$(vitaal --db "$A" list measures processes=telecom)
grep -q "m-batteries" <<<"$out" && pass "list filters by list membership" || fail "list filters by list membership" "$out"
out=$(vitaal --db "$A" show risks r1)
grep -q "2.1: B" <<<"$out" && grep -q "digital: 2" <<<"$out" \
  && pass "show prints maps" || fail "show prints maps" "$out"
out=$(vitaal --db "$A" show incidents inc-1 --json)
grep -q '"detected_at": "2026-01-05T09:00:00Z"' <<<"$out" \
  && pass "times with an offset are stored in UTC" || fail "times with an offset are stored in UTC" "$out"
expect_fail "show of a missing id exits 3" 3 "no process with this id" vitaal --db "$A" show processes nope
expect_fail "list of an unknown kind exits 2" 2 "not a kind of record" vitaal --db "$A" list widgets
expect_fail "list with an unknown field exits 2" 2 "no such field" vitaal --db "$A" list processes colour=red
expect_fail "a command without a database says how to make one" 3 "vitaal init" vitaal --db "$NONE" status

out=$(VITAAL_NOW=2026-11-27T12:00:00Z vitaal --db "$A" status)
# power: in a CER sector, last final analysis 2022 (before the directives applied): due by the deadline
grep -Eq "^power .* NIS2\+CER +2022-06-30 +2026-03-31 +overdue" <<<"$out" \
  && pass "status: a CER/NIS2 process analysed before the directives is due by the deadline" \
  || fail "status: a CER/NIS2 process analysed before the directives is due by the deadline" "$out"
grep -Eq "^telecom .* NIS2\+CER +- +2026-03-31 +overdue +1" <<<"$out" \
  && pass "status: a CER/NIS2 process never analysed is due by the deadline" \
  || fail "status: a CER/NIS2 process never analysed is due by the deadline" "$out"
out=$(VITAAL_NOW=2026-01-01T12:00:00Z vitaal --db "$A" status --json)
grep -q '"state": "due_soon"' <<<"$out" && grep -q '"due_reason": "cer_nis2_deadline"' <<<"$out" \
  && pass "status --json" || fail "status --json" "$out"
printf 'id,value,classification,owner\ncer_nis2_deadline,2027-06-30,public,nctv\ncycle_years,5,public,nctv\n' >settings.csv
vitaal --db "$A" import settings.csv >/dev/null
out=$(VITAAL_NOW=2026-11-27T12:00:00Z vitaal --db "$A" status)
grep -Eq "^power .* 2027-06-30 +due_soon" <<<"$out" && pass "status: the deadline is a setting" \
  || fail "status: the deadline is a setting" "$out"
printf 'id,value,classification,owner\ncer_nis2_deadline,2026-03-31,public,nctv\ncycle_years,4,public,nctv\n' >settings.csv
vitaal --db "$A" import settings.csv >/dev/null
printf 'id,value,classification,owner\ncycle_years,four,public,nctv\n' >bad-settings.csv
expect_fail "import: a setting that is not a number is refused where it enters" 2 \
  "line 2.value: the setting cycle_years must be a whole number from 1 to 20, not 'four'" \
  vitaal --db "$A" import --kind settings bad-settings.csv
check "status still runs (the bad value never got in)" vitaal --db "$A" status
vitaal --db "$A" import settings.csv >/dev/null

# --- quickscans after an event ------------------------------------------------
out=$(vitaal --db "$A" quickscan ev-cable --today 2026-11-27)
grep -Eq "^telecom +already has an-telecom-qs" <<<"$out" && grep -Eq "^power +opened qs-ev-cable-power" <<<"$out" \
  && pass "quickscan opens one per named process without one" || fail "quickscan opens one per named process without one" "$out"
out=$(vitaal --db "$A" show analyses qs-ev-cable-power)
grep -q "kind  *quickscan" <<<"$out" && grep -q "status  *draft" <<<"$out" && grep -q "owner  *ezk" <<<"$out" \
  && pass "the quickscan is a draft of the ministry" || fail "the quickscan is a draft of the ministry" "$out"
out=$(vitaal --db "$A" quickscan ev-cable --today 2026-11-27)
grep -Eq "^power +already has qs-ev-cable-power" <<<"$out" && pass "quickscan twice opens nothing new" || fail "quickscan twice opens nothing new" "$out"
expect_fail "quickscan of an unknown event" 3 "no event with this id" vitaal --db "$A" quickscan nope
out=$(VITAAL_NOW=2026-11-27T12:00:00Z vitaal --db "$A" status)
grep -Eq "^power .* +1 +0 +0 +0$" <<<"$out" && pass "status counts the open quickscan" || fail "status counts the open quickscan" "$out"

# --- export -> import into an empty database -> export is byte-identical --------
vitaal --db "$A" export -o one.json && vitaal --db "$B" init --empty >/dev/null \
  && vitaal --db "$B" import one.json >/dev/null && vitaal --db "$B" export -o two.json
cmp -s one.json two.json && pass "export round trip is byte-identical" || fail "export round trip is byte-identical" "$(diff one.json two.json | head)"
vitaal --db "$A" import one.json >/dev/null && vitaal --db "$A" export >three.json
cmp -s one.json three.json && pass "re-importing an export changes nothing" || fail "re-importing an export changes nothing"
out=$(vitaal --db "$A" export --graph)
grep -q '"activation_h": 2' <<<"$out" && grep -q '"node": "water"' <<<"$out" \
  && pass "export --graph writes inputs with fallbacks" || fail "export --graph writes inputs with fallbacks" "$out"

# --- CSV catalogue import ---------------------------------------------------------
printf 'id,name,description,classification,owner\nflood,Overstroming,"dijk, doorbraak",public,nctv\n' >threats.csv
check "import a catalogue CSV (kind from the file name)" vitaal --db "$A" import threats.csv
out=$(vitaal --db "$A" show threats flood)
grep -q "dijk, doorbraak" <<<"$out" && pass "CSV quoting" || fail "CSV quoting" "$out"
printf 'id,name,classification,owner\nflood,First,public,nctv\n' >first.csv
printf 'id,name,classification,owner\nflood,Second,public,nctv\n' >second.csv
check "two files of one import may hold the same id" vitaal --db "$A" import --kind threats first.csv second.csv
out=$(vitaal --db "$A" show threats flood)
grep -q "Second" <<<"$out" && pass "the later file wins" || fail "the later file wins" "$out"
python3 - "$FULL" >v1.json <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["version"] = 1
for k in ("settings", "impact_classes", "frameworks", "requirements", "requirement_assessments",
          "campaigns", "requests"):
    del doc[k]
for m in doc["measures"]:
    for f in [f for f in m if f.startswith("effect") or f in ("review_interval_months", "requirements")]:
        del m[f]
for a in doc["assessments"]:
    del a["cascade_outage_h"], a["decided_by"]
for c in doc["impact_criteria"]:
    c.pop("weight", None)
json.dump(doc, sys.stdout)
PY
check "a version 1 document still imports" vitaal --db "$V1" init --empty
check "... into a new database" vitaal --db "$V1" import v1.json
check "import --dry-run writes nothing" vitaal --db "$A" import --dry-run "$FULL"

# --- bad input: refused, named, database unchanged ------------------------------
# bad NAME STATUS PATTERN FILE...: import must fail with STATUS and PATTERN on
# stderr and leave the database exactly as it was.
bad() {
  local name=$1 status=$2 pattern=$3; shift 3
  local before after
  before=$(db_sum "$A")
  expect_fail "$name" "$status" "$pattern" vitaal --db "$A" import "$@"
  after=$(db_sum "$A")
  [ "$before" = "$after" ] && [ ! -s "$A-wal" ] && pass "$name: database unchanged" \
    || fail "$name: database unchanged"
}
# a document in which one thing is changed, from the full fixture
mutate() { python3 - "$FULL" "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(doc, sys.stdout)
PY
}

printf '{"format": "vitaal", "version": 1, "processes": [\n  {"id": "x",}\n]}\n' >malformed.json
bad "malformed JSON" 2 "malformed.json: line 2, column [0-9]+: malformed JSON" malformed.json
printf 'id,name,classification,owner\n"broken,Naam,public,nctv\n' >broken.csv
bad "malformed CSV" 2 "broken.csv: line 2: a quoted field is never closed" --kind threats broken.csv
printf 'id,name,classification,owner\nx,Naam,public\n' >short.csv
bad "CSV row of the wrong length" 2 "short.csv: line 2: 3 fields, but the header names 4" --kind threats short.csv
mutate 'doc["processes"][1]["recovery_h"] = "two"' >types.json
bad "wrong type" 2 'types.json: \$\.processes\[1\]\.recovery_h: must be a whole number' types.json
mutate 'doc["processes"][0]["colour"] = "red"' >unknown.json
bad "unknown field" 2 'unknown.json: \$\.processes\[0\]\.colour: unknown field' unknown.json
mutate 'del doc["risks"][0]["scenario"]' >missing.json
bad "missing required field" 2 'missing.json: \$\.risks\[0\]\.scenario: missing' missing.json
mutate 'doc["dependencies"][0]["suppliers"] = ["power", "gas"]' >ref.json
bad "unknown reference" 2 "ref.json: \\\$\.dependencies\[0\]\.suppliers\[1\]: unknown process 'gas'" ref.json
mutate 'doc["measures"][0]["processes"] = ["nowhere"]' >ref2.json
bad "unknown reference in a list" 2 "unknown process 'nowhere'" ref2.json
mutate 'doc["risks"][0]["impacts"]["9.9"] = "A"' >ref3.json
bad "unknown reference as a map key" 2 "unknown impact_criterion '9.9'" ref3.json
mutate 'doc["threats"].append(dict(doc["threats"][0]))' >dup.json
bad "duplicate id" 2 "dup.json: \\\$\.threats\[2\]\.id: duplicate id 'cyber' \(also at \\\$\.threats\[0\]\)" dup.json
printf '{"format":"vitaal","version":1,"threats":[{"id":"a","id":"b","name":"x","classification":"public","owner":"nctv"}]}' >dupkey.json
bad "duplicate key" 2 "duplicate object key" dupkey.json
mutate 'doc["dependencies"][0]["buffer_h"] = -4' >negative.json
bad "negative hours" 2 'negative.json: \$\.dependencies\[0\]\.buffer_h: -4 is out of range' negative.json
mutate 'doc["fallback_options"][0]["duration_h"] = 0' >zero.json
bad "a fallback that lasts no hour" 2 'duration_h: 0 is out of range' zero.json
mutate 'doc["risks"][0]["likelihood"] = "F"' >class.json
bad "likelihood class outside A-E" 2 "class.json: \\\$\.risks\[0\]\.likelihood: 'F' is not one of: A, B, C, D, E" class.json
mutate 'doc["risks"][0]["impacts"]["2.1"] = "Z"' >class2.json
bad "impact class outside A-E" 2 "impacts.2.1: 'Z' is not one of" class2.json
mutate 'doc["threats"][0]["classification"] = "top-secret"' >classif.json
bad "unknown classification" 2 "classification: 'top-secret' is not one of: public, internal, confidential, secret" classif.json
mutate 'doc["incidents"][0]["detected_at"] = "2026-02-30T10:00:00Z"' >date.json
bad "impossible date" 2 "is not a time" date.json
mutate 'doc["version"] = 3' >newer-doc.json
bad "newer document version" 2 "document version 3 is newer" newer-doc.json
mutate 'doc["widgets"] = []' >collection.json
bad "unknown collection" 2 'collection.json: \$\.widgets: unknown collection' collection.json
printf '{"processes": []}' >noformat.json
bad "not a vitaal document" 2 'format: must be "vitaal"' noformat.json
mutate 'doc["analyses"][1]["status"] = "final"' >final.json
bad "a final analysis without its date" 2 "a final analysis needs the date" final.json
# a valid record after an invalid one: nothing of either is written
mutate 'doc["threats"].append({"id":"new-one","name":"n","classification":"public","owner":"nctv"}); doc["risks"][0]["likelihood"]="Q"' >partial.json
bad "nothing half-written" 2 "likelihood" partial.json
out=$(vitaal --db "$A" show threats new-one 2>&1); [ $? -eq 3 ] && pass "the valid part was not written" || fail "the valid part was not written" "$out"

# --- databases that are not ours ---------------------------------------------------
if is_pg "$A"; then
  skip "a text file as database" "a SQLite file (this run is on PostgreSQL)"
else
  printf 'hello, I am a text file, not a database at all. %.0s' {1..40} >text.db
  before=$(sha256sum text.db)
  expect_fail "a text file as database" 2 "not a database" vitaal --db text.db import "$FULL"
  [ "$before" = "$(sha256sum text.db)" ] && pass "the text file is unchanged" || fail "the text file is unchanged"
fi
if is_pg "$A" || command -v sqlite3 >/dev/null; then
  OTHER=$(new_db other)
  db_sql "$OTHER" "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');"
  before=$(db_sum "$OTHER")
  expect_fail "another program's database" 2 "not a vitaal database" vitaal --db "$OTHER" import "$FULL"
  [ "$before" = "$(db_sum "$OTHER")" ] && pass "the other database is unchanged" || fail "the other database is unchanged"
  NEWER=$(copy_db "$A" newer)
  if is_pg "$NEWER"; then
    db_sql "$NEWER" "UPDATE vitaal_schema SET version = 999"
  else
    db_sql "$NEWER" "PRAGMA user_version = 999;"
  fi
  before=$(db_sum "$NEWER")
  expect_fail "a newer schema version" 2 "schema version 999 is newer" vitaal --db "$NEWER" import "$FULL"
  [ "$before" = "$(db_sum "$NEWER")" ] && pass "the newer database is unchanged" || fail "the newer database is unchanged"
else
  skip "databases of others" "sqlite3 command not installed"
fi
expect_fail "init refuses an existing database" 4 "already (exists|holds a vitaal database)" vitaal --db "$A" init

# --- users and the audit log ------------------------------------------------------
printf 'a long password\n' | vitaal --db "$A" user add anna --role department --org ezk --clearance confidential >/dev/null
printf 'a long password\n' | vitaal --db "$A" user add otto --role auditor --org nctv --clearance secret --scope water,power >/dev/null
out=$(vitaal --db "$A" user list)
grep -Eq "^anna +department +ezk +confidential +active" <<<"$out" && grep -Eq "^otto +auditor .* power,water" <<<"$out" \
  && pass "user add and list" || fail "user add and list" "$out"
out=$(vitaal --db "$A" user list --json)
jcheck "user list --json: every user, its fields, and no password hash or secret" "$out" \
  "[u['user'] for u in d] == ['anna', 'otto'] and d[1]['role'] == 'auditor' and d[1]['scope'] == ['power', 'water'] and d[0]['state'] == 'active' and d[0]['mfa'] == 'none' and d[0]['email'] is None and all(set(u) == {'user', 'role', 'org', 'clearance', 'state', 'mfa', 'scope', 'email', 'created_at'} for u in d)"
grep -q 'argon2' <<<"$out" && fail "user list --json holds no password hash" "$out" || pass "user list --json holds no password hash"
expect_fail "--json is only for user list" 2 "only|is for" vitaal --db "$A" user disable anna --json
expect_fail "a short password is refused" 2 "at least 10 characters" sh -c "printf 'short\n' | '$VITAAL_BIN' --db '$A' user add eve --role coordinator --org nctv --clearance secret"
expect_fail "a department user needs a ministry" 2 "not one" sh -c "printf 'a long password\n' | '$VITAAL_BIN' --db '$A' user add eve --role department --org grid-co --clearance secret"
check "user disable" vitaal --db "$A" user disable anna
printf 'another long password\n' | vitaal --db "$A" user passwd otto >/dev/null
out=$(vitaal --db "$A" audit list | grep " users ")
grep -Eq "cli:.* create +users +anna +role department; org ezk; clearance confidential$" <<<"$out" &&
  grep -Eq "cli:.* create +users +otto +role auditor; org nctv; clearance secret; scope" <<<"$out" &&
  grep -Eq "cli:.* update +users +anna +disabled, sessions ended$" <<<"$out" &&
  grep -Eq "cli:.* update +users +otto +new password, sessions ended$" <<<"$out" &&
  [ "$(grep -c . <<<"$out")" -eq 4 ] && ! grep -q "long password" <<<"$out" \
  && pass "account changes by the CLI are audited (refused ones not, no password)" \
  || fail "account changes by the CLI are audited (refused ones not, no password)" "$out"
out=$(vitaal --db "$A" audit verify)
grep -q "audit log intact" <<<"$out" && pass "audit verify after imports" || fail "audit verify after imports" "$out"
n=$(vitaal --db "$A" audit list | grep -c "cli:")
[ "$n" -gt 30 ] && pass "imports are audited per record" || fail "imports are audited per record" "$n entries"
if is_pg "$A" || command -v sqlite3 >/dev/null; then
  T=$(copy_db "$A" t)
  db_sql "$T" "UPDATE audit SET record = 'other' WHERE seq = 5;"
  expect_fail "audit verify finds a changed entry" 4 "entry 5 was changed" vitaal --db "$T" audit verify
  T=$(copy_db "$A" t2)
  db_sql "$T" "DELETE FROM audit WHERE seq = 7;"
  expect_fail "audit verify finds a removed entry" 4 "entry 8 follows 6" vitaal --db "$T" audit verify
  rm -f "$(db_files "$T").auditkey"
  expect_fail "audit verify without the key" 1 "cannot read the audit key" vitaal --db "$T" audit verify
fi

audit_names_records "$A"
finish
