#!/usr/bin/env bash
# load.sh BUILD — the load test (issue 15 part 4; `make load`, and `make
# bench` runs it too): scripts/load.py's 200 simulated users for 60 s
#   1. against one `vitaal serve` on a fresh SQLite demo database, then
#   2. against two `vitaal serve` on one PostgreSQL demo database, in a
#      throwaway cluster (scripts/pg-cluster.sh),
# each on loopback with the servers' defaults. Prints load.py's figures and
# rewrites the "## Load: 200 users" section of docs/benchmarks.md (only that
# section) when both runs had no error. Exits 1 when a run had an error or a
# server did not start; every server and the cluster are stopped on exit.
# Without PostgreSQL (no initdb) the second run is skipped and said so.
#
#   LOAD_ARGS   more arguments for load.py (e.g. "--users 20 --duration 10")
#   LOAD_ONLY   sqlite or pg: run only that one (the section is not written)
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/vitaal"
out=${BENCH_OUT:-$root/docs/benchmarks.md}
extra=${LOAD_ARGS:-}
only=${LOAD_ONLY:-}
tmp=$(mktemp -d /tmp/vitaal-load.XXXXXX)
pids=()
cluster=
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [ -n "$cluster" ] && "$root/scripts/pg-cluster.sh" stop "$cluster"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$bin" ] || { echo "load: no $bin (make first)" >&2; exit 1; }
export VITAAL_KEYS="$tmp" # the audit key of a PostgreSQL database
export LOAD_ADMIN_PASSWORD="load-admin-password-0"

# start_server NAME DB: vitaal serve on a free loopback port; appends its URL to urls
start_server() {
  local name=$1 db=$2 url=
  "$bin" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$tmp/$name.out")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "load: $name did not start: $(cat "$tmp/$name.err")" >&2; exit 1; }
  urls+=(--url "$url" --watch "$name=${pids[-1]}")
}

# demo DB: a new demo database with the coordinator load.py logs in as
demo() {
  "$bin" --db "$1" init --demo >/dev/null || exit 1
  echo "$LOAD_ADMIN_PASSWORD" | "$bin" --db "$1" user add load-admin --role coordinator \
    --org nctv --clearance secret >/dev/null || exit 1
}

