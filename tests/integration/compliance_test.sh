#!/usr/bin/env bash
# compliance_test.sh — compliance per entity end to end: a Dutch framework
# with English translations imported (tests/data/frameworks/small-nl.yaml,
# and the Cbw (NIS2) Control Framework of ADR and NOREA from
# ../shared/data/external when it is there; those cases are skipped
# otherwise), English libraries unchanged; `vitaal campaigns create|list|
# show` with what it refuses; providers' requirement assessments counted by
# `vitaal compliance` per entity, sector and process, as a table and as
# JSON; and over the API a provider's questionnaire in English through the
# library's translations, and the coverage a provider may see (only itself).
. "$(dirname "$0")/lib.sh"

FW="$VITAAL_ROOT/tests/data/frameworks"
CBW="$VITAAL_ROOT/../shared/data/external/ciso-assistant-cbw-nis2.yaml"
cd "$T_DIR" || exit 1

for c in compliance campaigns; do
  vitaal $c --help | grep -q "^usage: vitaal $c" && pass "$c --help" || fail "$c --help"
done
expect_fail "campaigns without a subcommand exits 2" 2 "list, show or create" vitaal campaigns
expect_fail "compliance: one grouping at a time" 2 "one of" vitaal compliance --sector x --process y

# --- a Dutch library with its translations ------------------------------------------
C=$(new_db c)
vitaal --db "$C" init --demo >/dev/null || exit 1
DB=(--db "$C")
out=$(vitaal "${DB[@]}" framework import "$FW/small-nl.yaml")
[ "$out" = "imported 1 framework, 5 records: 5 new, 0 updated" ] \
  && pass "import a Dutch library" || fail "import a Dutch library" "$out"
out=$(vitaal "${DB[@]}" show frameworks urn:test:framework:small-nl --json)
jcheck "the framework keeps its language and its English texts" "$out" \
  'd["language"] == "nl" and d["name"] == "Klein testkader" and d["name_translations"] == {"en": "Small test framework"} and d["description_translations"]["en"].startswith("Three")'
out=$(vitaal "${DB[@]}" show requirements urn:test:nl:1 --json)
jcheck "a requirement keeps its annotation and the translations of description and annotation" "$out" \
  'd["annotation"] == "Vastgesteld door het bestuur." and d["description_translations"] == {"en": "The entity has a security policy."} and d["annotation_translations"] == {"en": "Adopted by the board."}'
out=$(vitaal "${DB[@]}" show frameworks urn:vitaal:framework:nis2 --json)
jcheck "an English library imports as before: language en, no translations" "$out" \
  'd["language"] == "en" and not d.get("name_translations")'
printf 'urn: u\nlocale: [nl]\nobjects: {framework: {urn: v, name: n, requirement_nodes: []}}\n' >bad-locale.yaml
expect_fail "a locale that is not a text is refused" 2 "locale: must be a text" \
  vitaal "${DB[@]}" framework import bad-locale.yaml

# --- campaigns ----------------------------------------------------------------------------
P1=centrale-maasmond P2=gastransport-lage-landen
check "campaigns create: EZK sends the Dutch framework to two providers" \
  vitaal "${DB[@]}" campaigns create --id t-camp --title "Zelfevaluatie" --framework SMALL-NL \
  --to "$P1,$P2" --due 2027-02-01 --owner ezk
expect_fail "campaigns create: the same id again is a conflict" 4 "exists" \
  vitaal "${DB[@]}" campaigns create --id t-camp --title x --framework SMALL-NL --to "$P1"
expect_fail "campaigns create: only to providers" 2 "'ezk' is not a provider" \
  vitaal "${DB[@]}" campaigns create --id t-camp2 --title x --framework SMALL-NL --to ezk
expect_fail "campaigns create: an unknown framework" 3 "no framework" \
  vitaal "${DB[@]}" campaigns create --id t-camp3 --title x --framework NOPE --to "$P1"
out=$(vitaal "${DB[@]}" campaigns show t-camp)
grep -Eq "^$P1 .* 0 +3 +3 " <<<"$out" && pass "campaigns show: nothing assessed yet (0 of 3, 3 open)" \
  || fail "campaigns show: nothing assessed yet" "$out"

