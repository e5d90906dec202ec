#!/usr/bin/env bash
# progress_test.sh — progress of long commands on standard error (issue 16
# part 3): run under a pseudo-terminal (pty_run.py) an import of 30,000
# records and a criticality ranking of a 10,000-node chain show the meter's
# line (phase, percentage, done of total, rate, time left) on standard error
# and erase it, with standard output as without it; a command that ends
# within half a second draws nothing; and nothing at all appears when
# standard error is not a terminal.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
PTY="$VITAAL_ROOT/tests/integration/pty_run.py"

# 30,000 organisations (no references: the import's own work) and a chain of
# 10,000 processes (each failure takes down every one after it)
python3 - <<'PY'
import json
orgs = [{"id": "org-%d" % i, "name": "Organisatie %d" % i, "kind": "provider", "parent": None,
         "classification": "public", "owner": "nctv", "tlp": "clear", "shared_with": [],
         "shared_with_people": []} for i in range(30000)]
json.dump({"format": "vitaal", "version": 2, "organisations": orgs}, open("orgs.json", "w"))
n = 10000
json.dump({"nodes": [{"id": "n%d" % i} for i in range(n)],
           "inputs": [{"node": "n%d" % i, "suppliers": ["n%d" % (i - 1)]} for i in range(1, n)]},
          open("chain.json", "w"))
PY
vitaal --db a.db init >/dev/null && cp a.db b.db && cp a.db c.db || exit 1

# pty NAME EXPR COMMAND...: runs COMMAND under the pseudo-terminal and checks
# the Python expression over d (rc, stdout, stderr) and lines (the meter's
# lines: stderr split at its carriage returns, without the erase codes).
pty() {
  local name=$1 expr=$2 out; shift 2
  out=$(python3 "$PTY" "$@") || { fail "$name" "pty_run failed"; return; }
  if python3 -c "
import json, re, sys
d = json.load(sys.stdin)
lines = [x for x in d['stderr'].replace('\x1b[K', '').split('\r') if x]
ok = ($expr)
if not ok:
    print(d['rc'], repr(d['stdout'][:300]), repr(d['stderr'][:600]))
sys.exit(0 if ok else 1)" <<<"$out" >"$T_DIR/why" 2>&1
  then pass "$name"; else fail "$name" "$(cat "$T_DIR/why")"; fi
}

LINE='^[a-z ]+: +[0-9]+% \(.+ of .+, .+/s(, [0-9]+ s left)?\)$'
pty "import at a terminal: the meter's lines (phase, %, done of total, rate, time left), erased at the end" \
  "d['rc'] == 0 and d['stdout'] == 'imported 30000 records: 30000 new, 0 updated\n' and
   any(re.match(r'writing records: +[0-9]+% \([0-9k]+ records of 30k records, [0-9k]+ records/s, [0-9]+ s left\)$', l) for l in lines) and
   all(re.match(r'$LINE', l) for l in lines) and d['stderr'].endswith('\r\x1b[K')" \
  "$VITAAL_BIN" --db a.db import orgs.json
pty "criticality at a terminal: 'criticality: N% (… events of 10k events, …)' and the ranking unchanged" \
  "d['rc'] == 0 and d['stdout'].splitlines()[3].split()[:2] == ['1', 'n0'] and
   any(re.match(r'criticality: +[0-9]+% \(.* events of 10k events, .* events/s', l) for l in lines) and
   all(re.match(r'$LINE', l) for l in lines)" \
  "$VITAAL_BIN" criticality --graph chain.json --outage-h 24 --horizon-h 168
python3 "$PTY" "$VITAAL_BIN" criticality --graph chain.json --outage-h 24 --horizon-h 168 |
  python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["stdout"])' >rank-pty.txt
pty "a command ending within half a second draws nothing at a terminal" \
  "d['rc'] == 0 and d['stderr'] == '' and '\"affected\":10000' in d['stdout']" \
  "$VITAAL_BIN" cascade --graph chain.json --fail n0 --outage-h 1 --horizon-h 2 --json

# not a terminal: nothing on standard error, the same standard output
out=$(vitaal --db c.db import orgs.json 2>err1.txt)
vitaal criticality --graph chain.json --outage-h 24 --horizon-h 168 >rank.txt 2>err2.txt
vitaal --db c.db report annual --year 2026 -o r.pdf 2>err3.txt
if [ "$out" = "imported 30000 records: 30000 new, 0 updated" ] && [ ! -s err1.txt ] && [ ! -s err2.txt ] &&
   [ ! -s err3.txt ] && [ -s r.pdf ] && cmp -s rank.txt rank-pty.txt; then
  pass "import, criticality, report: nothing on standard error when it is not a terminal"
else fail "progress on a non-terminal" "$out $(head -c 300 err1.txt err2.txt err3.txt)"; fi

finish
