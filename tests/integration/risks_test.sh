#!/usr/bin/env bash
# risks_test.sh — `vitaal risks` and `vitaal reviews` end to end: scores, the
# risk diagram inherent and residual, resilience and findings per process,
# sector and nation, review states, and bad input (unknown ids, bad class
# tables) refused with the exit status of base/error.h and the database
# untouched. Expected numbers are worked out by hand from
# tests/data/risks/small.json (class scores A1 B3 C9 D27 E81, thresholds
# 0 3 9 27 81, weights c1 2, c2 1, c3 0.5, c4 0), tests/data/full.json and
# data/demo.json.
. "$(dirname "$0")/lib.sh"

SMALL="$VITAAL_ROOT/tests/data/risks/small.json"
FULL="$VITAAL_ROOT/tests/data/full.json"
cd "$T_DIR" || exit 1
DB_S=$(new_db s)
DB_N=$(new_db n)
DB_FULL=$(new_db full)
DB_DEMO=$(new_db demo)
T=2026-11-27

for c in risks reviews; do
  vitaal "$c" --help | grep -q "^usage: vitaal $c" && pass "$c --help" || fail "$c --help"
done

vitaal --db "$DB_S" init --empty >/dev/null && vitaal --db "$DB_S" import "$SMALL" >/dev/null \
  || fail "import the small risk database"
before=$(db_sum "$DB_S")

# --- risks: one process -------------------------------------------------------
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --process p-power)
grep -q "^analysis a-power-2023 (regular, final 2023-06-30); with later quickscan a-power-qs$" <<<"$out" \
  && pass "a process counts with its latest final analysis and later quickscans" \
  || fail "a process counts with its latest final analysis and later quickscans" "$out"
# r-p1: 2 x B(3) + 1 x B(3) = 9, exactly C's threshold; r-p2: 2 x D + 0.5 x C = 58.5 -> D
grep -Eq "^r-p1 +t-cyber +C +C +9$" <<<"$out" && grep -Eq "^r-p2 +t-cyber +B +D +58.5$" <<<"$out" \
  && pass "aggregated impact: weighted sum mapped to a class" || fail "aggregated impact: weighted sum mapped to a class" "$out"
grep -Eq "^r-p3 +t-cyber +D +none +-$" <<<"$out" && grep -q "not in the diagram (no impact scored): r-p3" <<<"$out" \
  && pass "a risk without impacts has none and is left out of the diagram" \
  || fail "a risk without impacts has none and is left out of the diagram" "$out"
grep -Eq "^r-p4 +t-cyber +C +A +0$" <<<"$out" && pass "weight 0 scores 0 (class A)" || fail "weight 0 scores 0 (class A)" "$out"
grep -Eq "^r-p2 +Fysieke veiligheid +c1 D +54$" <<<"$out" && grep -Eq "^r-p2 +Economische veiligheid +c3 C +4.5$" <<<"$out" \
  && pass "impacts grouped by national security interest" || fail "impacts grouped by national security interest" "$out"
grep -Eq "^C mogelijk +1 +\. +2 +\. +\.$" <<<"$out" && grep -Eq "^B onwaarschijnlijk +\. +\. +\. +1 +\.$" <<<"$out" \
  && pass "process diagram (two risks tie in C/C)" || fail "process diagram (two risks tie in C/C)" "$out"
grep -Eq "^p-power +3.0 / 2 \(3\) +3.0 / 2 \(2\) +- +1.0 / 1 \(1\) +-$" <<<"$out" \
  && pass "process resilience: mean / min (n)" || fail "process resilience: mean / min (n)" "$out"
grep -q "incidents (a-power-qs): kabelbreuk" <<<"$out" && grep -q "policy_law (a-power-2023): wetgeving toereikend" <<<"$out" \
  && pass "process findings per topic" || fail "process findings per topic" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --process p-gas)
