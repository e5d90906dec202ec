#!/usr/bin/env bash
# requests_test.sh — requests for information (uitvraag, domain/request.h)
# from the command line, end to end: the demo's two requests on chemie
# with each recipient's state at the demo clock (answered, open, overdue);
# `vitaal requests send` from options and from a JSON file (questions as a
# list, a framework's requirements asked), refusing a recipient that does
# not provide the process and writing nothing then; answers as
# contributions (a draft changed, then submitted and frozen; one not sent
# the request refused; the analysis the answer goes to); the states moving
# with the clock; closing; every write audited. The API's side, role by
# route, is tests/integration/server/request_checks.py (server_test.sh).
. "$(dirname "$0")/lib.sh"

DB=$(new_db r)
export USER=ienw-analist
check "fixture: init --demo" vitaal --db "$DB" init --demo
at_demo() { VITAAL_NOW=2026-11-27T12:00:00Z vitaal --db "$DB" "$@"; }

# --- the demo ---------------------------------------------------------------------------------
jcheck "demo: the newer request on chemie: one answered, two open (one has a draft)" \
  "$(at_demo requests show rq-chemie-procesbesturing-2026 --json)" \
  '[(r["provider"], r["state"]) for r in d["recipients"]]==[("chemiepark-botlek-west","answered"),("raffinaderij-pernisse","open"),("zoutchemie-eemsmond","open")] and len(d["questionnaire"])==3 and d["analysis"]=="an-chemie-2026"'
jcheck "demo: the older one, due 2026-11-20: one answered, one overdue" \
  "$(at_demo requests show rq-chemie-stoom-2026 --json)" \
  '[(r["provider"], r["state"]) for r in d["recipients"]]==[("zoutchemie-eemsmond","overdue"),("chemiepark-botlek-west","answered")]'
out=$(at_demo requests)
grep -q "rq-chemie-stoom-2026 .*zoutchemie-eemsmond overdue, chemiepark-botlek-west answered" <<<"$out" \
  && pass "requests list: per request each provider's state" || fail "requests list: per request each provider's state" "$out"
jcheck "demo: an answer is a contribution to the ministry's analysis, with the request" \
  "$(vitaal --db "$DB" show contributions rq-chemie-stoom-2026-chemiepark-botlek-west --json)" \
  'd["request"]=="rq-chemie-stoom-2026" and d["analysis"]=="an-chemie-2026" and d["status"]=="submitted" and d["owner"]=="chemiepark-botlek-west"'
check "requests --help" vitaal requests --help

