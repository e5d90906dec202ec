#!/usr/bin/env python3
"""load.py — a bounded load test of `vitaal serve` (issue 15 part 4): N
simulated users (default 200) of every role work at once against one or
more servers on one database for a fixed time, then stop; prints the count,
errors, 429s and p50/p95/p99/max latency per kind of request, and the
throughput; exits 1 on any error. scripts/load.sh runs it (`make load`).

Set-up (not timed): a coordinator (--admin, password in $LOAD_ADMIN_PASSWORD)
makes the users load-000 .. (or finds them made: 409), each logs in on its
home server and each user that may write makes one measure of its own (so
its writes never meet another user's: no 409). Users: a tenth coordinators,
half department users of the ministries that own processes, three tenths
providers of the organisations that provide processes, a tenth auditors
scoped to three processes; clearances mixed.

The timed run: every user loops, with a think time of --think-ms (a random
time between half and one and a half times it), over a weighted mix:
lists, single records, /status, /risk-picture, notifications, a PUT of its
measure (with the version it read), a comment on it, a cascade of one or
two processes it may read, a per-process report (PDF or HTML) and now and
then a criticality job polled to its result. Auditors, who write nothing,
read instead. Sessions live in the database, so a user's requests go round
the servers in turn; a job lives in the server that accepted it, so its
POST and polls go to the user's home server. A job answered 429 is not an
error: the user waits its Retry-After before asking for another job (and
works on meanwhile); those 429s are counted apart.

An error is an answer 5xx, any 4xx but a job's 429, a connection that
fails or times out, or a body that is not the JSON (or PDF) expected.

Connections: each user keeps one keep-alive connection per server, bound
to one of --sources loopback addresses (127.0.0.2, 127.0.0.3, ...: Linux
routes all of 127/8 to lo), so that no address holds more than the
server's per-address limit (64). Python standard library only.
"""
import argparse
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "load-password-%s-0123"
MINISTRIES_FALLBACK = ["ezk", "ienw", "fin", "bzk", "jenv", "def"]

# the mix: weight of each action in a user's loop (out of 100)
MIX = [("list", 26), ("record", 18), ("status", 7), ("risk_picture", 7),
       ("notifications", 4), ("write", 10), ("comment", 6), ("cascade", 12),
       ("report", 6), ("job", 4)]
LISTS = ["processes", "measures", "risks", "analyses", "dependencies", "incidents"]


class Http:
    """One keep-alive connection to one server from one source address."""

    def __init__(self, url, source, timeout, stats=None):
        u = urllib.parse.urlsplit(url)
        self.host, self.port, self.source, self.timeout = u.hostname, u.port, source, timeout
        self.conn = None
        self.stats = stats
        self.last = 0.0  # when the last answer on this connection ended

    def call(self, method, path, token=None, body=None):
        """(status, headers dict, body bytes); raises OSError or
        http.client.HTTPException when the connection fails."""
        headers = {}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout,
                    source_address=(self.source, 0) if self.source else None)
            fresh = attempt == 1 or self.conn.sock is None
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                payload = r.read()
                hdrs = {k.lower(): v for k, v in r.getheaders()}
                self.last = time.monotonic()
                if hdrs.get("connection", "").lower() == "close":
                    self.close()
                return r.status, hdrs, payload
            except (OSError, http.client.HTTPException) as ex:
                self.close()
                # a keep-alive connection the server closed while idle is
                # retried once on a new one (counted); a new one that fails,
                # or one that timed out, is an error
                if fresh or isinstance(ex, socket.timeout):
                    raise
                if self.stats is not None:
                    self.stats.reconnect(ex, time.monotonic() - self.last)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Stats:
    """Latencies and outcomes per kind of request, shared by every user."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lat = {}       # kind -> [seconds] of the answers counted
        self.errors = {}    # kind -> count
        self.limited = {}   # kind -> 429s that are not errors
        self.examples = []  # the first errors, for the report
        self.jobs_done = []  # seconds from a job's POST to its result
        self.reconnects = {}  # exception -> [seconds the connection had been idle]

    def reconnect(self, ex, idle):
        with self.lock:
            self.reconnects.setdefault(ex.__class__.__name__, []).append(idle)

    def add(self, kind, seconds, error=None, limited=False):
        with self.lock:
            self.lat.setdefault(kind, []).append(seconds)
            if limited:
                self.limited[kind] = self.limited.get(kind, 0) + 1
            if error:
                self.errors[kind] = self.errors.get(kind, 0) + 1
                if len(self.examples) < 20:
                    self.examples.append("%s: %s" % (kind, error))


def ticks_of(pid):
    """CPU ticks (user + system) a process used so far; 0 when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0


