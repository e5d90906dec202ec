#!/usr/bin/env bash
# attach_test.sh — evidence from the command line (domain/attachment.h) end
# to end: the demo's attachments (a review's exercise log, a measure's
# delivery statement, a provider's contribution), attaching files of every
# accepted type decided from the content (a renamed executable, HTML page or
# zip refused with exit 2 and nothing written), names, the size limit as a
# setting, get writing the same bytes, delete, and an audit entry for every
# attach, download and delete; the server's side is
# tests/integration/server/attachment_checks.py.
. "$(dirname "$0")/lib.sh"

DB=$(new_db a)
sum() { sha256sum "$1" | cut -d' ' -f1; }
check "fixture: init --demo" vitaal --db "$DB" init --demo

# --- the demo --------------------------------------------------------------------------------
jcheck "demo: the exercise log of a review, a CSV, as uploaded by the drinking-water company" \
  "$(vitaal --db "$DB" attach list reviews rv-drinkwater-noodstroom-2026-10-15 --json)" \
  'len(d["items"])==1 and d["items"][0]["name"]=="oefenlog-noodstroom-2026-10-15.csv" and d["items"][0]["type"]=="text/csv; charset=utf-8" and d["items"][0]["uploaded_at"]=="2026-10-16T08:12:00Z"'
jcheck "demo: the measure's delivery statement, plain text" \
  "$(vitaal --db "$DB" attach list measures ms-drinkwater-noodstroom --json)" \
  '[i["type"] for i in d["items"]]==["text/plain; charset=utf-8"]'
jcheck "demo: the refinery's evidence on its own contribution" \
  "$(vitaal --db "$DB" attach list contributions co-raffinaderij-pernisse-chemie-2026 --json)" \
  '[i["uploaded_by"] for i in d["items"]]==["pernisse-hse"]'

# --- attaching ---------------------------------------------------------------------------------
M=ms-afschaalplan-spoor
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%%%EOF\n' >"$T_DIR/verslag.bin"
printf 'Verslag van de test\nAlles werkte.\n' >"$T_DIR/notitie.pdf"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0' >"$T_DIR/foto"
out=$(vitaal --db "$DB" attach measures $M "$T_DIR/verslag.bin" --name "Testverslag 2026.pdf" 2>&1)
grep -q "attachment [0-9]* (application/pdf, .* sha256 $(sum "$T_DIR/verslag.bin"))" <<<"$out" \
  && pass "attach: a PDF, its type from the content, its SHA-256" || fail "attach: a PDF" "$out"
check "attach: text named .pdf is taken as the text it is" vitaal --db "$DB" attach measures $M "$T_DIR/notitie.pdf"
check "attach: a PNG without an extension" vitaal --db "$DB" attach measures $M "$T_DIR/foto"
jcheck "attach list: name, type and size of each" \
  "$(vitaal --db "$DB" attach list measures $M --json)" \
  '[(i["name"], i["type"]) for i in d["items"]]==[("Testverslag 2026.pdf","application/pdf"),("notitie.pdf","text/plain; charset=utf-8"),("foto","image/png")] and all(len(i["sha256"])==64 and i["uploaded_by"].startswith("cli:") for i in d["items"])'
table=$(vitaal --db "$DB" attach list measures $M)
grep -q "Testverslag 2026.pdf *application/pdf" <<<"$table" && pass "attach list: a table" \
  || fail "attach list: a table" "$table"

# --- refused, and nothing written ------------------------------------------------------------------
before=$(vitaal --db "$DB" attach list measures $M --json)
printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\2\0\76\0' >"$T_DIR/rapport.pdf"
printf '<!DOCTYPE html><html><script>alert(1)</script></html>' >"$T_DIR/verslag.txt"
printf 'PK\3\4 not really a zip' >"$T_DIR/plan.docx"
expect_fail "attach: a renamed executable is refused (exit 2)" 2 "decided from the content" \
  vitaal --db "$DB" attach measures $M "$T_DIR/rapport.pdf"
