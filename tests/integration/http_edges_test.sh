#!/usr/bin/env bash
# http_edges_test.sh — the HTTP edges of issue 14 part 10, over raw sockets
# against a real `vitaal serve`: a request with both Content-Length and
# Transfer-Encoding is refused (400, connection closed); the security
# headers (CSP with base-uri 'none' and form-action 'self') are on API
# answers, the UI's files and errors; HEAD is answered for GET routes
# without a body; JSON bodies need Content-Type application/json (415, also
# for the login: no login CSRF from a form); control bytes in ids (%00 and
# every C0 byte and DEL, in the path or the query) are 400 and a too-long
# URL is 414, both in JSON (part 13); and `vitaal audit list` prints a
# login name full of terminal escapes escaped. Every check fails on the
# code before the change.
. "$(dirname "$0")/lib.sh"

DB=$(new_db edges)
check "init" vitaal --db "$DB" init
check "init: logins with a password alone (tests/data/mfa_off.json)" vitaal --db "$DB" import "$VITAAL_ROOT/tests/data/mfa_off.json"
echo "pw-alice-0123456789" | vitaal --db "$DB" user add alice --role coordinator --org nctv \
  --clearance secret >/dev/null 2>"$T_DIR/user.err" || fail "user add" "$(cat "$T_DIR/user.err")"

if ! start_server edges "$DB"; then
  finish
  exit $?