# --- sending ----------------------------------------------------------------------------------
count() { vitaal --db "$DB" list "$1" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
audit_n=$(vitaal --db "$DB" audit list | wc -l)
expect_fail "send: a recipient that does not provide the process is refused (exit 2)" 2 \
  "to\[1\]: pinpunt-acquiring does not provide the process giraal-betalingsverkeer" \
  vitaal --db "$DB" requests send --title "Uitvraag" --process giraal-betalingsverkeer \
  --to betaalverwerking-nederland,pinpunt-acquiring --due 2026-12-31 --question "Welke storingen?"
expect_fail "send: a question or a framework is needed (usage, exit 2)" 2 "question" \
  vitaal --db "$DB" requests send --title "Uitvraag" --process toonbankbetalingen --to kustbank --due 2026-12-31
[ "$(count requests)" = 2 ] && [ "$(vitaal --db "$DB" audit list | wc -l)" = "$audit_n" ] \
  && pass "send: a refused request writes nothing, not even an audit entry" \
  || fail "send: a refused request writes nothing, not even an audit entry"
out=$(VITAAL_NOW=2026-12-01T09:00:00Z vitaal --db "$DB" requests send --title "Uitvraag pinstoringen" \
  --process toonbankbetalingen --to kustbank,polderbank --due 2026-12-15 \
  --question "Welke storingen had u in 2026?" --question "Welke maatregelen neemt u?")
rid=$(sed -n 's/^sent request \([^ ]*\) to 2 provider(s)$/\1/p' <<<"$out")
[ "$rid" = "REQ-2026-003" ] && pass "send: from options, the next id REQ-2026-003" || fail "send: from options, the next id REQ-2026-003" "$out"
jcheck "send: the questions one a line, sent by cli:<login>, owned by the process's ministry" \
  "$(vitaal --db "$DB" show requests "$rid" --json)" \
  'd["questions"]=="Welke storingen had u in 2026?\nWelke maatregelen neemt u?" and d["sent_by"]=="cli:ienw-analist" and d["sent_at"]=="2026-12-01T09:00:00Z" and d["owner"]=="fin" and d["status"]=="open" and d["analysis"] is None'
cat >"$T_DIR/request.json" <<'EOF'
{"id": "rq-nis2-drinkwater", "title": "Uitvraag NIS2-maatregelen drinkwater", "process": "drinkwater",
 "to": ["drinkwater-midden-delta"], "due": "2026-12-20", "framework": "urn:vitaal:framework:nis2",
 "questions": ["Wie is uw aanspreekpunt voor NIS2?"], "classification": "internal", "owner": "ienw"}
EOF
check "send: from a JSON file as the API takes it" vitaal --db "$DB" requests send --file "$T_DIR/request.json"
jcheck "send: a framework's assessable requirements are asked after the questions" \
  "$(vitaal --db "$DB" requests show rq-nis2-drinkwater --json)" \
  'd["questionnaire"][0]=={"text":"Wie is uw aanspreekpunt voor NIS2?"} and len(d["questionnaire"])>5 and all("requirement" in q for q in d["questionnaire"][1:])'
expect_fail "send: the id is taken (exit 4)" 4 "taken" vitaal --db "$DB" requests send --file "$T_DIR/request.json"

# --- answering --------------------------------------------------------------------------------
expect_fail "answer: a provider the request was not sent to is refused (exit 2)" 2 \
  "was not sent to pinpunt-acquiring" \
  vitaal --db "$DB" requests answer "$rid" --provider pinpunt-acquiring --text "Ongevraagd"
expect_fail "answer: an empty text is refused" 2 "empty" \
  vitaal --db "$DB" requests answer "$rid" --provider kustbank --text "  "
check "answer: a draft" vitaal --db "$DB" requests answer "$rid" --provider kustbank --text "Concept" --draft
jcheck "answer: a draft counts as open; it is the provider's answer to the process's open analysis" \
  "$(vitaal --db "$DB" requests show "$rid" --json)" \
  '[(r["provider"], r["state"]) for r in d["recipients"]]==[("kustbank","open"),("polderbank","open")] and d["answers"][0]["analysis"]=="an-qs-ransomware-toonbankbetalingen" and d["answers"][0]["status"]=="draft"'
printf 'Twee storingen van de pinautomaten in 2026.\nMaatregel: een tweede verwerker.\n' >"$T_DIR/answer.txt"
check "answer: the draft submitted, from a file" vitaal --db "$DB" requests answer "$rid" --provider kustbank --file "$T_DIR/answer.txt"
jcheck "answer: the provider answered, the text as written" \
  "$(vitaal --db "$DB" requests show "$rid" --json)" \
  'd["recipients"][0]["state"]=="answered" and d["answers"][0]["summary"].startswith("Twee storingen") and d["answers"][0]["status"]=="submitted" and d["answers"][0]["submitted_by"]=="cli:ienw-analist"'
expect_fail "answer: a submitted answer is frozen (exit 4)" 4 "not changed once submitted" \
  vitaal --db "$DB" requests answer "$rid" --provider kustbank --text "Toch anders"
jcheck "the clock: after the due day the one not answered is overdue" \
  "$(VITAAL_NOW=2026-12-16T09:00:00Z vitaal --db "$DB" requests show "$rid" --json)" \
  '[(r["provider"], r["state"]) for r in d["recipients"]]==[("kustbank","answered"),("polderbank","overdue")]'

# --- closing ----------------------------------------------------------------------------------
check "close" vitaal --db "$DB" requests close "$rid"
expect_fail "close: a closed request takes no answer (exit 4)" 4 "is closed" \
  vitaal --db "$DB" requests answer "$rid" --provider polderbank --text "Te laat"
expect_fail "close: not twice (exit 4)" 4 "is closed" vitaal --db "$DB" requests close "$rid"
expect_fail "show: an unknown request (exit 3)" 3 "no request" vitaal --db "$DB" requests show rq-none

# --- the audit log ----------------------------------------------------------------------------
out=$(vitaal --db "$DB" audit list)
grep -q "cli:ienw-analist  create .*requests .*$rid .*version 1; sent" <<<"$out" \
  && grep -q "cli:ienw-analist  create .*contributions .*$rid.kustbank .*answers request $rid; draft" <<<"$out" \
  && grep -q "cli:ienw-analist  update .*contributions .*$rid.kustbank .*answers request $rid; submit" <<<"$out" \
  && grep -q "cli:ienw-analist  update .*requests .*$rid .*version 2; closed" <<<"$out" \
  && pass "audit: sending, the draft, the submission and closing" \
  || fail "audit: sending, the draft, the submission and closing" "$(tail -8 <<<"$out")"
check "audit verify: the chain holds" vitaal --db "$DB" audit verify

finish
