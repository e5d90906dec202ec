#!/usr/bin/env bash
# fuzz_replay_test.sh — replays every input under tests/fuzz/corpus/<target>/
# (the seeds and every input a fuzzer once crashed on) through the gcc-built
# replay driver of each fuzz target (BUILD/tests/fuzz/<target>_fuzz, built
# by `make test`), so a crash found by `make fuzz` stays fixed. Under SAN=1
# the replay runs with AddressSanitizer and UBSan.
source "$(dirname "$0")/lib.sh"

build=$(dirname "$VITAAL_BIN")
for src in "$VITAAL_ROOT"/tests/fuzz/*_fuzz.c; do
  name=$(basename "$src" _fuzz.c)
  bin="$build/tests/fuzz/${name}_fuzz"
  corpus="$VITAAL_ROOT/tests/fuzz/corpus/$name"
  if [ ! -x "$bin" ]; then
    fail "$name: $bin is not built (make test builds it)"
    continue
  fi
  seeds=$(find "$corpus" -type f 2>/dev/null | wc -l)
  if [ "$seeds" -lt 3 ]; then
    fail "$name: fewer than 3 seeds in tests/fuzz/corpus/$name"
    continue
  fi
  if out=$("$bin" "$corpus" 2>&1) && echo "$out" | grep -q "^$seeds inputs replayed"; then
    pass "$name: $seeds inputs replayed"
  else
    fail "$name: the replay failed"
    echo "$out" | tail -30
  fi
done
finish
