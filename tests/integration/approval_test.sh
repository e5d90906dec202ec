#!/usr/bin/env bash
# approval_test.sh — four eyes end to end (domain/approval.h): on the demo,
# an analysis in review is approved only by someone who made none of its
# versions since it was last final, only after the open points are
# acknowledged, and a rejection sends it back to draft with its reason;
# from the CLI (acting for the coordinator as cli:<login>) and over the API
# (tests/integration/server/approval_checks.py: the responsible ministry or
# the coordinator decides, others 403/404; a direct write of status final is
# refused; the approval fields are read-only; every decision audited).
. "$(dirname "$0")/lib.sh"

DB=$(new_db a)
sum() { sha256sum "$1" | cut -d' ' -f1; }
check "fixture: init --demo" vitaal --db "$DB" init --demo
AN=$(vitaal --db "$DB" list analyses status=review --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
[ -n "$AN" ] && pass "the demo has an analysis waiting for approval ($AN)" || fail "the demo has an analysis waiting for approval"

# --- the CLI ----------------------------------------------------------------------------
s0=$(sum "$DB")
expect_fail "approve: the importer of the analysis may not approve it (four eyes)" 5 \
  "another person decides on it" vitaal --db "$DB" approve analyses "$AN" --comment "ok"
expect_fail "approve: open points must be acknowledged first" 4 "there are open points" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" approve analyses "$AN" --comment "ok"
err=$(USER=reviewer vitaal --db "$DB" approve analyses "$AN" --comment "ok" 2>&1 >/dev/null)
grep -Eq "^  (topic_without_findings|fallback_not_covered|risk_without_measure) " <<<"$err" \
  && pass "approve: the open points are listed" || fail "approve: the open points are listed" "$err"
expect_fail "approve: a comment is required" 2 "--comment" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" approve analyses "$AN"
expect_fail "approve: only analyses, assessments and reviews are approved" 2 "only analyses, assessments and reviews are" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" approve measures ms-x --comment "ok"
expect_fail "approve: an unknown analysis is not found" 3 "no analysis" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" approve analyses nope --comment "ok"
[ "$s0" = "$(sum "$DB")" ] && pass "refused decisions write nothing" || fail "refused decisions write nothing"

check "reject: another person sends it back to draft with a reason" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" reject analyses "$AN" --comment "Bevindingen over incidenten ontbreken."
jcheck "reject: draft, with the reason kept" "$(vitaal --db "$DB" show analyses "$AN" --json)" \
  'd["status"]=="draft" and d["rejection"]=="Bevindingen over incidenten ontbreken." and d["approved_by"] is None'
expect_fail "approve: a draft is not decided on" 4 "only what is in review is decided on; this analysis is draft" \
  env USER=reviewer "$VITAAL_BIN" --db "$DB" approve analyses "$AN" --comment "ok" --acknowledge
# the author revises and sends it for review again (a write through import, as cli:author)
vitaal --db "$DB" export -o "$T_DIR/all.json" >/dev/null
python3 - "$T_DIR/all.json" "$T_DIR/rev.json" "$AN" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = [x for x in d["analyses"] if x["id"] == sys.argv[3]][0]
a["status"] = "review"
a.setdefault("findings", {})["incidents"] = "Geen incidenten met landelijke impact."
json.dump({"format": "vitaal", "version": 2, "analyses": [a]}, open(sys.argv[2], "w"))
PY
check "the author revises and sends it for review again" env USER=author "$VITAAL_BIN" --db "$DB" import "$T_DIR/rev.json"
expect_fail "approve: the author of the revision may not approve it" 5 "another person decides" \
  env USER=author "$VITAAL_BIN" --db "$DB" approve analyses "$AN" --comment "ok" --acknowledge
check "approve: the reviewer approves, acknowledging the open points" \
  env USER=reviewer VITAAL_NOW=2026-12-06T09:15:00Z "$VITAAL_BIN" --db "$DB" approve analyses "$AN" \
  --comment "Gewogen: de open punten staan in het actieprogramma." --acknowledge
jcheck "approve: final, finalised today, with who, when and why" "$(vitaal --db "$DB" show analyses "$AN" --json)" \
  'd["status"]=="final" and d["finalised"]=="2026-12-06" and d["approved_by"]=="cli:reviewer" and d["approved_at"]=="2026-12-06T09:15:00Z" and d["approval_comment"].startswith("Gewogen") and d["rejection"] is None'
jcheck "history: every step is a version (import, rejection, revision, approval)" \
  "$(vitaal --db "$DB" history analyses "$AN" --json)" \
  '[v["note"] for v in d["versions"]][:3]==["approval: approved", None, "approval: rejected"] and d["versions"][0]["actor"]=="cli:reviewer"'
out=$(vitaal --db "$DB" audit list)
grep -q "reject.*analyses.*$AN.*Bevindingen" <<<"$out" && grep -q "approve.*analyses.*$AN.*version" <<<"$out" \
  && pass "audit: the rejection and the approval, with their comments" \
  || fail "audit: the rejection and the approval, with their comments" "$(tail -5 <<<"$out")"
expect_fail "approve: a final analysis is not approved again" 4 "in review" \
  env USER=other "$VITAAL_BIN" --db "$DB" approve analyses "$AN" --comment "again" --acknowledge

# --- the API -------------------------------------------------------------------------------
for spec in "chief coordinator nctv secret" "ezk-a department ezk confidential" \
  "ezk-b department ezk confidential" "ienw-dep department ienw secret" \
  "tso provider hoogspanningsnet-nl secret"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null
done
if start_server approval "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks approval_checks.py python3 "$VITAAL_ROOT/tests/integration/server/approval_checks.py" "$URL"
  stop_server "$PID"
fi
check "audit: the chain holds" vitaal --db "$DB" audit verify
check_server_logs
finish