def tree_ticks(root):
    """CPU ticks of root and its children (the processes of a PostgreSQL
    cluster: the postmaster and its backends)."""
    total = ticks_of(root)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == root:
                total += ticks_of(int(entry))
    return total


def machine_ticks():
    """(busy, all) CPU ticks of the whole machine so far."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)


def cpu_sample(watch):
    """CPU ticks of this process, of each watched process and of the machine."""
    t = os.times()
    sample = {"load.py": (t.user + t.system) * os.sysconf("SC_CLK_TCK")}
    for name, pid, tree in watch:
        sample[name] = tree_ticks(pid) if tree else ticks_of(pid)
    sample["machine busy"], sample["machine"] = machine_ticks()
    return sample


def pct(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class User:
    def __init__(self, i, spec, servers, sources, args, stats, stop_at):
        self.i, self.spec, self.args, self.stats, self.stop_at = i, spec, args, stats, stop_at
        self.name = spec["username"]
        self.rng = random.Random(args.seed * 1000003 + i)
        src = sources[i % len(sources)] if sources else None
        self.conns = [Http(u, src, args.timeout, stats) for u in servers]
        self.home = i % len(servers)
        self.turn = self.rng.randrange(len(servers))
        self.token = None
        self.processes = []   # ids of processes the user may read
        self.records = []     # (kind, id) the user may read
        self.measure = None   # (id, the record as last read) its own
        self.job_not_before = 0.0

    # --- plumbing -------------------------------------------------------------
    def next_conn(self):
        self.turn = (self.turn + 1) % len(self.conns)
        return self.conns[self.turn]

    def request(self, kind, method, path, body=None, conn=None, ok=(200,), pdf=False,
                limited_ok=False):
        """One timed request; returns (status, headers, parsed body) or None
        after an error (counted)."""
        c = conn or self.next_conn()
        t0 = time.monotonic()
        try:
            status, headers, payload = c.call(method, path, self.token, body)
        except (OSError, http.client.HTTPException) as ex:
            self.stats.add(kind, time.monotonic() - t0,
                           error="%s %s: %s" % (method, path, ex.__class__.__name__ + " " + str(ex)))
            return None
        dt = time.monotonic() - t0
        if status == 429 and limited_ok:
            self.stats.add(kind, dt, limited=True)
            return status, headers, None
        if status not in ok:
            self.stats.add(kind, dt, error="%s %s -> %d %s" % (method, path, status,
                                                               payload[:200].decode("utf-8", "replace")))
            return None
        doc = None
        if pdf:
            if not payload.startswith(b"%PDF"):
                self.stats.add(kind, dt, error="%s %s: not a PDF" % (method, path))
                return None
        elif payload:
            try:
                doc = json.loads(payload)
            except ValueError:
                if not headers.get("content-type", "").startswith("text/html"):
                    self.stats.add(kind, dt, error="%s %s: not JSON" % (method, path))
                    return None
        self.stats.add(kind, dt)
        return status, headers, doc

    def think(self):
        t = self.args.think_ms / 1000.0 * (0.5 + self.rng.random())
        time.sleep(max(0.0, min(t, self.stop_at - time.monotonic())))

    # --- set-up (not timed) -----------------------------------------------------
    def setup(self):
        home = self.conns[self.home]
        status, _, body = home.call("POST", "/api/v1/session", None,
                                    {"username": self.name, "password": PASSWORD % self.name})
        if status != 200:
            raise RuntimeError("login of %s: %d %s" % (self.name, status, body[:200]))
        self.token = json.loads(body)["token"]
        status, _, body = home.call("GET", "/api/v1/processes?limit=1000", self.token)
        if status != 200:
            raise RuntimeError("processes of %s: %d" % (self.name, status))
        self.processes = [p["id"] for p in json.loads(body)["items"]]
        for kind in ("measures", "risks", "analyses"):
            status, _, body = home.call("GET", "/api/v1/%s?limit=200" % kind, self.token)
            if status != 200:
                raise RuntimeError("%s of %s: %d" % (kind, self.name, status))
            self.records += [(kind, r["id"]) for r in json.loads(body)["items"]]
        self.records += [("processes", p) for p in self.processes]
        mine = self.spec.get("write_process")
        if self.spec["role"] != "auditor" and mine:
            m = {"name": "Maatregel van %s" % self.name, "kind": "redundancy",
                 "scope": "sectoral", "processes": [mine], "due": "2027-06-30",
                 "status": "planned", "classification": "internal",
                 "owner": self.spec["org"]}
            status, _, body = home.call("POST", "/api/v1/measures", self.token, m)
            if status != 201:
                raise RuntimeError("measure of %s: %d %s" % (self.name, status, body[:300]))
            rec = json.loads(body)
            self.measure = (rec["id"], rec)
            self.records.append(("measures", rec["id"]))
        # the run starts on new connections: one idle since the set-up would
        # be past the server's 30 s deadline for its next request
        home.close()

    # --- the actions of the mix ------------------------------------------------
    def act(self, action):
        rng = self.rng
        if action in ("write", "comment") and self.measure is None:
            action = "record"
        if action == "job" and time.monotonic() < self.job_not_before:
            action = "cascade"
        if action in ("cascade", "report") and not self.processes:
            action = "list"
        if action == "record" and not self.records:
            action = "list"
        if action == "list":
            kind = rng.choice(LISTS)
            self.request("GET list", "GET", "/api/v1/%s?limit=%d" % (kind, rng.choice((20, 100))))
        elif action == "record":
            kind, rid = rng.choice(self.records)
            self.request("GET record", "GET", "/api/v1/%s/%s" % (kind, rid))
        elif action == "status":
            self.request("GET status", "GET", "/api/v1/status")
        elif action == "risk_picture":
            self.request("GET risk-picture", "GET", "/api/v1/risk-picture")
        elif action == "notifications":
            self.request("GET notifications", "GET", "/api/v1/notifications")
        elif action == "write":
            mid, rec = self.measure
            rec = dict(rec)
            rec["expected_effect"] = "Herzien door %s om %d" % (self.name, int(time.time() * 1000))
            rec["status"] = rng.choice(("planned", "in_progress"))
            r = self.request("PUT measure", "PUT", "/api/v1/measures/" + mid, rec)
            if r:
                self.measure = (mid, r[2])
        elif action == "comment":
            mid = self.measure[0]
            self.request("POST comment", "POST", "/api/v1/measures/%s/comments" % mid,
                         {"text": "Voortgang besproken (%s)" % self.name}, ok=(201,))
        elif action == "cascade":
            fail = rng.sample(self.processes, min(len(self.processes), rng.choice((1, 1, 2))))
            self.request("POST cascade", "POST", "/api/v1/cascade",
                         {"fail": fail, "outage_h": rng.choice((8, 24, 72)), "horizon_h": 168})
        elif action == "report":
            pid = rng.choice(self.processes)
            fmt = rng.choice(("pdf", "html"))
            self.request("GET report " + fmt, "GET",
                         "/api/v1/reports/process/%s?format=%s" % (pid, fmt), pdf=fmt == "pdf")
        elif action == "job":
            self.job()

    def job(self):
        home = self.conns[self.home]
        t0 = time.monotonic()
        r = self.request("POST criticality", "POST", "/api/v1/criticality",
                         {"outage_h": 24, "horizon_h": 72, "top": 10}, conn=home, ok=(202,),
                         limited_ok=True)
        if r is None:
            return
        status, headers, doc = r
        if status == 429:
            try:
                wait = float(headers.get("retry-after", "10"))
            except ValueError:
                wait = 10.0
            self.job_not_before = time.monotonic() + wait
            return
        where = headers.get("location") or doc.get("location")
        while time.monotonic() < self.stop_at:
            time.sleep(0.25)
            r = self.request("GET job", "GET", where, conn=home)
            if r is None:
                return
            state = r[2].get("status")
            if state == "done":
                with self.stats.lock:
                    self.stats.jobs_done.append(time.monotonic() - t0)
                return
            if state not in ("queued", "running"):
                self.stats.add("GET job", 0.0, error="job %s ended %s: %s" %
                               (where, state, json.dumps(r[2].get("error"))[:200]))
                return

    def run(self, start_at):
        time.sleep(max(0.0, start_at - time.monotonic()))
        actions = [a for a, _ in MIX]
        weights = [w for _, w in MIX]
        # spread the users' first requests over the first think time
        time.sleep(self.rng.random() * self.args.think_ms / 1000.0)
        while time.monotonic() < self.stop_at:
            self.act(self.rng.choices(actions, weights)[0])
            self.think()
        for c in self.conns:
            c.close()


def population(n, admin, home, rng):
    """The users to make: role, org, clearance, scope and the process a
    writer makes its measure under, from what the coordinator reads."""
    _, _, body = home.call("GET", "/api/v1/processes?limit=1000", admin)
    procs = json.loads(body)["items"]
    by_ministry = {}
    for p in procs:
        by_ministry.setdefault(p["ministry"], []).append(p["id"])
    _, _, body = home.call("GET", "/api/v1/provider_links?limit=1000", admin)
    by_provider = {}
    for link in json.loads(body)["items"]:
        by_provider.setdefault(link["provider"], []).append(link["process"])
    ministries = sorted(by_ministry) or MINISTRIES_FALLBACK
    providers = sorted(by_provider)
    ids = [p["id"] for p in procs]
    specs = []
    for i in range(n):
        name = "load-%03d" % i
        slot = i % 10
        if slot == 0:
            s = {"role": "coordinator", "org": "nctv", "clearance": "secret",
                 "write_process": rng.choice(ids)}
        elif slot <= 5:
            org = ministries[i % len(ministries)]
            s = {"role": "department", "org": org,
                 "clearance": ("internal", "confidential", "secret")[i % 3],
                 "write_process": rng.choice(by_ministry[org])}
        elif slot <= 8:
            org = providers[i % len(providers)]
            s = {"role": "provider", "org": org, "clearance": ("internal", "confidential")[i % 2],
                 "write_process": rng.choice(by_provider[org])}
        else:
            s = {"role": "auditor", "org": "nctv", "clearance": "confidential",
                 "scope": rng.sample(ids, 3)}
        s["username"] = name
        specs.append(s)
    return specs


def make_users(specs, admin, url, source, timeout):
    def one(s):
        c = Http(url, source, timeout)
        body = {k: s[k] for k in ("username", "role", "org", "clearance")}
        body["password"] = PASSWORD % s["username"]
        if "scope" in s:
            body["scope"] = s["scope"]
        status, _, payload = c.call("POST", "/api/v1/users", admin, body)
        c.close()
        if status not in (201, 409):
            raise RuntimeError("user %s: %d %s" % (s["username"], status, payload[:300]))
    with ThreadPoolExecutor(4) as ex:
        list(ex.map(one, specs))


def summary(stats, seconds, n_users, servers, sources, duration, args_think_ms):
    rows = []
    total = errors = limited = 0
    every = []
    for kind in sorted(stats.lat):
        v = stats.lat[kind]
        e = stats.errors.get(kind, 0)
        lim = stats.limited.get(kind, 0)
        total += len(v)
        errors += e
        limited += lim
        every += v
        rows.append({"kind": kind, "count": len(v), "errors": e, "limited": lim,
                     "p50_ms": pct(v, 50) * 1000, "p95_ms": pct(v, 95) * 1000,
                     "p99_ms": pct(v, 99) * 1000, "max_ms": max(v) * 1000})
    rows.append({"kind": "all", "count": total, "errors": errors, "limited": limited,
                 "p50_ms": pct(every, 50) * 1000, "p95_ms": pct(every, 95) * 1000,
                 "p99_ms": pct(every, 99) * 1000, "max_ms": max(every or [0]) * 1000})
    jobs = stats.jobs_done
    return {"users": n_users, "servers": len(servers), "sources": len(sources),
            "think_ms": args_think_ms, "duration": duration,
            "seconds": seconds, "requests": total, "errors": errors, "limited": limited,
            "throughput": total / seconds if seconds else 0.0, "rows": rows,
            "jobs_done": len(jobs), "job_p50_s": pct(jobs, 50), "job_max_s": max(jobs or [0]),
            "error_examples": stats.examples,
            "reconnects": {k: {"count": len(v), "idle_min_s": min(v), "idle_max_s": max(v)}
                           for k, v in stats.reconnects.items()}}


def print_summary(s, out):
    out.write("%d users, %d server(s), %d source addresses, %.1f s: %d requests, "
              "%.0f requests/s, %d errors, %d answered 429 (jobs, not errors)\n" %
              (s["users"], s["servers"], s["sources"], s["seconds"], s["requests"],
               s["throughput"], s["errors"], s["limited"]))
    out.write("%-20s %7s %6s %5s %8s %8s %8s %8s\n" %
              ("request", "count", "errors", "429", "p50 ms", "p95 ms", "p99 ms", "max ms"))
    for r in s["rows"]:
        out.write("%-20s %7d %6d %5d %8.1f %8.1f %8.1f %8.1f\n" %
                  (r["kind"], r["count"], r["errors"], r["limited"], r["p50_ms"], r["p95_ms"],
                   r["p99_ms"], r["max_ms"]))
    out.write("criticality jobs polled to their result: %d (POST to result: median %.1f s, "
              "max %.1f s)\n" % (s["jobs_done"], s["job_p50_s"], s["job_max_s"]))
    cpu = dict(s["cpu_s"])
    whole = cpu.pop("machine")
    busy = cpu.pop("machine busy")
    out.write("CPU s during the run: %s; the machine: %.0f of %.0f busy, %.0f by other work\n" %
              (", ".join("%s %.1f" % kv for kv in cpu.items()), busy, whole,
               max(0.0, busy - sum(cpu.values()))))
    for k, v in sorted(s["reconnects"].items()):
        out.write("kept-alive connections found closed (%s), request sent again on a new one: "
                  "%d (idle %.1f .. %.1f s before)\n" % (k, v["count"], v["idle_min_s"],
                                                        v["idle_max_s"]))
    for e in s["error_examples"]:
        out.write("error: %s\n" % e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", action="append", required=True,
                    help="a server (repeat for several on one database)")
    ap.add_argument("--admin", required=True,
                    help="a coordinator; its password in $LOAD_ADMIN_PASSWORD")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds")
    ap.add_argument("--think-ms", type=float, default=200.0,
                    help="mean think time between a user's requests")
    ap.add_argument("--sources", type=int, default=8,
                    help="loopback source addresses 127.0.0.2 .. (0: the system's)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mix", action="append", default=[], metavar="ACTION=WEIGHT",
                    help="change an action's weight (%s)" % ", ".join("%s=%d" % m for m in MIX))
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--watch", action="append", default=[], metavar="NAME=PID",
                    help="report the CPU time this process uses during the run")
    ap.add_argument("--watch-tree", action="append", default=[], metavar="NAME=PID",
                    help="the same for a process and its children (a PostgreSQL cluster)")
    args = ap.parse_args()
    for m in args.mix:
        name, _, weight = m.partition("=")
        if name not in dict(MIX) or not weight.isdigit():
            sys.exit("load.py: --mix ACTION=WEIGHT, ACTION one of " + ", ".join(dict(MIX)))
        MIX[[a for a, _ in MIX].index(name)] = (name, int(weight))
    password = os.environ.get("LOAD_ADMIN_PASSWORD")
    if not password:
        sys.exit("load.py: set LOAD_ADMIN_PASSWORD")
    sources = ["127.0.0.%d" % (2 + i) for i in range(args.sources)]
    servers = args.url

    # --- set-up ----------------------------------------------------------------
    admin_conn = Http(servers[0], sources[0] if sources else None, args.timeout)
    status, _, body = admin_conn.call("POST", "/api/v1/session", None,
                                      {"username": args.admin, "password": password})
    if status != 200:
        sys.exit("load.py: the coordinator's login: %d %s" % (status, body[:200]))
    admin = json.loads(body)["token"]
    rng = random.Random(args.seed)
    specs = population(args.users, admin, admin_conn, rng)
    t0 = time.monotonic()
    make_users(specs, admin, servers[0], sources[0] if sources else None, args.timeout)
    admin_conn.close()
    stats = Stats()
    users = [User(i, s, servers, sources, args, stats, 0.0) for i, s in enumerate(specs)]
    with ThreadPoolExecutor(4) as ex:
        list(ex.map(lambda u: u.setup(), users))
    sys.stderr.write("load.py: %d users made, logged in, one measure each: %.1f s\n" %
                     (len(users), time.monotonic() - t0))

    # --- the timed run ---------------------------------------------------------
    threading.stack_size(512 * 1024)
    start_at = time.monotonic() + 0.5
    stop_at = start_at + args.duration
    for u in users:
        u.stop_at = stop_at
    threads = [threading.Thread(target=u.run, args=(start_at,), daemon=True) for u in users]
    for t in threads:
        t.start()
    watch = [(n, int(p), False) for n, p in (w.split("=", 1) for w in args.watch)]
    watch += [(n, int(p), True) for n, p in (w.split("=", 1) for w in args.watch_tree)]
    time.sleep(max(0.0, start_at - time.monotonic()))
    cpu0 = cpu_sample(watch)
    for t in threads:
        t.join(max(0.0, stop_at - time.monotonic()) + args.timeout + 5)
    seconds = time.monotonic() - start_at
    cpu1 = cpu_sample(watch)
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        stats.add("stuck", 0.0, error="%d users still waiting for an answer" % stuck)
    s = summary(stats, seconds, len(users), servers, sources, args.duration, args.think_ms)
    hz = float(os.sysconf("SC_CLK_TCK"))
    s["cpu_s"] = {k: (cpu1[k] - cpu0[k]) / hz for k in cpu0}
    print_summary(s, sys.stdout)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(s, f, indent=1)
    sys.exit(1 if s["errors"] else 0)


if __name__ == "__main__":
    main()
