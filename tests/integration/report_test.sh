#!/usr/bin/env bash
# report_test.sh — issue 11 through the CLI: the yearly report of the demo,
# with a unique marker put into every text field of every confidential and
# secret record (a copy of data/ with the marked demo.json, loaded by
# `vitaal init --demo`, so every year of its history holds the markers),
# rendered in every format that is built (Markdown, HTML; PDF through
# pdftotext), for this year and the last, in Dutch and English: no marker,
# no record id, no provider name, no table cell counting 1 .. k-1 (k from
# the setting report_min_cell: 3, then 5); the same data give the same
# bytes; every report written is one audit entry; bad options exit 2 and
# write nothing. The clock is pinned (VITAAL_NOW).
. "$(dirname "$0")/lib.sh"

export VITAAL_NOW=2026-12-01T12:00:00Z
CHECK="$VITAAL_ROOT/tests/integration/report/disclosure.py"
cd "$T_DIR" || exit 1
D=$(new_db demo)

# --- the marked demo ---------------------------------------------------------------
cp -r "$VITAAL_ROOT/data" data
mkdir kinds
for k in $(vitaal kinds | awk '$1 ~ /^[a-z_]+$/ {print $1}'); do vitaal kinds "$k" >"kinds/$k.txt"; done
check "mark every text of every confidential and secret record of the demo" \
  python3 "$CHECK" mark "$VITAAL_ROOT/data/demo.json" kinds data/demo.json markers.json
check "init --demo from the marked copy" env VITAAL_DATA="$T_DIR/data" "$VITAAL_BIN" --db "$D" init --demo
check "the markers are in the database" bash -c "'$VITAAL_BIN' --db '$D' export | grep -q ZQXMARK"

# --- every format, this year and the last, both languages --------------------------
formats="md html pdf"
for f in html pdf; do
  if ! vitaal --db "$D" report annual --year 2025 --format $f -o probe.$f 2>probe.err; then
    skip "report annual --format $f" "$(cat probe.err)"
    formats=${formats/$f/}
  fi
done
for year in 2025 2026; do
  for lang in nl en; do
    for f in $formats; do
      out=r-$year-$lang.$f
      check "report annual --year $year --lang $lang --format $f" \
        vitaal --db "$D" report annual --year $year --lang $lang --format $f -o $out
      if [ "$f" = pdf ]; then
        pdftotext -enc UTF-8 "$out" "$out.txt" 2>/dev/null
        run_checks "disclosure $out" python3 "$CHECK" check "$out.txt" txt "$VITAAL_ROOT/data/demo.json" markers.json 3
      else
        run_checks "disclosure $out" python3 "$CHECK" check "$out" $f "$VITAAL_ROOT/data/demo.json" markers.json 3
      fi
    done
  done
done

if [ -f r-2025-nl.md ]; then
  grep -q "^# Voortgangsbrief Aanpak vitaal 2025" r-2025-nl.md && grep -q "OPENBAAR · TLP:CLEAR — geaggregeerd, bevat geen vertrouwelijke informatie" r-2025-nl.md &&
    grep -q "Stand per 31 december 2025" r-2025-nl.md && pass "nl: title, marking and the as-of day" ||
    fail "nl: title, marking and the as-of day" "$(head -8 r-2025-nl.md)"
  grep -q "PUBLIC · TLP:CLEAR — aggregated, contains no confidential information" r-2025-en.md && grep -q "As the records stood on 31 December 2025" r-2025-en.md &&
    pass "en: marking and the as-of day" || fail "en: marking and the as-of day" "$(head -8 r-2025-en.md)"
fi

# --- the same bytes, and an earlier as-of day ---------------------------------------
for f in $formats; do
  vitaal --db "$D" report annual --year 2025 --format $f -o again.$f
  if cmp -s again.$f r-2025-nl.$f; then pass "$f: the same data give the same bytes"; else fail "$f: the same data give the same bytes"; fi
done
check "as of 2025-06-30" vitaal --db "$D" report annual --year 2025 --as-of 2025-06-30 --format md -o mid.md
grep -q "Stand per 30 juni 2025" mid.md && ! cmp -s mid.md r-2025-nl.md && pass "--as-of: the report stands on that day" ||
  fail "--as-of: the report stands on that day" "$(head -5 mid.md)"

# --- a higher threshold -------------------------------------------------------------
printf '{"format": "vitaal", "version": 2, "settings": [{"id": "report_min_cell", "value": "5", "description": "smallest count a published table shows", "classification": "public", "owner": "nctv"}]}\n' >k5.json
check "report_min_cell 5" vitaal --db "$D" import k5.json
check "report annual with k = 5" vitaal --db "$D" report annual --year 2025 --format md -o k5.md
run_checks "disclosure k5.md" python3 "$CHECK" check k5.md md "$VITAAL_ROOT/data/demo.json" markers.json 5

# --- audit and bad input ------------------------------------------------------------
n=$(vitaal --db "$D" audit list --limit 100000 | grep -c '  report  .*annual report')
nf=$(wc -w <<<"$formats") # 4 per format, once more for the bytes, the probes, as-of, k = 5
want=$((5 * nf + nf - 1 + 2))
[ "$n" = "$want" ] && pass "every report written is an audit entry ($n)" || fail "every report written is an audit entry" "found $n, wanted $want"
expect_fail "--year is required" 2 "--year YYYY is required" vitaal --db "$D" report annual -o x.md
expect_fail "-o is required" 2 "-o FILE is required" vitaal --db "$D" report annual --year 2025
expect_fail "a bad format" 2 "--format must be pdf, html or md" vitaal --db "$D" report annual --year 2025 --format docx -o x.md
expect_fail "a bad language" 2 "--lang must be nl or en" vitaal --db "$D" report annual --year 2025 --lang de -o x.md
expect_fail "an as-of day outside the year" 2 "as_of: 2024-12-31 is not a day of 2025" vitaal --db "$D" report annual --year 2025 --as-of 2024-12-31 -o x.md
expect_fail "a year that has not begun" 2 "2027 has not begun" vitaal --db "$D" report annual --year 2027 -o x.md
expect_fail "a year before the records" 2 "held no vital processes" vitaal --db "$D" report annual --year 2010 -o x.md
expect_fail "an unknown report" 2 "unknown report 'yearly'" vitaal --db "$D" report yearly
[ ! -e x.md ] && pass "a refused report writes no file" || fail "a refused report writes no file"
finish
