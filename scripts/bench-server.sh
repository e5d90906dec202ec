#!/usr/bin/env bash
# bench-server.sh BUILD — the server benchmark (`make bench` calls it): an
# authenticated list read, GET /api/v1/processes with a Bearer token, on the
# demo database, under a bounded wrk run on loopback; and in the same run
# nginx (Debian's package, a temporary config, no root needed) serving a
# static file of exactly the same bytes. Prints requests/s and p99 latency
# of both and rewrites the "## Server" section of docs/benchmarks.md (only
# that section). Nothing passes or fails on a timing; a missing wrk or nginx
# is reported and the section is left as it was.
#
#   WRK_ARGS   wrk's load (default "-t2 -c16 -d10s")
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/vitaal"
out=${BENCH_OUT:-$root/docs/benchmarks.md}
load=${WRK_ARGS:--t2 -c16 -d10s}
tmp=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
for need in "$bin" "$(command -v wrk)" "$nginx_bin" "$(command -v curl)"; do
  if [ -z "$need" ] || [ ! -x "$need" ]; then
    echo "bench-server: needs $bin, wrk, nginx and curl (scripts/deps.sh); skipped" >&2
    exit 0
  fi
done

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- vitaal serve on the demo database -----------------------------------------
db="$tmp/bench.db"
"$bin" --db "$db" init --demo >/dev/null
echo "bench-password-0" | "$bin" --db "$db" user add bench --role coordinator --org nctv \
  --clearance secret >/dev/null
# start_server NAME ARGS...: vitaal serve on a free port; sets url
start_server() {
  local name=$1
  shift
  "$bin" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  url=
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$tmp/$name.out")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "bench-server: the server did not start: $(cat "$tmp/$name.err")" >&2
  exit 1
}
start_server nocache --no-cache
url_nocache=$url
start_server serve
token=$(curl -s -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-0"}' "$url/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
path=/api/v1/processes
mkdir -p "$tmp/www/api/v1"
curl -s -H "Authorization: Bearer $token" "$url$path" >"$tmp/www$path"
bytes=$(wc -c <"$tmp/www$path")
records=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$tmp/www$path")

# --- nginx with the same bytes as a static file ----------------------------------
# (started as root, nginx's workers run as an unprivileged user: let them read)
chmod a+rx "$tmp"
chmod -R a+rX "$tmp/www"
port=$(free_port)
mkdir -p "$tmp/nginx/logs" "$tmp/nginx/tmp"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
    default_type application/json;
  }
}
EOF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
pids+=($!)
for _ in $(seq 1 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$port$path" && break
  sleep 0.1
done
nginx_bytes=$(curl -s "http://127.0.0.1:$port$path" | wc -c)
if [ "$nginx_bytes" != "$bytes" ]; then
  echo "bench-server: nginx did not serve the file ($nginx_bytes bytes):" >&2
  cat "$tmp/nginx/logs/error.log" >&2
  exit 1
fi

# run NAME URL [HEADER]: one wrk run; prints "rps p99_ms"
run() {
  local name=$1 target=$2 header=${3:-}
  local args=($load --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" "$target" >"$tmp/$name.wrk" 2>&1
  python3 - "$tmp/$name.wrk" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.exit("wrk: %s non-2xx answers" % errors.group(1))
print("%.0f %.2f" % (rps, p99))
EOF
}

echo "bench-server: wrk $load on $url$path ($bytes bytes, $records records)" >&2
read -r v_rps v_p99 < <(run vitaal "$url$path" "Authorization: Bearer $token") || exit 1
echo "bench-server: wrk $load on nginx http://127.0.0.1:$port$path" >&2
read -r n_rps n_p99 < <(run nginx "http://127.0.0.1:$port$path") || exit 1
echo "bench-server: wrk $load on $url_nocache$path (--no-cache)" >&2
read -r u_rps u_p99 < <(run nocache "$url_nocache$path" "Authorization: Bearer $token") || exit 1
ratio=$(python3 -c "print('%.2f' % ($v_rps / $n_rps))")
ratio_nocache=$(python3 -c "print('%.2f' % ($u_rps / $n_rps))")
printf 'vitaal serve:            %s requests/s, p99 %s ms (%s of nginx)\nvitaal serve --no-cache: %s requests/s, p99 %s ms (%s of nginx)\nnginx:                   %s requests/s, p99 %s ms\n(targets: at least 0.5 of nginx, p99 under 5 ms)\n' \
  "$v_rps" "$v_p99" "$ratio" "$u_rps" "$u_p99" "$ratio_nocache" "$n_rps" "$n_p99"

# --- docs/benchmarks.md: replace the "## Server" section ------------------------
section="$tmp/section.md"
cat >"$section" <<EOF
## Server

Written by \`scripts/bench-server.sh\` (\`make bench\`) on $(date -u +%Y-%m-%d) — do not edit by hand.
$(nproc) cores online, shared by the server, nginx and wrk; the machine may
have been busy with other work, so treat small differences as noise.

An authenticated list read, \`GET $path\` with a Bearer token as a
coordinator ($records records, $bytes bytes of JSON: the demo database's
first page), against nginx serving the same bytes as a static file, in the
same run: \`wrk $load --latency\` on loopback, one after the other.
\`vitaal serve\` runs with its defaults (a thread pool of one thread per
core): every request checks its session token; the user,
its need-to-know rules and the rendered page come from the worker
thread's cache (src/http/cache.h: kept at most 1 s, dropped at once by any
write through the server; pages with confidential or secret records are
never cached). With \`--no-cache\` every request reads the session, the
user and the records from SQLite, applies need-to-know to each record and
writes the JSON.

| server | requests/s | p99 ms | of nginx |
|---|---:|---:|---:|
| vitaal serve | $v_rps | $v_p99 | $ratio |
| vitaal serve --no-cache | $u_rps | $u_p99 | $ratio_nocache |
| nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') (static file) | $n_rps | $n_p99 | 1 |

Targets: at least half of nginx's rate, p99 under 5 ms.
EOF
if [ -f "$out" ]; then
  python3 - "$out" "$section" <<'EOF'
import re, sys
doc = open(sys.argv[1]).read()
new = open(sys.argv[2]).read()
m = re.search(r"^## Server\n.*?(?=^## |\Z)", doc, re.S | re.M)
if m:
    doc = doc[:m.start()] + new + ("\n" if doc[m.end():] else "") + doc[m.end():]
else:
    doc = doc.rstrip("\n") + "\n\n" + new
open(sys.argv[1], "w").write(doc)
EOF
else
  cp "$section" "$out"
fi
echo "bench-server: wrote the Server section of docs/benchmarks.md" >&2
