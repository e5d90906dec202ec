#!/usr/bin/env bash
# browser_test.sh — the browser UI end to end: a fixture database made with
# the real CLI (init --demo, one user per role), `vitaal serve` on a free
# loopback port, curl checks of the static file serving (types, the
# security headers, no path outside the built web folder; compression and
# caching: static_cache_test.sh), then
# tests/browser/*_test.mjs (ui_test.mjs first) driving Debian's chromium through playwright-core
# (roles, the analysis cycle with its four-eyes approval by a second user of
# the same ministry, the same for an assessment and an effectiveness review
# (four_eyes_test.mjs), an event opening quickscans on the events screen and a
# ministry refused for another's process (quickscan_test.mjs), the cascade against `vitaal cascade`, what-if against
# `vitaal whatif`, language, a record's history and restore and the
# dashboard as of a day (history_test.mjs), a provider's contribution
# adopted and declined by the ministry on the analysis page
# (contribution_test.mjs), axe-core on every screen). Screenshots go to
# $BUILD/screenshots/ (beside the binary). The server is killed at the end,
# also on failure. Skips, saying why, without chromium, node or the npm
# packages.
#
# One calendar, tested in the hour that breaks it: the CLI, the server and the
# browser all run with the clock at 23:30 UTC today (VITAAL_NOW, the clock's
# test hook; the browser's through playwright's clock), which is already
# tomorrow in the Netherlands, and the browser sits in America/New_York, where
# it is still today. Every suite must then see the Dutch day, whatever the
# hour the suite really runs. VITAAL_BROWSER_NOW and VITAAL_BROWSER_TZ choose
# another instant or zone (VITAAL_BROWSER_NOW=real: the real clock).
. "$(dirname "$0")/lib.sh"

VITAAL_BROWSER_NOW=${VITAAL_BROWSER_NOW:-$(date -u +%Y-%m-%d)T23:30:00Z}
if [ "$VITAAL_BROWSER_NOW" = real ]; then unset VITAAL_NOW; else export VITAAL_NOW=$VITAAL_BROWSER_NOW; fi
export VITAAL_BROWSER_TZ=${VITAAL_BROWSER_TZ:-America/New_York}
echo "# clock: ${VITAAL_NOW:-the real clock}; the browser in $VITAAL_BROWSER_TZ"

DB="$T_DIR/ui.db"
SHOTS="$(dirname "$VITAAL_BIN")/screenshots"

# run_node SCRIPT [ENV=VALUE...]: runs a node test script from the source
# tree (at most 180 s) and counts its "ok -" / "not ok -" lines.
run_node() {
  local script=$1
  shift
  run_checks "$script" env -C "$VITAAL_ROOT" "$@" timeout 180 node "$script"
}

for tool in node npm curl; do
  if ! command -v "$tool" >/dev/null; then
    skip "browser tests" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done
if ! "$VITAAL_ROOT/scripts/npm-install.sh" >"$T_DIR/npm.log" 2>&1 ||
  [ ! -f "$VITAAL_ROOT/node_modules/playwright-core/package.json" ] ||
  [ ! -f "$VITAAL_ROOT/node_modules/cytoscape/dist/cytoscape.esm.min.mjs" ]; then
  skip "browser tests" "the npm packages are not installed ($(tail -1 "$T_DIR/npm.log"))"
  finish
  exit $?
