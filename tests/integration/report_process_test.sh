#!/usr/bin/env bash
# report_process_test.sh — the per-process report (issue 11, item 4) end to
# end on the demo: `vitaal report process ID` in Markdown and HTML (and PDF
# once it renders) with every section, the classification marked in the
# header and the footer, the cascade's figures equal to `vitaal cascade`'s,
# the same bytes twice, clear errors, and every report audited; then over
# the API (tests/integration/server/report_process_checks.py: the
# coordinator, the owning department, another department (404), a provider
# of the process and an auditor, each seeing only what they may read).
. "$(dirname "$0")/lib.sh"

export VITAAL_NOW=2026-12-06T10:00:00Z
DB=$(new_db r)
P=elektriciteit-landelijk
check "fixture: init --demo" vitaal --db "$DB" init --demo

# --- the CLI ----------------------------------------------------------------------------
check "report process: Markdown" vitaal --db "$DB" report process "$P" --format md -o "$T_DIR/r.md"
md=$(cat "$T_DIR/r.md")
missing=""
for h in "Samenvatting" "Vitaalbeoordeling" "Afhankelijkheden" "Cascade bij uitval" "Risico's" \
  "Terugvaloptie" "Maatregelen en toetsing" "Vaststelling en goedkeuring"; do
  grep -Eq "^## [0-9]+ $h\$" <<<"$md" || missing="$missing $h"
done
[ -z "$missing" ] && pass "md: every section is there" || fail "md: every section is there" "missing:$missing"
[ "$(grep -c '^\*\*GEHEIM · TLP:RED — alleen voor wie het moet weten\*\*$' <<<"$md")" = 2 ] \
  && [ "$(head -8 "$T_DIR/r.md" | grep -c GEHEIM)" = 1 ] && [ "$(tail -2 "$T_DIR/r.md" | grep -c GEHEIM)" = 1 ] \
  && pass "md: the highest classification shown (secret) marks the top and the end" \
  || fail "md: the highest classification shown (secret) marks the top and the end" "$(head -8 <<<"$md")"
grep -q "categorie A, volgens de vitaalbeoordeling van 12 maart 2024" <<<"$md" \
  && grep -q "Schade en maatschappelijke ontwrichting ruim boven de drempels" <<<"$md" \
  && pass "md: the category with the latest final assessment and its rationale" \
  || fail "md: the category with the latest final assessment and its rationale"
grep -q "Gecoördineerde sabotage van interconnectoren" <<<"$md" && grep -q "| Ruimteweer (zonnestorm) | Zware geomagnetische storm" <<<"$md" \
  && pass "md: the risks of the analysis and the quickscan, with their threats" || fail "md: the risks of the analysis and the quickscan, with their threats"
grep -q "| Satellietcommunicatie voor netbesturing | redundantie | gereed | 30 juni 2024 | getoetst | bijstelling nodig (uiterlijk 15 januari 2027) |" <<<"$md" \
  && pass "md: a measure with its review state and the adjustment due" || fail "md: a measure with its review state and the adjustment due" "$(grep Satelliet <<<"$md")"
grep -q "| vitaalbeoordeling as-elektriciteit-landelijk-2024 | als vastgesteld vastgelegd | toetser-ezk | Akkoord:" <<<"$md" \
  && pass "md: the history of approvals names the approver and the comment" || fail "md: the history of approvals names the approver and the comment"

# the cascade's figures are the engine's (vitaal cascade with the assessment's settings)
vitaal --db "$DB" cascade --fail "$P" --outage-h 24 --horizon-h 168 --json >"$T_DIR/c.json"
vitaal --db "$DB" list processes --json >"$T_DIR/p.json"
vitaal --db "$DB" list sectors --json >"$T_DIR/s.json"
out=$(python3 - "$T_DIR/c.json" "$T_DIR/p.json" "$T_DIR/s.json" "$T_DIR/r.md" "$P" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); procs = {p["id"]: p for p in json.load(open(sys.argv[2]))}
sectors = {s["id"]: s["name"] for s in json.load(open(sys.argv[3]))}
md = open(sys.argv[4]).read(); me = sys.argv[5]
rows = [l for l in md.splitlines() if l.startswith("| ") and l.count(" | ") == 3]
bad = []
others = [n for n in c["nodes"] if n["id"] != me]
for n in others:
    p = procs[n["id"]]
    row = "| %s | %s | %d | %d |" % (p["name"], sectors[p["sector"]], n["first_down_h"], n["down_h"])
    if row not in rows:
        bad.append(row)
