#!/usr/bin/env bash
# engine_test.sh — the engine's commands through the real binary: cascade,
# criticality and iim on the fixtures of tests/data/engine, their JSON and
# text output, and every kind of bad input and bad option (exit status 2,
# with the file and JSON path named).
. "$(dirname "$0")/lib.sh"
D="$VITAAL_ROOT/tests/data/engine"
cd "$T_DIR" || exit 1

# --- cascade: the worked example of the method ------------------------------
out=$(vitaal cascade --graph "$D/worked_example.json" --fail power --outage-h 24 --horizon-h 48 --json)
want='{"horizon_h":48,"outage_h":24,"failed":["power"],"affected":4,"not_visible":0,"nodes":[{"id":"power","first_down_h":0,"down_h":24,"intervals":[[0,24]]},{"id":"water","first_down_h":0,"down_h":14,"intervals":[[0,2],[12,24]]},{"id":"payments","first_down_h":4,"down_h":23,"intervals":[[4,27]]},{"id":"telecom","first_down_h":4,"down_h":20,"intervals":[[4,24]]}]}'
if [ "$out" = "$want" ]; then pass "cascade --json: the worked example, exact"; else fail "cascade --json: the worked example" "$out"; fi

out=$(vitaal cascade --graph "$D/worked_example.json" --fail power --outage-h 24 --horizon-h 48)
if grep -q '^water .* \[0,2) \[12,24)$' <<<"$out" && grep -q '^payments  ....#######################' <<<"$out"; then
  pass "cascade text: table and timeline"
else fail "cascade text: table and timeline" "$out"; fi

out=$(vitaal cascade --graph "$D/worked_example.json" --fail power --outage-h 24 --horizon-h 5000)
width=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$out")
if [ "$width" -le 100 ] && grep -q 'one column is 97 hours' <<<"$out"; then
  pass "cascade text: a long horizon fits 100 columns ($width)"
else fail "cascade text: long horizon" "$out"; fi

out=$(vitaal cascade --graph - --fail telecom,power --fail water --outage-h 1 --horizon-h 3 --json <"$D/worked_example.json")
if grep -q '"failed":\["telecom","power","water"\],"affected":4' <<<"$out"; then
  pass "cascade: graph on standard input, several --fail"
else fail "cascade: stdin and several --fail" "$out"; fi

out=$(vitaal cascade --graph "$D/worked_example.json" --fail power,power --fail power --outage-h 2 --horizon-h 3 --json)
if grep -q '"failed":\["power"\],' <<<"$out"; then pass "cascade: a node named twice fails once"; else fail "cascade: repeated --fail" "$out"; fi

check "cascade --help" vitaal cascade --help

# progress goes to standard error only when it is a terminal: here it is not
err=$( { vitaal cascade --graph "$D/worked_example.json" --fail power --outage-h 24 --horizon-h 48 --json >/dev/null
        vitaal criticality --graph "$D/worked_example.json" --outage-h 24 --horizon-h 48 >/dev/null; } 2>&1)
if [ -z "$err" ]; then pass "cascade, criticality: no progress when standard error is no terminal"
else fail "progress on a non-terminal" "$err"; fi

# --- the database's process graph: the same answer as its exported file -----
DEMO=$(new_db demo)
if vitaal --db "$DEMO" init --demo >/dev/null 2>&1 &&
   vitaal --db "$DEMO" export --graph >"$T_DIR/demo-graph.json" 2>/dev/null; then
  from_file=$(vitaal cascade --graph "$T_DIR/demo-graph.json" --fail elektriciteit-landelijk --outage-h 24 --horizon-h 96 --json 2>&1)
  # from the database each node carries its "type" (process or service); a graph file has none
  from_db=$(vitaal cascade --db "$DEMO" --fail elektriciteit-landelijk --outage-h 24 --horizon-h 96 --json 2>&1 | sed 's/,"type":"[a-z]*"//g')
  if [ -n "$from_db" ] && [ "$from_db" = "$from_file" ] && grep -q '"affected":' <<<"$from_db"; then
    pass "cascade --db: the same as the exported graph file"
  else fail "cascade --db" "$from_db"; fi
  # and the counts of processes and services, which a graph file does not tell apart
  from_db=$(vitaal --db "$DEMO" criticality --outage-h 24 --horizon-h 72 --top 3 --json 2>&1 |
    sed -e 's/,"type":"[a-z]*"//g' -e 's/,"processes":[0-9]*,"services":[0-9]*//')
  from_file=$(vitaal criticality --graph "$T_DIR/demo-graph.json" --outage-h 24 --horizon-h 72 --top 3 --json 2>&1)
  if [ "$from_db" = "$from_file" ] && grep -q '"ranking":\[{' <<<"$from_db"; then
    pass "criticality with the global --db"
  else fail "criticality --db" "$from_db"; fi
  expect_fail "cascade --db: an unknown --fail id" 2 "--fail: unknown node 'atlantis'" \
    vitaal cascade --db "$DEMO" --fail atlantis --outage-h 1 --horizon-h 5
