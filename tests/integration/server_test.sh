#!/usr/bin/env bash
# server_test.sh — `vitaal serve` end to end on a loopback port: a fixture
# database made with the real CLI (init, import, user add for every role at
# several clearances), the real server started in the background, and
# tests/integration/server/checks.py for the role x classification matrix,
# sessions, bad input, analyses, concurrent writers and login limits; then
# the OpenAPI document (redocly lint, every route in it, every answer of
# checks.py valid by it, a client generated from it that works), TLS, session
# expiry, a clean stop on SIGTERM, and audit-chain tampering found by
# `vitaal audit verify`. Every server started is killed at the end, also on
# failure.
. "$(dirname "$0")/lib.sh"

HERE="$VITAAL_ROOT/tests/integration/server"
DB=$(new_db server)

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null; then
    skip "server tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done

password() { echo "pw-$1-0123456789"; }

# --- the fixture, made with the real CLI ---------------------------------------
python3 "$HERE/fixture.py" "$T_DIR/fixture.json" "$T_DIR/after_users.json"
check "fixture: init" vitaal --db "$DB" init
check "fixture: import the role x classification fixture" vitaal --db "$DB" import "$T_DIR/fixture.json"
add_users "$DB" "$HERE/users.json"
check "fixture: import the records shared with named people" vitaal --db "$DB" import "$T_DIR/after_users.json"
check "fixture: export the ground truth" vitaal --db "$DB" export -o "$T_DIR/export.json"

# --- the main server -------------------------------------------------------------
if start_server main "$DB" --threads 2; then
  MAIN_PID=$PID
  MAIN_URL=$URL
  pass "serve prints its address and answers ($MAIN_URL)"
  export VITAAL_BIN SERVER_DB="$DB"
  run_checks checks.py python3 "$HERE/checks.py" "$MAIN_URL" "$T_DIR/export.json" "$T_DIR/fixture.json" "$HERE/users.json"

  # the OpenAPI document: every route in it, and valid by an external validator
  curl -s "$MAIN_URL/api/v1/openapi.json" >"$T_DIR/openapi.json"
  vitaal serve --routes >"$T_DIR/routes.txt"
  check "openapi: every route the router answers is in the document, and nothing else" \
    python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
routes = {tuple(l.split()) for l in open(sys.argv[2]) if l.strip()}
documented = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
missing, extra = routes - documented, documented - routes
if missing or extra or len(routes) < 100:
    sys.exit("missing: %s\nnot answered: %s" % (sorted(missing), sorted(extra)))
' "$T_DIR/openapi.json" "$T_DIR/routes.txt"
  if "$VITAAL_ROOT/scripts/npm-install.sh" >"$T_DIR/npm.log" 2>&1; then
    check "openapi: redocly lint (recommended-strict) finds nothing" \
      env REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
      "$VITAAL_ROOT/node_modules/.bin/redocly" lint --config "$HERE/redocly.yaml" "$T_DIR/openapi.json"
    # a client generated from the document (openapi-typescript, openapi-fetch)
    # must compile under tsc --strict with every field it uses typed, and work
    mkdir -p "$VITAAL_ROOT/build"
    CLIENT=$(mktemp -d "$VITAAL_ROOT/build/ts-client.XXXXXX")
    cp "$HERE/client/typed_client.ts" "$HERE/client/tsconfig.json" "$CLIENT/"
    echo '{"type": "module"}' >"$CLIENT/package.json"
    check "client: openapi-typescript generates the types from the document" \
      "$VITAAL_ROOT/node_modules/.bin/openapi-typescript" "$T_DIR/openapi.json" -o "$CLIENT/vitaal-api.ts"
    if out=$("$VITAAL_ROOT/node_modules/.bin/tsc" -p "$CLIENT" 2>&1); then
      pass "client: the generated client's script type-checks (tsc --strict)"
      run_checks typed_client node "$CLIENT/out/typed_client.js" "$MAIN_URL" coord "$(password coord)"
    else
      fail "client: the generated client's script type-checks (tsc --strict)" "$out"
    fi
    rm -rf "$CLIENT"
  else
    skip "openapi: redocly lint" "node/npm are absent or npm ci failed: $(tail -1 "$T_DIR/npm.log")"
  fi
fi

# --- sessions expire -------------------------------------------------------------
# (6 s: a login's Argon2id and the first request must fit in it on a busy machine)
if start_server ttl "$DB" --session-ttl 6; then
  token=$(curl -s -H 'Content-Type: application/json' \
    -d "{\"username\":\"coord\",\"password\":\"$(password coord)\"}" "$URL/api/v1/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  first=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$URL/api/v1/me")
  sleep 6.5
  later=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$URL/api/v1/me")
  if [ "$first" = 200 ] && [ "$later" = 401 ]; then pass "sessions expire (--session-ttl 6: 200, then 401)"
  else fail "sessions expire" "before $first, after $later"; fi
  stop_server "$PID"
fi

# --- TLS -------------------------------------------------------------------------
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$T_DIR/key.pem" -out "$T_DIR/cert.pem" >/dev/null 2>&1
  if start_server tls "$DB" --tls-cert "$T_DIR/cert.pem" --tls-key "$T_DIR/key.pem"; then
    headers=$(curl -sk -D - -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"username\":\"coord\",\"password\":\"$(password coord)\"}" "$URL/api/v1/session")
    if [[ $URL == https://* ]] && grep -qi '^set-cookie: vitaal_session=.*; Secure' <<<"$headers" &&
      grep -qi '^strict-transport-security:' <<<"$headers"; then
      pass "TLS: https, the cookie is Secure, HSTS is sent"
    else
      fail "TLS" "$URL $headers"
    fi
    stop_server "$PID"
  fi
else
  skip "TLS" "openssl is not installed"
fi

# --- a clean stop ------------------------------------------------------------------
if [ -n "${MAIN_PID:-}" ]; then
  kill -TERM "$MAIN_PID"
  status=timeout
  for i in $(seq 1 50); do
    if ! kill -0 "$MAIN_PID" 2>/dev/null; then wait "$MAIN_PID"; status=$?; break; fi
    sleep 0.1
  done
  if [ "$status" = 0 ]; then pass "SIGTERM stops the server cleanly (exit 0)"
  else fail "SIGTERM stops the server" "status $status: $(tail -3 "$T_DIR/main.err")"; fi
fi

# --- the audit chain the server wrote ----------------------------------------------
check "audit: vitaal audit verify accepts the chain the server wrote" \
  bash -c "'$VITAAL_BIN' --db '$DB' audit verify | grep -q 'audit log intact: [0-9][0-9]* entries'"
audit_names_records "$DB"
if command -v sqlite3 >/dev/null; then
  n=0
  for how in "UPDATE audit SET detail = 'nothing to see' WHERE seq = 5" \
             "DELETE FROM audit WHERE seq = 7" \
             "UPDATE audit SET actor = 'someone-else' WHERE seq = (SELECT max(seq) FROM audit)"; do
    n=$((n + 1))
    tampered=$(copy_db "$DB" "tampered$n")
    db_sql "$tampered" "$how"
    expect_fail "audit: verify finds a tampered chain ($how)" 4 "entry [0-9]+" \
      vitaal --db "$tampered" audit verify
  done
else
  skip "audit tampering" "sqlite3 is not installed"
fi

# --- the servers' own logs ----------------------------------------------------------
check_server_logs

finish
