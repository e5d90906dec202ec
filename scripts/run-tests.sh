#!/usr/bin/env bash
# run-tests.sh BUILD — runs every unit test binary and every integration test
# script against BUILD/vitaal and prints one closing line "N passed, N failed".
# Unit tests are cmocka programs (their own summary is parsed); integration
# tests are tests/integration/*.sh using tests/integration/lib.sh.
#
# Side by side: TEST_JOBS (default 3) at once — the unit tests one after
# another in one lane (on PostgreSQL they share one template database), each
# integration script in a lane of its own (each has its own mktemp folder,
# its servers listen on port 0, its PostgreSQL databases have its own pid in
# their names). Most scripts wait on servers, sockets and child processes,
# so three overlap well on two cores. The tests in ALONE run afterwards, one
# at a time with nothing beside them (see there why). Each test's output is
# kept and printed whole when it ends, in the order the tests started; a
# failing test's output in full. TEST_JOBS=1 runs everything one by one.
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
jobs=${TEST_JOBS:-3}

# Run alone, because they time themselves against the wall clock and a busy
# neighbour could fail them without cause:
#   connections  slow clients are cut within a wall-clock bound (< 12 s)
#   busy         a held SQLite write lock and busy_timeout, measured in ms
#   crash        kills the server mid-write and restarts it against timeouts
#   progress     the meter's rate and time left at a terminal (pty)
#   jobs         a job over its 2 s time budget is stopped, the others finish in it
#   unit/http/deadline_test     a slow client's deadline in wall-clock seconds
#   unit/base/progress_test     the meter's rate over a real pause
#   unit/domain/framework_test  a chain of 100,000 nodes timed against a star
ALONE=${TEST_ALONE-"connections busy crash progress jobs
  unit/http/deadline_test unit/base/progress_test unit/domain/framework_test"}
# started first, being the longest (the pool finishes sooner)
FIRST=${TEST_FIRST-"browser server"}

count() { # name, output file, exit status, milliseconds
  local name=$1 out=$2 rc=$3 ms=$4 p f s
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
  printf '%-50s %4d passed %4d failed %6d.%d s\n' "$name" "$p" "$f" $((ms / 1000)) $((ms % 1000 / 100))
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

# the short name ALONE and FIRST use: unit/http/deadline_test, connections
short() {
  case "$1" in
  "$build"/tests/*) echo "${1#"$build/tests/"}" ;;
  *) local n=${1##*/}; echo "${n%_test.sh}" ;;
  esac
}
listed() { [[ " $(echo $2) " == *" $(short "$1") "* ]]; }

# the tests in the order they start and are printed: the unit lane, the
# scripts of FIRST, the other scripts, then those of ALONE
tests=() kinds=() lanes=() alone=()
unit_lane=""
for t in $(unit_tests); do
  listed "$t" "$ALONE" && continue
  unit_lane+=" ${#tests[@]}"; tests+=("$t"); kinds+=(unit)
done
[ -n "$unit_lane" ] && lanes+=("$unit_lane")
integration=$(integration_tests)
for want in first rest; do
  for t in $integration; do
    listed "$t" "$ALONE" && continue
    if listed "$t" "$FIRST"; then [ $want = first ] || continue; else [ $want = rest ] || continue; fi
    lanes+=("${#tests[@]}"); tests+=("$t"); kinds+=(script)
  done
done
for t in $(unit_tests) $integration; do
  listed "$t" "$ALONE" || continue
  alone+=("${#tests[@]}"); tests+=("$t")
  case "$t" in *.sh) kinds+=(script) ;; *) kinds+=(unit) ;; esac
done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# run_one I: runs test I; its output in $tmp/I.out, its time in I.ms, and
# last its exit status in I.rc (the sign that it is done)
run_one() {
  local i=$1 t=${tests[$1]} l=$limit t0 rc
  [ "$t" = tests/integration/browser_test.sh ] && l=$browser_limit
  t0=$(date +%s%N)
  if [ "${kinds[$i]}" = unit ]; then
    (cd "$root" && timeout "$l" "$t") </dev/null >"$tmp/$i.out" 2>&1
  else
    (cd "$root" && timeout "$l" bash "$t") </dev/null >"$tmp/$i.out" 2>&1
  fi
  rc=$?
  [ $rc -eq 124 ] && echo "TIMEOUT after ${l}s" >>"$tmp/$i.out"
  echo $((($(date +%s%N) - t0) / 1000000)) >"$tmp/$i.ms"
  echo $rc >"$tmp/$i.rc"
}

# print: the finished tests not yet printed, in order, up to the first
# that is still running
printed=0
print_done() {
  local t
  while [ $printed -lt ${#tests[@]} ] && [ -f "$tmp/$printed.rc" ]; do
    t=${tests[$printed]}
    count "${t#"$build/tests/"}" "$tmp/$printed.out" "$(cat "$tmp/$printed.rc")" "$(cat "$tmp/$printed.ms")"
    printed=$((printed + 1))
  done
}

# the npm packages server_test and browser_test use, installed once here
# rather than by two scripts at once (each still says so when they are absent)
if [[ "$integration" == *server_test.sh* || "$integration" == *browser_test.sh* ]]; then
  "$root/scripts/npm-install.sh" >/dev/null 2>&1 || true
fi

start=$(date +%s)
for lane in "${lanes[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; print_done; done
  (for i in $lane; do run_one "$i"; done) &
done
while [ -n "$(jobs -rp)" ]; do wait -n; print_done; done
wait
print_done
for i in "${alone[@]}"; do run_one "$i"; print_done; done
echo
[ ${#failures[@]} -gt 0 ] && echo "failing: ${failures[*]}"
echo "($build, TEST_JOBS=$jobs, wall time $(($(date +%s) - start)) s)"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