else
  skip "cascade --db" "no demo database (vitaal init --demo failed)"
fi

# --- criticality ---------------------------------------------------------------
out=$(vitaal criticality --graph "$D/worked_example.json" --outage-h 24 --horizon-h 48 --json --top 2)
want='{"horizon_h":48,"outage_h":24,"not_visible":0,"ranking":[{"id":"power","affected":4,"down_node_hours":81},{"id":"telecom","affected":2,"down_node_hours":51}]}'
if [ "$out" = "$want" ]; then pass "criticality --json --top 2"; else fail "criticality --json" "$out"; fi
out=$(vitaal criticality --graph "$D/worked_example.json" --outage-h 24 --horizon-h 48)
if grep -Eq '^ +4  water +1 +24$' <<<"$out"; then pass "criticality text"; else fail "criticality text" "$out"; fi

# --- iim -------------------------------------------------------------------------
out=$(vitaal iim "$D/iim_haimes_jiang.json" --json | tr -d ' \n')
if [ "$out" = '{"q":[0.5714285714285715,0.7142857142857143]}' ]; then
  pass "iim: Haimes & Jiang 2001 two-sector example"
else fail "iim: Haimes & Jiang" "$out"; fi
out=$(vitaal iim "$D/iim_io_table.json" --json | tr -d ' \n')
if grep -q '"loss":\[' <<<"$out"; then pass "iim: io_table gives the loss"; else fail "iim: io_table" "$out"; fi
out=$(vitaal iim "$D/iim_dynamic.json" --json | tr -d ' \n')
if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["series"])==41 and d["q"]==d["series"][-1] and len(d["impact"])==2' "$out" 2>/dev/null; then
  pass "iim: dynamic series, final q and impact"
else fail "iim: dynamic" "$out"; fi
check "iim text" vitaal iim "$D/iim_dynamic.json"

# --- bad graphs: exit 2 naming the file and the JSON path ------------------------
bad() { # name, document, pattern
  printf '%s' "$2" >"$T_DIR/bad.json"
  expect_fail "cascade rejects $1" 2 "$3" vitaal cascade --graph "$T_DIR/bad.json" --fail a --outage-h 1 --horizon-h 5
}
bad "malformed JSON" '{"nodes": [{"id": "a"' 'bad.json: \$\.nodes\[0\]\.id: unexpected end of the document \(line 1'
bad "an unknown supplier" '{"nodes":[{"id":"a"},{"id":"b"}],"inputs":[{"node":"a","suppliers":["b"]},{"node":"a","suppliers":["b"]},{"node":"b","suppliers":["a"]},{"node":"b","suppliers":["a","x"]}]}' 'bad.json: \$\.inputs\[3\]\.suppliers\[1\]: unknown node .x.'
bad "an unknown input node" '{"nodes":[{"id":"a"}],"inputs":[{"node":"q","suppliers":["a"]}]}' '\$\.inputs\[0\]\.node: unknown node .q.'
bad "duplicate ids" '{"nodes":[{"id":"a"},{"id":"a"}]}' '\$\.nodes\[1\]\.id: duplicate node id .a.'
bad "negative hours" '{"nodes":[{"id":"a","recovery_h":-2}]}' '\$\.nodes\[0\]\.recovery_h: must be a whole number of hours >= 0'
bad "non-integer hours" '{"nodes":[{"id":"a"}],"inputs":[{"node":"a","suppliers":["a"],"buffer_h":2.5}]}' '\$\.inputs\[0\]\.buffer_h: must be a whole number'
bad "an empty supplier list" '{"nodes":[{"id":"a"}],"inputs":[{"node":"a","suppliers":[]}]}' '\$\.inputs\[0\]\.suppliers: an input needs at least one supplier'
bad "a zero fallback duration" '{"nodes":[{"id":"a"}],"inputs":[{"node":"a","suppliers":["a"],"fallback":{"activation_h":1,"duration_h":0}}]}' 'fallback\.duration_h'
bad "an unknown key" '{"nodes":[{"id":"a","buffer":3}]}' '\$\.nodes\[0\]\.buffer: unknown key'
printf '%s' '{"nodes":[{"id":"a"},{"id":"b"}],"inputs":[{"node":"a","suppliers":["a","b"]},{"node":"b","suppliers":["b"]}]}' >"$T_DIR/cycle.json"
check "cycles and self-supply are valid" vitaal cascade --graph "$T_DIR/cycle.json" --fail a --outage-h 2 --horizon-h 5
expect_fail "cascade: an unknown --fail id" 2 "--fail: unknown node 'nope'" \
  vitaal cascade --graph "$D/worked_example.json" --fail power,nope --outage-h 1 --horizon-h 5
expect_fail "cascade: a missing graph file" 3 "missing.json: cannot open" \
  vitaal cascade --graph missing.json --fail a --outage-h 1 --horizon-h 5

