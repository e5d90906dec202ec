#!/usr/bin/env bash
# audit_anchor_test.sh — the audit log anchored outside the database (issue
# 14 part 6): every command that writes to the log and the server (start,
# every audit_checkpoint_every entries, stop) sign a checkpoint of the
# chain's head into DB.checkpoints with DB.signkey (0400; DB.signkey.pub
# public). `vitaal audit verify` then finds, each of which the MAC chain
# alone lets through: entries cut off the end, a deleted log, a chain
# forged again with the MAC key, and a changed checkpoint file. On either
# backend: on PostgreSQL the files are $VITAAL_KEYS/NAME.* (db_files).
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1

N=0
fresh() { # a new database ($DB, its files $F) with a few audited writes and its checkpoints
  N=$((N + 1))
  DB=$(new_db "a$N") && F=$(db_files "$DB") && vitaal --db "$DB" init --demo >/dev/null &&
    for u in ana bert cees dirk; do
      echo "pw-$u-0123456789" | vitaal --db "$DB" user add "$u" --role coordinator --org nctv \
        --clearance secret >/dev/null
    done
}
entries() { db_sql "$DB" "SELECT count(*) FROM audit"; }

fresh && pass "a database with audited writes" || fail "a database with audited writes"
n=$(grep -c '^vitaal-checkpoint-1 ' "$F.checkpoints" 2>/dev/null)
[ "${n:-0}" -ge 2 ] && grep -q " write " "$F.checkpoints" \
  && pass "every write command added a signed checkpoint ($n)" \
  || fail "every write command added a signed checkpoint" "$(cat "$F.checkpoints" 2>&1)"
[ "$(stat -c %a "$F.signkey")" = 400 ] && [ "$(stat -c %a "$F.signkey.pub")" = 644 ] \
  && pass "the signing key is 0400, the verify key public (0644)" \
  || fail "the signing key is 0400, the verify key public" "$(stat -c '%n %a' "$F".signkey*)"
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 0 ] && grep -q "checkpoints: $n signed, all held" <<<"$out" \
  && pass "verify: the chain and every checkpoint hold" || fail "verify: the chain and every checkpoint hold" "rc=$rc $out"
last=$(tail -1 "$F.checkpoints" | awk '{print $3}')
[ "$last" = "$(entries)" ] && pass "the last checkpoint names the chain's head (entry $last)" \
  || fail "the last checkpoint names the chain's head" "checkpoint $last, entries $(entries)"

# --- the server: start, every N entries, stop ------------------------------------------
printf 'id,value,classification,owner\naudit_checkpoint_every,3,public,nctv\n' >every.csv
check "audit_checkpoint_every 3" vitaal --db "$DB" import --kind settings every.csv
before=$(grep -c . "$F.checkpoints")
if start_server anchor "$DB"; then
  for i in 1 2 3 4 5 6 7; do
    curl -s -o /dev/null -X POST "$URL/api/v1/session" -H 'Content-Type: application/json' \
      -d '{"username":"ana","password":"pw-ana-0123456789"}'
  done
  # the server looks every 2 seconds: wait for its "entries" checkpoint (10 s at most)
  for i in $(seq 1 100); do
    tail -n +$((before + 1)) "$F.checkpoints" | awk '$5 == "entries"' | grep -q . && break
    sleep 0.1
  done
  stop_server "$PID"
  tail -n +$((before + 1)) "$F.checkpoints" | awk '{print $5}' | tr '\n' ' ' >reasons.txt
  grep -q "^start .*entries .*stop $" reasons.txt \
    && pass "the server signs on start, after N entries and on stop ($(cat reasons.txt))" \
    || fail "the server signs on start, after N entries and on stop" "$(cat reasons.txt)"
fi
check "verify after the server" vitaal --db "$DB" audit verify

# --- attacks the MAC chain alone lets through -----------------------------------------
fresh || fail "fresh database"
db_sql "$DB" "DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit);"
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 4 ] && grep -q "entries were cut off the end" <<<"$out" \
  && pass "entries cut off the end are found (exit 4)" || fail "entries cut off the end are found" "rc=$rc $out"
# more writes after the cut do not bless it: the old checkpoint still stands
echo "pw-carl-0123456789" | vitaal --db "$DB" user add carl --role auditor --org nctv \
  --clearance secret --scope drinkwater >/dev/null
echo "pw-dora-0123456789" | vitaal --db "$DB" user add dora --role auditor --org nctv \
  --clearance secret --scope drinkwater >/dev/null
echo "pw-eve-0123456789" | vitaal --db "$DB" user add eve --role auditor --org nctv \
  --clearance secret --scope drinkwater >/dev/null
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 4 ] && grep -q "forged again\|cut off" <<<"$out" \
  && pass "new entries written over a cut tail are found too" || fail "new entries written over a cut tail are found too" "rc=$rc $out"

fresh || fail "fresh database"
db_sql "$DB" "DELETE FROM audit;"
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 4 ] && grep -q "the log was deleted" <<<"$out" \
  && pass "a deleted log is found (exit 4)" || fail "a deleted log is found" "rc=$rc $out"

fresh || fail "fresh database"
# whoever holds the database and its MAC key changes an entry and forges the chain again
db_sql "$DB" "SELECT seq || '|' || at || '|' || actor || '|' || COALESCE(address, '<null>') ||
  '|' || action || '|' || COALESCE(kind, '<null>') || '|' || COALESCE(record, '<null>') || '|' ||
  COALESCE(detail, '<null>') FROM audit ORDER BY seq" >rows.txt
python3 - "$F.auditkey" rows.txt >forge.sql <<'PY'
import hashlib, sys
key = open(sys.argv[1], "rb").read()
prev = ""
print("BEGIN;")
for line in open(sys.argv[2]):
    f = [None if x == "<null>" else x for x in line.rstrip("\n").split("|")]
    seq, (at, actor, address, action, kind, record, detail) = int(f[0]), f[1:8]
    if seq == 2:
        detail = "nothing happened here"
    parts = ["vitaal-audit-1|%d|" % seq]
    for x in (at, actor, address, action, kind, record, detail, prev):
        parts.append("-|" if x is None else "%d:%s|" % (len(x.encode()), x))
    mac = hashlib.blake2b("".join(parts).encode(), key=key, digest_size=32).hexdigest()
    q = lambda x: "NULL" if x is None else "'" + x.replace("'", "''") + "'"
    print("UPDATE audit SET detail = %s, prev = %s, mac = %s WHERE seq = %d;" % (q(detail), q(prev), q(mac), seq))
    prev = mac
print("COMMIT;")
PY
db_sql "$DB" "$(cat forge.sql)"
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 4 ] && grep -q "forged again" <<<"$out" \
  && pass "a chain forged again with the MAC key is found against the checkpoint (exit 4)" \
  || fail "a chain forged again with the MAC key is found" "rc=$rc $out"

fresh || fail "fresh database"
sed -i '1s/ \([0-9]*\) / 1\1 /' "$F.checkpoints"
out=$(vitaal --db "$DB" audit verify 2>&1); rc=$?
[ $rc = 4 ] && grep -q "valid signature" <<<"$out" \
  && pass "a changed checkpoint line is found (exit 4)" || fail "a changed checkpoint line is found" "rc=$rc $out"
finish