grep -q "a-gas-2024 (regular, review 2024-02-01) - no final analysis yet" <<<"$out" \
  && pass "without a final analysis the latest one is used and said so" \
  || fail "without a final analysis the latest one is used and said so" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --process p-water)
grep -q "no findings recorded in a-water-2022" <<<"$out" && pass "an analysis without findings" || fail "an analysis without findings" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --process p-none)
grep -q "no resilience analysis yet" <<<"$out" && pass "a process without analysis" || fail "a process without analysis" "$out"

# --- residual -------------------------------------------------------------------
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --process p-power --residual)
grep -Eq "^r-p1 +t-cyber +C +C +9 +A +C +9 +m-done-eff$" <<<"$out" \
  && grep -Eq "^r-p2 +t-cyber +B +D +58.5 +B +B +6.5 +m-eff-impact$" <<<"$out" \
  && grep -Eq "^r-qs +t-cyber +C +C +9 +C +C +9 +-$" <<<"$out" \
  && pass "residual: effective measures applied, partly effective / not done / tied not" \
  || fail "residual: effective measures applied, partly effective / not done / tied not" "$out"
res=$(sed -n '/Risk diagram (residual/,/^impact:/p' <<<"$out")
grep -Eq "^A zeer onwaarschijnlijk +\. +\. +1 +\. +\.$" <<<"$res" && grep -Eq "^B onwaarschijnlijk +\. +1 +\. +\. +\.$" <<<"$res" \
  && pass "residual diagram after the inherent one" || fail "residual diagram after the inherent one" "$out"
out=$(VITAAL_NOW=2026-12-02T12:00:00Z vitaal --db "$DB_S" risks --process p-water --residual)
grep -Eq "^r-w1 +t-flood +E +A +1.5 +E +A +1.5 +-$" <<<"$out" \
  && pass "a later ineffective review withdraws the effect" || fail "a later ineffective review withdraws the effect" "$out"

# --- sector and nation ------------------------------------------------------------
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --sector eu-x)
grep -q "^Risks of sector eu-x (EU sector X): 2 processes, 2 with an analysis, 6 risks$" <<<"$out" \
  && grep -Eq "^risk_management +p-gas$" <<<"$out" \
  && pass "sector scope takes in the sectors under it; findings per topic" || fail "sector scope takes in the sectors under it; findings per topic" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks)
grep -q "^Risks nationally: 4 processes, 3 with an analysis, 7 risks$" <<<"$out" \
  && grep -q "p-none: no analysis" <<<"$out" \
  && grep -Eq "^E zeer waarschijnlijk +1 +\. +\. +\. +\.$" <<<"$out" \
  && grep -Eq "^s-energy +2 +2 +6 +1 +1 +0 +2 +1 +1$" <<<"$out" \
  && grep -Eq "^all +3.5 / 2 \(4\)" <<<"$out" \
  && grep -Eq "^s-energy +1/2 +1/2 +0/2 +0/2 +1/2$" <<<"$out" \
  && pass "national diagram, per-sector counts, resilience and findings" \
  || fail "national diagram, per-sector counts, resilience and findings" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" risks --residual --json)
python3 - <<PY 2>&1 && pass "risks --json" || fail "risks --json" "$out"
import json
d = json.loads('''$out''')
r = {x["id"]: x for x in d["risks"]}
assert d["scope"] == "national" and d["diagram"]["risks"] == 6, d["diagram"]
assert d["diagram"]["without_impact"] == ["r-p3"]
cell = [c for c in d["diagram"]["cells"] if c["likelihood"] == "C" and c["impact"] == "C"][0]
assert cell["risks"] == ["r-p1", "r-qs"], cell
assert r["r-p2"]["aggregate"] == 58.5 and r["r-p2"]["impact"] == "D"
assert r["r-p2"]["residual"] == {"likelihood": "B", "aggregate": 6.5, "impact": "B",
                                 "impacts": {"c1": "A", "c3": "C"}, "measures": ["m-eff-impact"]}
