#!/usr/bin/env bash
# run-tests.sh BUILD — runs every unit test binary and every integration test
# script against BUILD/vitaal and prints one closing line "N passed, N failed".
# Unit tests are cmocka programs (their own summary is parsed); integration
# tests are tests/integration/*.sh using tests/integration/lib.sh.
set -uo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
export VITAAL_BIN="$root/$build/vitaal"
export VITAAL_ROOT="$root"
passed=0; failed=0; skipped=0; failures=()
limit=${TEST_TIMEOUT:-600} # seconds one test program may take before it counts as failed
# the browser suites drive a real chromium through every screen (several
# suites, each with its own server): they get longer
browser_limit=${TEST_TIMEOUT_BROWSER:-1500}

count() { # name, output file, exit status
  local name=$1 out=$2 rc=$3 p f s
  # cmocka summary lines
  local cp cf
  cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
  local ip if_ is_
  ip=$(sed -n 's/^integration: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$out" | tail -1)
  if_=$(sed -n 's/^integration: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$out" | tail -1)
  is_=$(sed -n 's/^integration: .*, \([0-9]*\) skipped.*/\1/p' "$out" | tail -1)
  if [ -n "$cp" ] || [ -n "$cf" ]; then p=${cp:-0}; f=${cf:-0}; s=0
  elif [ -n "$ip" ]; then p=$ip; f=$if_; s=${is_:-0}
  else p=0; f=1; s=0; fi
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$f" -ne 0 ]; then failures+=("$name"); sed 's/^/    /' "$out"; fi
  printf '%-50s %4d passed %4d failed\n' "$name" "$p" "$f"
}

# RUN_UNIT and RUN_INTEGRATION, when set, name the tests to run (unit
# layers such as "store domain", integration names such as "history"):
# scripts/pg-check.sh runs a chosen set on PostgreSQL.
unit_tests() {
  local layer
  if [ -z "${RUN_UNIT+x}" ]; then find "$build/tests/unit" -type f -perm -u+x 2>/dev/null | sort; return; fi
  for layer in $RUN_UNIT; do
    find "$build/tests/unit/$layer" -type f -perm -u+x 2>/dev/null | sort
  done
}
integration_tests() {
  local name
  if [ -z "${RUN_INTEGRATION+x}" ]; then ls tests/integration/*_test.sh 2>/dev/null | sort; return; fi
  for name in $RUN_INTEGRATION; do echo "tests/integration/${name}_test.sh"; done
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for t in $(unit_tests); do
  name=${t#"$build/tests/"}
  (cd "$root" && timeout "$limit" "$t") </dev/null >"$tmp/out" 2>&1; rc=$?
  [ $rc -eq 124 ] && echo "TIMEOUT after ${limit}s" >>"$tmp/out"
  count "$name" "$tmp/out" $rc
done
for t in $(integration_tests); do
  l=$limit
  [ "$t" = tests/integration/browser_test.sh ] && l=$browser_limit
  (cd "$root" && timeout "$l" bash "$t") </dev/null >"$tmp/out" 2>&1; rc=$?
  [ $rc -eq 124 ] && echo "TIMEOUT after ${l}s" >>"$tmp/out"
  count "$t" "$tmp/out" $rc
done
echo
[ ${#failures[@]} -gt 0 ] && echo "failing: ${failures[*]}"
echo "($build)"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
