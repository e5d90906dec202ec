#!/usr/bin/env bash
# install_test.sh — `make install PREFIX=$tmp` (issue 15 part 5, issue 17
# part 7): the installed binary, run from / with no VITAAL_DATA or
# VITAAL_WEB, finds its data and UI under PREFIX/share/vitaal (init --demo,
# serve: the UI page as installed, /api/v1/health 200, and 503 when the
# database's schema is not the binary's); the env overrides win; the
# systemd unit passes `systemd-analyze verify` and the nginx example
# `nginx -t` (each skipped with a message when the tool is absent).
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
unset VITAAL_DATA VITAAL_WEB VITAAL_DB

prefix="$T_DIR/prefix"
bdir=$(dirname "$VITAAL_BIN")
case "$(basename "$bdir")" in
  build-san) san=SAN=1 ;;
  build-tsan) san=SAN=thread ;;
  *) san= ;;
esac
check "make install PREFIX=$prefix" make --no-print-directory -C "$VITAAL_ROOT" install \
  PREFIX="$prefix" BUILD="$bdir" $san
inst="$prefix/bin/vitaal"
[ -x "$inst" ] && [ -f "$prefix/share/vitaal/data/catalogue/processes.csv" ] \
  && [ -f "$prefix/share/vitaal/web/index.html" ] && [ -f "$prefix/share/doc/vitaal/vitaal@.service" ] \
  && pass "installed: bin/vitaal, share/vitaal/{data,web}, share/doc/vitaal" \
  || fail "installed: bin/vitaal, share/vitaal/{data,web}, share/doc/vitaal" "$(find "$prefix" -maxdepth 3)"
! grep -q "@PREFIX@" "$prefix/share/doc/vitaal/vitaal@.service" \
  && grep -q "^ExecStart=$prefix/bin/vitaal serve" "$prefix/share/doc/vitaal/vitaal@.service" \
  && pass "the installed unit names the prefix's binary" || fail "the installed unit names the prefix's binary"

# a marker in the installed page: what is served comes from the prefix
echo "<!-- installed-in-prefix -->" >>"$prefix/share/vitaal/web/index.html"

out=$(cd / && "$inst" --db "$T_DIR/inst.db" init --demo 2>&1)
grep -q "with the fictional demo data" <<<"$out" && pass "installed: init --demo from /" \
  || fail "installed: init --demo from /" "$out"
out=$(cd / && VITAAL_DATA="$T_DIR/nowhere" "$inst" --db "$T_DIR/other.db" init 2>&1)
grep -q "$T_DIR/nowhere" <<<"$out" && [ ! -e "$T_DIR/other.db" ] \
  && pass "VITAAL_DATA overrides the prefix's data (and a wrong one is named)" \
  || fail "VITAAL_DATA overrides the prefix's data" "$out"

if (cd / && exec "$inst" --db "$T_DIR/inst.db" serve --listen 127.0.0.1:0 >"$T_DIR/inst.out" 2>"$T_DIR/inst.err") &
then
  PID=$!
  T_SERVER_PIDS+=("$PID")
  URL=
  for _ in $(seq 1 100); do
    URL=$(sed -n 's/^vitaal: serving .* on \(http[^ ]*\) .*/\1/p' "$T_DIR/inst.out")
    [ -n "$URL" ] && curl -s -o /dev/null "$URL/api/v1/health" && break
    sleep 0.1
  done
fi
if [ -n "$URL" ]; then
  page=$(curl -s "$URL/")
  grep -q "installed-in-prefix" <<<"$page" && grep -qi "<html" <<<"$page" \
    && pass "installed serve from /: the UI page from PREFIX/share/vitaal/web" \
    || fail "installed serve from /: the UI page" "${page:0:300}"
  # every script and stylesheet the page names is served
  missing=
  # (the built page names its stylesheets in a JSON block: "href":"/...")
  for ref in $(grep -oE '(src|href)(=|":)"/[^"]+\.(js|mjs|css)"' <<<"$page" | sed -E 's/^[a-z]+(=|":)"//; s/"$//'); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL$ref")
    [ "$code" = 200 ] || missing+="$ref $code; "
  done
  [ -z "$missing" ] && pass "installed serve: the page's scripts and stylesheets are served" \
    || fail "installed serve: the page's scripts and stylesheets" "$missing"
  # the UI's libraries (npm packages) as the installed scripts name them
  # (the dashboard's view is in the page itself: scripts/web-first.mjs)
  vendor=$(grep -oE "/vendor/echarts[^'\"]*\.mjs" <<<"$page" | head -1)
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL${vendor:-/vendor/none}")
  [ -n "$vendor" ] && [ "$code" = 200 ] && pass "installed serve: the UI's chart library ($vendor)" \
    || fail "installed serve: the UI's chart library" "${vendor:-not named} $code"
  code=$(curl -s -o health.json -w '%{http_code}' "$URL/api/v1/health")
  latest=$(python3 -c 'import json; print(json.load(open("health.json"))["migrations"]["latest"])' 2>/dev/null)
  [ "$code" = 200 ] && python3 -c '
