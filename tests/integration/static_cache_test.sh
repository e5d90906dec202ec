#!/usr/bin/env bash
# static_cache_test.sh — the UI's files over a real `vitaal serve` with curl
# (issue 13 part 9): each comes brotli- or gzip-compressed as the request's
# Accept-Encoding asks (the copies the build made, decompressing to the very
# file), plain without it, always with Vary: Accept-Encoding and an ETag; a
# matching If-None-Match answers 304 without a body; the versioned vendor
# paths the pages name (/vendor/NAME@VERSION/) are immutable, the UI's own
# files no-cache; node_modules is not reachable; the API stays no-store and
# its answers go gzip when accepted, except those with a session secret.
. "$(dirname "$0")/lib.sh"

for tool in curl gzip brotli; do
  if ! command -v "$tool" >/dev/null; then
    skip "static caching" "$tool is not installed (scripts/deps.sh)"
    finish
    exit $?
  fi
done
WEB="$(dirname "$VITAAL_BIN")/web"
if [ ! -f "$WEB/index.html" ]; then
  fail "the build made its web folder" "$WEB/index.html is missing (make)"
  finish
  exit 1
fi

DB=$(new_db static)
check "init" vitaal --db "$DB" init
if ! start_server static "$DB"; then
  finish
  exit $?
fi

# hdr PATH [CURL ARGS...]: the response headers, lower-cased names
hdr() { local p=$1; shift; curl -s -D - -o /dev/null "$@" "$URL$p" | tr -d '\r' | sed 's/^\([^:]*\):/\L\1:/'; }
value() { sed -n "s/^$1: //p"; }

html=$(curl -s "$URL/")
tokens=$(grep -o '/vendor/rhc-design-tokens@[0-9][^/]*/index.css' <<<"$html" | head -1)
check "index.html names the design tokens by a versioned vendor path" test -n "$tokens"
# the dashboard's view is in the page itself (scripts/web-first.mjs)
echarts=$(grep -o '/vendor/echarts@[0-9][^/]*/echarts.esm.min.mjs' <<<"$html" | head -1)
check "the page names echarts by a versioned vendor path" test -n "$echarts"

# the UI's files: precompressed at build time (the page itself is made per
# request: below)
for p in /assets/js/views/measures.js /assets/js/app.js /assets/css/app.css "$tokens" "$echarts"; do
  plain=$(curl -s "$URL$p" | sha256sum)
  h=$(hdr "$p" -H 'Accept-Encoding: br')
  check "$p: brotli when asked" test "$(value content-encoding <<<"$h")" = br
  check "$p: Vary: Accept-Encoding" test "$(value vary <<<"$h")" = Accept-Encoding
  check "$p: the brotli body is the file" test "$(curl -s -H 'Accept-Encoding: br' "$URL$p" | brotli -d -c | sha256sum)" = "$plain"
  h=$(hdr "$p" -H 'Accept-Encoding: gzip, deflate')
  check "$p: gzip when br is not accepted" test "$(value content-encoding <<<"$h")" = gzip
  check "$p: the gzip body is the file" test "$(curl -s -H 'Accept-Encoding: gzip' "$URL$p" | gzip -d -c | sha256sum)" = "$plain"
  h=$(hdr "$p" -H 'Accept-Encoding: br;q=0, gzip;q=0')
  check "$p: plain when nothing is accepted" test -z "$(value content-encoding <<<"$h")"
  etag=$(value etag <<<"$h")
  check "$p: an ETag" grep -Eq '^"[0-9a-f]{32}"$' <<<"$etag"
  check "$p: 304 for the held ETag" test "$(curl -s -o "$T_DIR/body" -w '%{http_code}' -H "If-None-Match: $etag" "$URL$p")" = 304
  check "$p: the 304 has no body" test ! -s "$T_DIR/body"
  check "$p: 200 for another ETag" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "0"' "$URL$p")" = 200
  brtag=$(hdr "$p" -H 'Accept-Encoding: br' | value etag)
  check "$p: the brotli copy has its own ETag" test "$brtag" != "$etag"
  check "$p: 304 for the brotli ETag when br is asked" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: br' -H "If-None-Match: $brtag" "$URL$p")" = 304
  check "$p: the security headers on a 304" grep -q "^content-security-policy: default-src 'self'" <<<"$(hdr "$p" -H "If-None-Match: $etag")"
