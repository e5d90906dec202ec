#!/usr/bin/env bash
# contribution_test.sh — providers contribute, ministries decide
# (domain/contribution.h) end to end: the demo's contribution with one
# proposed risk adopted (a risk of the ministry's analysis) and one declined
# with its reason; from the CLI (acting for the coordinator as cli:<login>)
# a submitted contribution's proposed risks adopted and declined, refused
# decisions writing nothing, every decision audited, and a contribution
# moving neither the clock (status) nor the risk picture (risks); over the
# API (tests/integration/server/contribution_checks.py) the provider writes
# and submits its own, and who may read, write and decide, route by role.
. "$(dirname "$0")/lib.sh"

DB=$(new_db c)
sum() { sha256sum "$1" | cut -d' ' -f1; }
check "fixture: init --demo" vitaal --db "$DB" init --demo

# --- the demo --------------------------------------------------------------------------------
jcheck "demo: a provider's contribution, processed" \
  "$(vitaal --db "$DB" show contributions co-raffinaderij-pernisse-chemie-2026 --json)" \
  'd["status"]=="processed" and d["provider"]=="raffinaderij-pernisse" and d["analysis"]=="an-chemie-2026" and d["submitted_at"]=="2026-11-16T09:30:00Z"'
jcheck "demo: one proposed risk adopted (the risk it became), one declined with the reason" \
  "$(vitaal --db "$DB" list proposed_risks contribution=co-raffinaderij-pernisse-chemie-2026 --json)" \
  'sorted((p["decision"], p["risk"], bool(p["reason"])) for p in d)==[("adopted","r-chemie-2-2026",True),("declined",None,True)]'
jcheck "demo: the adopted risk is in the ministry's analysis, the ministry's" \
  "$(vitaal --db "$DB" show risks r-chemie-2-2026 --json)" \
  'd["analysis"]=="an-chemie-2026" and d["owner"]=="ienw" and d["threat"]=="ransomware"'
jcheck "demo: the risk's history says it was adopted, and when" \
  "$(vitaal --db "$DB" history risks r-chemie-2-2026 --json)" \
  'd["versions"][0]["note"]=="contribution: adopted from pr-pernisse-ransomware-2026" and d["versions"][0]["at"]=="2026-11-25T10:00:00Z"'
jcheck "demo: as of the day before the decision, the risk did not exist" \
  "$(vitaal --db "$DB" risks --process chemie --as-of 2026-11-24 --json)" \
  '"r-chemie-2-2026" not in json.dumps(d)'

# --- the CLI: a submitted contribution, decided ------------------------------------------------
cat >"$T_DIR/contribution.json" <<'EOF'
{"format": "vitaal", "version": 2,
 "contributions": [{"id": "co-airport-2025", "analysis": "an-luchtvaart-2025",
   "provider": "luchthaven-polderveld", "status": "submitted",
   "findings": {"incidents": "Twee verstoringen van de bagageafhandeling in 2025."},
   "submitted_by": "airport-hse", "submitted_at": "2026-11-20T08:00:00Z",
   "classification": "confidential", "owner": "luchthaven-polderveld"}],
 "proposed_risks": [
  {"id": "pr-airport-1", "contribution": "co-airport-2025", "threat": "cybersabotage",
   "scenario": "Uitval van het vertrekcontrolesysteem door een aanval op de leverancier",
   "likelihood": "C", "impacts": {"3.1": "D"}, "classification": "confidential",
   "owner": "luchthaven-polderveld"},
  {"id": "pr-airport-2", "contribution": "co-airport-2025", "threat": "extreem-weer",
   "scenario": "Sneeuw sluit de banen voor een dag", "likelihood": "B",
   "classification": "internal", "owner": "luchthaven-polderveld"}]}
EOF
vitaal --db "$DB" status --json >"$T_DIR/status0.json"
vitaal --db "$DB" risks --json >"$T_DIR/risks0.json"
check "a provider's contribution comes in (import)" vitaal --db "$DB" import "$T_DIR/contribution.json"
vitaal --db "$DB" status --json >"$T_DIR/status1.json"
vitaal --db "$DB" risks --json >"$T_DIR/risks1.json"
cmp -s "$T_DIR/status0.json" "$T_DIR/status1.json" && pass "a contribution does not move the clock (status)" \
  || fail "a contribution does not move the clock (status)" "$(diff "$T_DIR/status0.json" "$T_DIR/status1.json" | head)"
cmp -s "$T_DIR/risks0.json" "$T_DIR/risks1.json" && pass "a contribution does not change the risk picture" \
  || fail "a contribution does not change the risk picture" "$(diff "$T_DIR/risks0.json" "$T_DIR/risks1.json" | head)"
err=$(USER=reviewer "$VITAAL_BIN" --db "$DB" approve analyses an-luchtvaart-2025 --comment "ok" 2>&1 >/dev/null)
grep -Eq "^  proposed_risk_undecided +pr-airport-1$" <<<"$err" && grep -Eq "^  proposed_risk_undecided +pr-airport-2$" <<<"$err" \
  && pass "four eyes: the proposed risks not yet decided on are open points of the analysis's approval" \
  || fail "four eyes: undecided proposed risks are open points" "$err"

