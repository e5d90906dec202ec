#!/usr/bin/env bash
# rules_test.sh — the rules of issue 4 through the real binary: `vitaal
# assess` (vitaalbeoordeling), `vitaal fallback-need` and `vitaal whatif` on
# the small graph of tests/data/rules/rules.json, with values worked out by
# hand, and every bad input refused with its exit status and the database
# file byte-for-byte unchanged.
#
# The graph (recovery 0): tele <- grid (buffer 0), pay <- tele (buffer 0),
# bank <- grid (buffer 4), water <- grid (buffer 2, fallback fb-water
# bridging loss hours 3..10); spare and lone stand alone.
. "$(dirname "$0")/lib.sh"

RULES="$VITAAL_ROOT/tests/data/rules"
cd "$T_DIR" || exit 1
DB_R=$(new_db r)
DB_N=$(new_db n)
DB_DEMO=$(new_db demo)

sum() { db_sum "$1" | cut -d' ' -f1; }
# refused NAME STATUS PATTERN ARGS...: refused with STATUS, stderr matching
# PATTERN, and r.db unchanged.
refused() {
  local name=$1 want=$2 pattern=$3; shift 3
  local before after
  before=$(sum "$DB_R")
  expect_fail "$name" "$want" "$pattern" vitaal --db "$DB_R" "$@"
  after=$(sum "$DB_R")
  [ "$before" = "$after" ] && pass "$name: database unchanged" || fail "$name: database unchanged"
}

for c in assess fallback-need whatif; do
  vitaal "$c" --help | grep -q "^usage: vitaal $c" && pass "$c --help" || fail "$c --help"
done
vitaal --db "$DB_R" init --empty >/dev/null && vitaal --db "$DB_R" import "$RULES/rules.json" >/dev/null \
  && pass "the rules fixture imports" || fail "the rules fixture imports"

# --- assess ------------------------------------------------------------------
# The fixture counts the cascade in other processes (setting
# assess_cascade_unit processes; the cascade criterion: more than 2).
# water: economic damage 5e10 is exactly the A threshold (not above), above B;
# casualties 1001 > 1000: B, by both; nothing depends on water: cascade 0.
before=$(sum "$DB_R")
out=$(vitaal --db "$DB_R" assess water --dry-run --json)
jcheck "assess: exactly on the A threshold is not A" "$out" \
  'd["category"]=="B" and d["decided_by"]==["casualties","economic_damage"] and d["cascade"]["count"]==0 and d["cascade"]["unit"]=="processes" and d["differs_from_process"] and not d["written"] and d["recorded"] is None'
jcheck "assess names the thresholds not yet verified" "$out" \
  'sorted((u["criterion"],u["category"]) for u in d["unverified"])==[("cascade","A"),("casualties","A"),("casualties","B"),("economic_damage","A"),("economic_damage","B")] and "Not yet verified against a primary source: the A thresholds of cascade, casualties and economic damage" in d["engine_explanation"]'
[ "$before" = "$(sum "$DB_R")" ] && pass "assess --dry-run writes nothing" || fail "assess --dry-run writes nothing"
out=$(vitaal --db "$DB_R" assess water --dry-run)
grep -q "^Water is category B (no estimate meets an A threshold): casualties 1001 people exceeds the B threshold 1000; economic damage EUR 5.0e10 exceeds the B threshold 5.0e9. Its failure for 24 h takes down 0 other vital processes" <<<"$out" \
  && grep -q "Not yet verified against a primary source" <<<"$out" \
  && grep -q "DIFFERS from the process's current category A" <<<"$out" \
  && pass "assess prints the explanation, what is unverified and the difference" || fail "assess prints the explanation, what is unverified and the difference" "$out"

# grid fails 24 h: tele, pay, bank (buffer 4) and water (bridged to loss hour
# 10, down 10..23) go down: 4 > 2, category A by the cascade; no estimates.
# Written as a NEW assessment dated today; as-grid stays as it was.
today=$(TZ=Europe/Amsterdam date +%F) # the calendar day in the Netherlands, as vitaal's
old_grid=$(vitaal --db "$DB_R" show assessments as-grid --json)
out=$(vitaal --db "$DB_R" assess grid --rationale "Analyst: grid feeds everything" --json)
jcheck "assess: the cascade criterion from the engine decides A, in a new assessment" "$out" \
  'd["category"]=="A" and d["decided_by"]==["cascade"] and d["cascade"]["count"]==4 and sorted(d["cascade"]["processes"])==["bank","pay","tele","water"] and d["written"] and d["assessment"]=="as-grid" and d["recorded"]=="as-grid-'"$today"'"'
[ "$old_grid" = "$(vitaal --db "$DB_R" show assessments as-grid --json)" ] \
  && pass "assess leaves the assessment it read exactly as it was" || fail "assess leaves the assessment it read exactly as it was"