done
components=$(grep -o '/vendor/rhc-components-css@[0-9][^/]*/index.css' <<<"$html" | head -1)
css=$(curl -s "$URL$components")
check "the design system's stylesheet has no data: URI (the CSP allows 'self' only)" test -n "$css" -a -z "$(grep -o 'data:' <<<"$css")"
icon=$(grep -o 'url("img/[0-9a-f]*\.svg")' <<<"$css" | head -1 | sed 's/url("\(.*\)")/\1/')
check "its icons are files beside it, served as SVG" test "$(curl -s -o /dev/null -w '%{content_type}' "$URL${components%/index.css}/$icon")" = "image/svg+xml"
for p in "$tokens" "$echarts"; do
  check "$p: immutable" grep -q "^cache-control: public, max-age=31536000, immutable$" <<<"$(hdr "$p")"
done
for p in / /assets/js/app.js /assets/i18n/nl.json; do
  check "$p: no-cache (asked again, 304 when unchanged)" grep -q "^cache-control: no-cache$" <<<"$(hdr "$p")"
done
# the page: made per request (the session's first reads, http/page.c), so
# gzip made then, Vary on the cookie too, no ETag
plain=$(curl -s "$URL/" | sha256sum)
h=$(hdr / -H 'Accept-Encoding: gzip, br')
check "/: gzip when accepted (made per request; no brotli copy)" test "$(value content-encoding <<<"$h")" = gzip
check "/: the gzip body is the page" test "$(curl -s -H 'Accept-Encoding: gzip' "$URL/" | gzip -d -c | sha256sum)" = "$plain"
check "/: Vary: Cookie, Accept-Encoding" test "$(value vary <<<"$h")" = "Cookie, Accept-Encoding"
check "/: no ETag (made per request)" test -z "$(value etag <<<"$h")"
check "/: plain when nothing is accepted" test -z "$(hdr / | value content-encoding)"
check "HEAD of a compressed file: its headers, no body" test "$(curl -s -I -H 'Accept-Encoding: br' "$URL$echarts" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: //p')" = br
unversioned=${echarts/@*\//\/}
check "$unversioned (node_modules' layout) is 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL$unversioned")" = 404
check "/vendor/playwright-core/index.mjs is 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/vendor/playwright-core/index.mjs")" = 404
check "a copy by its own name (app.js.br) is 404" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/assets/js/app.js.br")" = 404
check "the API stays no-store" grep -q "^cache-control: no-store$" <<<"$(hdr /api/v1/openapi.json -H 'Accept-Encoding: br')"
check "the API is not served from the precompressed copies" test -z "$(hdr /api/v1/openapi.json -H 'Accept-Encoding: br' | value content-encoding)"
# API answers: gzip when accepted (made per answer), never beside a session secret
plain=$(curl -s "$URL/api/v1/openapi.json" | sha256sum)
h=$(hdr /api/v1/openapi.json -H 'Accept-Encoding: gzip')
check "an API answer goes gzip when accepted" test "$(value content-encoding <<<"$h")" = gzip
check "an API answer: Vary: Accept-Encoding" test "$(value vary <<<"$h")" = Accept-Encoding
check "the gzip API answer is the answer" test "$(curl -s -H 'Accept-Encoding: gzip' "$URL/api/v1/openapi.json" | gzip -d -c | sha256sum)" = "$plain"
check "an API answer goes plain without Accept-Encoding" test -z "$(hdr /api/v1/openapi.json | value content-encoding)"
echo "pw-alice-0123456789" | vitaal --db "$DB" user add alice --role coordinator --org nctv --clearance secret >/dev/null
login=$(curl -s -D - -o "$T_DIR/login.json" -H 'Accept-Encoding: gzip' -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"pw-alice-0123456789"}' "$URL/api/v1/session" | tr -d '\r')
check "the login answer (a session secret) is never compressed" test -z "$(sed -n 's/^[Cc]ontent-[Ee]ncoding: //p' <<<"$login")"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(vitaal_session=[^;]*\).*/\1/p' <<<"$login")
check "/me (the CSRF token) is never compressed" test -z "$(hdr /api/v1/me -H 'Accept-Encoding: gzip' -H "Cookie: $cookie" | value content-encoding)"
check_server_logs
finish
