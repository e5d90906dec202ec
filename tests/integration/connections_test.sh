#!/usr/bin/env bash
# connections_test.sh — issue 14 part 1 over raw loopback sockets against a
# real `vitaal serve`: 1,030 connections from 127.0.0.2 that each send one
# header line every two seconds (never finishing a request) leave the server
# answering 127.0.0.1 within a second (a per-address connection limit), and
# the trickling connections are closed once the request deadline has passed
# although they keep sending (a total deadline that activity does not
# extend). Also: an ordinary keep-alive client is not cut while it sends
# requests. Fails on the code before the change: the 1,024-connection limit
# fills up and the idle timeout restarts with every line.
. "$(dirname "$0")/lib.sh"

DB=$(new_db conn)
check "init" vitaal --db "$DB" init

if ! start_server conn "$DB" --threads 2 --per-address-limit 32 --request-deadline 4s; then
  finish
  exit $?
fi
PORT=${URL##*:}

cat >"$T_DIR/trickle.py" <<'PY'
import resource, socket, sys, time
port = int(sys.argv[1])
failed = 0

def check(name, cond, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        failed += 1
        print("#   %r" % (detail,))

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))

def timed_get(path, keep=None):
    """GET path from 127.0.0.1; (status, seconds), status 0 when no answer in 3 s."""
    t0 = time.monotonic()
    try:
        s = keep or socket.create_connection(("127.0.0.1", port), timeout=3)
        s.settimeout(3)
        s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n"
                  % (path.encode(), b"" if keep else b"Connection: close\r\n"))
        data = b""
        while b"\r\n\r\n" not in data:
            d = s.recv(65536)
            if not d:
                break
            data += d
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for l in head.split(b"\r\n")[1:]:
            k, _, v = l.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v)
        while len(body) < length:  # the whole answer, so the next one starts clean
            d = s.recv(65536)
            if not d:
                break
            body += d
        if keep is None:
            s.close()
        line = data.split(b"\r\n", 1)[0].split()
        return (int(line[1]) if len(line) > 1 else 0), time.monotonic() - t0
    except OSError:
        return 0, time.monotonic() - t0

# 1,030 connections from another address, each beginning a request
attackers = []
for i in range(1030):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.2", 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        continue
    attackers.append(s)
time.sleep(0.5)
opened = []
for s in attackers:
    try:
        s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        opened.append(s)
    except OSError:
        s.close()

def trickle(n):
    """one more header line on every connection still open; the open ones"""
    alive = []
    for s in opened:
        try:
            if s.recv(1) == b"":  # closed by the server
                s.close()
                continue
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        try:
            s.send(b"X-Trickle-%d: x\r\n" % n)
            alive.append(s)
        except OSError:
            s.close()
    return alive

start = time.monotonic()
opened = trickle(0)
check("the server keeps at most its per-address share of 1,030 connections from 127.0.0.2",
      0 < len(opened) <= 40, len(opened))

worst = 0.0
for n in range(1, 3):
    time.sleep(1)
    for path in ("/", "/api/v1/me", "/api/v1/openapi.json"):
        st, took = timed_get(path)
        worst = max(worst, took)
        check("with the trickling connections open, GET %s from 127.0.0.1 is answered (%d in %.2f s)"
              % (path, st, took), st in (200, 401) and took < 1.0, (st, took))
    opened = trickle(n)

# a keep-alive client that sends a request every second past the deadline
keep = socket.create_connection(("127.0.0.1", port), timeout=3)
kept = True
for n in range(6):
    st, took = timed_get("/api/v1/openapi.json", keep)
    kept = kept and st == 200
    time.sleep(1)

# keep trickling past the deadline (4 s): every connection is closed
for n in range(3, 9):
    time.sleep(1.5)
    opened = trickle(n)
    if not opened:
        break
elapsed = time.monotonic() - start
check("the trickling connections are closed once the deadline (4 s) has passed, "
      "though they go on sending (%d left after %.1f s)" % (len(opened), elapsed),
      len(opened) == 0 and elapsed < 12, (len(opened), elapsed))
check("a keep-alive client sending a request every second for 6 s is not cut", kept)
keep.close()
st, took = timed_get("/api/v1/me")
check("afterwards 127.0.0.1 is answered at once (%d in %.2f s)" % (st, took),
      st == 401 and took < 1.0, (st, took))
sys.exit(1 if failed else 0)
PY
run_checks trickle.py python3 "$T_DIR/trickle.py" "$PORT"

expect_fail "serve refuses a per-address limit of 0" 2 "per-address-limit" vitaal --db "$DB" serve --per-address-limit 0
expect_fail "serve refuses a request deadline of 2 hours" 2 "request-deadline" vitaal --db "$DB" serve --request-deadline 2h
stop_servers
check_server_logs
finish