s0=$(sum "$DB")
expect_fail "decline: a reason is required" 2 "--reason" \
  vitaal --db "$DB" contribution decline co-airport-2025 --risk pr-airport-2
expect_fail "adopt: the proposed risk is named" 2 "--risk" \
  vitaal --db "$DB" contribution adopt co-airport-2025
expect_fail "adopt or decline, nothing else" 2 "adopt or decline" \
  vitaal --db "$DB" contribution accept co-airport-2025 --risk pr-airport-1
expect_fail "an unknown contribution is not found" 3 "no contribution" \
  vitaal --db "$DB" contribution adopt nope --risk pr-airport-1
expect_fail "a proposed risk of another contribution is not found" 3 "proposes no risk" \
  vitaal --db "$DB" contribution adopt co-airport-2025 --risk pr-pernisse-stoom-2026
expect_fail "adopt: a taken risk id is refused" 4 "taken" \
  vitaal --db "$DB" contribution adopt co-airport-2025 --risk pr-airport-1 --as r-luchtvaart-1-2025
expect_fail "a processed contribution is not decided on again" 4 "only a submitted contribution" \
  vitaal --db "$DB" contribution decline co-raffinaderij-pernisse-chemie-2026 --risk pr-pernisse-stoom-2026 --reason x
[ "$s0" = "$(sum "$DB")" ] && pass "refused decisions write nothing" || fail "refused decisions write nothing"

out=$(USER=ienw-analist VITAAL_NOW=2026-12-01T09:00:00Z "$VITAAL_BIN" --db "$DB" contribution adopt co-airport-2025 \
  --risk pr-airport-1 --as r-luchtvaart-2-2025 --comment "Past in het risicobeeld." 2>&1)
grep -q "adopted proposed risk pr-airport-1 as risk r-luchtvaart-2-2025" <<<"$out" \
  && pass "adopt: the proposed risk becomes a risk of the analysis" || fail "adopt" "$out"
jcheck "adopt: the risk is the analysis's, with the proposal's content" \
  "$(vitaal --db "$DB" show risks r-luchtvaart-2-2025 --json)" \
  'd["analysis"]=="an-luchtvaart-2025" and d["owner"]=="ienw" and d["likelihood"]=="C" and d["impacts"]=={"3.1":"D"} and d["classification"]=="confidential"'
jcheck "adopt: the decision says who, when, the risk and the comment" \
  "$(vitaal --db "$DB" show proposed_risks pr-airport-1 --json)" \
  'd["decision"]=="adopted" and d["risk"]=="r-luchtvaart-2-2025" and d["decided_by"]=="cli:ienw-analist" and d["decided_at"]=="2026-12-01T09:00:00Z" and d["reason"]=="Past in het risicobeeld."'
expect_fail "adopt: a decided proposed risk is not decided again" 4 "adopted already" \
  vitaal --db "$DB" contribution decline co-airport-2025 --risk pr-airport-1 --reason "toch niet"
out=$(USER=ienw-analist "$VITAAL_BIN" --db "$DB" contribution decline co-airport-2025 --risk pr-airport-2 \
  --reason "Weer is al een risico in de analyse." 2>&1)
grep -q "declined proposed risk pr-airport-2" <<<"$out" && grep -q "processed" <<<"$out" \
  && pass "decline: the last open one processes the contribution" || fail "decline" "$out"
jcheck "decline: declined with the reason, no risk" \
  "$(vitaal --db "$DB" show proposed_risks pr-airport-2 --json)" \
  'd["decision"]=="declined" and d["risk"] is None and d["reason"].startswith("Weer")'
jcheck "the contribution is processed" "$(vitaal --db "$DB" show contributions co-airport-2025 --json)" \
  'd["status"]=="processed"'
jcheck "the analysis itself was not written (the clock has no new version to read)" \
  "$(vitaal --db "$DB" history analyses an-luchtvaart-2025 --json)" 'len(d["versions"])==1'
out=$(vitaal --db "$DB" audit list)
grep -q "cli:ienw-analist  adopt .*proposed_risks  pr-airport-1 .*version 2; contribution co-airport" <<<"$out" \
  && grep -q "cli:ienw-analist  create .*risks .*r-luchtvaart-2-2025 .*version 1; adopted from" <<<"$out" \
  && grep -q "cli:ienw-analist  decline .*proposed_risks  pr-airport-2 .*version 2; contribution" <<<"$out" \
  && pass "audit: the adoption, the new risk and the decline" \
  || fail "audit: the adoption, the new risk and the decline" "$(tail -5 <<<"$out")"

# --- the API -------------------------------------------------------------------------------
for spec in "chief coordinator nctv secret" "ienw-a department ienw confidential" \
  "ezk-a department ezk confidential" "airport provider luchthaven-polderveld confidential" \
  "pernisse provider raffinaderij-pernisse confidential"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null
done
echo "pw-aud-0123456789" | vitaal --db "$DB" user add aud --role auditor --org nctv --clearance secret --scope luchtvaart >/dev/null
if start_server contribution "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks contribution_checks.py python3 "$VITAAL_ROOT/tests/integration/server/contribution_checks.py" "$URL"
  stop_server "$PID"
fi
check "audit: the chain holds" vitaal --db "$DB" audit verify
check_server_logs
finish