out=$(vitaal --db "$DB_R" show assessments "as-grid-$today" --json)
jcheck "the new assessment: category, decided_by, impacts.cascade, cascade_outage_h, the analyst's rationale, the engine's explanation, based_on" "$out" \
  'd["category"]=="A" and d["decided_by"]==["cascade"] and d["impacts"]=={"cascade":4.0} and d["cascade_outage_h"]==24 and d["rationale"]=="Analyst: grid feeds everything" and d["engine_explanation"].startswith("Grid is category A: its failure for 24 h takes down 4 other vital processes") and d["based_on"]=="as-grid" and d["assessor"].startswith("cli:") and d["date"]=="'"$today"'"'
jcheck "the new assessment waits for another person's approval" "$out" 'd["status"]=="review" and d["approved_by"] is None'
out=$(vitaal --db "$DB_R" assess grid --dry-run --json)
jcheck "until approved, the new assessment does not count: the estimates are still as-grid's" "$out" 'd["assessment"]=="as-grid"'
expect_fail "approve: the assessor does not approve its own assessment" 5 "another person decides" \
  vitaal --db "$DB_R" approve assessments "as-grid-$today" --comment "ok"
expect_fail "approve: the open points are acknowledged first" 4 "open points" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB_R" approve assessments "as-grid-$today" --comment "ok"
check "approve: another person approves the assessment" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB_R" approve assessments "as-grid-$today" --comment "cascade nagelopen" --acknowledge
out=$(vitaal --db "$DB_R" show assessments "as-grid-$today" --json)
jcheck "approved: final, with who and why" "$out" 'd["status"]=="final" and d["approved_by"]=="cli:reviewer" and d["approval_comment"]=="cascade nagelopen"'
out=$(vitaal --db "$DB_R" assess grid)
grep -q "^recorded as the new assessment as-grid-$today-2 ($today), from the estimates of as-grid-$today" <<<"$out" \
  && pass "a second assess the same day writes a second new assessment from the latest" || fail "a second assess the same day writes a second new assessment from the latest" "$out"
out=$(vitaal --db "$DB_R" show assessments "as-grid-$today" --json)
jcheck "... and the first new one keeps its analyst's rationale" "$out" 'd["rationale"]=="Analyst: grid feeds everything"'
n=$(vitaal --db "$DB_R" list assessments process=grid --json | grep -c '"assessor"')
[ "$n" = 3 ] && pass "grid has three assessments, none rewritten" || fail "grid has three assessments, none rewritten" "$n"
# a 2 h outage: only tele, pay (buffer 0) go down; 2 is not above 2
out=$(vitaal --db "$DB_R" assess grid --assessment as-grid --outage-h 2 --dry-run --json)
jcheck "assess --outage-h: cascade 2 is on the threshold: none" "$out" \
  'd["category"]=="none" and d["cascade"]["count"]==2 and d["outage_h"]==2'
out=$(vitaal --db "$DB_R" assess lone --json)
jcheck "assess: no impact data and no dependencies: none" "$out" \
  'd["category"]=="none" and d["decided_by"]==[] and d["cascade"]["count"]==0 and "No estimate for casualties and economic damage" in d["engine_explanation"]'

refused "assess: unknown process exits 3" 3 "unknown process 'nope'" assess nope
refused "assess: a process without assessment exits 3" 3 "process spare has no assessment" assess spare
refused "assess: unknown assessment exits 3" 3 "unknown assessment 'as-nope'" assess water --assessment as-nope
refused "assess: another process's assessment exits 2" 2 "assessment as-grid is of process grid, not water" assess water --assessment as-grid
refused "assess: a bad --outage-h exits 2" 2 "--outage-h needs a whole number" assess water --outage-h -1
refused "assess: no process exits 2" 2 "name the process" assess
vitaal --db "$DB_N" init --empty >/dev/null && vitaal --db "$DB_N" import "$RULES/no-criteria.json" >/dev/null
before=$(sum "$DB_N")
expect_fail "assess: no vitaal_criteria exits 3" 3 "no vitaal_criteria" vitaal --db "$DB_N" assess lone
[ "$before" = "$(sum "$DB_N")" ] && pass "assess without criteria: database unchanged" || fail "assess without criteria: database unchanged"

