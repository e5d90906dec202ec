#!/usr/bin/env bash
# migrate_test.sh — `vitaal migrate` end to end (store/copy.h,
# cli/cmd_migrate.c): the demo with history and audit entries (an edit, an
# approval, a user, a comment, evidence) copied to a fresh SQLite file gives
# the same export, lists, history and audit log, `vitaal audit verify`
# passes on the copy with the key and checkpoints copied beside it, and the
# copy writes on; a target with rows is refused (exit 4, the table named,
# the target unchanged), as are a missing source, a URL of another kind, an
# unreachable PostgreSQL, a newer schema, the same database twice and a
# different key file already at the target (the target file it made
# removed again); progress per table on a terminal. With
# $VITAAL_TEST_PG (scripts/pg-check.sh) the round trip SQLite ->
# PostgreSQL -> SQLite gives equal exports and a passing audit verify on both.
. "$(dirname "$0")/lib.sh"

export VITAAL_NOW=2026-12-06T09:00:00Z
SRC=$T_DIR/src.db # SQLite whichever backend the run is for
sum() { sha256sum "$1" | cut -d' ' -f1; }
dump() { sqlite3 "$1" .dump | sort; }

# --- a source with history and audit entries ----------------------------------
check "fixture: init --demo" vitaal --db "$SRC" init --demo
AN=$(vitaal --db "$SRC" list analyses status=review --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
vitaal --db "$SRC" export -o "$T_DIR/all.json" >/dev/null
python3 - "$T_DIR/all.json" "$T_DIR/edit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = d["measures"][0]
m["expected_effect"] = (m.get("expected_effect") or "") + " Aangescherpt na de oefening van november."
json.dump({"format": "vitaal", "version": 2, "measures": [m]}, open(sys.argv[2], "w"))
PY
check "an edit (a second version of a measure)" env USER=author "$VITAAL_BIN" --db "$SRC" import "$T_DIR/edit.json"
check "an approval" env USER=reviewer "$VITAAL_BIN" --db "$SRC" approve analyses "$AN" \
  --comment "Akkoord." --acknowledge
check "a user" bash -c "echo pw-anna-0123456789 | '$VITAAL_BIN' --db '$SRC' user add anna --role coordinator --org nctv --clearance secret"
check "a comment" vitaal --db "$SRC" comments add analyses "$AN" --text "Besproken in het overleg."
printf '%%PDF-1.4\n\0\1\2 evidence\n' >"$T_DIR/evidence.pdf"
MS=$(vitaal --db "$SRC" list measures --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
check "evidence (an attachment)" vitaal --db "$SRC" attach measures "$MS" "$T_DIR/evidence.pdf"
check "the source's audit log holds" vitaal --db "$SRC" audit verify
head_src=$(vitaal --db "$SRC" audit verify | grep '^head:')

# --- SQLite -> SQLite ------------------------------------------------------------
DST=$T_DIR/copy.db
out=$(vitaal migrate --from "$SRC" --to "$DST" 2>"$T_DIR/err")
rc=$?
[ $rc -eq 0 ] && pass "migrate to a new SQLite file" || fail "migrate to a new SQLite file" "$out $(cat "$T_DIR/err")"
[ ! -s "$T_DIR/err" ] && pass "nothing on stderr when it is not a terminal" || fail "nothing on stderr when it is not a terminal" "$(cat "$T_DIR/err")"
grep -Eq "^copied [0-9]+ tables, [0-9]+ rows from $SRC to $DST$" <<<"$out" && pass "it says what it copied" || fail "it says what it copied" "$out"
grep -q "^copied $SRC.auditkey to $DST.auditkey$" <<<"$out" && pass "it says it copied the audit key" || fail "it says it copied the audit key" "$out"
cmp -s "$SRC.auditkey" "$DST.auditkey" && [ "$(stat -c %a "$DST.auditkey")" = 600 ] &&
  pass "the audit key beside the copy: the same, 0600" || fail "the audit key beside the copy: the same, 0600"
cmp -s "$SRC.checkpoints" "$DST.checkpoints" && cmp -s "$SRC.signkey.pub" "$DST.signkey.pub" &&
  [ "$(stat -c %a "$DST.signkey")" = "$(stat -c %a "$SRC.signkey")" ] &&
  pass "the checkpoints and their keys beside the copy" || fail "the checkpoints and their keys beside the copy"
if command -v sqlite3 >/dev/null; then
  [ "$(dump "$SRC")" = "$(dump "$DST")" ] && pass "every row of every table equal (sqlite3 .dump)" ||
    fail "every row of every table equal (sqlite3 .dump)" "$(diff <(dump "$SRC") <(dump "$DST") | head -20)"
else
  skip "every row of every table equal" "no sqlite3"
fi
[ "$(vitaal --db "$SRC" audit list)" = "$(vitaal --db "$DST" audit list)" ] &&
  pass "the same audit list" || fail "the same audit list"
verify=$(vitaal --db "$DST" audit verify 2>&1)
grep -qx "$head_src" <<<"$verify" && grep -q "checkpoints: .* signed, all held" <<<"$verify" &&
  pass "audit verify passes on the copy: same head, checkpoints held" || fail "audit verify passes on the copy: same head, checkpoints held" "$verify"
for what in "list measures" "list analyses" "list users" "history analyses $AN" "history measures $MS" \
  "attach list measures $MS" "comments list analyses $AN"; do
  # shellcheck disable=SC2086
  a=$(vitaal --db "$SRC" $what 2>&1)
  # shellcheck disable=SC2086
  b=$(vitaal --db "$DST" $what 2>&1)
  [ -n "$a" ] && [ "$a" = "$b" ] && pass "the same: $what" || fail "the same: $what" "$(diff <(echo "$a") <(echo "$b") | head)"
done
[ "$(vitaal --db "$SRC" export)" = "$(vitaal --db "$DST" export)" ] && pass "the same export" || fail "the same export"
ATT=$(vitaal --db "$DST" attach list measures "$MS" --json | python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["items"] if a["name"] == "evidence.pdf"][0])')
vitaal --db "$DST" attach get "$ATT" -o "$T_DIR/back.pdf" >/dev/null 2>&1
cmp -s "$T_DIR/evidence.pdf" "$T_DIR/back.pdf" && pass "the evidence's bytes copied exactly" || fail "the evidence's bytes copied exactly"
sed 's/Aangescherpt na/Nogmaals aangescherpt na/' "$T_DIR/edit.json" >"$T_DIR/edit2.json"
check "the copy writes on: a third version" env USER=author "$VITAAL_BIN" --db "$DST" import "$T_DIR/edit2.json"
NV=$(vitaal --db "$SRC" history measures "$MS" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["versions"][0]["version"])')
jcheck "the copy's history goes on from the source's" "$(vitaal --db "$DST" history measures "$MS" --json)" \
  "[v['version'] for v in d['versions']] == list(range($NV + 1, 0, -1)) and d['versions'][0]['actor'] == 'cli:author'"
check "the copy writes on: a comment" vitaal --db "$DST" comments add analyses "$AN" --text "Na de verhuizing."
check "audit verify still passes on the copy" vitaal --db "$DST" audit verify

# --- refusals ----------------------------------------------------------------------
a0=$(vitaal --db "$DST" audit list)
s0=$(sum "$DST")
expect_fail "a target with rows is refused, the table named" 4 \
  "the target is not empty: table [a-z_]+ holds rows" vitaal migrate --from "$SRC" --to "$DST"
[ "$s0" = "$(sum "$DST")" ] && [ "$a0" = "$(vitaal --db "$DST" audit list)" ] &&
  pass "the refused target is unchanged" || fail "the refused target is unchanged"
CAT=$T_DIR/catalogue.db
vitaal --db "$CAT" init >/dev/null
expect_fail "a target with only the catalogue is refused too" 4 "table organisations holds rows" \
  vitaal migrate --from "$SRC" --to "$CAT"
expect_fail "a missing source" 3 "--from: .*missing.db: no database here" \
  vitaal migrate --from "$T_DIR/missing.db" --to "$T_DIR/new1.db"
[ ! -e "$T_DIR/new1.db" ] && pass "no target made for a missing source" || fail "no target made for a missing source"
expect_fail "a URL of another kind" 2 "--to must be a SQLite file or a postgresql:// URL, not 'mysql://db/x'" \
  vitaal migrate --from "$SRC" --to mysql://db/x
expect_fail "an unreachable PostgreSQL" 1 "--to: .*cannot connect to PostgreSQL" \
  vitaal migrate --from "$SRC" --to "postgresql:///vitaal?host=$T_DIR/no-such-socket"
expect_fail "--to is required" 2 "--to is required" vitaal migrate --from "$SRC"
expect_fail "the same database twice" 2 "name the same database" vitaal migrate --from "$SRC" --to "$T_DIR/../$(basename "$T_DIR")/src.db"
head -c 32 /dev/urandom >"$T_DIR/other.db.auditkey"
k0=$(sum "$T_DIR/other.db.auditkey")
expect_fail "another audit key already beside the target" 4 "already has this file" \
  vitaal migrate --from "$SRC" --to "$T_DIR/other.db"
[ ! -e "$T_DIR/other.db" ] && [ "$k0" = "$(sum "$T_DIR/other.db.auditkey")" ] &&
  pass "the target file it made is removed again, the key left alone" || fail "the target file it made is removed again, the key left alone"
if command -v sqlite3 >/dev/null; then
  sqlite3 "$T_DIR/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
  expect_fail "a SQLite file that is not vitaal's" 2 "not a vitaal database" \
    vitaal migrate --from "$SRC" --to "$T_DIR/foreign.db"
  sqlite3 "$SRC" ".backup '$T_DIR/newer.db'"
  sqlite3 "$T_DIR/newer.db" "PRAGMA user_version = 999"
  n0=$(sum "$T_DIR/newer.db")
  expect_fail "a source of a newer schema" 2 "schema version 999 is newer than this vitaal knows" \
    vitaal migrate --from "$T_DIR/newer.db" --to "$T_DIR/new2.db"
  [ ! -e "$T_DIR/new2.db" ] && [ "$n0" = "$(sum "$T_DIR/newer.db")" ] &&
    pass "... untouched, and no target made" || fail "... untouched, and no target made"
fi

# --- progress on a terminal ------------------------------------------------------------
if command -v sqlite3 >/dev/null; then
  BIG=$T_DIR/big.db
  sqlite3 "$SRC" ".backup '$BIG'"
  sqlite3 "$BIG" "WITH RECURSIVE n(i) AS (SELECT (SELECT max(seq) FROM audit) + 1 UNION ALL
    SELECT i + 1 FROM n WHERE i < 500000) INSERT INTO audit (seq, at, actor, action, prev, mac)
    SELECT i, '2026-12-06T09:00:00Z', 'load', 'read', '', '' FROM n"
  tty=$(python3 "$VITAAL_ROOT/tests/integration/pty_run.py" "$VITAAL_BIN" migrate --from "$BIG" --to "$T_DIR/big-copy.db")
  jcheck "progress per table on a terminal (stderr), the summary on stdout" "$tty" \
    "d['rc'] == 0 and 'copying audit: ' in d['stderr'] and ' rows of 5' in d['stderr'] and d['stdout'].startswith('copied ')"
