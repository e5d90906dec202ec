#!/usr/bin/env bash
# deps.sh — makes sure the Debian packages vitaal builds and tests with are
# installed. As root it installs what is missing; otherwise it prints the exact
# apt-get line to run and fails. The list is the one place packages are named.
set -euo pipefail

packages=(
  gcc make pkg-config git
  libjansson-dev libsqlite3-dev libpq-dev postgresql libyaml-dev libsodium-dev
  libcmocka-dev clang-format clang sqlite3 python3
  libmicrohttpd-dev curl openssl wrk nginx-light
  chromium nodejs npm
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
  libcurl4-openssl-dev python3-aiosmtpd python3-jsonschema brotli zlib1g-dev
  liboath-dev libqrencode-dev
)

missing=()
for p in "${packages[@]}"; do
  # NodeSource's nodejs carries npm itself (and conflicts with Debian's npm)
  [ "$p" = npm ] && command -v npm >/dev/null && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "deps: missing Debian packages; run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
