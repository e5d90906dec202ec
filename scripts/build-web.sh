#!/usr/bin/env bash
# build-web.sh — builds the browser UI's served folder BUILD/web from web/
# and the npm packages the UI loads (`make` runs it; incremental):
#   BUILD/web/...                     a copy of web/ in which every
#                                     "/vendor/NAME/" becomes "/vendor/NAME@VERSION/"
#   BUILD/web/vendor/NAME@VERSION/... the few files the UI loads, copied from
#                                     node_modules at build time (the server
#                                     never reads node_modules); echarts is
#                                     bundled from scripts/echarts-dashboard.mjs
#                                     with esbuild (only the charts the UI
#                                     draws), VERSION then VERSION-HASH
# (a vendor stylesheet's data: images moved into img/*.svg beside it, which
# the Content-Security-Policy allows), and beside each text file FILE.gz (gzip -9 -n) and FILE.br (brotli -q 11),
# which vitaal serve picks by the request's Accept-Encoding. A versioned
# vendor path never changes content, so the server marks it immutable.
# node_modules is installed first when missing (scripts/npm-install.sh).
# Usage: scripts/build-web.sh BUILD   (exit 1 when a tool is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: build-web.sh BUILD}
out="$build/web"

# NAME  npm package  file under the package (the only files served)
vendor=(
  "cytoscape cytoscape dist/cytoscape.esm.min.mjs"
  "cytoscape-dagre cytoscape-dagre dist/cytoscape-dagre.min.mjs"
  "echarts echarts dist/echarts.esm.min.mjs"
  "rhc-components-css @rijkshuisstijl-community/components-css dist/index.css"
  "rhc-design-tokens @rijkshuisstijl-community/design-tokens dist/index.css"
)

for tool in gzip brotli; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "build-web: $tool is not installed (scripts/deps.sh)" >&2; exit 1; }
done

# the vendor files come from node_modules as package-lock.json pins them:
# install them first when they are missing or older than the lock file (a
# clean clone; npm-install.sh returns at once when they are there)
scripts/npm-install.sh >/dev/null ||
  echo "build-web: the npm packages could not be installed; the UI's libraries are left out" >&2

lock=package-lock.json
esbuild=node_modules/.bin/esbuild
mkdir -p "$out"
declare -A keep=()
sed_args=()
vendor_map=()

# compress SRC DST: DST.gz and DST.br for a text file
compress() {
  case "$1" in
    *.html | *.js | *.mjs | *.css | *.json | *.svg | *.map | *.txt)
      gzip -9 -n -c "$1" >"$1.gz.tmp" && mv "$1.gz.tmp" "$1.gz"
      brotli -q 11 -f -o "$1.br" "$1"
      keep["$1.gz"]=1
      keep["$1.br"]=1
      ;;
  esac
}

# stale DST SRC...: whether DST is missing or older than any SRC
stale() {
  local dst=$1 src
  shift
  [ -f "$dst" ] || return 0
  for src in "$@"; do [ "$src" -nt "$dst" ] && return 0; done
  return 1
}

