"""jobs_checks.py — the jobs' routes role by route (issue 14 part 2, issue
16 part 3's API half), called by checks.py after the analyses: every user
queues a criticality job; GET /api/v1/jobs/{id} answers its owner only
(everyone else 404, also the coordinator, whose clearance may differ from
the owner's), with phase and percent; DELETE cancels it for its owner and
for a coordinator at either clearance and is 404 for everyone else (as if
the job did not exist); no session 401; a third waiting job of one user is
429 with Retry-After."""
import time


def wait(c, loc):
    r = None
    for _ in range(200):
        r = c.call("GET", loc)
        if r.status != 200 or r.json["status"] in ("done", "failed"):
            return r
        time.sleep(0.05)
    return r


def run(checks):
    rep = checks.rep
    body = {"outage_h": 24, "horizon_h": 48, "top": 1}
    sessions = {}
    for u in checks.users:
        c = checks.client()
        c.login(u["name"], "pw-%s-0123456789" % u["name"])
        if c.token:
            sessions[u["name"]] = (u, c)
    owner_u, owner = sessions["dep-a"]
    r = owner.call("POST", "/api/v1/criticality", body)
    loc = r.headers.get("location", "")
    rep.check("jobs: dep-a queues a job (202)", r.status == 202 and loc.startswith("/api/v1/jobs/"),
              r.body)
    done = wait(owner, loc)
    rep.check("jobs: the owner sees it done, with percent 100 and no phase",
              done.status == 200 and done.json["status"] == "done" and
              done.json["percent"] == 100 and done.json["phase"] is None, done.body[:300])
    for name, (u, c) in sessions.items():
        want_get = 200 if name == "dep-a" else 404
        want_delete = 204 if name == "dep-a" or u["role"] == "coordinator" else 404
        g = c.call("GET", loc)
        d = c.call("DELETE", loc)
        rep.check("jobs: %s (%s, %s) GET -> %d, DELETE -> %d" % (
            name, u["role"], u["clearance"], want_get, want_delete),
            g.status == want_get and d.status == want_delete,
            "%d %d %s" % (g.status, d.status, d.body[:200]))
    after = owner.call("GET", loc)
    rep.check("jobs: cancelling a finished job leaves it done with its result",
              after.status == 200 and after.json["status"] == "done" and "result" in after.json,
              after.body[:300])
    anon = checks.client()
    rep.expect_status("jobs: GET without a session 401", anon.call("GET", loc), 401)
    rep.expect_status("jobs: DELETE without a session 401", anon.call("DELETE", loc), 401)

    # the quota per user: two waiting or running, the third 429
    prov_u, prov = sessions["prov-x"]
    heavy = {"outage_h": 24, "horizon_h": 1000000}
    locs, statuses = [], []
    for _ in range(3):
        r = prov.call("POST", "/api/v1/criticality", heavy)
        statuses.append(r.status)
        if r.status == 202:
            locs.append(r.headers["location"])
        last = r
    # the demo-sized graph may finish a job before the third is asked for
    rep.check("jobs: a user's jobs beyond 2 waiting or running are 429 with Retry-After "
              "(%s)" % statuses,
              statuses[:2] == [202, 202] and (statuses[2] == 202 or (
                  statuses[2] == 429 and last.headers.get("retry-after", "").isdigit() and
                  last.json.get("message_id") == "jobs_per_user")), last.body)
    for x in locs:
        wait(prov, x)
    for c in sessions.values():
        c[1].close()
