# lib.sh — the small harness integration tests source. Each test script runs
# the real binary ($VITAAL_BIN) in a temporary folder and calls check/skip;
# finish prints "integration: N passed, N failed, N skipped" and sets the
# exit status. Assertions compare real output; nothing here is mocked.
set -u
VITAAL_BIN=${VITAAL_BIN:-$(pwd)/build/vitaal}
VITAAL_ROOT=${VITAAL_ROOT:-$(pwd)}
T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_DIR=$(mktemp -d)
trap 'rm -rf "$T_DIR"' EXIT

vitaal() { "$VITAAL_BIN" "$@"; }

if [ ! -x "$VITAAL_BIN" ]; then
  echo "not ok - the binary $VITAAL_BIN is missing (run make first)"
  echo "integration: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

pass() { T_PASSED=$((T_PASSED + 1)); echo "ok - $1"; }
fail() { T_FAILED=$((T_FAILED + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'; return 0; }
skip() { T_SKIPPED=$((T_SKIPPED + 1)); echo "skip - $1: $2"; }

# check NAME COMMAND...: passes when the command exits 0.
check() {
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}

# expect_fail NAME STATUS PATTERN COMMAND...: passes when the command exits
# with STATUS and its standard error matches the extended regex PATTERN.
expect_fail() {
  local name=$1 want=$2 pattern=$3; shift 3
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne "$want" ]; then fail "$name" "exit $rc, wanted $want: $err"; return; fi
  if ! grep -Eq -- "$pattern" <<<"$err"; then fail "$name" "stderr did not match /$pattern/: $err"; return; fi
  pass "$name"
}

finish() {
  echo "integration: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
  [ "$T_FAILED" -eq 0 ]
}
