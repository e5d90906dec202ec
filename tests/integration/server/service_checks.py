"""service_checks.py — services as nodes (issue 20 part 4) over HTTP, called
by checks.py after the analyses. The generic /api/v1/services routes are in
the role-by-route matrix already (fixture.py has services at every level,
api.py's World their need-to-know); this adds what is particular to them:
only the coordinator writes one (the message id), one id namespace with the
processes, a dependency needs a supplier, and the analyses as an attacker
would read them: a cascade failing a service by role (404 for a hidden one,
in the same words as for an absent one), every node of a cascade or a
criticality ranking marked with its type and readable by the asker, and the
risk picture's common causes naming no hidden service and no hidden
process, also where the asker sees the service."""
import time


def node_kind(node):
    return "services" if node.get("type") == "service" else "processes"


def fresh(checks, name, n=[0]):
    """A session of its own (earlier steps log some users out); None when
    the user can no longer log in (disabled by the sessions step). Each
    from an address of its own: a refused login counts against its address
    (the login limits), and must not lock the next user out."""
    n[0] += 1
    c = checks.client("127.0.1.%d" % n[0])
    c.login(name, "pw-%s-0123456789" % name)
    return c if c.token else None


def run(checks):
    rep, w = checks.rep, checks.world
    users = {u["name"]: u for u in checks.users}
    clients = {name: fresh(checks, name) for name in users}
    clients = {name: c for name, c in clients.items() if c is not None}
    coord = clients["coord"]
    # a ministry B analyst of our own: earlier steps disable or lock out
    # some of checks.py's users (sessions, rate limits)
    mine = {"name": "svc-min-b", "role": "department", "org": "min-b", "clearance": "secret"}
    r = coord.call("POST", "/api/v1/users", {
        "username": mine["name"], "password": "pw-%s-0123456789" % mine["name"],
        "role": mine["role"], "org": mine["org"], "clearance": mine["clearance"]})
    rep.check("services: the coordinator adds a ministry B analyst for these checks",
              r.status in (201, 409), r.body)
    users[mine["name"]] = mine
    clients[mine["name"]] = fresh(checks, mine["name"])
    services = sorted(w.records["services"])

    # --- writes -------------------------------------------------------------
    r = clients["svc-min-b"].call("POST", "/api/v1/services", {
        "name": "mine", "kind": "cloud", "classification": "public",
        "owner": "min-b"})
    rep.expect_status("services: a ministry may not record a service (403, the message id)",
                      r, 403, "forbidden")
    rep.check("services: the refusal says only the coordinator writes services",
              r.json and r.json.get("message_id") == "service_coordinator_writes", r.body)
    r = coord.call("POST", "/api/v1/services", {
        "id": "pa1", "name": "x", "kind": "fuel", "classification": "public", "owner": "nctv"})
    rep.check("services: a service may not take a process's id (one graph namespace)",
              r.status in (400, 409) and "pa1" not in [s for s in services], r.body)
    r = coord.call("POST", "/api/v1/dependencies", {
        "id": "dep-nothing", "process": "pa1", "suppliers": [], "supplier_services": [],
        "classification": "public", "owner": "min-a"})
    rep.check("dependencies: one without a process or a service as supplier is 400",
              r.status == 400 and r.json.get("message_id") == "dependency_needs_supplier", r.body)
    r = clients["svc-min-b"].call("POST", "/api/v1/dependencies", {
        "process": "pb1", "supplier_services": ["sv-a-se"],
        "classification": "public", "owner": "min-b"})
    rep.check("dependencies: naming a service the ministry may not read (another ministry's) "
              "is 400 unknown, as if absent", r.status == 400 and
              r.json.get("message_id") == "unknown_ref" and "sv-a-se" in r.body, r.body)

    # --- the cascade: failing a service, by role ---------------------------
    bad = []
    for u in users.values():
        c = clients.get(u["name"])
        if c is None:
            continue
        for sid in services:
            r = c.call("POST", "/api/v1/cascade", {"fail": [sid], "outage_h": 6,
                                                   "horizon_h": 12})
            shown = w.visible(u, "services", w.get("services", sid))
            if not shown:
                if r.status != 404 or "no process or service '%s'" % sid not in r.body:
                    bad.append("%s fails %s: %d %s, want 404" % (u["name"], sid, r.status,
                                                                 r.body[:200]))
                continue
            if r.status != 200:
                bad.append("%s fails %s: %d %s" % (u["name"], sid, r.status, r.body[:200]))
                continue
            for n in r.json["nodes"]:
                rec = w.get(node_kind(n), n["id"])
                if rec is None or not w.visible(u, node_kind(n), rec):
                    bad.append("%s fails %s: names %s (%s)" % (u["name"], sid, n["id"],
                                                               n.get("type")))
    rep.check("cascade: every user fails exactly the services it may read (else 404 as if "
              "absent) and sees only readable nodes", not bad, "\n".join(bad[:30]))
    r = coord.call("POST", "/api/v1/cascade", {"fail": ["sv-a-pu"], "outage_h": 6,
                                               "horizon_h": 12})
    nodes = {n["id"]: n for n in r.json["nodes"]} if r.status == 200 else {}
    rep.check("cascade: a service fails for its outage; its process goes down after the "
              "2 h buffer", r.status == 200 and
              nodes.get("sv-a-pu", {}).get("type") == "service" and
              nodes["sv-a-pu"]["intervals"] == [[0, 6]] and
              nodes.get("pa1", {}).get("type") == "process" and
              nodes["pa1"]["first_down_h"] == 2, r.body[:400])
    r = coord.call("POST", "/api/v1/cascade", {"fail": ["sv-atlantis"], "outage_h": 6,
                                               "horizon_h": 12})
    rep.check("cascade: an absent service is 404 in the same words as a hidden one",
              r.status == 404 and "no process or service 'sv-atlantis'" in r.body, r.body)

    # --- criticality: the ranking, by role ----------------------------------
    for name in [n for n in ("coord", "svc-min-b", "prov-y", "dep-a-pub", "aud") if n in clients]:
        u, c = users[name], clients[name]
        r = c.call("POST", "/api/v1/criticality", {"outage_h": 6, "horizon_h": 12})
        loc = r.headers.get("location", "")
        job = None
        for _ in range(200):
            job = c.call("GET", loc)
            if job.status != 200 or not job.json or job.json["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        ranking = job.json["result"]["ranking"] if job and job.status == 200 and \
            job.json["status"] == "done" else None
        want = {(k, i) for k in ("processes", "services") for i, rec in w.records[k].items()
                if w.visible(u, k, rec)}
        got = {(node_kind(e), e["id"]) for e in ranking or []}
        rep.check("criticality: %s (%s, %s) ranks exactly the processes and services it may "
                  "read, each with its type (%d services)" % (
                      name, u["role"], u["clearance"],
                      len([1 for k, _ in want if k == "services"])),
                  ranking is not None and got == want and
                  job.json["result"]["services"] == len([1 for k, _ in want
                                                         if k == "services"]),
                  (job.body[:600] if job else "", sorted(want - got), sorted(got - want)))

    # --- the common causes: a service taking down two sectors ---------------
    # pc-other (ministry B, another sector) depends on the secret service that
    # pa1 (ministry A) depends on: a common cause of two sectors
    made = []
    for kind, body in (
            ("processes", {"id": "pc-other", "name": "other sector", "sector": "t-sec-in",
                           "ministry": "min-b", "category": "none",
                           "classification": "public", "owner": "min-b"}),
            ("dependencies", {"id": "dsv-pc-other", "process": "pc-other",
                              "supplier_services": ["sv-a-se"], "buffer_h": 0,
                              "classification": "public", "owner": "min-b"})):
        r = coord.call("POST", "/api/v1/" + kind, body)
        rep.check("common causes: the coordinator records %s %s" % (kind, body["id"]),
                  r.status == 201, r.body)
        made.append((kind, body["id"]))

    def causes(name):
        r = clients[name].call("GET", "/api/v1/risk-picture")
        cc = r.json.get("common_causes") if r.status == 200 else None
        return r, {s["service"]: s for s in (cc or {}).get("services", [])}

    r, cc = causes("coord")
    sv = cc.get("sv-a-se", {})
    rep.check("common causes: the coordinator sees the secret service taking down two sectors",
              sv.get("sectors_down") == 2 and sv.get("sectors") == ["t-sec-in", "t-sec-pu"] and
              {"pa1", "pc-other"} <= set(sv.get("processes", [])), r.body[-800:])
    r, cc = causes("svc-min-b")
    sv = cc.get("sv-a-se", {})
    rep.check("common causes: ministry B reads the service its process depends on, and of its "
              "processes only its own (not ministry A's pa1)",
              sv.get("processes") == ["pc-other"] and sv.get("processes_down") >= 2 and
              "pa1" not in r.body.split('"common_causes"')[1], r.body[-800:])
    for name in [n for n in ("victim", "dep-a", "prov-y", "dep-a-pub", "aud-conf")
                 if n in clients]:
        r, cc = causes(name)
        rep.check("common causes: %s (%s) never sees the secret service, nor its id" % (
            name, users[name]["clearance"]),
                  r.status == 200 and "sv-a-se" not in r.body and "sv-a-se" not in cc,
                  r.body[-600:])
    for kind, rid in reversed(made):
        r = coord.call("DELETE", "/api/v1/%s/%s" % (kind, rid))
        rep.check("common causes: %s %s deleted again" % (kind, rid), r.status == 204, r.body)
    for c in clients.values():
        c.close()
