#!/usr/bin/env bash
# fuzz.sh BUILD SECONDS [TARGET...] — runs each libFuzzer target of
# BUILD/fuzz/ (made by `make fuzz`) for SECONDS, one after the other, from
# its seeds in tests/fuzz/corpus/<target>/. New inputs go to
# BUILD/fuzz-corpus/<target>/ (kept between runs), a crash to
# BUILD/fuzz-crashes/<target>/. A finding stops the run with exit 1: fix it
# and copy the input into tests/fuzz/corpus/<target>/ so that `make test`
# replays it for good.
set -uo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
shift 2 2>/dev/null || shift $#
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzz.c; do targets+=("$(basename "$f" .c)"); done
fi
failed=()
for t in "${targets[@]}"; do
  name=${t%_fuzz}
  bin="$build/fuzz/${name}_fuzz"
  [ -x "$bin" ] || { echo "fuzz: $bin is not built (make fuzz)" >&2; exit 2; }
  mkdir -p "$build/fuzz-corpus/$name" "$build/fuzz-crashes/$name"
  echo "fuzz: $name for ${seconds}s"
  # -timeout: an input that takes longer is a finding (unbounded work);
  # -rss_limit_mb: so is one that takes more memory
  if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$name/" \
      "$build/fuzz-corpus/$name" "tests/fuzz/corpus/$name" \
      >"$build/fuzz-$name.log" 2>&1; then
    failed+=("$name")
    grep -E "^(==|SUMMARY|.*check failed|.*Test unit written)" "$build/fuzz-$name.log" | head -20
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$build/fuzz-$name.log" | tr '\n' ' '
  echo
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (logs $build/fuzz-<name>.log)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, no finding"