assert r["r-p3"]["impact"] is None
assert [i["interest"] for i in r["r-p2"]["impacts"]] == ["Fysieke veiligheid", "Economische veiligheid"]
s = {x["id"]: x for x in d["sectors"]}
assert s["s-energy"]["findings"]["risk_management"] == ["p-gas"]
assert s["s-water"]["resilience"]["physical"] == {"risks": 1, "mean": 5, "min": 5}
p = {x["id"]: x for x in d["processes"]}
assert p["p-gas"]["analysis"]["status"] == "review" and p["p-none"]["analysis"] is None
PY

# --- reviews ------------------------------------------------------------------------
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" reviews)
grep -Eq "^m-done-eff +done +12 mo +2025-11-27 +effective +2026-11-27 +due +yes: likelihood to A$" <<<"$out" \
  && pass "a review exactly one interval ago is due, not overdue" || fail "a review exactly one interval ago is due, not overdue" "$out"
grep -Eq "^m-partly +done +6 mo +2026-05-26 +partly_effective +2026-11-26 +overdue +no: partly_effective$" <<<"$out" \
  && grep -Eq "^m-notdone +in_progress .* reviewed +no: not done$" <<<"$out" \
  && grep -Eq "^m-monthend +done +6 mo +2026-08-31 +effective +2027-02-28 +reviewed +-$" <<<"$out" \
  && grep -Eq "^m-never-nodue +in_progress +12 mo +- +- +now +never +-$" <<<"$out" \
  && ! grep -q "^m-planned" <<<"$out" \
  && grep -q "12 measures in progress or done: 4 reviewed, 2 due, 3 overdue, 3 never reviewed; 7 need a review" <<<"$out" \
  && pass "review states, next due and residual per measure" || fail "review states, next due and residual per measure" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_S" reviews --due)
[ "$(grep -c '^m-' <<<"$out")" -eq 7 ] && ! grep -q "^m-eff-impact\|^m-never-later" <<<"$out" \
  && pass "reviews --due lists only the measures needing a review" || fail "reviews --due lists only the measures needing a review" "$out"
out=$(VITAAL_NOW=2026-11-28T12:00:00Z vitaal --db "$DB_S" reviews --due --json)
python3 - <<PY 2>&1 && pass "reviews --json" || fail "reviews --json" "$out"
import json
d = json.loads('''$out''')
m = {x["id"]: x for x in d["measures"]}
assert m["m-done-eff"]["state"] == "overdue" and m["m-done-eff"]["next_due"] == "2026-11-27"
assert m["m-never-nodue"]["next_due"] is None and m["m-never-nodue"]["last_review"] is None
assert m["m-tie"]["last_review"] == {"id": "rv-tie-b", "date": "2025-03-03", "result": "partly_effective"}
assert d["not_active"] == 1 and "m-eff-impact" not in m
PY
[ "$(db_sum "$DB_S")" = "$before" ] && pass "risks and reviews leave the database unchanged" || fail "risks and reviews leave the database unchanged"

