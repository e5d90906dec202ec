#!/usr/bin/env bash
# iim_table_test.sh — the IIM on the database (issue 16 part 4) through the
# real binary and a real `vitaal serve` on the demo: the demo's table says
# it is illustrative; `vitaal iim --table` with c* answers what `vitaal iim
# FILE` answers on the same document; from a cascade its perturbation is the
# down-hours per sector that `vitaal cascade --json` gives, hour by hour too
# (--recovery-h); POST /api/v1/iim with table and cascade answers what the
# CLI does; a table that is not public is 404 for a department as if absent
# (and audited for the coordinator who reads a confidential one), a hidden
# process to fail is 404, and only the coordinator writes tables (403 with
# iim_table_coordinator_writes); a table the IIM cannot solve, or mapped
# onto a sector it lacks, is refused on import.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
DB=$(new_db iim)
T=iim-nl-illustratief
check "init (the demo data)" vitaal --db "$DB" init --demo

out=$(vitaal --db "$DB" iim --table $T --c-star 0.1,0,0,0,0,0,0 --json)
db_sql "$DB" "SELECT data FROM iim_tables WHERE id = 'iim-nl-illustratief'" >table.json
python3 - <<'PY' >doc.json
import json
d = json.load(open("table.json"))
d["c_star"] = [0.1, 0, 0, 0, 0, 0, 0]
print(json.dumps(d))
PY
file=$(vitaal iim doc.json --json)
jcheck "iim --table --c-star: the q and loss of 'vitaal iim FILE' on the same document, with the table's source" \
  "{\"t\": $out, \"f\": $file}" \
  "d['t']['q'] == d['f']['q'] and d['t']['loss'] == d['f']['loss'] and d['t']['table']['illustrative'] is True and 'Illustratief' in d['t']['table']['source'] and d['t']['table']['year'] == 2024 and len(d['t']['sectors']) == 7"

text=$(vitaal --db "$DB" iim --table $T --c-star 0.1,0,0,0,0,0,0)
if grep -q "^ILLUSTRATIVE numbers, not a publication's$" <<<"$text" && grep -q "^source: Illustratief" <<<"$text"; then
  pass "iim --table (text): the source and that the numbers are illustrative"
else fail "iim --table (text)" "$text"; fi

# from a cascade: c*_i = down-hours of the processes mapped onto sector i /
# (their number x horizon), recomputed here from `vitaal cascade --json`
vitaal --db "$DB" cascade --fail elektriciteit-landelijk --outage-h 24 --horizon-h 72 --json >cascade.json
vitaal --db "$DB" list processes --json >processes.json
out=$(vitaal --db "$DB" iim --table $T --fail elektriciteit-landelijk --outage-h 24 --horizon-h 72 --json)
db_sql "$DB" "SELECT key, value FROM iim_tables_sector_map WHERE record_id = 'iim-nl-illustratief'" >smap.txt
python3 - <<PY >want.json
import json
data = json.load(open("table.json"))
smap = dict(l.rstrip("\n").split("|", 1) for l in open("smap.txt") if l.strip())
cas = json.load(open("cascade.json"))
down = {n["id"]: n["down_h"] for n in cas["nodes"]}
procs = json.load(open("processes.json"))
secs = data["sectors"]
count = [0] * len(secs); hours = [0] * len(secs)
for p in procs:
    s = smap.get(p["sector"])
    if s is None: continue
    i = secs.index(s); count[i] += 1; hours[i] += down.get(p["id"], 0)
print(json.dumps({"c": [h / (n * 72) if n else 0 for h, n in zip(hours, count)], "count": count}))
PY
jcheck "iim --table --fail: c* per sector is the cascade's down-hours over processes x horizon" \
  "{\"got\": $out, \"want\": $(cat want.json)}" \
  "all(abs(a - b) < 1e-12 for a, b in zip(d['got']['c_star'], d['want']['c'])) and d['got']['processes'] == d['want']['count'] and sum(d['want']['c']) > 0 and max(d['got']['q']) > 0"