fi
PORT=${URL##*:}
PID_EDGES=$PID

cat >"$T_DIR/raw.py" <<'PY'
import json, socket, sys
port = int(sys.argv[1])
failed = 0

def send(raw):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    s.sendall(raw)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        out += b"<timeout>"
    s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/") else 0
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body

def check(name, cond, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        failed += 1
        print("#   %r" % (detail,))

def secure(h):
    csp = h.get("content-security-policy", "")
    return ("base-uri 'none'" in csp and "form-action 'self'" in csp and
            "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and
            h.get("x-content-type-options") == "nosniff" and
            h.get("referrer-policy") == "no-referrer" and h.get("x-frame-options") == "DENY")

login = json.dumps({"username": "alice", "password": "pw-alice-0123456789"}).encode()

# request smuggling: both lengths
st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                   b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                   % len(login) + login + b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n")
check("Content-Length with Transfer-Encoding: 400, nothing behind it is answered",
      st == 400 and b'"Transfer-Encoding"' in body and body.count(b"HTTP/1.1") == 0 and
      h.get("connection", "").lower() == "close", (st, h, body))
check("... and the 400 carries the security headers", secure(h), h)
st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                   b"Content-Length: 5\r\nConnection: close\r\n\r\n0\r\n\r\n")
check("Transfer-Encoding before Content-Length: 400 as well", st == 400, (st, body))

# a NUL byte in a header name (libmicrohttpd's own 400)
st, h, body = send(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nX-A\x00b: c\r\n"
                   b"Connection: close\r\n\r\n")
check("a NUL byte in a header name: 400", st == 400, (st, body[:80]))

# the security headers and the CSP
for path in ("/api/v1/openapi.json", "/", "/assets/js/app.js", "/api/v1/no-such-thing",
             "/api/v1/me"):
    st, h, body = send(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode())
    check("GET %s (%d): the security headers, CSP with base-uri 'none' and form-action 'self'"
          % (path, st), st in (200, 401, 404) and secure(h), h)

# HEAD for GET routes
st, h, body = send(b"HEAD /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("HEAD on a GET route: 200, its length, no body", st == 200 and body == b"" and
      int(h.get("content-length", "0")) > 1000 and secure(h), (st, h, body[:80]))
st, h, body = send(b"HEAD /api/v1/processes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("HEAD needs the login GET needs (401)", st == 401 and body == b"", (st, body))
st, h, body = send(b"HEAD /assets/js/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("HEAD on a UI file: 200 without a body", st == 200 and body == b"", (st, body[:80]))
st, h, body = send(b"OPTIONS /api/v1/processes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check("405 names HEAD with GET in Allow", st == 405 and "GET, HEAD" in h.get("allow", ""), h)

# Content-Type: a JSON body only as application/json
for ct in (None, b"text/plain", b"application/x-www-form-urlencoded"):
    extra = b"Content-Type: %s\r\n" % ct if ct else b""
    st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s"
                       b"Content-Length: %d\r\n\r\n" % (extra, len(login)) + login)
    check("login with Content-Type %s: 415, no session" % ct, st == 415 and
          b"unsupported_media_type" in body and "set-cookie" not in h, (st, body))
st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Content-Type: application/json; charset=utf-8\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(login) + login)
check("login with application/json; charset=utf-8: 200", st == 200, (st, body))
token = json.loads(body)["token"].encode()
rec = json.dumps({"id": "edge-org", "name": "Edge", "kind": "provider", "parent": "nctv",
                  "classification": "public", "owner": "nctv"}).encode()
st, h, body = send(b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Authorization: Bearer %s\r\nContent-Type: text/plain\r\n"
                   b"Content-Length: %d\r\n\r\n" % (token, len(rec)) + rec)
check("a JSON write as text/plain: 415", st == 415, (st, body))

# a login name made of terminal escapes, for the audit list below
evil = json.dumps({"username": "\u001b]0;owned\u0007\u001b[31mred\u009b2J", "password": "x"}).encode()
st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                   % len(evil) + evil)
check("an unknown name (of escapes) with the password \"x\" is 401 (it was 500 once: an "
      "existence oracle)", st == 401, (st, body))
for name in ("bob", "carol"):
    wrong = json.dumps({"username": name, "password": "wrong-password"}).encode()
    st, h, body = send(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                       % len(wrong) + wrong)
    check("a wrong password for %s: 401" % name, st == 401, (st, body))

# control bytes in ids (issue 14 part 13): %00 cut the id short ("power%00x"
# read as "power"); every C0 byte and DEL, in the path or the query, is 400
auth = b"Authorization: Bearer %s\r\n" % token
for target in (b"/api/v1/organisations/nctv%00x", b"/api/v1/organisations/nctv%00",
               b"/api/v1/organisations/nc%01tv", b"/api/v1/organisations/nctv%7f",
               b"/api/v1/organisations/nctv%0a", b"/api/v1/organisations?owner=nctv%00x",
               b"/api/v1/organisations?o%1bwner=nctv"):
    st, h, body = send(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s\r\n"
                       % (target, auth))
    check("GET %s: 400 in JSON with the security headers" % target.decode(),
          st == 400 and b"control character" in body and secure(h) and
          h.get("content-type", "").startswith("application/json"), (st, h, body[:200]))
st, h, body = send(b"GET /api/v1/organisations/nctv HTTP/1.1\r\nHost: x\r\n"
                   b"Connection: close\r\n%s\r\n" % auth)
check("the same id without the control byte: 200", st == 200, (st, body[:200]))
st, h, body = send(b"GET /api/v1/organisations/%6ec%74v HTTP/1.1\r\nHost: x\r\n"
                   b"Connection: close\r\n" + auth + b"\r\n")
check("other escapes are still unescaped: /organisations/%6ec%74v is nctv", st == 200,
      (st, body[:200]))
rec = json.dumps({"id": "ed\u0001ge", "name": "Edge", "kind": "provider", "parent": "nctv",
                  "classification": "public", "owner": "nctv"}).encode()
st, h, body = send(b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                   % (auth, len(rec)) + rec)
check("a control character in an id in a body: 400", st == 400, (st, body[:200]))

# a too-long URL: 414 in JSON with the security headers (up to the 256 KiB
# of memory libmicrohttpd has per connection; beyond, its own 414 page)
for target in (b"/api/v1/organisations/" + b"a" * 9000,
               b"/api/v1/organisations?owner=" + b"b" * 9000,
               b"/api/v1/organisations?" + b"&".join(b"k%d=%s" % (i, b"c" * 400) for i in range(30))):
    st, h, body = send(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % target)
    check("a URL of %d bytes: 414 in JSON with the security headers" % len(target),
          st == 414 and b"longer than 8192 bytes" in body and secure(h) and
          h.get("content-type", "").startswith("application/json"), (st, h, body[:200]))
st, h, body = send(b"GET /api/v1/organisations/%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"\r\n" % (b"a" * 40000))
check("a URL of 40,000 bytes (past libmicrohttpd's old 32 KiB buffer): vitaal's 414 in JSON "
      "with the security headers", st == 414 and secure(h) and b"longer than 8192" in body,
      (st, h, body[:200]))
st, h, body = send(b"GET /api/v1/organisations/%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   b"\r\n" % (b"a" * 300000))
check("a URL beyond libmicrohttpd's connection memory (300,000 bytes): its own 414 page "
      "(docs/security.md)", st == 414, (st, body[:200]))

# the error classes of libmicrohttpd's own pages, probed one by one (part 10):
# each that vitaal can answer carries the security headers
def probe(name, raw, want, ours=True):
    st, h, body = send(raw)
    if ours:
        check("%s: %d from vitaal, in JSON, with the security headers" % (name, want),
              st == want and secure(h) and h.get("content-type", "").startswith(
                  "application/json"), (st, h, body[:200]))
    else:
        # libmicrohttpd's page: fixed text, no input in it, connection closed
        check("%s: %d from libmicrohttpd, connection closed (docs/security.md says why)"
              % (name, want), st == want and h.get("connection", "").lower() == "close" and
              b"x-evil" not in body.lower(), (st, h, body[:200]))

big = b"X-Big: " + b"y" * 40000 + b"\r\n"
probe("one header of 40,000 bytes", b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n" + big +
      b"Connection: close\r\n\r\n", 431)
probe("200 headers of 500 bytes (100 KB in all)", b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n" +
      b"".join(b"X-H%d: %s\r\n" % (i, b"z" * 500) for i in range(200)) +
      b"Connection: close\r\n\r\n", 431)
probe("headers beyond libmicrohttpd's connection memory (300 KB)",
      b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 300000 +
      b"\r\nConnection: close\r\n\r\n", 431, ours=False)
probe("a chunked body (no Content-Length)", b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
      b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n"
      b"\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(login), login), 411)
probe("a broken chunked body (a bad chunk size)", b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
      b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 411)
probe("a chunk size past 64 bits", b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
      b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nffffffffffffffffff\r\n", 411)
probe("both Content-Length and chunked", b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
      b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nabc", 400)
probe("HTTP/1.2 (read as 1.1)", b"GET /api/v1/openapi.json HTTP/1.2\r\nHost: x\r\n"
      b"Connection: close\r\n\r\n", 200)
probe("HTTP/2.0 in an HTTP/1 request line", b"GET /api/v1/openapi.json HTTP/2.0\r\nHost: x\r\n"
      b"X-Evil: <script>\r\n\r\n", 505, ours=False)
probe("HTTP/0.9", b"GET /api/v1/openapi.json HTTP/0.9\r\n\r\n", 505, ours=False)
st, h, body = send(b"GET\r\nHost: x\r\n\r\n")
check("a request line without a target: closed by libmicrohttpd without an answer (no page "
      "to lack the headers)", st == 0 and body == b"", (st, h, body[:200]))
probe("a malformed version", b"GET / HTTX/1.1\r\nHost: x\r\n\r\n", 400, ours=False)
probe("a header line without a colon", b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n"
      b"X-Evil <script>\r\n\r\n", 400, ours=False)
sys.exit(1 if failed else 0)
PY
run_checks raw.py python3 "$T_DIR/raw.py" "$PORT"

# the audit list shows the name, escaped: no ESC, BEL or CSI reaches the terminal
stop_server "$PID_EDGES"
vitaal --db "$DB" audit list >"$T_DIR/audit.txt" 2>&1
if grep -q 'x1b\]0;owned\\x07\\x1b\[31mred\\u009b2J' "$T_DIR/audit.txt" &&
  ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T_DIR/audit.txt" &&
  ! LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$T_DIR/audit.txt"; then
  pass "audit list prints control characters in a login name as \\xHH / \\u00HH"
else
  fail "audit list prints control characters in a login name as \\xHH / \\u00HH" \
    "$(cat -v "$T_DIR/audit.txt")"
fi
# failed logins per address and minute: the first on its own row, the rest
# in one summary row, written at the latest when the server stops
check "3 failed logins: a row of its own for the first of each minute, the rest counted in a summary (written at the stop)" \
  python3 -c '
import re, sys
rows = [l.split(None, 5) for l in open(sys.argv[1]) if " login_failed " in l]
alone = [r for r in rows if r[2] != "(failed"]
more = sum(int(re.search(r"login_failed\s+(\d+) more failed", l).group(1))
           for l in open(sys.argv[1]) if " login_failed " in l and "(failed logins)" in l)
sys.exit(0 if len(alone) + more == 3 and more >= 1 else "alone %d, more %d" % (len(alone), more))
' "$T_DIR/audit.txt"
check_server_logs
finish
