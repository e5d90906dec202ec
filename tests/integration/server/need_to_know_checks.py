"""need_to_know_checks.py — need-to-know in every number and reference
(issue 14 part 5), called by checks.py on the fixture database, as an
attacker would try it:

- /status counts only what the user may read: for every user, each
  process's open quickscans and open measures equal what the same user can
  list, and it names no process, analysis or link the user cannot see;
- a cascade, a criticality ranking and a what-if whose failure takes down
  a secret process (a secret dependency of ministry B's pb-se on pa1, made
  here by the coordinator) tell ministry A and provider X how many affected
  processes they may not see ("not_visible") and never which; the
  coordinator sees it named, and its reading audited;
- a visible record's reference to a hidden one is masked (dropped), and
  writing the record back as answered keeps the hidden reference;
- refused reads and writes are audited per user, kind and minute: a dozen
  refusals leave at most a few rows, not a dozen."""
import json
import time

DONE = ("done", "cancelled")


def listed(c, kind):
    r = c.call("GET", "/api/v1/%s?limit=1000" % kind)
    return r.json["items"] if r.status == 200 else []


def job(c, r):
    loc = r.headers.get("location", "")
    for _ in range(400):
        j = c.call("GET", loc)
        if j.status != 200 or j.json["status"] in ("done", "failed"):
            return j
        time.sleep(0.05)
    return j


def status_counts(checks):
    rep = checks.rep
    for u in checks.users:
        # a fresh session: earlier steps log some users out or disable them
        c = checks.client()
        if c.login(u["name"], "pw-%s-0123456789" % u["name"]).status != 200:
            continue
        r = c.call("GET", "/api/v1/status")
        if r.status != 200:
            rep.check("status: %s answers 200" % u["name"], False, r.body[:200])
            continue
        processes = {p["id"] for p in listed(c, "processes")}
        measures = listed(c, "measures")
        analyses = listed(c, "analyses")
        bad = []
        for row in r.json["processes"]:
            p = row["id"]
            if p not in processes:
                bad.append("names process %s" % p)
            want_m = sum(1 for m in measures if p in (m.get("processes") or []) and
                         m.get("status", "proposed") not in DONE)
            want_q = sum(1 for a in analyses if a.get("process") == p and
                         a.get("kind") == "quickscan" and a.get("status", "draft") != "final")
            if row["open_measures"] != want_m or row["open_quickscans"] != want_q:
                bad.append("%s: open measures %d (lists %d), open quickscans %d (lists %d)" % (
                    p, row["open_measures"], want_m, row["open_quickscans"], want_q))
            last = row.get("last_final_analysis")
            if last is not None and last not in {a["id"] for a in analyses}:
                bad.append("%s: names analysis %s" % (p, last))
        for ent in r.json["cer"]["entities"]:
            bad += ["entity %s names process %s" % (ent["provider"], p)
                    for p in ent["processes"] if p not in processes]
        rep.check("status: %s (%s, %s) counts only what it can list and names nothing hidden"
                  % (u["name"], u["role"], u["clearance"]), not bad, "\n".join(bad[:10]))