dyn=$(vitaal --db "$DB" iim --table $T --fail elektriciteit-landelijk --outage-h 24 --horizon-h 72 --recovery-h 48 --json)
jcheck "iim --table --recovery-h: the dynamic model hour by hour (73 steps), a ripple that rises and falls" \
  "$dyn" "len(d['series']) == 73 and all(x == 0 for x in d['series'][0]) and d['series'][24][0] > d['series'][72][0] > d['series'][1][0] > 0 and len(d['impact']) == 7"
expect_fail "iim --table: an unknown table is 3" 3 "no iim_table with this id" vitaal --db "$DB" iim --table nope --c-star 0
expect_fail "iim --table: c* of the wrong length" 2 "7 numbers" vitaal --db "$DB" iim --table $T --c-star 0.1,0
expect_fail "iim --table: c* and a cascade at once" 2 "either --c-star or --fail" \
  vitaal --db "$DB" iim --table $T --c-star 0 --fail x --outage-h 1 --horizon-h 2
expect_fail "iim --table: an unknown process to fail" 3 "unknown process or service 'nope'" \
  vitaal --db "$DB" iim --table $T --fail nope --outage-h 1 --horizon-h 2

# refused on import: a singular table, a map onto a sector it lacks
cat >bad.json <<'J'
{"format": "vitaal", "version": 2, "iim_tables": [
 {"id": "t-singular", "name": "x", "source": "test", "year": 2024,
  "data": "{\"sectors\": [\"a\", \"b\"], \"a_star\": [[0, 1], [1, 0]]}",
  "classification": "public", "owner": "nctv"}]}
J
expect_fail "import: a table whose I - A* is singular is refused" 2 "iim_tables\[0\]\.data" vitaal --db "$DB" import bad.json
sed -e 's/t-singular/t-map/' -e 's/\[\[0, 1\], \[1, 0\]\]/[[0, 0.5], [0.5, 0]]/' \
  -e 's/"classification"/"sector_map": {"nl-energie": "c"}, "classification"/' bad.json >bad2.json
expect_fail "import: a map onto a sector the table lacks is refused" 2 "sector_map\.nl-energie: 'c' is not one of the table's sectors" \
  vitaal --db "$DB" import bad2.json

# a confidential table of the coordinator's, for the need-to-know checks
sed -e 's/t-map/t-secret/' -e 's/"nl-energie": "c"/"nl-energie": "a"/' -e 's/"public"/"confidential"/' bad2.json >secret.json
check "import a confidential table" vitaal --db "$DB" import secret.json

for u in "alice coordinator nctv secret" "dora department ezk secret" "pete provider hoogspanningsnet-nl confidential"; do
  set -- $u
  echo "pw-$1-0123456789" | vitaal --db "$DB" user add "$1" --role "$2" --org "$3" --clearance "$4" >/dev/null 2>user.err ||
    fail "user add $1" "$(cat user.err)"
done
if ! start_server iim "$DB"; then finish; exit $?; fi
cli_cascade=$out
cat >api.py <<'PY'
import json, sys
sys.path.insert(0, sys.argv[2])
from api import Client, Report
host, port = sys.argv[1].split("//")[1].rsplit(":", 1)
rep = Report()
cli = json.load(open(sys.argv[3]))
def client(name):
    c = Client(host, int(port))
    assert c.login(name, "pw-%s-0123456789" % name).status == 200, name
    return c
alice, dora, pete = client("alice"), client("dora"), client("pete")
body = {"table": "iim-nl-illustratief",
        "cascade": {"fail": ["elektriciteit-landelijk"], "outage_h": 24, "horizon_h": 72}}
r = alice.call("POST", "/api/v1/iim", body)
rep.check("POST /iim table + cascade as the coordinator: 200, the CLI's c*, counts and q",
          r.status == 200 and r.json["c_star"] == cli["c_star"] and
          r.json["processes"] == cli["processes"] and r.json["q"] == cli["q"] and
          r.json["table"]["illustrative"] is True, r.body[:300])