cat >answers.json <<EOF
{"format": "vitaal", "version": 2, "requirement_assessments": [
  {"id": "t-a1", "provider": "$P1", "requirement": "urn:test:nl:1", "result": "compliant",
   "classification": "internal", "owner": "$P1"},
  {"id": "t-a2", "provider": "$P1", "requirement": "urn:test:nl:2", "result": "not_applicable",
   "classification": "internal", "owner": "$P1"},
  {"id": "t-a3", "provider": "$P2", "requirement": "urn:test:nl:1", "result": "partially_compliant",
   "classification": "internal", "owner": "$P2"}]}
EOF
check "import the providers' assessments" vitaal "${DB[@]}" import answers.json
out=$(vitaal "${DB[@]}" campaigns show t-camp --json)
jcheck "campaigns show --json: progress per provider, not_assessed counts as open" "$out" \
  '[(r["provider"], r["assessed"], r["open"]) for r in d["progress"]] == [("'$P1'", 2, 1), ("'$P2'", 1, 2)]'
out=$(vitaal "${DB[@]}" campaigns list)
grep -Eq "^t-camp +Zelfevaluatie .* 2 +2027-02-01 +open +3 of 6" <<<"$out" \
  && pass "campaigns list: 3 of 6 assessed" || fail "campaigns list: 3 of 6 assessed" "$out"

# --- coverage -------------------------------------------------------------------------------
out=$(vitaal "${DB[@]}" compliance --framework SMALL-NL --json)
jcheck "compliance per entity: counts, % assessed, % compliant of the applicable" "$out" \
  '{r["id"]: (r["compliant"], r["not_applicable"], r["partially_compliant"], r["not_assessed"], r["percent_assessed"], r["percent_compliant"]) for r in d["rows"]} == {"'$P1'": (1, 1, 0, 1, 67, 50), "'$P2'": (0, 0, 1, 2, 33, 0)} and d["total"]["total"] == 6 and d["group"] == "entity"'
out=$(vitaal "${DB[@]}" compliance --framework SMALL-NL --sector "")
grep -Eq "^nl-energie +Energie +2 +1 +1 +0 +1 +3 +50% +20%$" <<<"$out" \
  && pass "compliance per sector: Energie sums both entities" || fail "compliance per sector" "$out"
out=$(vitaal "${DB[@]}" compliance --framework SMALL-NL --process gas-landelijk --json)
jcheck "compliance for one process: its provider only" "$out" \
  '[(r["id"], r["entities"], r["partially_compliant"]) for r in d["rows"]] == [("gas-landelijk", 1, 1)]'
out=$(vitaal "${DB[@]}" compliance --framework SMALL-NL --entity "$P2" --lang en)
grep -q "^framework urn:test:framework:small-nl: Small test framework$" <<<"$out" \
  && grep -Eq "^$P2 " <<<"$out" && ! grep -q "^$P1 " <<<"$out" \
  && pass "compliance --entity --lang en: one entity, the framework's English name" \
  || fail "compliance --entity --lang en" "$out"
expect_fail "compliance: an unknown entity is not found" 3 "no organisation" \
  vitaal "${DB[@]}" compliance --framework SMALL-NL --entity nobody

# --- the Cbw (NIS2) Control Framework of ADR and NOREA ------------------------------------
if [ -f "$CBW" ]; then
  out=$(vitaal "${DB[@]}" framework import "$CBW")
  [ "$out" = "imported 1 framework, 48 records: 48 new, 0 updated" ] \
    && pass "Cbw: the Dutch library imports (47 nodes)" || fail "Cbw: the Dutch library imports" "$out"
  CBWID=urn:intuitem:risk:framework:cbw_nis2_control_framework
  out=$(vitaal "${DB[@]}" show frameworks "$CBWID" --json)
  jcheck "Cbw: language nl, the English description from its translations" "$out" \
    'd["language"] == "nl" and d["description"].startswith("## Introductie") and d["description_translations"]["en"].startswith("## Introduction")'
  out=$(vitaal "${DB[@]}" show requirements "urn:intuitem:risk:req_node:cbw_nis2_control_framework:1.1" --json)
  jcheck "Cbw: requirement 1.1 in Dutch with English description and annotation" "$out" \
    'd["description"].startswith("Komt overeen met D.1") and d["description_translations"]["en"].startswith("The entity has a security policy") and d["annotation_translations"]["en"].startswith("The measures shall include")'
  check "Cbw: a campaign of the Cbw to one provider" \
    vitaal "${DB[@]}" campaigns create --id t-cbw --title Cbw --framework Cbw_NIS2_Control_Framework \
    --to "$P1" --owner ezk
  out=$(vitaal "${DB[@]}" campaigns show t-cbw --json)
  jcheck "Cbw: 27 assessable requirements to answer" "$out" 'd["progress"][0]["total"] == 27'
