#!/usr/bin/env bash
# files_test.sh — files closed to others, and sealed when they leave (issue
# 14 part 9): under the usual umask 022 the database, its WAL and shared
# memory, the audit key, exports, reports and secret keys are created 0600;
# `vitaal serve` refuses a database (or its WAL or key) that others may
# read; an export or report sealed with --encrypt-to holds no plain text,
# opens only with the recipient's key and not once changed, and opens to
# exactly the plain document.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
umask 022

mode() { stat -c %a "$1"; }

check "init under umask 022" vitaal --db f.db init --demo
# a write through the audit makes the WAL, shm and the audit key appear
echo "pw-files-0123456789" | vitaal --db f.db user add filer --role coordinator --org nctv \
  --clearance secret >/dev/null
sqlite3 f.db "PRAGMA journal_mode" >/dev/null 2>&1 || true
bad=""
for f in f.db f.db.auditkey; do
  [ -e "$f" ] || { bad="$bad $f(missing)"; continue; }
  [ "$(mode "$f")" = 600 ] || bad="$bad $f:$(mode "$f")"
done
[ -z "$bad" ] && pass "the database and its audit key are 0600 whatever the umask" \
  || fail "the database and its audit key are 0600 whatever the umask" "$bad"

# the WAL and shared memory exist while a connection holds the database
python3 - f.db <<'PY' >wal.txt 2>&1
import sqlite3, subprocess, sys, os, stat
db = sys.argv[1]
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL")
c.execute("BEGIN IMMEDIATE"); c.execute("COMMIT")
modes = {s: oct(os.stat(db + s).st_mode & 0o777) for s in ("-wal", "-shm") if os.path.exists(db + s)}
print(modes)
PY
grep -q "'-wal': '0o600'" wal.txt && grep -q "'-shm': '0o600'" wal.txt \
  && pass "its WAL and shared-memory files take the database's 0600" \
  || fail "its WAL and shared-memory files take the database's 0600" "$(cat wal.txt)"

check "export -o" vitaal --db f.db export -o plain.json
check "report process -o" vitaal --db f.db report process drinkwater --format md -o r.md
check "report annual -o" vitaal --db f.db report annual --year 2026 --format md -o a.md
[ "$(mode plain.json)" = 600 ] && [ "$(mode r.md)" = 600 ] && [ "$(mode a.md)" = 600 ] \
  && pass "exports and reports are 0600" \
  || fail "exports and reports are 0600" "$(stat -c '%n %a' plain.json r.md a.md)"
printf 'old' >old.json && chmod 644 old.json
check "export over an existing 0644 file" vitaal --db f.db export -o old.json
[ "$(mode old.json)" = 600 ] && pass "an export replacing a 0644 file is 0600" \
  || fail "an export replacing a 0644 file is 0600" "$(mode old.json)"

# --- sealed documents -----------------------------------------------------------------
check "keys new" vitaal keys new recipient
[ "$(mode recipient.key)" = 600 ] && grep -q '^vitaal-seal-public-key-1 ' recipient.pub \
  && pass "keys new: the secret key 0600, the public key one line" \
  || fail "keys new: the secret key 0600, the public key one line" "$(stat -c '%n %a' recipient.*)"
expect_fail "keys new never overwrites a key" 4 "exists already" vitaal keys new recipient
check "export --encrypt-to" vitaal --db f.db export --encrypt-to recipient.pub -o sealed.bin
[ "$(mode sealed.bin)" = 600 ] && [ "$(head -c 16 sealed.bin)" = "vitaal-sealed-1" ] \
  && ! grep -q "drinkwater" sealed.bin && ! grep -q "an-drinkwater" sealed.bin \
  && pass "the sealed export holds no plain text (no process id, no record id)" \
  || fail "the sealed export holds no plain text" "$(head -c 200 sealed.bin | od -c | head -3)"
check "decrypt with the recipient's key" vitaal decrypt --key recipient.key sealed.bin -o opened.json
cmp -s opened.json plain.json && pass "it opens to exactly the plain export" \
  || fail "it opens to exactly the plain export" "$(cmp opened.json plain.json)"
check "another key" vitaal keys new other
out=$(vitaal decrypt --key other.key sealed.bin 2>&1); rc=$?
[ $rc = 2 ] && grep -q "sealed for another key" <<<"$out" \
  && pass "another recipient's key does not open it (exit 2, says why)" \
  || fail "another recipient's key does not open it" "rc=$rc $out"
cp sealed.bin changed.bin && printf 'x' | dd of=changed.bin bs=1 seek=100 conv=notrunc 2>/dev/null
out=$(vitaal decrypt --key recipient.key changed.bin 2>&1); rc=$?
[ $rc = 2 ] && grep -q "changed since it was sealed" <<<"$out" \
  && pass "a changed byte: it does not open (exit 2)" || fail "a changed byte: it does not open" "rc=$rc $out"
out=$(vitaal decrypt --key recipient.pub sealed.bin 2>&1); rc=$?
[ $rc = 2 ] && grep -q "not a vitaal secret key file" <<<"$out" \
  && pass "a public key is not a secret key (exit 2)" || fail "a public key is not a secret key" "rc=$rc $out"
out=$(vitaal --db f.db export --encrypt-to nothing-here.pub -o x.bin 2>&1); rc=$?
[ $rc = 3 ] && [ ! -e x.bin ] && pass "a missing key file: exit 3, nothing written" \
  || fail "a missing key file: exit 3, nothing written" "rc=$rc $out"
check "report process --encrypt-to" vitaal --db f.db report process drinkwater --format md \
  --encrypt-to recipient.pub -o r.sealed
vitaal decrypt --key recipient.key r.sealed >r.opened 2>/dev/null
grep -q "^# Weerbaarheidsanalyse" r.opened && ! grep -q "Weerbaarheidsanalyse" r.sealed \
  && pass "a sealed per-process report opens to the report" \
  || fail "a sealed per-process report opens to the report" "$(head -3 r.opened)"
audit=$(python3 -c 'import sqlite3,sys; print("\n".join(r[0] or "" for r in sqlite3.connect(sys.argv[1]).execute("SELECT detail FROM audit ORDER BY seq DESC LIMIT 5")))' f.db)
grep -q "sealed to recipient.pub" <<<"$audit" \
  && pass "the audit says the report was sealed, and to which key" \
  || fail "the audit says the report was sealed" "$audit"

# --- the server refuses files open to others ------------------------------------------
chmod 644 f.db
out=$(timeout 10 "$VITAAL_BIN" --db f.db serve --listen 127.0.0.1:0 2>&1); rc=$?
[ $rc = 5 ] && grep -q "readable or writable by others (mode 0644)" <<<"$out" && grep -q "chmod 600" <<<"$out" \
  && pass "serve refuses a database others may read (exit 5, says how to fix it)" \
  || fail "serve refuses a database others may read" "rc=$rc $out"
chmod 600 f.db && chmod 640 f.db.auditkey
out=$(timeout 10 "$VITAAL_BIN" --db f.db serve --listen 127.0.0.1:0 2>&1); rc=$?
[ $rc = 5 ] && grep -q "auditkey" <<<"$out" && pass "serve refuses an audit key its group may read" \
  || fail "serve refuses an audit key its group may read" "rc=$rc $out"
chmod 600 f.db.auditkey
finish
