"""health_checks.py — GET /api/v1/health (issue 15 part 5) over HTTP, called
by checks.py: role by route (every user, a bogus token and no session at all
get the same 200: the load balancer has no login), the document exactly
{status, database, migrations: {current, latest}} with the schema current,
nothing else in it (no version, no path, no count), no cookie set, other
methods 405, and the route in the OpenAPI document without security."""
import json


def run(checks):
    rep = checks.rep
    path = "/api/v1/health"
    want = {"status": "ok", "database": "reachable"}

    anonymous = checks.client().call("GET", path)
    rep.check("health: without a session 200", anonymous.status == 200,
              "%d %s" % (anonymous.status, anonymous.body[:300]))
    d = anonymous.json or {}
    rep.check("health: exactly status, database and migrations {current, latest}, current",
              sorted(d) == ["database", "migrations", "status"] and
              all(d.get(k) == v for k, v in want.items()) and
              sorted(d["migrations"]) == ["current", "latest"] and
              isinstance(d["migrations"]["latest"], int) and d["migrations"]["latest"] >= 15 and
              d["migrations"]["current"] == d["migrations"]["latest"], anonymous.body[:300])
    rep.check("health: no cookie, no session", "set-cookie" not in anonymous.headers,
              anonymous.headers)
    rep.check("health: says nothing secret (no path, no version string, no user)",
              not any(s in anonymous.body for s in (".db", "/", "vitaal", "coord")),
              anonymous.body)

    # role by route: the same answer whoever asks (a session changes nothing)
    for u in checks.users:
        c = checks.client()
        c.login(u["name"], "pw-%s-0123456789" % u["name"])
        r = c.call("GET", path)
        c.close()
        rep.check("health: %s (%s, %s) -> 200, the same document" % (u["name"], u["role"],
                                                                     u["clearance"]),
                  r.status == 200 and r.json == d, "%d %s" % (r.status, r.body[:300]))
    r = checks.client().call("GET", path, headers={"Authorization": "Bearer not-a-token"})
    rep.check("health: a bogus token is not looked at: 200", r.status == 200 and r.json == d,
              "%d %s" % (r.status, r.body[:300]))
    for method in ("POST", "PUT", "DELETE"):
        r = checks.client().call(method, path, body={} if method != "DELETE" else None)
        rep.expect_status("health: %s 405" % method, r, 405)

    openapi = checks.client().call("GET", "/api/v1/openapi.json").json
    op = openapi["paths"].get(path, {}).get("get", {})
    rep.check("health: in the OpenAPI document, without security, 200 and 503",
              op.get("security") == [] and "200" in op.get("responses", {}) and
              "503" in op.get("responses", {}), json.dumps(op)[:300])