# --- fallback-need -------------------------------------------------------------
# Inputs lost 10 h; A tolerates 4 h, B 6 h. water: 8 h without its fallback,
# 0 h with it (covers the gap exactly to the end of the outage). No process
# has a risk of its own failure in a current analysis (water's analysis is a
# draft), so each loses its own digital systems for 10 h by default (issue
# 20 part 1): water's analogue fb-water bridges that from hour 2 (down 2 h,
# covered), and saves 8 input down-hours and 10 - 2 = 8 own ones for EUR
# 8000: 500 per hour. The default makes grid (A) need a fallback, and bank,
# spare and lone (B, reach 0) advisable: only their inputs counted, they
# needed none.
before=$(sum "$DB_R")
out=$(vitaal --db "$DB_R" fallback-need --json)
jcheck "fallback-need: water needed, covered, proportionate" "$out" \
  '[p for p in d["processes"] if p["id"]=="water"][0]["need"]=="needed" and [p for p in d["processes"] if p["id"]=="water"][0]["covered"] is True and [p for p in d["processes"] if p["id"]=="water"][0]["inputs"][0]["down_h"]==8 and [p for p in d["processes"] if p["id"]=="water"][0]["options"][0]=={"id":"fb-water","kind":"analogue","available":True,"cost_eur":8000,"dependencies":1,"scenarios":1,"saved_down_hours":16,"eur_per_down_hour":500.0,"judgement":"proportionate","stored_needed":"unknown","stored_proportionate":None,"disagrees":[],"alternative_measure":None}'
jcheck "fallback-need --json: scenarios beside inputs, the default one bridged" "$out" \
  '[p for p in d["processes"] if p["id"]=="water"][0]["scenarios"]==[{"risk":None,"own_systems":True,"outage_h":10,"fallback":"fb-water","fallback_available":True,"down_h":10,"down_h_with_fallbacks":2,"need":True,"covered":True}] and [p for p in d["processes"] if p["id"]=="grid"][0]["scenarios"]==[{"risk":None,"own_systems":True,"outage_h":10,"fallback":None,"fallback_available":False,"down_h":10,"down_h_with_fallbacks":10,"need":True,"covered":False}]'
jcheck "fallback-need: tele (reach 1) and grid (A) needed; pay, bank, spare, lone (reach 0) advisable" "$out" \
  '{p["id"]:(p["need"],p["reach"]) for p in d["processes"]}=={"bank":("advisable",0),"grid":("needed",3),"lone":("advisable",0),"pay":("advisable",0),"spare":("advisable",0),"tele":("needed",1),"water":("needed",0)}'
out=$(vitaal --db "$DB_R" fallback-need --process tele)
grep -q "^tele: Needed: Tele (category B, tolerates 6 h; its failure takes down 1 other process) is down 10 h from hour 0 when d-tele is lost for 10 h" <<<"$out" \
  && grep -Eq "^d-tele +- +0 +10 +10 +yes +no" <<<"$out" \
  && grep -Eq "^\(default\) +yes +10 +- +10 +10 +yes +no" <<<"$out" \
  && grep -q "on losing its own digital systems for 10 h (the default scenario) it is down 10 h without a fallback" <<<"$out" \
  && pass "fallback-need --process explains and shows its inputs and scenarios" || fail "fallback-need --process explains and shows its inputs and scenarios" "$out"
out=$(vitaal --db "$DB_R" fallback-need --process tele --outage-h 6 --json)
jcheck "fallback-need --outage-h 6: exactly tolerable, not needed (the default scenario lasts 6 h too)" "$out" \
  'd["processes"][0]["need"]=="not needed" and d["processes"][0]["inputs"][0]["down_h"]==6 and d["processes"][0]["scenarios"][0]["down_h"]==6'
[ "$before" = "$(sum "$DB_R")" ] && pass "fallback-need writes nothing" || fail "fallback-need writes nothing"
for c in status reviews risks fallback-need incidents export "framework show nis2"; do
  refused "$c: a bad --as-of names the value" 2 "--as-of needs a date YYYY-MM-DD, not '2026-13-01'" $c --as-of 2026-13-01
done
refused "quickscan: a bad --today names the value" 2 "--today needs a date YYYY-MM-DD, not '2026-13-01'" quickscan ev-none --today 2026-13-01
refused "fallback-need: unknown process exits 3" 3 "unknown process 'nope'" fallback-need --process nope
refused "fallback-need: a bad --outage-h exits 2" 2 "--outage-h" fallback-need --outage-h x

# --- whatif ----------------------------------------------------------------------
# grid supplies the most (tele, bank, water): it fails by default, 10 h.
# Before: grid 10, tele 10, pay 10, bank 6 (buffer 4): 4 affected, 36 h.
# m-sup makes spare a second supplier of tele (tele and pay stay up), m-buf
# gives bank 14 h: after only grid, 10 h.
before=$(sum "$DB_R")
out=$(vitaal --db "$DB_R" whatif --measures m-sup,m-buf --json)
jcheck "whatif: graph effects change the cascade" "$out" \
  'd["failed"]==["grid"] and d["failed_default"] and d["cascade"]["affected_before"]==4 and d["cascade"]["down_node_hours_before"]==36 and d["cascade"]["affected_after"]==1 and d["cascade"]["down_node_hours_after"]==10'
