#!/usr/bin/env bash
# proxy_test.sh — the client address behind a trusted reverse proxy
# (`vitaal serve --trusted-proxies`, http/proxy.h), against a real server
# over loopback sockets: from the trusted proxy (127.0.0.1) the login delay
# is per forwarded address (three failures from one forwarded address are
# delayed there and not for the same name from another), a client's own
# X-Forwarded-For entries to the left of the proxy's are ignored, and the
# audit log records the forwarded address; from an untrusted peer
# (127.0.0.2) the header is ignored altogether, whatever it says. Fails on
# the code before the change (every login then shares the proxy's address).
. "$(dirname "$0")/lib.sh"

DB=$(new_db proxy)
check "init" vitaal --db "$DB" init
check "init: logins with a password alone" vitaal --db "$DB" import "$VITAAL_ROOT/tests/data/mfa_off.json"
echo "pw-alice-0123456789" | vitaal --db "$DB" user add alice --role coordinator --org nctv \
  --clearance secret >/dev/null 2>"$T_DIR/user.err" || fail "user add" "$(cat "$T_DIR/user.err")"
expect_fail "serve refuses a trusted proxy that is not an address" 2 "not an IP address" \
  vitaal --db "$DB" serve --listen 127.0.0.1:0 --trusted-proxies "127.0.0.1, nginx"

if ! start_server proxy "$DB" --trusted-proxies "127.0.0.1, ::1"; then
  finish
  exit $?
fi
PORT=${URL##*:}

cat >"$T_DIR/proxy.py" <<'PY'
import json, socket, sys
port = int(sys.argv[1])
failed = 0

def check(name, cond, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        failed += 1
        print("#   %r" % (detail,))

def login(password, xff=None, source="127.0.0.1"):
    body = json.dumps({"username": "alice", "password": password}).encode()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.settimeout(5)
    extra = b"X-Forwarded-For: %s\r\n" % xff.encode() if xff else b""
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              b"Content-Type: application/json\r\n%sContent-Length: %d\r\n\r\n%s"
              % (extra, len(body), body))
    out = b""
    while True:
        d = s.recv(65536)
        if not d:
            break
        out += d
    s.close()
    return int(out.split(b" ", 2)[1])

GOOD, BAD = "pw-alice-0123456789", "wrong-password-000"
# through the trusted proxy: three failures from one forwarded address
st = [login(BAD, "198.51.100.1") for _ in range(3)]
check("through the proxy: three wrong passwords from 198.51.100.1 are 401", st == [401] * 3, st)
check("... then that address waits, even with the right password (429)",
      login(GOOD, "198.51.100.1") == 429)
check("... the same name from another forwarded address logs in at once (per address, not "
      "per proxy)", login(GOOD, "198.51.100.2") == 200)
check("... a client's own entry left of the proxy's is ignored: still 429",
      login(GOOD, "198.51.100.2, 198.51.100.1") == 429)
check("... through a second trusted hop (::1 is trusted too) the client is found the same",
      login(GOOD, "198.51.100.1, ::1") == 429)
# an untrusted peer: X-Forwarded-For means nothing
st = [login(BAD, "203.0.113.%d" % i, source="127.0.0.2") for i in range(3)]
check("from an untrusted peer (127.0.0.2): three failures, each naming another forwarded "
      "address", st == [401] * 3, st)
check("... count for the peer: the fourth is 429 whatever address it forwards",
      login(GOOD, "203.0.113.99", source="127.0.0.2") == 429)
check("... and a forged header naming a fresh address does not help either",
      login(GOOD, "198.51.100.77", source="127.0.0.2") == 429)
sys.exit(1 if failed else 0)
PY
python3 "$T_DIR/proxy.py" "$PORT" >"$T_DIR/proxy.out" 2>&1
py_rc=$?
cat "$T_DIR/proxy.out"
T_PASSED=$((T_PASSED + $(grep -c '^ok - ' "$T_DIR/proxy.out")))
T_FAILED=$((T_FAILED + $(grep -c '^not ok - ' "$T_DIR/proxy.out")))
[ "$py_rc" -ne 0 ] && ! grep -q '^not ok' "$T_DIR/proxy.out" && fail "proxy.py stopped with status $py_rc" "$(tail -5 "$T_DIR/proxy.out")"
stop_servers
addrs=$(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(' '.join(sorted({r[0] or '-' for r in c.execute(\"SELECT address FROM audit WHERE action IN ('login', 'login_failed')\")})))
" "$DB")
if grep -q "198.51.100.1" <<<"$addrs" && grep -q "198.51.100.2" <<<"$addrs" && grep -q "127.0.0.2" <<<"$addrs" &&
  ! grep -q "203.0.113" <<<"$addrs" && ! grep -qw "127.0.0.1" <<<"$addrs"; then
  pass "the audit log records the forwarded addresses behind the proxy and the peer otherwise ($addrs)"
else
  fail "the audit log records the forwarded addresses behind the proxy and the peer otherwise" "$addrs"
fi
check_server_logs
finish
