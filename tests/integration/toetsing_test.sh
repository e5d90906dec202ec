#!/usr/bin/env bash
# toetsing_test.sh — issue 10 parts 8 and 9 through the CLI: a (partly)
# ineffective review without adjustment or follow_up is refused by import
# (JSON and CSV) naming the field, nothing written; CER dates on a provider
# link that is no critical entity likewise; list and show of measures give
# the derived follow-up (overdue, adjustment due) as text and JSON, and a
# later review clears the adjustment; status counts both per process; and on
# the demo (today 2026-12-06) one CER/NIS2 rule: waterkeren, whose providers
# are NIS2+CER entities, is NIS2+CER in status too, and status lists the
# CER milestones and the critical entities' clocks, some past, some coming.
. "$(dirname "$0")/lib.sh"

FULL="$VITAAL_ROOT/tests/data/full.json"
cd "$T_DIR" || exit 1
DB_A=$(new_db a)
DB_DEMO=$(new_db demo)
check "init and import the full document" bash -c "'$VITAAL_BIN' --db '$DB_A' init --empty && '$VITAAL_BIN' --db '$DB_A' import '$FULL'"

# --- refusals name the field ------------------------------------------------------
doc() { # doc RESULT EXTRA_JSON: one review of m-batteries as a document
  printf '{"format": "vitaal", "version": 2, "reviews": [{"id": "rv-x", "measure": "m-batteries", "date": "2026-06-01", "method": "test", "result": "%s"%s, "status": "final", "classification": "confidential", "owner": "ezk"}]}\n' "$1" "$2"
}
before=$(db_sum "$DB_A")
doc partly_effective '' >r1.json
expect_fail "import: a partly effective review without adjustment is refused, naming it" 2 \
  'reviews\[0\]\.adjustment: a review with result partly_effective must say how the measure is adjusted' \
  vitaal --db "$DB_A" import r1.json
doc ineffective ', "adjustment": "new cells"' >r2.json
expect_fail "import: an ineffective review without follow_up is refused, naming it" 2 \
  'reviews\[0\]\.follow_up: a review with result ineffective needs a follow_up date' \
  vitaal --db "$DB_A" import r2.json
doc ineffective ', "adjustment": "new cells", "follow_up": "2026-05-01"' >r3.json
expect_fail "import: a follow-up before the review is refused" 2 \
  'follow_up: 2026-05-01 is before the review.s date 2026-06-01' vitaal --db "$DB_A" import r3.json
printf 'id,measure,date,method,result,adjustment,classification,owner\nrv-c,m-batteries,2026-06-01,audit,partly_effective,more cells,confidential,ezk\n' >reviews.csv
expect_fail "import: the CSV form names line and column" 2 \
  'line 2, column follow_up: a review with result partly_effective needs a follow_up date' \
  vitaal --db "$DB_A" import reviews.csv
printf '{"format": "vitaal", "version": 2, "provider_links": [{"id": "pl-x", "provider": "grid-co", "process": "telecom", "cer_identified": "2026-01-01", "classification": "internal", "owner": "grid-co"}]}\n' >pl.json
expect_fail "import: CER dates on a link that is no critical entity are refused" 2 \
  'provider_links\[0\]\.cer_identified: CER dates are for a critical entity' vitaal --db "$DB_A" import pl.json
[ "$(db_sum "$DB_A")" = "$before" ] && pass "refused imports leave the database byte for byte" \
  || fail "refused imports leave the database byte for byte"

# --- derived follow-up in list, show and status --------------------------------------
doc partly_effective ', "adjustment": "more cells", "follow_up": "2026-09-01"' >ok.json
check "import: a partly effective review with adjustment and follow_up" vitaal --db "$DB_A" import ok.json
printf '{"format": "vitaal", "version": 2, "measures": [{"id": "m-late", "name": "Late one", "kind": "other", "scope": "sectoral", "processes": ["power"], "due": "2020-01-01", "status": "planned", "classification": "internal", "owner": "ezk"}]}\n' >late.json
check "import: a planned measure due in 2020" vitaal --db "$DB_A" import late.json
out=$(vitaal --db "$DB_A" list measures)
grep -Eq "^m-batteries .*adjustment due \(follow-up 2026-09-01\)" <<<"$out" &&
  grep -Eq "^m-late .* planned +overdue" <<<"$out" \
  && pass "list measures: a follow-up column says overdue and adjustment due" \
  || fail "list measures: a follow-up column says overdue and adjustment due" "$out"
out=$(vitaal --db "$DB_A" list measures --json)
python3 -c '
import json, sys
m = {x["id"]: x for x in json.load(sys.stdin)}
assert m["m-late"]["overdue"] is True and m["m-late"]["adjustment_due"] is False, m["m-late"]
b = m["m-batteries"]
assert b["adjustment_due"] is True and b["follow_up"] == "2026-09-01", b
' <<<"$out" && pass "list measures --json: overdue, adjustment_due and follow_up" \
  || fail "list measures --json: overdue, adjustment_due and follow_up" "$out"
