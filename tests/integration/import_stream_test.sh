#!/usr/bin/env bash
# import_stream_test.sh — a JSON import is read as a stream: memory stays
# far below the size of the document (jansson held it whole, at about 25
# times its size), a document over the size cap is refused before anything
# is written, and all or nothing still holds across the passes.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1

# gen N DESCRIPTION-BYTES [BAD-AT]: a document of N threats with long
# descriptions; BAD-AT makes that record invalid (last, after all the rest).
gen() { python3 - "$@" <<'PY'
import json, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
bad = int(sys.argv[3]) if len(sys.argv) > 3 else -1
out = sys.stdout
out.write('{"format": "vitaal", "version": 2, "threats": [\n')
for i in range(n):
    r = {"id": "t%d" % i, "name": "Dreiging %d" % i, "classification": "public",
         "owner": "nctv", "description": "beschrijving " * (size // 13)}
    if i == bad:
        r["classification"] = "top-secret"
    out.write(json.dumps(r) + (",\n" if i < n - 1 else "\n"))
out.write("]}\n")
PY
}

vitaal --db a.db init >/dev/null 2>&1 || fail "init"
gen 2000 20000 >big.json
size_kb=$(( $(stat -c %s big.json) / 1024 ))
before=$(sha256sum a.db)

# the cap: --max-size in MiB, checked before reading (a regular file) and
# while reading (a pipe)
expect_fail "a document over --max-size is refused" 2 \
  "big.json: larger than 10485760 bytes, the limit of a JSON import" \
  vitaal --db a.db import --max-size 10 big.json
expect_fail "a piped document over --max-size is refused while it is read" 2 \
  "larger than 10485760 bytes" bash -c "cat big.json | '$VITAAL_BIN' --db a.db import --max-size 10 /dev/stdin"
expect_fail "--max-size needs a number" 2 "needs a whole number of MiB" \
  vitaal --db a.db import --max-size lots big.json
[ "$before" = "$(sha256sum a.db)" ] && pass "nothing written by the refused imports" \
  || fail "nothing written by the refused imports"

# all or nothing: the invalid record is the last; the valid ones before it
# were read (and checked) but not written
gen 300 1000 299 >bad.json
expect_fail "an invalid last record refuses the whole document" 2 \
  "bad.json: \\\$\.threats\[299\]\.classification: 'top-secret' is not one of" \
  vitaal --db a.db import bad.json
out=$(vitaal --db a.db show threats t0 2>&1); [ $? -eq 3 ] \
  && pass "the valid records before it were not written" || fail "the valid records before it were not written" "$out"

# memory: a sanitizer build keeps freed memory in quarantine, so its peak
# says nothing about the import
if ldd "$VITAAL_BIN" 2>/dev/null | grep -Eq "lib(asan|tsan)"; then
  skip "peak memory of a ${size_kb} KB import" "a sanitizer build"
  check "a ${size_kb} KB document imports" vitaal --db a.db import big.json
else
  printf '{"format": "vitaal", "version": 2, "threats": []}' >empty.json
  /usr/bin/time -f "%M" -o rss0.txt "$VITAAL_BIN" --db a.db import empty.json >/dev/null 2>&1
  /usr/bin/time -f "%M" -o rss.txt "$VITAAL_BIN" --db a.db import big.json >out.txt 2>err.txt
  rc=$?
  base_kb=$(tail -1 rss0.txt); rss_kb=$(tail -1 rss.txt)
  [ $rc -eq 0 ] && grep -q "imported 2000 records: 2000 new" out.txt \
    && pass "a ${size_kb} KB document imports" || fail "a ${size_kb} KB document imports" "$(cat out.txt err.txt)"
  # the process itself (libraries, the database) needs base_kb for an
  # empty document; a ${size_kb} KB one may add a quarter of its size
  [ $((rss_kb - base_kb)) -lt $((size_kb / 4)) ] \
    && pass "peak memory grows by $((rss_kb - base_kb)) KB for a ${size_kb} KB document" \
    || fail "peak memory grows by $((rss_kb - base_kb)) KB for a ${size_kb} KB document (base ${base_kb} KB)"
fi
out=$(vitaal --db a.db list threats --json)
jcheck "every record is there" "$out" 'len([r for r in (d if isinstance(d, list) else d.get("records", d.get("threats", []))) if r["id"].startswith("t")]) == 2000'

# a document may name its format and version after its records
printf '{"threats": [{"id": "late", "name": "L", "classification": "public", "owner": "nctv"}], "version": 2, "format": "vitaal"}' >late.json
check "format and version may come last" vitaal --db a.db import late.json
printf '{"threats": [], "version": 2}' >noformat.json
expect_fail "a document without format is refused" 2 'noformat.json: \$\.format: must be "vitaal"' \
  vitaal --db a.db import noformat.json
printf '{"format": "vitaal", "version": 2, "threats": [{"id": "n\\u0000ul", "name": "x", "classification": "public", "owner": "nctv"}]}' >nul.json
expect_fail "a NUL character in a string is refused" 2 'nul.json: .*holding \\u0000' \
  vitaal --db a.db import nul.json
printf '{"format": "vitaal", "version": 2, "threats": []} []' >trailing.json
expect_fail "nothing may follow the document" 2 'trailing.json: line 1' \
  vitaal --db a.db import trailing.json
finish
