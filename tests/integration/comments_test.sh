#!/usr/bin/env bash
# comments_test.sh — comment threads and notifications from the command
# line (domain/comment.h, domain/notify.h) on the demo database: the demo's
# thread with its mention; `vitaal comments add` (as cli:<login>, acting for
# the coordinator) with mentions checked, on the kinds that take comments
# only; listing a confidential thread audited; retraction by the author
# only, with a note, the text kept out of the list; every write audited;
# `vitaal notify list USER` under that user's need-to-know (a mention of a
# user who may not read the record tells it nothing); `vitaal user email`.
. "$(dirname "$0")/lib.sh"

DB=$(new_db c)
check "fixture: init --demo" vitaal --db "$DB" init --demo
for u in "ezk-a department ezk confidential" "ezk-low department ezk public" \
  "jenv-a department jenv secret" "netbeheerder provider hoogspanningsnet-nl secret"; do
  set -- $u
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null
done

# --- the demo ------------------------------------------------------------------------------
jcheck "demo: a thread on EZK's draft analysis of regional gas, with mentions" \
  "$(vitaal --db "$DB" comments list analyses an-gas-regionaal-2026 --json)" \
  '[c["author"] for c in d["items"]]==["analist-ezk","toetser-ezk","analist-ezk"] and d["items"][0]["mentions"]==["toetser-ezk"] and d["items"][0]["created_at"]=="2026-11-26T09:15:00Z"'
jcheck "demo: and one on a measure" \
  "$(vitaal --db "$DB" comments list measures ms-graafschade --json)" \
  'd["items"][0]["mentions"]==["analist-ezk"]'

# --- writing -------------------------------------------------------------------------------
AN=an-gas-regionaal-2026
check "add: a comment mentioning a user" \
  vitaal --db "$DB" comments add analyses "$AN" --text "Graag reageren, @ezk-a en @netbeheerder (mail: info@ezk.example)."
jcheck "add: listed last, by cli:<login>, the mentions the users named (no e-mail address)" \
  "$(vitaal --db "$DB" comments list analyses "$AN" --json)" \
  'd["items"][-1]["author"].startswith("cli:") and d["items"][-1]["mentions"]==["ezk-a","netbeheerder"]'
expect_fail "add: an unknown user mentioned is refused (2)" 2 "@nobody is not a user" \
  vitaal --db "$DB" comments add analyses "$AN" --text "Zie @nobody"
expect_fail "add: a kind that takes no comments (2)" 2 "takes no comments" \
  vitaal --db "$DB" comments add processes elektriciteit-landelijk --text "x"
expect_fail "add: a missing record (3)" 3 "no analysis" \
  vitaal --db "$DB" comments add analyses an-none --text "x"
expect_fail "add: an empty text (2)" 2 "1 .. 4000" \
  vitaal --db "$DB" comments add analyses "$AN" --text "   "
expect_fail "add: --text is needed" 2 "needs --text" vitaal --db "$DB" comments add analyses "$AN"

# --- audit -----------------------------------------------------------------------------------
CLASS=$(vitaal --db "$DB" show analyses "$AN" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["classification"])')
N=$(vitaal --db "$DB" comments list analyses "$AN" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["id"])')
vitaal --db "$DB" audit list >"$T_DIR/audit.txt"
check "audit: the comment is an entry (comment N) on the analysis" \
  grep -Eq "comment +analyses +$AN +comment $N\$" "$T_DIR/audit.txt"
if [ "$CLASS" = confidential ] || [ "$CLASS" = secret ]; then
  check "audit: listing the $CLASS thread is a read entry" grep -Eq "read +analyses +$AN +comments" "$T_DIR/audit.txt"
else
  skip "audit: listing a classified thread" "$AN is $CLASS"
fi

# --- retracting ------------------------------------------------------------------------------
expect_fail "retract: without a note" 2 "needs --note" vitaal --db "$DB" comments retract analyses "$AN" "$N"
FIRST=$(vitaal --db "$DB" comments list analyses "$AN" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
expect_fail "retract: not another's comment (5)" 5 "only its author" \
  vitaal --db "$DB" comments retract analyses "$AN" "$FIRST" --note "niet van mij"
check "retract: its own, with a note" vitaal --db "$DB" comments retract analyses "$AN" "$N" --note "Dubbel"
jcheck "retract: the text is no longer listed, the note is" \
  "$(vitaal --db "$DB" comments list analyses "$AN" --json)" \
  '[c for c in d["items"] if c["id"]=='"$N"'][0]["text"] is None and [c for c in d["items"] if c["id"]=='"$N"'][0]["retraction"]=="Dubbel"'
check "retract: the text is kept in the database" \
  test "$(db_sql "$DB" "SELECT text FROM comments WHERE id = $N")" = "Graag reageren, @ezk-a en @netbeheerder (mail: info@ezk.example)."
expect_fail "retract: once (4)" 4 "retracted already" \
  vitaal --db "$DB" comments retract analyses "$AN" "$N" --note "nog eens"

# --- notifications ---------------------------------------------------------------------------
M=$(vitaal --db "$DB" comments list analyses "$AN" --json | python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["items"] if c["text"] is None][0])')
vitaal --db "$DB" comments add analyses "$AN" --text "Nogmaals, @ezk-a @ezk-low @jenv-a @netbeheerder." >/dev/null
L=$(vitaal --db "$DB" comments list analyses "$AN" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][-1]["id"])')
jcheck "notify: the owning ministry's user is told of the mention" \
  "$(vitaal --db "$DB" notify list ezk-a --json)" \
  'any(i["id"]=="comment:'"$L"'" and i["event"]=="mention" and i["record"]=="'"$AN"'" for i in d["items"])'
jcheck "notify: a retracted comment is not told" \
  "$(vitaal --db "$DB" notify list ezk-a --json)" '"comment:'"$M"'" not in [i["id"] for i in d["items"]]'
for who in ezk-low jenv-a netbeheerder; do
  jcheck "notify: $who, mentioned but not allowed to read the analysis, hears nothing of it" \
    "$(vitaal --db "$DB" notify list "$who" --json)" \
    'not [i for i in d["items"] if i["record"]=="'"$AN"'"]'
done
expect_fail "notify: an unknown user (3)" 3 "no such user" vitaal --db "$DB" notify list nobody

# --- e-mail addresses ------------------------------------------------------------------------
check "user email: set" vitaal --db "$DB" user email ezk-a ezk-a@ezk.example
expect_fail "user email: not an address (2)" 2 "e-mail address" vitaal --db "$DB" user email ezk-a "a b@x.nl"
expect_fail "user email: no header injection (2)" 2 "e-mail address" vitaal --db "$DB" user email ezk-a $'a@x.nl\nBcc: b@y.nl'
check "user email: stored" test "$(db_sql "$DB" "SELECT email FROM users WHERE id = 'ezk-a'")" = ezk-a@ezk.example
check "user email: removed" vitaal --db "$DB" user email ezk-a --remove
check "user email: gone" test -z "$(db_sql "$DB" "SELECT email FROM users WHERE id = 'ezk-a'")"
check "audit: the address changes are audited" grep -q "email ezk-a@ezk.example" <(vitaal --db "$DB" audit list)
check "audit: the chain holds" vitaal --db "$DB" audit verify
finish