# --- bad input ------------------------------------------------------------------------
expect_fail "unknown process exits 3" 3 "nope: no process with this id" vitaal --db "$DB_S" risks --process nope
expect_fail "unknown sector exits 3" 3 "nope: no sector with this id" vitaal --db "$DB_S" risks --sector nope
expect_fail "--process with --sector exits 2" 2 "not both" vitaal --db "$DB_S" risks --process p-power --sector s-water
expect_fail "reviews with a bad --as-of exits 2" 2 "YYYY-MM-DD" vitaal --db "$DB_S" reviews --as-of 2026-02-30
DB_F=$(copy_db "$DB_S" f)
printf 'id,label,score,aggregate_min,classification,owner\nF,extra,200,200,public,nctv\n' >impact_classes.csv
vitaal --db "$DB_F" import impact_classes.csv >/dev/null
before=$(db_sum "$DB_F")
expect_fail "an impact class row outside A-E is reported" 2 "impact_classes: class 'F' is not one of A, B, C, D, E" vitaal --db "$DB_F" risks
[ "$(db_sum "$DB_F")" = "$before" ] && pass "a refused run writes nothing" || fail "a refused run writes nothing"
DB_G=$(copy_db "$DB_S" g)
printf 'id,label,score,aggregate_min,classification,owner\nE,catastrofaal,81,20,public,nctv\n' >impact_classes.csv
vitaal --db "$DB_G" import impact_classes.csv >/dev/null
expect_fail "thresholds that fall as the class rises are reported" 2 "aggregate_min of class E \(20\) is below that of class D \(27\)" vitaal --db "$DB_G" risks
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['impact_classes'] = []
json.dump(d, open('noclasses.json', 'w'))" "$SMALL"
vitaal --db "$DB_N" init --empty >/dev/null && vitaal --db "$DB_N" import noclasses.json >/dev/null
expect_fail "a database without impact classes gets a clear error" 2 "no impact classes: import them" vitaal --db "$DB_N" risks

# --- tests/data/full.json: classes B and D only ------------------------------------------------
vitaal --db "$DB_FULL" init --empty >/dev/null && vitaal --db "$DB_FULL" import "$FULL" >/dev/null
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_FULL" risks --residual)
# r1: 2.1 B on weight 2 (6) + 3.1 D (27) = 33 >= D's 27.5 -> D; m-batteries is planned
grep -Eq "^r1 +power +ransomware +C +D +33 +C +D +33 +-$" <<<"$out" && grep -q "telecom: no final analysis, uses an-telecom-qs (draft)" <<<"$out" \
  && pass "full.json: score with a partial class table" || fail "full.json: score with a partial class table" "$out"
out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_FULL" reviews)
grep -q "no measures in progress or done" <<<"$out" && grep -q "1 proposed, planned or cancelled" <<<"$out" \
  && pass "full.json: no measure to review" || fail "full.json: no measure to review" "$out"

# --- the demo ------------------------------------------------------------------------------------
if vitaal --db "$DB_DEMO" init --demo >/dev/null 2>&1; then
  out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_DEMO" risks --process elektriciteit-landelijk --residual)
  # r-elektriciteit-landelijk-1: 1.3 E + 3.1 D + 3.2 C + 5.1 D = 81 + 27 + 9 + 27 = 144 -> E;
  # -2: ms-stations-beveiliging (done, audit effective) sets likelihood B -> A
  grep -Eq "^r-elektriciteit-landelijk-1 +cybersabotage +C +E +144 " <<<"$out" \
    && grep -Eq "^r-elektriciteit-landelijk-2 +fysieke-sabotage +B +D +69 +A +D +69 +ms-stations-beveiliging$" <<<"$out" \
    && pass "demo: process scores and residual" || fail "demo: process scores and residual" "$out"
  out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_DEMO" risks --json)
  python3 - <<PY 2>&1 && pass "demo: the national diagram adds up over sectors" || fail "demo: the national diagram adds up over sectors" "$(head -c 2000 <<<"$out")"
import json
d = json.loads('''$out''')
assert d["diagram"]["risks"] == sum(s["diagram"]["risks"] for s in d["sectors"]) > 0
assert d["diagram"]["risks"] == sum(c["count"] for c in d["diagram"]["cells"])
assert len(d["processes"]) == 28
PY
  out=$(VITAAL_NOW=${T}T12:00:00Z vitaal --db "$DB_DEMO" reviews --due)
  grep -Eq "^ms-vulgraad-gasopslag +done +12 mo +2024-11-04 +effective +2025-11-04 +overdue" <<<"$out" \
    && pass "demo: reviews --due" || fail "demo: reviews --due" "$out"
else
  fail "demo: init --demo"
fi

finish