out=$(vitaal --db "$DB_A" show measures m-batteries)
grep -Eq "^  adjustment due +yes$" <<<"$out" && grep -Eq "^  follow-up +2026-09-01 \(review rv-x\)$" <<<"$out" &&
  grep -Eq "^  overdue +no$" <<<"$out" \
  && pass "show measure: overdue, adjustment due and the follow-up" \
  || fail "show measure: overdue, adjustment due and the follow-up" "$out"
out=$(VITAAL_NOW=2026-11-27T12:00:00Z vitaal --db "$DB_A" status)
grep -Eq "^power .* +1 +0$" <<<"$out" && grep -Eq "^telecom .* +0 +1$" <<<"$out" \
  && pass "status: per process its overdue and adjustment-due measures" \
  || fail "status: per process its overdue and adjustment-due measures" "$out"
printf '{"format": "vitaal", "version": 2, "reviews": [{"id": "rv-y", "measure": "m-batteries", "date": "2026-08-20", "method": "exercise", "result": "effective", "status": "final", "classification": "confidential", "owner": "ezk"}]}\n' >later.json
check "import: an effective review after it" vitaal --db "$DB_A" import later.json
out=$(vitaal --db "$DB_A" show measures m-batteries --json)
grep -q '"adjustment_due": false' <<<"$out" && grep -q '"follow_up": null' <<<"$out" \
  && pass "a later effective review clears the adjustment due" \
  || fail "a later effective review clears the adjustment due" "$out"

# --- one CER/NIS2 rule, and what is due under CER, on the demo --------------------------
check "init --demo" vitaal --db "$DB_DEMO" init --demo
out=$(VITAAL_NOW=2026-12-06T12:00:00Z vitaal --db "$DB_DEMO" status --json)
python3 -c '
import json, sys
d = json.load(sys.stdin)
p = {x["id"]: x for x in d["processes"]}
assert p["waterkeren"]["regimes"] == "NIS2+CER" and p["waterkeren"]["cer_nis2"], p["waterkeren"]
cer = d["cer"]
ms = {m["id"]: m for m in cer["milestones"]}
assert ms["cer_milestone_member_state_risk_assessment"]["due"] == "2026-01-17", ms
assert ms["cer_milestone_identification"]["due"] == "2026-07-17", ms
assert all(m["state"] == "past" for m in ms.values()), ms
e = {x["provider"]: x for x in cer["entities"]}
hs = e["hoogspanningsnet-nl"]
assert (hs["notified"], hs["risk_assessment_due"], hs["chapter3_applies"], hs["step"]) == \
    ("2026-02-10", "2026-11-10", "2026-12-10", "chapter3_coming"), hs
assert e["waterbedrijf-noordkust"]["step"] == "chapter3_applies", e["waterbedrijf-noordkust"]
assert e["dienst-waterkeringen"]["step"] == "risk_assessment_due", e["dienst-waterkeringen"]
assert e["wegbeheer-rijkswegen"]["step"] == "not_identified" and e["wegbeheer-rijkswegen"]["overdue"]
assert e["spoorbeheer-nederland"]["step"] == "to_notify" and e["spoorbeheer-nederland"]["overdue"]
assert cer["not_identified"] == 2, cer["not_identified"]
assert sum(x["overdue_measures"] for x in d["processes"]) > 0
assert sum(x["adjustment_due_measures"] for x in d["processes"]) > 0
' <<<"$out" && pass "status --json on the demo: waterkeren NIS2+CER, CER milestones and clocks" \
  || fail "status --json on the demo: waterkeren NIS2+CER, CER milestones and clocks" "$out"
out=$(VITAAL_NOW=2026-12-06T12:00:00Z vitaal --db "$DB_DEMO" status)
grep -Eq "^waterkeren .* NIS2\+CER " <<<"$out" &&
  grep -q "2026-07-17  past    CER art. 6(1): every critical entity identified (2 critical entities not yet identified)" <<<"$out" &&
  grep -Eq "^spoorbeheer-nederland +spoor +2026-07-10 +- .*to_notify +2026-08-10 overdue" <<<"$out" \
  && pass "status on the demo: the regimes column and what is due under CER" \
  || fail "status on the demo: the regimes column and what is due under CER" "$out"
out=$(vitaal --db "$DB_DEMO" framework entities)
grep -Eq "^waterschap-lage-polders .* waterkeren .* NIS2\+CER$" <<<"$out" \
  && pass "framework entities agree: waterkeren's providers are NIS2+CER entities" \
  || fail "framework entities agree: waterkeren's providers are NIS2+CER entities" "$out"

finish