for entry in "${vendor[@]}"; do
  read -r name package file <<<"$entry"
  pj="node_modules/$package/package.json"
  if [ ! -f "$pj" ] || [ ! -f "node_modules/$package/$file" ]; then
    echo "build-web: node_modules/$package is missing (scripts/npm-install.sh); /vendor/$name is not served" >&2
    continue
  fi
  version=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$pj" | head -1)
  # echarts: the UI's own build of only what it draws (scripts/echarts-
  # dashboard.mjs bundled by esbuild, about half the bytes); its path
  # carries a hash of that entry, of this script (the flags) and of
  # esbuild's version too, since an immutable path must never change
  # content. Without esbuild, the whole library as published.
  bundle=
  if [ "$name" = echarts ] && [ -x "$esbuild" ]; then
    bundle=scripts/echarts-dashboard.mjs
    version="$version-$({ cat "$bundle" "$0"; "$esbuild" --version; } | sha256sum | cut -c1-8)"
  fi
  dst="$out/vendor/$name@$version/$(basename "$file")"
  keep["$dst"]=1
  if stale "$dst" "node_modules/$package/$file" scripts/css-data-uris.py $bundle; then
    mkdir -p "$(dirname "$dst")"
    if [ -n "$bundle" ]; then
      # echarts' own licence header first, as in the published file
      "$esbuild" "$bundle" --bundle --format=esm --minify --legal-comments=eof --log-level=warning \
        --banner:js="$(sed -n '1,/\*\//p' "node_modules/$package/$file")" --outfile="$dst"
    else
      cp "node_modules/$package/$file" "$dst"
    fi
    # a stylesheet's data: images become files (the CSP allows 'self' only)
    if [[ $dst == *.css ]]; then
      python3 scripts/css-data-uris.py "$dst" >/dev/null
      for img in "$(dirname "$dst")"/img/*.svg; do [ -f "$img" ] && compress "$img"; done
    fi
    compress "$dst"
  else
    keep["$dst.gz"]=1
    keep["$dst.br"]=1
  fi
  if [[ $dst == *.css ]] && [ -d "$(dirname "$dst")/img" ]; then
    for img in "$(dirname "$dst")"/img/*.svg; do keep["$img"]=1; keep["$img.gz"]=1; keep["$img.br"]=1; done
  fi
  sed_args+=(-e "s#/vendor/$name/#/vendor/$name@$version/#g")
  vendor_map+=("$name=$name@$version")
done

while IFS= read -r -d '' src; do
  rel=${src#web/}
  dst="$out/$rel"
  keep["$dst"]=1
  # the page: below (made per request and compressed then: http/page.c)
  [ "$rel" = index.html ] && continue
  if stale "$dst" "$src" "$lock" "$0"; then
    mkdir -p "$(dirname "$dst")"
    case "$src" in
      *.html | *.js | *.css) sed "${sed_args[@]}" "$src" >"$dst.tmp" && mv "$dst.tmp" "$dst" ;;
      *) cp "$src" "$dst" ;;
    esac
    compress "$dst"
  else
    keep["$dst.gz"]=1
    keep["$dst.br"]=1
  fi
done < <(find web -type f -print0)

# index.html carries the first screen (scripts/web-first.mjs): the rules it
# uses and its modules in one inline script, whose modules' own files become
# stand-ins for that instance. Redone when any of them may have changed.
index_src=(web/index.html)
while IFS= read -r -d '' f; do index_src+=("$f"); done < <(find web/js web/css -type f -print0)
if stale "$out/index.html.csp" "${index_src[@]}" "$lock" "$0" scripts/web-first.mjs; then
  sed "${sed_args[@]}" web/index.html >"$out/index.html"
  rm -f "$out/index.html.csp" "$out"/index.labels.*.json
  if node scripts/web-first.mjs web "$out" "${vendor_map[@]}"; then
    stand_ins=$(grep -rl --include='*.js' '^// .*: part of the first screen, which index.html carries inline' "$out/js" || true)
  else
    # the page as written (plain modules): no stand-in may stay
    stand_ins=$(grep -rl --include='*.js' '^// .*: part of the first screen, which index.html carries inline' "$out/js" || true)
    for f in $stand_ins; do sed "${sed_args[@]}" "web/${f#"$out"/}" >"$f"; done
  fi
  for f in $stand_ins; do compress "$f"; done
fi
keep["$out/index.html.csp"]=1
for f in "$out"/index.labels.*.json; do [ -f "$f" ] && keep["$f"]=1; done

# files of an earlier build whose source is gone (an old version's folder)
while IFS= read -r -d '' f; do
  [ -n "${keep[$f]:-}" ] || rm -f "$f"
done < <(find "$out" -type f -print0)
find "$out" -mindepth 1 -type d -empty -delete