# hour by hour: processes down in the own sector and elsewhere, every 6 hours
own = procs[me]["sector"]
for h in range(0, 168, 6):
    o = sum(1 for n in c["nodes"] for a, b in n["intervals"] if a <= h < b and procs[n["id"]]["sector"] == own)
    x = sum(1 for n in c["nodes"] for a, b in n["intervals"] if a <= h < b and procs[n["id"]]["sector"] != own)
    if ("| %d | %d | %d |" % (h, o, x)) not in md:
        bad.append("hour %d: %d / %d" % (h, o, x))
if "gaan binnen 168 uur %d andere processen" % len(others) not in md:
    bad.append("the count of %d" % len(others))
print("\n".join(bad) if bad else "same")
PY
)
[ "$out" = same ] && pass "md: the cascade table and chart figures equal vitaal cascade's" \
  || fail "md: the cascade table and chart figures equal vitaal cascade's" "$out"

check "report process: Markdown again" vitaal --db "$DB" report process "$P" --format md -o "$T_DIR/r2.md"
cmp -s "$T_DIR/r.md" "$T_DIR/r2.md" && pass "md: the same data give the same bytes" || fail "md: the same data give the same bytes"
check "report process: HTML" vitaal --db "$DB" report process "$P" --format html -o "$T_DIR/r.html"
check "report process: HTML again" vitaal --db "$DB" report process "$P" --format html -o "$T_DIR/r2.html"
cmp -s "$T_DIR/r.html" "$T_DIR/r2.html" && pass "html: the same data give the same bytes" || fail "html: the same data give the same bytes"
html=$(cat "$T_DIR/r.html")
grep -q '<header class="bar"><p>GEHEIM · TLP:RED — alleen voor wie het moet weten</p>' <<<"$html" \
  && grep -q '<footer class="bar"><p>GEHEIM · TLP:RED — alleen voor wie het moet weten</p>' <<<"$html" \
  && pass "html: the marking in the header and the footer" || fail "html: the marking in the header and the footer"
grep -q "<svg" <<<"$html" && grep -q "Processen die uit zijn, per uur na het begin van de uitval" <<<"$html" \
  && pass "html: the cascade as a chart" || fail "html: the cascade as a chart"
! grep -qi "<script" <<<"$html" && pass "html: no script" || fail "html: no script"
check "report process: English" vitaal --db "$DB" report process "$P" --format md --lang en -o "$T_DIR/en.md"
grep -q "^# Resilience analysis: " "$T_DIR/en.md" && grep -q "SECRET · TLP:RED — need to know only" "$T_DIR/en.md" \
  && grep -q "^## [0-9]* Cascade on failure" "$T_DIR/en.md" \
  && pass "en: title, marking and sections in English" || fail "en: title, marking and sections in English"
out=$(vitaal --db "$DB" report process "$P" --format md -o - | head -1)
[ "$out" = "# Weerbaarheidsanalyse: Landelijk transport, distributie en productie elektriciteit" ] \
  && pass "-o -: to standard output" || fail "-o -: to standard output" "$out"
check "--as-of: the report as the records stood on a past day" \
  vitaal --db "$DB" report process "$P" --format md --as-of 2024-06-30 -o "$T_DIR/old.md"
grep -q "Datum: 2024-06-30" "$T_DIR/old.md" && ! grep -q "Gecoördineerde sabotage" "$T_DIR/old.md" \
  && ! grep -q "Quickscan 2025" "$T_DIR/old.md" && grep -q "Weerbaarheidsanalyse 2023" "$T_DIR/old.md" \
  && pass "--as-of: dated that day, without the quickscan made later" \
  || fail "--as-of: dated that day, without the quickscan made later" "$(head -8 "$T_DIR/old.md")"
grep -q "| 19 maart 2024, 10:12 UTC | vitaalbeoordeling as-elektriciteit-landelijk-2024 | als vastgesteld vastgelegd | toetser-ezk |" "$T_DIR/old.md" \
  && ! grep -q "rv-tso-satcom-2024-10-08" "$T_DIR/old.md" \
  && pass "--as-of: the approvals up to that day, from the history" \
  || fail "--as-of: the approvals up to that day, from the history" "$(grep -A12 "Geschiedenis van de goedk" "$T_DIR/old.md")"

