#!/usr/bin/env bash
# install.sh — `make install`: copies the built binary, the shipped data and
# the browser UI into a prefix so that the installed binary runs from any
# folder (it finds PREFIX/share/vitaal beside PREFIX/bin: src/base/paths.h):
#   PREFIX/bin/vitaal
#   PREFIX/share/vitaal/data/...       data/ (catalogue, frameworks, demo)
#   PREFIX/share/vitaal/web/...        the UI: BUILD/web when the build made
#                                      one (gzip/brotli copies, vendor files
#                                      inside), else web/ with the vendor
#                                      packages' dist/ in share/vitaal/node_modules
#   PREFIX/share/doc/vitaal/           LICENSE, operations.md, the systemd unit and the
#                                      nginx example (deploy/), PREFIX filled in
# DESTDIR is prepended to every path written (packaging); the unit names
# PREFIX without it. Files are replaced whole; nothing outside the prefix is
# touched, no user or service is made (docs/operations.md says how).
# Usage: scripts/install.sh BUILD PREFIX
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: install.sh BUILD PREFIX}
prefix=${2:?usage: install.sh BUILD PREFIX}
case "$prefix" in /*) ;; *) echo "install: PREFIX must be an absolute path" >&2; exit 2 ;; esac
root="${DESTDIR:-}$prefix"
share="$root/share/vitaal"
doc="$root/share/doc/vitaal"

[ -x "$build/vitaal" ] || { echo "install: $build/vitaal is not built (make)" >&2; exit 1; }

# copy_tree SRC DST: DST becomes a fresh copy of SRC (files 0644, folders 0755)
copy_tree() {
  rm -rf "$2.new"
  mkdir -p "$(dirname "$2")"
  cp -R "$1" "$2.new"
  find "$2.new" -type d -exec chmod 0755 {} + && find "$2.new" -type f -exec chmod 0644 {} +
  rm -rf "$2"
  mv "$2.new" "$2"
}

install -d -m 0755 "$root/bin" "$share" "$doc"
install -m 0755 "$build/vitaal" "$root/bin/vitaal.new" && mv "$root/bin/vitaal.new" "$root/bin/vitaal"
copy_tree data "$share/data"
if [ -d "$build/web" ]; then
  copy_tree "$build/web" "$share/web"
  rm -rf "$share/node_modules"
else
  copy_tree web "$share/web"
  # the few npm packages the UI loads (static.c: /vendor/PKG/ is PKG/dist)
  rm -rf "$share/node_modules"
  for pkg in cytoscape cytoscape-dagre echarts; do
    if [ -d "node_modules/$pkg/dist" ]; then
      copy_tree "node_modules/$pkg/dist" "$share/node_modules/$pkg/dist"
    else
      echo "install: node_modules/$pkg is missing (npm ci): the UI's graphs will not load" >&2
    fi
  done
fi
install -m 0644 docs/operations.md "$doc/operations.md"
install -m 0644 LICENSE "$doc/LICENSE"
sed "s|@PREFIX@|$prefix|g" deploy/vitaal@.service >"$doc/vitaal@.service"
install -m 0644 deploy/nginx-vitaal.conf "$doc/nginx-vitaal.conf"
chmod 0644 "$doc/vitaal@.service"
echo "installed vitaal in $root (run $prefix/bin/vitaal; see $prefix/share/doc/vitaal/operations.md)"