expect_fail "attach: a renamed HTML page is refused" 2 "none of these" \
  vitaal --db "$DB" attach measures $M "$T_DIR/verslag.txt"
expect_fail "attach: a broken zip named docx is refused" 2 "none of these" \
  vitaal --db "$DB" attach measures $M "$T_DIR/plan.docx"
expect_fail "attach: a name with a slash" 2 "without / or" \
  vitaal --db "$DB" attach measures $M "$T_DIR/foto" --name "../foto.png"
: >"$T_DIR/leeg.txt"
expect_fail "attach: an empty file" 2 "empty" vitaal --db "$DB" attach measures $M "$T_DIR/leeg.txt"
expect_fail "attach: risks take none" 2 "KIND is one of" vitaal --db "$DB" attach risks r-1 "$T_DIR/foto"
expect_fail "attach: no such measure (exit 3)" 3 "no measure with this id" \
  vitaal --db "$DB" attach measures ms-none "$T_DIR/foto"
expect_fail "attach: no such file" 1 "cannot open" vitaal --db "$DB" attach measures $M "$T_DIR/none"
[ "$(vitaal --db "$DB" attach list measures $M --json)" = "$before" ] \
  && pass "refused attachments write nothing" || fail "refused attachments write nothing"

# --- the size limit is a setting --------------------------------------------------------------------
cat >"$T_DIR/limit.json" <<'EOF2'
{"format": "vitaal", "version": 2, "settings": [{"id": "attachment_max_bytes", "value": "40",
 "description": "test", "classification": "public", "owner": "nctv"}]}
EOF2
check "the limit set to 40 bytes" vitaal --db "$DB" import "$T_DIR/limit.json"
head -c 40 /dev/zero | tr '\0' 'x' >"$T_DIR/40.txt"
head -c 41 /dev/zero | tr '\0' 'x' >"$T_DIR/41.txt"
check "attach: exactly the limit" vitaal --db "$DB" attach measures $M "$T_DIR/40.txt"
expect_fail "attach: one byte over the limit (exit 2)" 2 "over the limit of 40 bytes" \
  vitaal --db "$DB" attach measures $M "$T_DIR/41.txt"

# --- get, delete, audit -------------------------------------------------------------------------------
id=$(vitaal --db "$DB" attach list measures $M --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
check "get: writes the file" vitaal --db "$DB" attach get "$id" -o "$T_DIR/terug.pdf"
[ "$(sum "$T_DIR/terug.pdf")" = "$(sum "$T_DIR/verslag.bin")" ] && pass "get: the same bytes" \
  || fail "get: the same bytes"
[ "$(vitaal --db "$DB" attach get "$id" -o - | sha256sum | cut -d' ' -f1)" = "$(sum "$T_DIR/verslag.bin")" ] \
  && pass "get -o -: to standard output" || fail "get -o -: to standard output"
expect_fail "get: no such attachment (exit 3)" 3 "no attachment" vitaal --db "$DB" attach get 9999 -o "$T_DIR/x"
expect_fail "get: needs -o" 2 "-o FILE" vitaal --db "$DB" attach get "$id"
check "delete" vitaal --db "$DB" attach delete "$id"
expect_fail "delete: gone (exit 3)" 3 "no attachment" vitaal --db "$DB" attach get "$id" -o "$T_DIR/x"
log=$(vitaal --db "$DB" audit list --limit 1000)
counts=$(awk -v m="$M" '$6 == m { n[$4]++ } END { printf "%d %d %d", n["attach"], n["download"], n["detach"] }' <<<"$log")
[ "$counts" = "4 2 1" ] && pass "audit: an entry for every attach (4), download (2) and delete (1), naming the record" \
  || fail "audit: an entry for every attach, download and delete" "attach download detach: $counts"
check "audit: the chain holds" vitaal --db "$DB" audit verify
check "help" vitaal attach --help
expect_fail "usage: nothing to do" 2 "KIND ID FILE" vitaal --db "$DB" attach
finish