def cascades(checks):
    rep = checks.rep
    coord, dep_a, prov_x = (checks.clients[n] for n in ("coord", "dep-a", "prov-x"))
    secret_dep = {"id": "dnk-pbse-on-pa1", "process": "pb-se", "suppliers": ["pa1"],
                  "classification": "secret", "owner": "min-b"}
    measure = {"id": "me-nk-wi", "name": "what-if", "kind": "stockpile", "scope": "sectoral",
               "processes": ["pa1"], "effect": "add_buffer", "effect_dependency": "dep-pa1-pu-m",
               "effect_hours": 12, "classification": "public", "owner": "min-a"}
    made = [coord.call("POST", "/api/v1/dependencies", secret_dep),
            coord.call("POST", "/api/v1/measures", measure)]
    rep.check("need-to-know: the coordinator makes ministry B's secret pb-se depend on pa1, and a "
              "what-if measure of ministry A", [m.status for m in made] == [201, 201],
              [m.body[:200] for m in made])
    body = {"fail": ["pa1"], "outage_h": 24, "horizon_h": 72}
    head = checks.audit_head()
    r = coord.call("POST", "/api/v1/cascade", body)
    ids = [n["id"] for n in (r.json or {}).get("nodes", [])]
    reads = [e for e in checks.audit_entries(head) if e["actor"] == "coord" and
             e["action"] == "read" and e["record"] == "pb-se" and e["detail"] == "cascade"]
    rep.check("cascade: the coordinator sees pb-se go down (not_visible 0), and that read of a "
              "secret process is audited", r.status == 200 and "pb-se" in ids and
              r.json.get("not_visible") == 0 and len(reads) == 1, (r.body[:300], reads))
    for name, c in (("dep-a", dep_a), ("prov-x", prov_x)):
        r = c.call("POST", "/api/v1/cascade", body)
        rep.check("cascade: %s is told 1 affected process is not visible to it, and pb-se is "
                  "named nowhere" % name,
                  r.status == 200 and r.json.get("not_visible") == 1 and "pb-se" not in r.body,
                  r.body[:400])
    crit = {"outage_h": 24, "horizon_h": 72}
    full = (job(coord, coord.call("POST", "/api/v1/criticality", crit)).json or {}).get("result")
    own = (job(dep_a, dep_a.call("POST", "/api/v1/criticality", crit)).json or {}).get("result")
    entry = {who: {e["id"]: e for e in (res or {}).get("ranking", [])}.get("pa1", {})
             for who, res in (("coord", full), ("dep-a", own))}
    hidden = dep_a.call("POST", "/api/v1/cascade", body).json.get("not_visible")
    rep.check("criticality: ministry A's entry for pa1 counts only what it may read: %s affected "
              "(the coordinator's %s less the %s process it may not see), fewer down hours"
              % (entry["dep-a"].get("affected"), entry["coord"].get("affected"), hidden),
              hidden == 1 and entry["coord"].get("affected") is not None and
              entry["dep-a"].get("affected") == entry["coord"]["affected"] - 1 and
              entry["dep-a"]["down_node_hours"] < entry["coord"]["down_node_hours"],
              (entry, hidden))
    for name, c in (("dep-a", dep_a), ("prov-x", prov_x)):
        r = job(c, c.call("POST", "/api/v1/criticality", crit))
        res = (r.json or {}).get("result") or {}
        named = [e["id"] for e in res.get("ranking", [])]
        visible = {p["id"] for p in listed(c, "processes")} | {s["id"] for s in
                                                               listed(c, "services")}
        rep.check("criticality: %s's ranking names only what it may see and counts the rest in "
                  "not_visible" % name,
                  res.get("not_visible", 0) > 0 and set(named) <= visible and
                  "pb-se" not in json.dumps(res), json.dumps(res)[:400])
    wi = {"measures": ["me-nk-wi"], "fail": ["pa1"], "outage_h": 24, "horizon_h": 72}
    r = job(dep_a, dep_a.call("POST", "/api/v1/whatif", wi))
    res = (r.json or {}).get("result") or {}
    rep.check("whatif: ministry A is told 1 process down is not visible to it, pb-se named "
              "nowhere", res.get("not_visible") == 1 and "pb-se" not in json.dumps(res),
              json.dumps(res)[:400])
    mine = res
    r = job(coord, coord.call("POST", "/api/v1/whatif", wi))
    res = (r.json or {}).get("result") or {}
    rep.check("whatif: the coordinator sees pb-se (not_visible 0)",
              res.get("not_visible") == 0 and "pb-se" in json.dumps(res), json.dumps(res)[:400])

    def pa1_before(result):
        top = ((result or {}).get("criticality") or {}).get("before") or []
        return {e["id"]: e for e in top}.get("pa1", {})
    a, c = pa1_before(mine), pa1_before(res)
    rep.check("whatif: ministry A's criticality entry for pa1 counts only what it may read "
              "(%s affected, the coordinator's %s)" % (a.get("affected"), c.get("affected")),
              a and c and a["affected"] == c["affected"] - 1 and
              a["down_node_hours"] < c["down_node_hours"], (a, c))
    for path in ("/api/v1/dependencies/dnk-pbse-on-pa1", "/api/v1/measures/me-nk-wi"):
        coord.call("DELETE", path)