# --- bad options: exit 2 with a usage hint ------------------------------------------
G=(--graph "$D/worked_example.json")
expect_fail "cascade: --fail missing" 2 "--fail is required.*" vitaal cascade "${G[@]}" --outage-h 1 --horizon-h 5
expect_fail "cascade: --outage-h missing" 2 "--outage-h is required" vitaal cascade "${G[@]}" --fail power --horizon-h 5
expect_fail "cascade: --horizon-h missing" 2 "--horizon-h is required" vitaal cascade "${G[@]}" --fail power --outage-h 5
expect_fail "cascade: negative outage" 2 "--outage-h needs a whole number" vitaal cascade "${G[@]}" --fail power --outage-h -1 --horizon-h 5
expect_fail "cascade: fractional horizon" 2 "--horizon-h needs a whole number.*'4.5'" vitaal cascade "${G[@]}" --fail power --outage-h 1 --horizon-h 4.5
expect_fail "cascade: zero horizon" 2 "--horizon-h needs" vitaal cascade "${G[@]}" --fail power --outage-h 1 --horizon-h 0
expect_fail "cascade: unknown option" 2 "unknown option '--bogus'" vitaal cascade "${G[@]}" --bogus
expect_fail "cascade: option without value" 2 "needs a value" vitaal cascade "${G[@]}" --fail power --outage-h 1 --horizon-h
expect_fail "cascade: usage hint" 2 "see 'vitaal cascade --help'" vitaal cascade "${G[@]}"
expect_fail "cascade: both --graph and --db" 2 "not both" vitaal cascade "${G[@]}" --db x.db --fail power --outage-h 1 --horizon-h 5
expect_fail "cascade: stray argument" 2 "unexpected argument" vitaal cascade "${G[@]}" extra --fail power --outage-h 1 --horizon-h 5
expect_fail "criticality: --horizon-h missing" 2 "--horizon-h is required" vitaal criticality "${G[@]}" --outage-h 5
expect_fail "criticality: bad --top" 2 "--top needs" vitaal criticality "${G[@]}" --outage-h 5 --horizon-h 5 --top 0
expect_fail "criticality: bad graph" 2 'bad.json: \$\.nodes\[0\]\.buffer' vitaal criticality --graph "$T_DIR/bad.json" --outage-h 1 --horizon-h 5

# --- bad IIM files ------------------------------------------------------------------------
badiim() { # name, document, pattern
  printf '%s' "$2" >"$T_DIR/iim.json"
  expect_fail "iim rejects $1" 2 "$3" vitaal iim "$T_DIR/iim.json"
}
badiim "malformed JSON" '{"sectors": ["a"' 'iim.json: line 1'
badiim "a non-square matrix" '{"sectors":["a","b"],"a_star":[[0,0.1],[0.2]],"c_star":[0,0.1]}' 'iim.json: \$\.a_star\[1\]: must be an array of 2 numbers'
badiim "too few rows" '{"sectors":["a","b"],"a_star":[[0,0.1]],"c_star":[0,0.1]}' '\$\.a_star: must be a square matrix'
badiim "a singular I - A*" '{"sectors":["a","b"],"a_star":[[0,1],[1,0]],"c_star":[0,0.1]}' '\$\.a_star: I - A\* is singular'
badiim "a singular io_table" '{"sectors":["a"],"io_table":{"transactions":[[5]],"output":[5]},"c_star":[0.1]}' '\$\.io_table: I - A\* is singular'
badiim "a negative entry" '{"sectors":["a"],"a_star":[[-0.1]],"c_star":[0.1]}' '\$\.a_star\[0\]\[0\]: must be a number'
badiim "c* out of range" '{"sectors":["a"],"a_star":[[0.1]],"c_star":[1.5]}' '\$\.c_star\[0\]'
badiim "a zero output" '{"sectors":["a"],"io_table":{"transactions":[[1]],"output":[0]},"c_star":[0.1]}' '\$\.io_table\.output\[0\]'
badiim "both k and recovery_steps" '{"sectors":["a"],"a_star":[[0.1]],"c_star":[0.1],"dynamic":{"k":[1],"recovery_steps":[3],"steps":4}}' '\$\.dynamic: give either'
badiim "non-integer steps" '{"sectors":["a"],"a_star":[[0.1]],"c_star":[0.1],"dynamic":{"k":[1],"steps":4.5}}' '\$\.dynamic\.steps'
badiim "a backwards window" '{"sectors":["a"],"a_star":[[0.1]],"dynamic":{"k":[1],"steps":4,"perturbations":[{"from":3,"to":1,"c_star":[0.1]}]}}' '\$\.dynamic\.perturbations\[0\]'
badiim "an unknown key" '{"sectors":["a"],"a_star":[[0.1]],"c_star":[0.1],"cstar":[1]}' "unknown key 'cstar'"
expect_fail "iim: FILE missing" 2 "FILE is required" vitaal iim
expect_fail "iim: unknown option" 2 "unknown option" vitaal iim "$D/iim_haimes_jiang.json" --bogus
expect_fail "iim: a missing file" 3 "nope.json" vitaal iim nope.json

finish