fi

# --- SQLite -> PostgreSQL -> SQLite -----------------------------------------------------
if [ -n "${VITAAL_TEST_PG:-}" ]; then
  PG=$(new_db migrate)
  BACK=$T_DIR/back.db
  check "migrate SQLite -> PostgreSQL" vitaal migrate --from "$SRC" --to "$PG"
  check "migrate PostgreSQL -> SQLite" vitaal migrate --from "$PG" --to "$BACK"
  [ "$(dump "$SRC")" = "$(dump "$BACK")" ] && pass "round trip: every row of every table equal" ||
    fail "round trip: every row of every table equal" "$(diff <(dump "$SRC") <(dump "$BACK") | head -20)"
  head_src=$(vitaal --db "$SRC" audit verify | grep '^head:')
  v=$(vitaal --db "$PG" audit verify 2>&1)
  grep -qx "$head_src" <<<"$v" && pass "audit verify passes on PostgreSQL, same head" || fail "audit verify passes on PostgreSQL, same head" "$v"
  v=$(vitaal --db "$BACK" audit verify 2>&1)
  grep -qx "$head_src" <<<"$v" && pass "audit verify passes back on SQLite, same head" || fail "audit verify passes back on SQLite, same head" "$v"
  e1=$(vitaal --db "$SRC" export)
  [ "$e1" = "$(vitaal --db "$PG" export)" ] && pass "round trip: the same export on PostgreSQL" || fail "round trip: the same export on PostgreSQL"
  [ "$e1" = "$(vitaal --db "$BACK" export)" ] && pass "round trip: the same export back on SQLite" || fail "round trip: the same export back on SQLite"
  check "PostgreSQL writes on after the copy (ids carried on)" vitaal --db "$PG" comments add analyses "$AN" --text "Op PostgreSQL."
  check "audit verify on PostgreSQL after a write" vitaal --db "$PG" audit verify
  expect_fail "a PostgreSQL target with rows is refused" 4 "the target is not empty: table [a-z_]+ holds rows" \
    vitaal migrate --from "$BACK" --to "$PG"
else
  skip "round trip SQLite -> PostgreSQL -> SQLite" "no cluster (\$VITAAL_TEST_PG; scripts/pg-check.sh sets it)"
fi

finish