smap = json.loads(json.dumps(alice.call("GET", "/api/v1/iim_tables/iim-nl-illustratief").json["sector_map"]))
sectors = r.json["sectors"]
for name, c in (("dora", dora), ("pete", pete)):
    # need-to-know in every number: only the processes this user may read count
    seen = c.call("GET", "/api/v1/processes?limit=1000").json["items"]
    want = [0] * len(sectors)
    for p in seen:
        if p["sector"] in smap:
            want[sectors.index(smap[p["sector"]])] += 1
    r = c.call("POST", "/api/v1/iim", body)
    rep.check("POST /iim table + cascade as %s: 200, counting only the %d processes it may read"
              " (of %d)" % (name, sum(want), sum(cli["processes"])),
              r.status == 200 and r.json["processes"] == want and sum(want) < sum(cli["processes"])
              and len(r.json["q"]) == 7, r.body[:300])
r = alice.call("POST", "/api/v1/iim", dict(body, recovery_h=48))
rep.check("POST /iim with recovery_h: the dynamic model, 73 steps of 7 sectors",
          r.status == 200 and len(r.json["series"]) == 73 and len(r.json["impact"]) == 7, r.body[:300])
r = alice.call("POST", "/api/v1/iim", {"table": "iim-nl-illustratief", "c_star": [0.1, 0, 0, 0, 0, 0, 0]})
rep.check("POST /iim table + c_star: 200 with the loss in the table's unit",
          r.status == 200 and len(r.json["loss"]) == 7 and r.json["q"][0] > 0.1, r.body[:300])
secret = {"table": "t-secret", "c_star": [0.1, 0]}
r = alice.call("POST", "/api/v1/iim", secret)
rep.check("POST /iim on a confidential table: the coordinator 200", r.status == 200, r.body[:200])
audit = alice.call("GET", "/api/v1/audit?kind=iim_tables&order=desc")
rep.check("the coordinator's read of the confidential table is audited",
          audit.status == 200 and any(e.get("record") == "t-secret" and e.get("action") == "read"
                                      for e in audit.json.get("items", audit.json if isinstance(audit.json, list) else [])),
          audit.body[:400])
for name, c in (("dora", dora), ("pete", pete)):
    r = c.call("POST", "/api/v1/iim", secret)
    absent = c.call("POST", "/api/v1/iim", {"table": "no-such-table", "c_star": [0]})
    rep.check("POST /iim on a confidential table of another organisation as %s: 404 like an absent one" % name,
              r.status == 404 and absent.status == 404 and
              r.json["message"] == "no interdependency table 't-secret'" and
              absent.json["message"] == "no interdependency table 'no-such-table'", r.body[:200])
    g = c.call("GET", "/api/v1/iim_tables/t-secret")
    rep.check("GET /iim_tables/t-secret as %s: 404" % name, g.status == 404, g.body[:200])
    g = c.call("GET", "/api/v1/iim_tables/iim-nl-illustratief")
    rep.check("GET the public demo table as %s: 200" % name, g.status == 200, g.body[:200])
r = pete.call("POST", "/api/v1/iim", {"table": "iim-nl-illustratief",
              "cascade": {"fail": ["no-such-process"], "outage_h": 1, "horizon_h": 2}})
rep.check("POST /iim with an unknown process to fail: 404 naming cascade.fail",
          r.status == 404 and r.json["field"] == "cascade.fail", r.body[:200])
r = alice.call("POST", "/api/v1/iim", {"table": "iim-nl-illustratief", "c_star": [0.1], "cascade": {}})
rep.check("POST /iim with c_star and cascade: 400", r.status == 400, r.body[:200])
new = {"id": "t-dora", "name": "x", "source": "test", "year": 2024,
       "data": json.dumps({"sectors": ["a"], "a_star": [[0.1]]}),
       "classification": "internal", "owner": "ezk"}
r = dora.call("POST", "/api/v1/iim_tables", {k: v for k, v in new.items() if k != "id"})
rep.check("a department may not record a table: 403 iim_table_coordinator_writes",
          r.status == 403 and r.json.get("message_id") == "iim_table_coordinator_writes", r.body[:200])
r = alice.call("POST", "/api/v1/iim_tables", dict(new, id="t-alice", owner="nctv"))
rep.check("the coordinator records a table: 201", r.status == 201, r.body[:200])
sys.exit(1 if rep.failed else 0)
PY
echo "$cli_cascade" >cli_cascade.json
run_checks "api" python3 api.py "$URL" "$VITAAL_ROOT/tests/integration/server" cli_cascade.json
finish