if vitaal --db "$DB" report process "$P" --format pdf -o "$T_DIR/r.pdf" 2>"$T_DIR/pdf.err"; then
  check "report process: PDF again" vitaal --db "$DB" report process "$P" -o "$T_DIR/r2.pdf"
  cmp -s "$T_DIR/r.pdf" "$T_DIR/r2.pdf" && pass "pdf: the same data give the same bytes" || fail "pdf: the same data give the same bytes"
  if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then
    pages=$(pdfinfo "$T_DIR/r.pdf" | sed -n 's/^Pages: *//p')
    txt=$(pdftotext "$T_DIR/r.pdf" - 2>/dev/null)
    bad=""
    for i in $(seq 1 "$pages"); do
      pt=$(pdftotext -f "$i" -l "$i" "$T_DIR/r.pdf" - 2>/dev/null)
      [ "$(head -1 <<<"$pt")" = "GEHEIM · TLP:RED — alleen voor wie het moet weten" ] \
        && [ "$(grep -c "^GEHEIM · TLP:RED — alleen voor wie het moet weten" <<<"$pt")" -ge 2 ] || bad="$bad $i"
    done
    [ -n "$pages" ] && [ -z "$bad" ] \
      && pass "pdf: the marking in the header and the footer of every one of its $pages pages" \
      || fail "pdf: the marking in the header and the footer of every page" "pages without both:$bad"
    grep -q "Cascade bij uitval" <<<"$txt" && grep -q "Gecoördineerde sabotage" <<<"$txt" \
      && pdfinfo "$T_DIR/r.pdf" | grep -q "^CreationDate: .*Dec  6 00:00:00 2026" \
      && pass "pdf: the sections, the records, and the report's day as its creation date" \
      || fail "pdf: the sections, the records, and the report's day as its creation date" "$(pdfinfo "$T_DIR/r.pdf")"
  else
    skip "pdf: text" "no pdftotext"
  fi
else
  fail "pdf" "$(cat "$T_DIR/pdf.err")"
fi

s0=$(sha256sum "$DB" | cut -d' ' -f1)
expect_fail "an unknown process exits 3, naming it" 3 "no process 'nope'" \
  vitaal --db "$DB" report process nope --format md -o "$T_DIR/x.md"
expect_fail "a bad format exits 2" 2 "--format must be pdf, html or md, not 'doc'" \
  vitaal --db "$DB" report process "$P" --format doc -o "$T_DIR/x.md"
expect_fail "-o is required" 2 "-o FILE is required" vitaal --db "$DB" report process "$P"
expect_fail "the process is required" 2 "which process" vitaal --db "$DB" report process -o "$T_DIR/x.md"
[ ! -e "$T_DIR/x.md" ] && [ "$s0" = "$(sha256sum "$DB" | cut -d' ' -f1)" ] \
  && pass "refused reports write nothing" || fail "refused reports write nothing"
out=$(vitaal --db "$DB" report process --help)
grep -q "usage: vitaal report process ID" <<<"$out" && pass "--help" || fail "--help" "$out"

audit=$(vitaal --db "$DB" audit list --limit 100000)
[ "$(grep -Ec "read +processes +$P +process report as of 2026-12-06 \(md" <<<"$audit")" -ge 3 ] \
  && pass "audit: each report is a read of the process, naming the day and the format" \
  || fail "audit: each report is a read of the process, naming the day and the format" "$(tail -3 <<<"$audit")"
# a read of one record names it; of several of one kind, one entry names
# them all after the detail ("process report ...: id1 id2")
read_of() { # KIND ID
  [ "$(db_sql "$DB" "SELECT count(*) FROM audit WHERE action = 'read' AND kind = '$1'
    AND detail LIKE 'process report%' AND (record = '$2'
    OR (record IS NULL AND (detail || ' ') LIKE '%: % $2 %'))")" -ge 1 ]
}
read_of analyses an-qs-zeekabel-elektriciteit-landelijk \
  && read_of reviews rv-tso-satcom-2026-10-15 \
  && pass "audit: and a read of each classified record shown (a secret quickscan, a confidential review)" \
  || fail "audit: and a read of each classified record shown (a secret quickscan, a confidential review)"
check "audit: the chain holds" vitaal --db "$DB" audit verify

# --- the API -------------------------------------------------------------------------------
for spec in "chief coordinator nctv secret" "ezk-a department ezk confidential" \
  "ienw-dep department ienw secret" "tso provider hoogspanningsnet-nl secret"; do
  set -- $spec
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null
done
echo "pw-aud-0123456789" | vitaal --db "$DB" user add aud --role auditor --org nctv --clearance secret --scope "$P" >/dev/null
if start_server report "$DB" --threads 2; then
  pass "the server starts ($URL)"
  run_checks report_process_checks.py python3 "$VITAAL_ROOT/tests/integration/server/report_process_checks.py" "$URL"
  stop_server "$PID"
fi
check_server_logs
finish