def masking(checks):
    rep = checks.rep
    coord, dep_a = checks.clients["coord"], checks.clients["dep-a"]
    path = "/api/v1/dependencies/dep-pa1-pu-m"  # names the secret fallback fb-pa1-se-m
    full, seen = coord.call("GET", path), dep_a.call("GET", path)
    rep.check("mask: ministry A (confidential) reads its dependency without the secret fallback "
              "it names; the coordinator with it",
              full.json.get("fallback") == "fb-pa1-se-m" and seen.status == 200 and
              seen.json.get("fallback") is None and "fb-pa1-se-m" not in seen.body,
              (full.body[:200], seen.body[:200]))
    hist, full_hist = dep_a.call("GET", path + "/history"), coord.call("GET", path + "/history")
    rep.check("mask: nor does its history name the secret fallback (the coordinator's does)",
              hist.status == 200 and "fb-pa1-se-m" not in hist.body and
              "fb-pa1-se-m" in full_hist.body, hist.body[:300])
    fb = dep_a.call("GET", "/api/v1/fallback_options/fb-pa1-pu-m")  # chose the secret me-pa1-se-m
    rep.check("mask: a fallback option's alternative measure ministry A may not see is left out",
              fb.status == 200 and fb.json.get("alternative_measure") is None and
              "me-pa1-se-m" not in fb.body, fb.body[:200])
    body = dict(seen.json, buffer_h=3)
    r = dep_a.call("PUT", path, body)
    after = coord.call("GET", path).json
    rep.check("mask: writing back what was answered keeps the hidden reference (200, fallback "
              "still fb-pa1-se-m)", r.status == 200 and after.get("fallback") == "fb-pa1-se-m" and
              after.get("buffer_h") == 3 and (r.json or {}).get("fallback") is None,
              (r.body[:200], after))
    body = {k: v for k, v in after.items()}
    body.pop("buffer_h", None)
    coord.call("PUT", path, body)


def refusals(checks):
    rep = checks.rep
    coord = checks.clients["coord"]
    # a ministry B analyst of our own, with no refusal behind it yet
    r = coord.call("POST", "/api/v1/users", {
        "username": "nk-min-b", "password": "pw-nk-min-b-0123456789", "role": "department",
        "org": "min-b", "clearance": "secret"})
    c = checks.client()
    c.login("nk-min-b", "pw-nk-min-b-0123456789")
    head = checks.audit_head()
    statuses = [c.call("GET", "/api/v1/measures/me-pa1-pu-m").status for _ in range(12)]
    rows = [e for e in checks.audit_entries(head)
            if e["actor"] == "nk-min-b" and e["action"] == "refused_read"]
    rep.check("refusals: 12 refused reads of a hidden record (404) leave one audit row naming "
              "it (at most 3 if the minute turned: a summary and the next minute's first)",
              r.status in (201, 409) and statuses == [404] * 12 and 1 <= len(rows) <= 3 and
              rows[0]["kind"] == "measures" and rows[0]["record"] == "me-pa1-pu-m" and
              "404" in (rows[0]["detail"] or ""),
              [(e["kind"], e["record"], e["detail"]) for e in rows])
    # ministry B reads provider Y's measure of pb1, and may not write it
    cur = coord.call("GET", "/api/v1/measures/me-pb1-pu-p").json
    head = checks.audit_head()
    statuses = [c.call("PUT", "/api/v1/measures/me-pb1-pu-p", cur).status for _ in range(6)]
    rows = [e for e in checks.audit_entries(head)
            if e["actor"] == "nk-min-b" and e["action"] == "refused_write"]
    rep.check("refusals: 6 refused writes (403, not its own) leave one audit row (at most 3), "
              "not 6", statuses == [403] * 6 and 1 <= len(rows) <= 3 and
              rows[0]["record"] == "me-pb1-pu-p" and "403" in (rows[0]["detail"] or ""),
              [(e["kind"], e["record"], e["detail"]) for e in rows])


def run(checks):
    status_counts(checks)
    cascades(checks)
    masking(checks)
    refusals(checks)
