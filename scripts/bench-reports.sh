#!/usr/bin/env bash
# bench-reports.sh BUILD — the reports' benchmark (`make bench` calls it):
# `vitaal report annual` on the demo database and on a generated one ten
# times larger (scripts/scale-demo.py 10: 280 processes), in every format,
# and `vitaal report process` of the demo's most connected process. Wall
# time from process start to exit, best of three (the machine may be
# shared); the targets are those of issue 11 (annual < 1 s, per process
# < 200 ms) and are reported, never asserted. Rewrites the "## Reports"
# section of docs/benchmarks.md (only that section).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/vitaal"
out=${BENCH_OUT:-$root/docs/benchmarks.md}
year=${BENCH_YEAR:-2026}
process=${BENCH_PROCESS:-elektriciteit-landelijk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$bin" report --help >/dev/null 2>&1; then
  echo "bench-reports: $bin has no 'report' command; skipped" >&2
  exit 0
fi

# wall COMMAND...: seconds from start to exit of the fastest of three runs
wall() {
  local best="" s e d
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    d=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    if [ -z "$best" ] || awk -v a="$d" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$d; fi
  done
  echo "$best"
}

echo "bench-reports: the demo and ten times the demo" >&2
"$bin" --db "$tmp/demo.db" init --demo >/dev/null
mkdir -p "$tmp/data10"
ln -s "$root/data/catalogue" "$tmp/data10/catalogue"
ln -s "$root/data/frameworks" "$tmp/data10/frameworks"
ln -s "$root/data/demo_decisions.json" "$tmp/data10/demo_decisions.json"
ln -s "$root/data/demo_comments.json" "$tmp/data10/demo_comments.json"
python3 "$root/scripts/scale-demo.py" 10 --vitaal "$bin" -o "$tmp/data10/demo.json"
"$bin" --db "$tmp/demo10.db" init --demo --data "$tmp/data10" >/dev/null
n1=$("$bin" --db "$tmp/demo.db" list processes --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
n10=$("$bin" --db "$tmp/demo10.db" list processes --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')

rows=""
for db in demo demo10; do
  for f in pdf html md; do
    t=$(wall "$bin" --db "$tmp/$db.db" report annual --year "$year" --format "$f" -o "$tmp/a.$f")
    size=$(stat -c %s "$tmp/a.$f" 2>/dev/null || echo 0)
    n=$n1; [ "$db" = demo10 ] && n=$n10
    rows+="| \`report annual --year $year --format $f\` | $n | $size | $t | < 1 s |"$'\n'
  done
done
for f in pdf html md; do
  t=$(wall "$bin" --db "$tmp/demo.db" report process "$process" --format "$f" -o "$tmp/p.$f")
  size=$(stat -c %s "$tmp/p.$f" 2>/dev/null || echo 0)
  rows+="| \`report process $process --format $f\` | $n1 | $size | $t | < 0.2 s |"$'\n'
done

section="$tmp/section.md"
cat >"$section" <<EOF
## Reports

Written by \`scripts/bench-reports.sh\` (\`make bench\`) on $(date -u +%Y-%m-%d) — do not edit by hand.
Wall time of the command from start to exit (database opened, records read
as they stood at the end of the year, figures, disclosure control, the
document rendered and written), best of three; $(nproc) cores online, the
machine may have been busy with other work.

The larger database is \`scripts/scale-demo.py 10\`: the demo ten times
over (every provider, process, analysis, risk, measure, review and
incident repeated under the same ministries and sectors), imported as the
demo is (\`init --demo\` with its own data folder), so the yearly report
counts ten times as many processes with the same history.

| command | processes | bytes | wall s | target |
|---|---:|---:|---:|---|
$rows
EOF

if [ -f "$out" ]; then
  python3 - "$out" "$section" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
new = open(sys.argv[2], encoding="utf-8").read().rstrip("\n") + "\n"
m = re.search(r"^## Reports\n.*?(?=^## |\Z)", doc, re.S | re.M)
doc = doc[:m.start()] + new + ("\n" + doc[m.end():] if doc[m.end():] else "") if m else doc.rstrip("\n") + "\n\n" + new
open(sys.argv[1], "w", encoding="utf-8").write(doc)
PY
else
  cp "$section" "$out"
fi
echo "bench-reports: wrote the Reports section of $out" >&2