import json, sys
d = json.load(open("health.json"))
sys.exit(0 if d["status"] == "ok" and d["database"] == "reachable"
         and d["migrations"]["current"] == d["migrations"]["latest"] else 1)' \
    && pass "installed serve: /api/v1/health 200, migrations current ($latest)" \
    || fail "installed serve: /api/v1/health 200" "$code $(cat health.json)"
  if command -v sqlite3 >/dev/null; then
    # a newer binary migrated the database under this server: not current
    sqlite3 "$T_DIR/inst.db" "PRAGMA user_version = $((latest + 1))"
    code=$(curl -s -o health.json -w '%{http_code}' "$URL/api/v1/health")
    [ "$code" = 503 ] && grep -q '"status":"unavailable"' health.json \
      && grep -q "\"current\":$((latest + 1))" health.json \
      && pass "health: 503 when the schema is not this binary's newest" \
      || fail "health: 503 when the schema is not this binary's newest" "$code $(cat health.json)"
    sqlite3 "$T_DIR/inst.db" "PRAGMA user_version = $latest"
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/health")
    [ "$code" = 200 ] && pass "health: 200 again once it is" || fail "health: 200 again once it is" "$code"
  else
    skip "health: 503 on a schema that is not current" "sqlite3 (the command) is not installed"
  fi
  stop_servers
else
  fail "installed serve from / starts" "$(cat "$T_DIR/inst.err")"
fi

unit="$T_DIR/vitaal@8443.service"
cp "$prefix/share/doc/vitaal/vitaal@.service" "$unit"
grep -q "^ProtectSystem=strict" "$unit" && grep -q "^NoNewPrivileges=yes" "$unit" \
  && grep -q "^User=vitaal" "$unit" && grep -q "^StateDirectory=vitaal" "$unit" \
  && pass "the unit is sandboxed (ProtectSystem=strict, NoNewPrivileges, user vitaal, StateDirectory)" \
  || fail "the unit is sandboxed"
if command -v systemd-analyze >/dev/null; then
  out=$(systemd-analyze verify "$unit" 2>&1)
  [ $? -eq 0 ] && [ -z "$out" ] && pass "systemd-analyze verify: the unit" \
    || fail "systemd-analyze verify: the unit" "$out"
else
  # no systemd here: at least every line is a section, a comment or key=value
  bad=$(grep -vnE '^(#.*|\[[A-Za-z]+\]|[A-Za-z]+=.*|)$' "$unit")
  [ -z "$bad" ] && pass "the unit's syntax (systemd-analyze is not installed)" \
    || fail "the unit's syntax" "$bad"
fi

if command -v nginx >/dev/null && command -v openssl >/dev/null; then
  mkdir -p ng
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ng/key.pem -out ng/cert.pem -days 2 \
    -subj /CN=vitaal-test 2>/dev/null
  sed -e "s|/etc/nginx/tls/[^;]*\.key|$T_DIR/ng/key.pem|; s|/etc/nginx/tls/[^;]*\.crt|$T_DIR/ng/cert.pem|g" \
    "$prefix/share/doc/vitaal/nginx-vitaal.conf" >ng/site.conf
  printf 'pid %s/ng/nginx.pid;\nerror_log %s/ng/error.log;\nevents {}\nhttp {\n access_log off;\n include %s/ng/site.conf;\n}\n' \
    "$T_DIR" "$T_DIR" "$T_DIR" >ng/nginx.conf
  out=$(nginx -t -p "$T_DIR/ng" -c "$T_DIR/ng/nginx.conf" 2>&1)
  [ $? -eq 0 ] && pass "nginx -t: the example configuration" || fail "nginx -t: the example configuration" "$out"
else
  skip "nginx -t: the example configuration" "nginx (or openssl) is not installed; not installing it"
fi

check_server_logs
finish