jcheck "whatif: the ranking before and after" "$out" \
  '[(e["id"],e["affected"],e["down_node_hours"]) for e in d["criticality"]["before"][:2]]==[("grid",4,36),("tele",2,20)] and [(e["id"],e["affected"],e["down_node_hours"]) for e in d["criticality"]["after"][:3]]==[("tele",2,20),("bank",1,10),("grid",1,10)]'
out=$(vitaal --db "$DB_R" whatif --measures m-lik --measures m-imp --fail pay --json)
jcheck "whatif: risk classes and aggregated impact before and after" "$out" \
  'd["risks"]==[{"id":"r1","before":{"likelihood":"C","impacts":{"c1":"D"},"aggregate_impact":27.0,"impact_class":"D"},"after":{"likelihood":"A","impacts":{"c1":"B"},"aggregate_impact":3.0,"impact_class":"B"}}] and d["cascade"]["down_node_hours_before"]==d["cascade"]["down_node_hours_after"]==10'
out=$(vitaal --db "$DB_R" whatif --measures m-sup --fail bank)
grep -Eq "^bank +0 +0 +10 +10 +same" <<<"$out" && pass "whatif: a measure that does not touch the failure changes nothing there" \
  || fail "whatif: a measure that does not touch the failure changes nothing there" "$out"
[ "$before" = "$(sum "$DB_R")" ] && pass "whatif writes nothing" || fail "whatif writes nothing"
refused "whatif: unknown measure exits 3" 3 "unknown measure 'nope'" whatif --measures m-sup,nope
refused "whatif: a measure without effect exits 2" 2 "measure m-none has no what-if effect" whatif --measures m-none
refused "whatif: a graph effect without effect_dependency exits 2" 2 "m-nodep.effect_dependency: measure m-nodep: effect add_buffer needs effect_dependency" whatif --measures m-nodep
refused "whatif: add_buffer without effect_hours exits 2" 2 "needs effect_hours" whatif --measures m-nohours
refused "whatif: unknown --fail exits 3" 3 "unknown process 'nope'" whatif --measures m-sup --fail nope
refused "whatif: no --measures exits 2" 2 "--measures is required" whatif

# --- the demo ------------------------------------------------------------------
vitaal --db "$DB_DEMO" init --demo >/dev/null
check "assess on the demo" vitaal --db "$DB_DEMO" assess elektriciteit-landelijk --dry-run
check "fallback-need on the demo" vitaal --db "$DB_DEMO" fallback-need
out=$(vitaal --db "$DB_DEMO" fallback-need --process drinkwater --json)
jcheck "fallback-need: a stored decision the engine contradicts is flagged (drinking water's emergency power: stored proportionate, EUR 281,250 per saved down-hour)" "$out" \
  '[(o["stored_proportionate"],o["judgement"],round(o["eur_per_down_hour"]),o["disagrees"]) for o in d["processes"][0]["options"] if o["id"]=="fb-drinkwater-noodstroom"]==[(True,"disproportionate",281250,["proportionate"])] and [o["disagrees"] for o in d["processes"][0]["options"] if o["id"]=="fb-drinkwater-handbediening"]==[[]]'
out=$(vitaal --db "$DB_DEMO" fallback-need)
grep -q "^    DISAGREES: stored as proportionate; the engine finds it disproportionate$" <<<"$out" \
  && grep -Eq "^[0-9]+ fallback options? stored with a decision the engine contradicts" <<<"$out" \
  && pass "fallback-need says where the stored decisions disagree, and how many" \
  || fail "fallback-need says where the stored decisions disagree" "$out"
out=$(vitaal --db "$DB_DEMO" fallback-need --process elektriciteit-landelijk --json)
jcheck "fallback-need: the demo's national grid gets a reasoned verdict for the loss of its own control systems" "$out" \
  'd["processes"][0]["need"]=="needed" and d["processes"][0]["covered"] is False and d["processes"][0]["scenarios"]==[{"risk":"r-elektriciteit-landelijk-5","own_systems":True,"outage_h":48,"fallback":"fb-tso-handbediening","fallback_available":True,"down_h":48,"down_h_with_fallbacks":6,"need":True,"covered":False}] and "still down 6 h when it fails itself (fb-tso-handbediening bridges too little)" in d["processes"][0]["explanation"]'
out=$(vitaal --db "$DB_DEMO" fallback-need --process internettoegang --json)
jcheck "fallback-need: an option stored not proportionate names the measure chosen instead" "$out" \
  '[(o["stored_proportionate"],o["alternative_measure"]) for o in d["processes"][0]["options"] if o["id"]=="fb-noodstroom-opstelpunten"]==[(False,"ms-prioritaire-masten")]'
check "whatif on the demo" vitaal --db "$DB_DEMO" whatif --measures ms-decentrale-brandstof,ms-dc-diesel,ms-stations-beveiliging

finish