else
  skip "Cbw (NIS2) Control Framework" "$CBW is not there"
fi

# --- over the API: a provider's questionnaire in English, its own coverage only ------------------
cat >users.json <<EOF
[{"name": "maasmond", "role": "provider", "org": "$P1", "clearance": "internal"},
 {"name": "ezk-a", "role": "department", "org": "ezk", "clearance": "confidential"}]
EOF
add_users "$C" users.json
if start_server srv "$C"; then
  tok() { curl -s "$URL/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"pw-$1-0123456789\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
  TP=$(tok maasmond) TM=$(tok ezk-a)
  out=$(curl -s "$URL/api/v1/campaigns/t-camp/questionnaire?lang=en" -H "Authorization: Bearer $TP")
  jcheck "API questionnaire ?lang=en: English where the library translates, Dutch where it does not" "$out" \
    'd["provider"] == "'$P1'" and d["framework"]["name"] == "Small test framework" and [r["description"] for r in d["requirements"]][1:] == ["The entity has a security policy.", "The entity analyses its risks.", "Alleen in het Nederlands."] and d["requirements"][0]["name"] == "Duty of care" and d["requirements"][1]["annotation"] == "Adopted by the board." and d["requirements"][1]["assessment"]["result"] == "compliant"'
  out=$(curl -s "$URL/api/v1/campaigns/t-camp/questionnaire" -H "Authorization: Bearer $TP" -H "Accept-Language: nl")
  jcheck "API questionnaire, Accept-Language nl: the library's own Dutch" "$out" \
    'd["requirements"][1]["description"] == "De entiteit heeft een beveiligingsbeleid."'
  if [ -f "$CBW" ]; then
    out=$(curl -s "$URL/api/v1/campaigns/t-cbw/questionnaire?lang=en" -H "Authorization: Bearer $TP")
    jcheck "Cbw over the API in English: Duty of care (Art. 21)" "$out" \
      'd["framework"]["language"] == "nl" and d["requirements"][0]["name"] == "Duty of care (Art. 21)" and d["progress"]["open"] == 27'
  fi
  out=$(curl -s "$URL/api/v1/framework-coverage?framework=SMALL-NL&lang=en" -H "Authorization: Bearer $TM")
  jcheck "API framework-coverage ?lang=en: the framework's tree in English where translated" "$out" \
    'd["framework"]["name"] == "Small test framework" and [r["name"] for r in d["requirements"]][0] == "Duty of care" and d["requirements"][1]["description"] == "The entity has a security policy."'
  out=$(curl -s "$URL/api/v1/framework-coverage?framework=SMALL-NL" -H "Authorization: Bearer $TM" -H "Accept-Language: nl")
  jcheck "API framework-coverage in Dutch: the library's own texts" "$out" \
    'd["framework"]["name"] == "Klein testkader" and d["requirements"][0]["name"] == "Zorgplicht"'
  out=$(curl -s "$URL/api/v1/compliance?framework=SMALL-NL" -H "Authorization: Bearer $TP")
  jcheck "API compliance: a provider sees only its own entity" "$out" \
    '[r["id"] for r in d["rows"]] == ["'$P1'"]'
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/compliance?framework=SMALL-NL&entity=$P2" -H "Authorization: Bearer $TP")
  [ "$code" = 404 ] && pass "API compliance: another provider's entity is 404" || fail "API compliance: another provider's entity is 404" "$code"
  out=$(curl -s "$URL/api/v1/compliance?framework=SMALL-NL" -H "Authorization: Bearer $TM")
  jcheck "API compliance: the responsible ministry sees both" "$out" \
    'sorted(r["id"] for r in d["rows"]) == ["'$P1'", "'$P2'"]'
  stop_servers
  check_server_logs
fi
audit_names_records "$C"
finish