fi
run_node tests/browser/i18n_check.mjs
CHROMIUM=${VITAAL_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  skip "browser tests" "chromium is not installed (scripts/deps.sh installs Debian's chromium)"
  finish
  exit $?
fi

# --- the fixture, made with the real CLI ------------------------------------------
vitaal --db "$DB" init --demo >/dev/null || { fail "init --demo"; finish; exit 1; }
USERS="$T_DIR/users.json"
add_user() { # name role org clearance [scope]: prints the user as JSON
  local pw="pw-$1-0123456789"
  echo "$pw" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" ${5:+--scope "$5"} >/dev/null ||
    fail "user add $1" >&2
  printf '{"username":"%s","password":"%s","role":"%s","org":"%s","scope":[%s]}' "$1" "$pw" "$2" "$3" "${5:+\"$5\"}"
}
{
  echo '['
  add_user alice coordinator nctv secret; echo ','
  add_user bob department fin confidential; echo ','
  add_user carol provider betaalverwerking-nederland internal; echo ','
  add_user dave auditor nctv secret giraal-betalingsverkeer; echo ','
  # a second department user of bob's ministry: four eyes (approval_test.mjs)
  add_user erin department fin confidential
  echo ']'
} >"$USERS"
vitaal --db "$DB" cascade --fail elektriciteit-landelijk --outage-h 24 --horizon-h 72 --json \
  >"$T_DIR/cascade.json" || fail "vitaal cascade"
vitaal --db "$DB" criticality --outage-h 24 --horizon-h 72 --top 10 --json \
  >"$T_DIR/criticality.json" || fail "vitaal criticality"
vitaal --db "$DB" whatif --measures ms-cloud-exit,ms-offline-pin --fail giraal-betalingsverkeer --json \
  >"$T_DIR/whatif.json" || fail "vitaal whatif"

# --- the server ---------------------------------------------------------------------
# the test hook VITAAL_JOB_SLICE_MS: a criticality ranking of the demo takes
# about 20 x 150 ms, long enough for jobs_test.mjs to watch and cancel it
if ! VITAAL_JOB_SLICE_MS=150 start_server serve "$DB"; then
  finish
  exit 1
fi

# --- static files: types, headers, no way out of the roots ----------------------------
# status_of PATH [CURL ARGS...]: the status of a request sent exactly as given
status_of() { local p=$1; shift; curl -s -o /dev/null -w '%{http_code}' --path-as-is "$@" "$URL$p"; }
type_of() { curl -s -o /dev/null -w '%{content_type}' "$URL$1"; }
headers=$(curl -s -D - -o /dev/null "$URL/")
check "/ is the UI's page, text/html" test "$(type_of /)" = "text/html; charset=utf-8"
check "/ carries the Content-Security-Policy" grep -q "Content-Security-Policy: default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" <<<"$headers"
check "/assets/js/app.js is JavaScript" test "$(type_of /assets/js/app.js)" = "text/javascript; charset=utf-8"
check "/assets/css/app.css is CSS" test "$(type_of /assets/css/app.css)" = "text/css; charset=utf-8"
check "/assets/i18n/en.json is JSON" test "$(type_of /assets/i18n/en.json)" = "application/json; charset=utf-8"
# the build copied the vendor files under versioned paths (scripts/build-web.sh)
cy=$(cd "$(dirname "$VITAAL_BIN")/web/vendor" && ls -d cytoscape@* | head -1)
ec=$(cd "$(dirname "$VITAAL_BIN")/web/vendor" && ls -d echarts@* | head -1)
check "/vendor/$cy/... is the build's copy" test "$(status_of "/vendor/$cy/cytoscape.esm.min.mjs")" = 200
check "/vendor/$ec/... is JavaScript" test "$(type_of "/vendor/$ec/echarts.esm.min.mjs")" = "text/javascript; charset=utf-8"
for p in "/assets/../../etc/passwd" "/assets/%2e%2e/%2e%2e/etc/passwd" "/assets/..%2f..%2fetc%2fpasswd" \
  "/assets/js/../../../Makefile" "/assets//etc/passwd" "/assets/.hidden" "/assets/js/" \
  "/vendor/cytoscape/cytoscape.esm.min.mjs" "/vendor/$cy/../../../package.json" \
  "/vendor/cytoscape/../package.json" "/vendor/%2e%2e/package.json" "/vendor/playwright-core/index.mjs" \
  "/vendor/axe-core/axe.min.js"; do
  got=$(status_of "$p")
  if [ "$got" = 404 ]; then pass "no way out: $p is 404"; else fail "no way out: $p is 404" "got $got"; fi
done
check "POST / is 405" test "$(status_of / -X POST)" = 405
check "the API still answers beside the UI" test "$(status_of /api/v1/openapi.json)" = 200

# --- the browser ----------------------------------------------------------------------
rm -rf "$SHOTS"
# the document renderers' sample report as HTML (doc_test writes it), for
# doc_html_test.mjs's axe scan; the suite says so and skips when it is absent
DOC_SAMPLES="$T_DIR/doc-samples"
DOC_TEST="$(dirname "$VITAAL_BIN")/tests/unit/report/doc_test"
mkdir -p "$DOC_SAMPLES"
if [ -x "$DOC_TEST" ]; then
  VITAAL_DOC_SAMPLE="$DOC_SAMPLES" "$DOC_TEST" >/dev/null 2>&1 || fail "doc_test writes the sample documents"
fi
# ui_test.mjs first: it compares the cascade, criticality and what-if with
# the CLI's answers computed above, before the other suites add records.
# VITAAL_BROWSER_SUITES="report_test four_eyes_test" runs only those (a
# developer's shortcut; make check runs them all).
for suite in tests/browser/ui_test.mjs $(cd "$VITAAL_ROOT" && ls tests/browser/*_test.mjs | grep -v '/ui_test.mjs$'); do
  if [ -n "${VITAAL_BROWSER_SUITES:-}" ] && ! grep -qw "$(basename "$suite" .mjs)" <<<"$VITAAL_BROWSER_SUITES"; then
    continue
  fi
  run_node "$suite" VITAAL_URL="$URL" VITAAL_SHOTS="$SHOTS" VITAAL_USERS="$USERS" \
    VITAAL_CASCADE_JSON="$T_DIR/cascade.json" VITAAL_CRITICALITY_JSON="$T_DIR/criticality.json" \
    VITAAL_WHATIF_JSON="$T_DIR/whatif.json" VITAAL_DB="$DB" VITAAL_DOC_SAMPLES="$DOC_SAMPLES" \
    VITAAL_CHROMIUM="$CHROMIUM" VITAAL_CHROMIUM_PROFILE="$T_DIR/chromium-profile-$(basename "$suite" .mjs)"
done
check_server_logs
echo "screenshots: $SHOTS"
finish