# run NAME: load.py against urls; its figures in $tmp/NAME.json
status=0
run() {
  local name=$1
  echo "load: $name: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  cut -d' ' -f1-3 /proc/loadavg >"$tmp/$name.loadavg"
  # shellcheck disable=SC2086
  python3 "$root/scripts/load.py" "${urls[@]}" --admin load-admin --json "$tmp/$name.json" \
    $extra || status=1
  # a server that died under load is an error even when load.py saw none
  local p
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "load: a server of $name died" >&2; status=1; }
  done
  for f in "$tmp"/*.err; do
    [ -s "$f" ] && { echo "load: $(basename "$f" .err) wrote to stderr:" >&2; head -20 "$f" >&2; }
  done
}
stop_servers() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  pids=()
}

if [ "$only" != pg ]; then
  demo "$tmp/load.db"
  urls=()
  start_server sqlite "$tmp/load.db"
  run sqlite
  stop_servers
fi

pg=skipped
if [ "$only" != sqlite ]; then
  if cluster=$("$root/scripts/pg-cluster.sh" start); then
    "$root/scripts/pg-cluster.sh" createdb "$cluster" vitaal_load || exit 1
    dburl=$("$root/scripts/pg-cluster.sh" url "$cluster" vitaal_load)
    demo "$dburl"
    urls=()
    start_server pg-a "$dburl"
    start_server pg-b "$dburl"
    urls+=(--watch-tree "postgres=$(head -1 "$cluster/data/postmaster.pid")")
    run pg
    stop_servers
    pg=$(psql -tA "$dburl" -c 'SHOW server_version' | cut -d' ' -f1)
  else
    cluster=
    echo "load: no PostgreSQL cluster (scripts/pg-cluster.sh): the second run is skipped" >&2
  fi
fi

if [ "$status" -ne 0 ]; then
  echo "load: errors: docs/benchmarks.md left as it was" >&2
  exit 1
fi
if [ -n "$only" ] || [ -n "$extra" ] || [ "$pg" = skipped ]; then
  echo "load: not the standard two runs: docs/benchmarks.md left as it was" >&2
  exit 0
fi

# --- docs/benchmarks.md: replace the "## Load: 200 users" section ------------------
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit (with changes not committed)"
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%d", $2 / 1048576}' /proc/meminfo)
python3 - "$out" "$tmp/sqlite.json" "$tmp/pg.json" "$tmp/sqlite.loadavg" "$tmp/pg.loadavg" \
  "$(date -u +%Y-%m-%d)" "$commit" "$cpu, $(nproc) cores online, $mem GB memory, $(uname -sr)" \
  "$pg" <<'EOF'
import json, re, sys, textwrap
path, sq, pg, sq_load, pg_load, day, commit, machine, pg_version = sys.argv[1:]
runs = [("one server, SQLite", json.load(open(sq)), open(sq_load).read().strip()),
        ("two servers, one PostgreSQL %s" % pg_version, json.load(open(pg)),
         open(pg_load).read().strip())]
s0 = runs[0][1]
lines = [
    "## Load: 200 users", "",
    "Written by `scripts/load.sh` (`make load`, also run by `make bench`) on %s, commit %s"
    " — do not edit by hand." % (day, commit), "",
    "Machine: %s. The load (scripts/load.py, Python threads) runs on the same cores as"
    " the servers and the database, and the machine may have been shared with other work"
    " (the load average before each run is given), so the figures are a floor for what"
    " the servers do, not a ceiling." % machine, "",
    "%d simulated users (a tenth coordinators, half department users of the six"
    " ministries that own processes, three tenths providers, a tenth auditors scoped to"
    " three processes; clearances mixed) on the demo data, made and logged in before the"
    " clock starts, each with a measure of its own. For %.0f s each user loops with a"
    " think time of %.1f .. %.1f s over: a list of 20 or 100 records (26 %%), one record"
    " (18 %%), `/status` (7 %%), `/risk-picture` (7 %%), notifications (4 %%), a `PUT` of"
    " its measure (10 %%), a comment on it (6 %%), a cascade of one or two processes it"
    " may read over 168 h (12 %%), a per-process report as PDF or HTML (6 %%) and a"
    " criticality job polled every 0.25 s to its result (4 %%); auditors read where others"
    " write. Each user keeps a keep-alive connection per server from one of %d loopback"
    " addresses (127.0.0.2 ..), so none reaches the per-address limit of 64. With two"
    " servers a user's requests go round both (sessions are in the database); a job's"
    " `POST` and polls go to the user's own server (jobs live in the server that took"
    " them). Both servers run with their defaults (a thread per core)." %
    (s0["users"], s0["duration"], s0["think_ms"] / 2000, s0["think_ms"] * 1.5 / 1000,
     s0["sources"]), "",
    "An error is a 5xx, a 4xx other than a job's 429, a failed or timed-out connection"
    " or a body that is not what was asked for; a job answered 429 (2 per user, 16 in all)"
    " is counted apart, and the user waits its `Retry-After` before asking another."
    " Latency is from sending the request to the answer's last byte, as the client"
    " sees it. When every kind of request has about the same latency, it is the wait"
    " for a server thread (or for the CPU) that is measured, not the work: then the"
    " CPU time per request is the figure to compare.", ""]
def cpu_line(s):
    cpu = dict(s["cpu_s"])
    whole, busy = cpu.pop("machine"), cpu.pop("machine busy")
    text = ("CPU seconds used during the run: %s; of the machine's %.0f, %.0f busy, %.0f of"
            " them by other work." % (", ".join("%s %.1f" % kv for kv in cpu.items()), whole,
                                       busy, max(0.0, busy - sum(cpu.values()))))
    for k, v in sorted(s["reconnects"].items()):
        text += (" %d kept-alive connections were found closed by the server (%s, idle"
                 " %.1f .. %.1f s) and the request sent again on a new one." %
                 (v["count"], k, v["idle_min_s"], v["idle_max_s"]))
    server = sum(v for k, v in cpu.items() if k != "load.py")
    if s["requests"]:
        text += (" That is %.1f ms of server%s CPU per request." %
                 (1000.0 * server / s["requests"],
                  " and database" if "postgres" in cpu else ""))
    return text


for title, s, loadavg in runs:
    lines += ["### %s" % title, "",
              "%d requests in %.1f s: **%.0f requests/s, %d errors**, %d answered 429; "
              "%d criticality jobs to their result (median %.1f s from `POST`, max %.1f s). "
              "Load average before the run: %s. %s" %
              (s["requests"], s["seconds"], s["throughput"], s["errors"], s["limited"],
               s["jobs_done"], s["job_p50_s"], s["job_max_s"], loadavg, cpu_line(s)), "",
              "| request | count | errors | 429 | p50 ms | p95 ms | p99 ms | max ms |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in s["rows"]:
        name = "**all**" if r["kind"] == "all" else "`%s`" % r["kind"]
        lines.append("| %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f |" %
                     (name, r["count"], r["errors"], r["limited"], r["p50_ms"], r["p95_ms"],
                      r["p99_ms"], r["max_ms"]))
    lines.append("")
# (a no-break space keeps "26 %" and "0.1 .. 0.3 s" on one line)
new = "\n".join(textwrap.fill(l.replace(" %", "\u00a0%").replace(" ..", "\u00a0.."), 78,
                               break_on_hyphens=False, break_long_words=False)
                 .replace("\u00a0", " ")
                 if l and not l.startswith(("|", "#")) else l for l in lines)
doc = open(path).read()
m = re.search(r"^## Load: 200 users\n.*?(?=^## |\Z)", doc, re.S | re.M)
if m:
    doc = doc[:m.start()] + new + ("\n" if doc[m.end():] else "") + doc[m.end():]
else:
    doc = doc.rstrip("\n") + "\n\n" + new
open(path, "w").write(doc)
EOF
echo "load: wrote the Load section of docs/benchmarks.md" >&2
