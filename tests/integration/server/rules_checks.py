#!/usr/bin/env python3
"""rules_checks.py URL EXPORT.json USERS.json — the HTTP checks of the
analyses that decide or count on confidential data, against a running
server on fixture.py + rules_fixture.py: POST /api/v1/assess, POST
/api/v1/whatif (a job) and GET /api/v1/risk-picture for every user of every
role, predicted with the need-to-know rules of api.py; and 405 and 429.
Prints "ok - ..." / "not ok - ..." lines; server_rules_test.sh counts them."""
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, World  # noqa: E402

HUBS = ("pa1", "pb1")


def password(name):
    return "pw-%s-0123456789" % name


class RulesChecks:
    def __init__(self, url, world, users):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.w = world
        self.users = users
        self.rep = Report()
        self.clients = {}
        for u in users:
            c = Client(self.host, self.port)
            c.login(u["name"], password(u["name"]))
            self.clients[u["name"]] = c
        self.coord = self.clients["coord"]

    def visible(self, u, kind, rid):
        rec = self.w.get(kind, rid)
        return rec is not None and self.w.visible(u, kind, rec)

    def audit_entries(self, after=0):
        entries = []
        while True:
            r = self.coord.call("GET", "/api/v1/audit?after=%d&limit=1000" % after)
            entries += r.json["items"]
            if r.json["next_after"] is None:
                return entries
            after = r.json["next_after"]

    def audit_head(self):
        entries = self.audit_entries()
        return entries[-1]["seq"] if entries else 0

    def assessments(self):
        return sorted((a for a in self.w.records["assessments"].values()
                       if a["process"] in HUBS), key=lambda a: a["id"])

    def stored(self):
        """Every hub assessment as stored now, read by the coordinator."""
        return {a["id"]: self.coord.call("GET", "/api/v1/assessments/" + a["id"]).json
                for a in self.assessments()}

    # --- assess ---------------------------------------------------------------

    def assess_dry_runs(self):
        rep = self.rep
        truth = {p: self.coord.call("POST", "/api/v1/assess", {"process": p, "dry_run": True})
                 for p in HUBS}
        rep.check("assess: the coordinator's dry run of pa1 counts pb1 in its cascade",
                  truth["pa1"].status == 200 and truth["pa1"].json["cascade"] ==
                  {"count": 1, "unit": "processes", "min_down_h": 1, "processes": ["pb1"],
                   "not_visible": 0, "sectors": []}, truth["pa1"].body[:400])
        before = self.stored()
        head = self.audit_head()
        for u in self.users:
            bad = []
            for p in HUBS:
                r = self.clients[u["name"]].call("POST", "/api/v1/assess",
                                                 {"process": p, "dry_run": True})
                if not self.visible(u, "processes", p):
                    if r.status != 404 or r.json.get("field") != "process":
                        bad.append("%s: %d %s, want 404 process" % (p, r.status, r.body[:200]))
                    continue
                mine = [a for a in self.assessments()
                        if a["process"] == p and self.visible(u, "assessments", a["id"])]
                want = max(mine, key=lambda a: (a["date"], a["id"]))["id"] if mine else None
                if r.status != 200:
                    bad.append("%s: %d %s" % (p, r.status, r.body[:200]))
                    continue
                j = r.json
                cascade = [x for x in truth[p].json["cascade"]["processes"]
                           if self.visible(u, "processes", x)]
                # count stays the decision's; not_visible says how many of
                # its processes are not named
                hidden = len(truth[p].json["cascade"]["processes"]) - len(cascade)
                if j["assessment"] != want or j["written"] or j["cascade"] != dict(
                        truth[p].json["cascade"], processes=cascade, not_visible=hidden):
                    bad.append("%s: assessment %s (want %s), written %s, cascade %s (want %s)" % (
                        p, j["assessment"], want, j["written"], j["cascade"], cascade))
                for key in ("category", "decided_by", "criteria", "engine_explanation",
                            "unverified", "differs_from_process"):
                    if key not in j:
                        bad.append("%s: no %s in %s" % (p, key, r.body[:200]))
            rep.check("assess: %s (%s, %s) dry-runs exactly the hubs it may see, on the latest "
                      "assessment it may see, naming only visible processes" % (
                          u["name"], u["role"], u["clearance"]), not bad, "\n".join(bad))
        after = self.stored()
        reads = [(e["actor"], e["record"]) for e in self.audit_entries(head)
                 if e["action"] == "read" and e["detail"] == "assess (dry run)"]
        # (the 404s of users who may not see a hub are refusals: rows of their own)
        writes = [e for e in self.audit_entries(head)
                  if e["action"] not in ("read", "refused_read", "refused_write")]
        rep.check("assess: dry runs change no assessment and write no audit entry but reads",
                  after == before and not writes, writes[:5])
        rep.check("assess: a dry run showing a secret assessment is audited as a read",
                  ("coord", "as-pa1-se-p") in reads and ("coord-int", "as-pa1-se-p") not in reads,
                  reads[:20])

    def assess_writes(self):
        """A write is a NEW assessment from the estimates of the one named;
        the named one (and every other) stays exactly as it was."""
        rep = self.rep
        for u in self.users:
            c, bad = self.clients[u["name"]], []
            before = self.stored()
            head = self.audit_head()
            recorded, n = {}, {200: 0, 403: 0, 404: 0}
            for a in self.assessments():
                r = c.call("POST", "/api/v1/assess",
                           {"process": a["process"], "assessment": a["id"],
                            "rationale": "by " + u["name"]})
                if not self.visible(u, "processes", a["process"]):
                    want, field = 404, "process"
                elif not self.visible(u, "assessments", a["id"]):
                    want, field = 404, "assessment"
                elif self.w.write_answer(u, "assessments", None, a) is None:
                    want, field = 200, None
                else:
                    want, field = 403, None
                n[want] += 1
                if r.status != want or (field and r.json.get("field") != field):
                    bad.append("%s: %d %s, want %d %s" % (a["id"], r.status, r.body[:200], want,
                                                          field))
                elif want == 200:
                    if not r.json["written"] or r.json["assessment"] != a["id"] or \
                            not r.json["recorded"] or r.json["recorded"] in before:
                        bad.append("%s: answered %s" % (a["id"], r.body[:200]))
                    else:
                        recorded[r.json["recorded"]] = a["id"]
            after = self.stored()
            if after != before:
                bad.append("changed: %s" % [rid for rid in before if after[rid] != before[rid]])
            for rid, base in recorded.items():
                new = self.coord.call("GET", "/api/v1/assessments/" + rid).json
                if new.get("based_on") != base or new.get("rationale") != "by " + u["name"] or \
                        not new.get("engine_explanation") or new.get("assessor") != u["name"]:
                    bad.append("%s: stored %s" % (rid, json.dumps(new)[:300]))
            entries = [e for e in self.audit_entries(head) if e["actor"] == u["name"]]
            creates = {e["record"] for e in entries if e["action"] == "create" and
                       e["kind"] == "assessments" and e["detail"].startswith("assess")}
            others = [e for e in entries
                      if e["action"] not in ("create", "read", "refused_read", "refused_write")]
            if creates != set(recorded) or others:
                bad.append("audit: creates %s, want %s; other entries %s" % (
                    sorted(creates), sorted(recorded), others[:3]))
            # the new ones are no fixture records: out again before the next user
            for rid in recorded:
                self.coord.call("DELETE", "/api/v1/assessments/" + rid)
            rep.check("assess: %s (%s, %s) writes exactly what it may (%d x 200, %d x 403, %d x "
                      "404), each a new assessment with its audit entry, none rewritten; a "
                      "refusal changes nothing" % (
                          u["name"], u["role"], u["clearance"], n[200], n[403], n[404]),
                      not bad, "\n".join(bad))
        dep = self.clients["dep-a"]
        rep.expect_status("assess: an unknown field is 400", dep.call(
            "POST", "/api/v1/assess", {"process": "pa1", "colour": 1}), 400, "invalid", "colour")
        rep.expect_status("assess: a missing process is 400", dep.call(
            "POST", "/api/v1/assess", {"dry_run": True}), 400, "invalid", "process")
        rep.expect_status("assess: dry_run that is not a boolean is 400", dep.call(
            "POST", "/api/v1/assess", {"process": "pa1", "dry_run": "yes"}), 400, "invalid",
            "dry_run")
        rep.expect_status("assess: an assessment of another process is 400", self.coord.call(
            "POST", "/api/v1/assess", {"process": "pb1", "assessment": "as-pa1-pu-m",
                                       "dry_run": True}), 400, "invalid", "assessment")

    # --- whatif -----------------------------------------------------------------

    def job(self, c, r):
        loc = r.headers.get("location", "")
        job = None
        for _ in range(400):
            job = c.call("GET", loc)
            if job.status != 200 or job.json["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        return job

    def names_only_visible(self, u, result):
        """The records a what-if result names that u may not see."""
        hidden = []
        # nodes are processes or services (issue 20 part 4), each marked with its type
        kind = {"service": "services"}
        nodes = [("services" if p.startswith("sv-") else "processes", p)
                 for p in result["failed"]] + [
            (kind.get(n.get("type"), "processes"), n["id"]) for n in result["cascade"]["nodes"]] + [
            (kind.get(e.get("type"), "processes"), e["id"])
            for side in ("before", "after") for e in result["criticality"][side]]
        hidden += [p for k, p in nodes if not self.visible(u, k, p)]
        hidden += [r["id"] for r in result["risks"] if not self.visible(u, "risks", r["id"])]
        for m in result["measures"]:
            kind = "risks" if m["effect"] in ("likelihood", "impact") else "dependencies"
            if not self.visible(u, "measures", m["id"]) or (
                    m["target"] is not None and not self.visible(u, kind, m["target"])):
                hidden.append(m["id"])
        return hidden

    def whatif(self):
        rep = self.rep
        for u in self.users:
            c, bad = self.clients[u["name"]], []
            for m in ("me-wi-a", "me-wi-b"):
                r = c.call("POST", "/api/v1/whatif", {"measures": [m]})
                if not self.visible(u, "measures", m):
                    if r.status != 404 or r.json.get("field") != "measures" or \
                            m not in r.json.get("message", ""):
                        bad.append("%s: %d %s, want 404 naming it" % (m, r.status, r.body[:200]))
                    continue
                if r.status != 202:
                    bad.append("%s: %d %s" % (m, r.status, r.body[:200]))
                    continue
                job = self.job(c, r)
                if job.status != 200 or job.json["status"] != "done" or \
                        job.json["kind"] != "whatif":
                    bad.append("%s: job %s" % (m, job.body[:300]))
                    continue
                hidden = self.names_only_visible(u, job.json["result"])
                if hidden:
                    bad.append("%s: the result names %s" % (m, hidden))
            rep.check("whatif: %s (%s, %s) runs the measures it may see (202, a job), 404 for "
                      "the others; the result names nothing hidden" % (
                          u["name"], u["role"], u["clearance"]), not bad, "\n".join(bad))

        body = {"measures": ["me-wi-a", "me-wi-a-hidden-target", "me-wi-a-secret-risk"],
                "fail": ["pa1"], "outage_h": 24, "horizon_h": 72}
        dep, coord = self.clients["dep-a"], self.clients["coord"]
        r = coord.call("POST", "/api/v1/whatif", body)
        full = self.job(coord, r).json.get("result", {})
        r = dep.call("POST", "/api/v1/whatif", body)
        part = self.job(dep, r).json.get("result", {})
        targets = {m["id"]: m["target"] for m in full.get("measures", [])}
        rep.check("whatif: the coordinator sees every target, pb1 going down and the secret risk",
                  targets == {"me-wi-a": "dep-pa1-pu-m", "me-wi-a-hidden-target":
                              "dep-x-pb1-on-pa1", "me-wi-a-secret-risk": "ri-pa1-se-p"} and
                  "pb1" in [n["id"] for n in full["cascade"]["nodes"]] and
                  [k["id"] for k in full["risks"]] == ["ri-pa1-se-p"], json.dumps(full)[:600])
        targets = {m["id"]: (m["target"], m["before"]) for m in part.get("measures", [])}
        rep.check("whatif: ministry A gets no target, before or after of a hidden dependency or "
                  "risk, no pb1 and no secret risk",
                  targets == {"me-wi-a": ("dep-pa1-pu-m", "buffer 0 h"),
                              "me-wi-a-hidden-target": (None, None),
                              "me-wi-a-secret-risk": (None, None)} and
                  "pb1" not in json.dumps(part) and not part["risks"] and
                  part["cascade"]["affected_before"] == len(part["cascade"]["nodes"]),
                  json.dumps(part)[:600])
        rep.expect_status("whatif: a failed process the user may not see is 404 naming it",
                          dep.call("POST", "/api/v1/whatif",
                                   {"measures": ["me-wi-a"], "fail": ["pb1"]}), 404, "not_found",
                          "fail")
        # fail names a service too (issue 13 part 2: the supplier a measure's
        # effect covers may be one); a hidden service is 404 as if absent
        bad = []
        services = sorted(self.w.records.get("services", {}))
        for u in self.users:
            if not self.visible(u, "measures", "me-wi-a"):
                continue
            c = self.clients[u["name"]]
            for sid in services + ["sv-atlantis"]:
                r = c.call("POST", "/api/v1/whatif", {"measures": ["me-wi-a"], "fail": [sid],
                                                       "outage_h": 6, "horizon_h": 12})
                if sid == "sv-atlantis" or not self.visible(u, "services", sid):
                    if r.status != 404 or r.json.get("field") != "fail" or \
                            "no process or service '%s'" % sid not in r.body:
                        bad.append("%s fails %s: %d %s, want 404" % (u["name"], sid, r.status,
                                                                     r.body[:200]))
                    continue
                job = self.job(c, r) if r.status == 202 else r
                res = job.json.get("result") if job.status == 200 and job.json else None
                if res is None or res["failed"] != [sid] or res["failed_default"]:
                    bad.append("%s fails %s: %d %s" % (u["name"], sid, job.status,
                                                      job.body[:300]))
                elif self.names_only_visible(u, res):
                    bad.append("%s fails %s: names %s" % (u["name"], sid,
                                                          self.names_only_visible(u, res)))
        rep.check("whatif: fail names a service the user may read (the job fails it), 404 "
                  "naming `fail` in the same words for a hidden or absent one", not bad,
                  "\n".join(bad[:20]))
        rep.expect_status("whatif: a measure without a what-if effect is 400",
                          dep.call("POST", "/api/v1/whatif", {"measures": ["me-pa1-pu-m"]}), 400,
                          "invalid", "measures")
        rep.expect_status("whatif: no measures is 400",
                          dep.call("POST", "/api/v1/whatif", {"measures": []}), 400, "invalid",
                          "measures")
        r = dep.call("POST", "/api/v1/whatif", {"measures": ["me-wi-a"]})
        rep.expect_status("whatif: another user cannot see the job",
                          self.clients["dep-b"].call("GET", r.headers.get("location", "")), 404,
                          "not_found")

    # --- risk picture -------------------------------------------------------------

    def picture_bad(self, u, r, want_ids, what):
        """What is wrong with a risk picture answer that should show want_ids."""
        if r.status != 200:
            return ["%s: %d %s" % (what, r.status, r.body[:200])]
        j, bad = r.json, []
        ids = sorted(k["id"] for k in j["risks"])
        if ids != want_ids:
            bad.append("%s: risks %s, want %s" % (what, ids, want_ids))
        for key in ("diagram", "residual_diagram"):
            if key not in j:
                continue
            d = j[key]
            in_cells = [x for cell in d["cells"] for x in cell["risks"]]
            if d["risks"] + len(d["without_impact"]) != len(want_ids) or \
                    sum(cell["count"] for cell in d["cells"]) != d["risks"] or \
                    sorted(in_cells + d["without_impact"]) != want_ids:
                bad.append("%s: %s counts %d + %d, want %d in all" % (
                    what, key, d["risks"], len(d["without_impact"]), len(want_ids)))
        procs = [p["id"] for p in j["processes"]]
        hidden = [p for p in procs if not self.visible(u, "processes", p)]
        if hidden or sum(s["processes"] for s in j["sectors"]) != len(procs):
            bad.append("%s: processes %s hidden, sectors %s" % (what, hidden, j["sectors"]))
        for p in j["processes"]:
            if p["analysis"] and not self.visible(u, "analyses", p["analysis"]["id"]):
                bad.append("%s: hidden analysis %s" % (what, p["analysis"]["id"]))
        return bad

    def summary_bad(self, c, path):
        """What is wrong with summary=true of path (the dashboard's read): the
        same diagrams, resilience and common causes as the whole picture the
        user gets, and no lists of risks, processes or sectors."""
        full, short = c.call("GET", path), c.call("GET", path + "&summary=true")
        if full.status != 200 or short.status != 200:
            return ["summary: %d/%d %s" % (full.status, short.status, short.body[:200])]
        f, s = full.json, short.json
        bad = ["summary: has %s" % k for k in ("risks", "processes", "sectors") if k in s]
        for k in ("scope", "classes", "diagram", "residual_diagram", "resilience", "common_causes"):
            if f.get(k) != s.get(k):
                bad.append("summary: %s differs from the whole picture's" % k)
        return bad

    def picture_reads(self, head):
        """The records the coordinator's risk-picture reads since head were
        audited as read: one entry per record, or one per run of records of
        a kind ("risk-picture: ID ID ...", domain/visible.h)."""
        reads = set()
        for e in self.audit_entries(head):
            if e["actor"] != "coord" or not (e["detail"] or "").startswith("risk-picture"):
                continue
            if e["detail"] == "risk-picture":
                reads.add(e["record"])
            elif e["detail"].startswith("risk-picture:"):
                reads.update(e["detail"][len("risk-picture:"):].split())
        return reads

    def risk_process(self, risk):
        analysis = self.w.get("analyses", risk["analysis"])
        return analysis["process"] if analysis else None

    def risk_picture(self):
        rep, w = self.rep, self.w
        for u in self.users:
            c, bad = self.clients[u["name"]], []
            # the picture is of processes: a risk counts under its process, so a
            # risk shared with the user (domain/sharing.h) whose process the
            # user may not read is in the record lists, not in the picture
            # risks of an open quickscan (the fixture's scenarios of the
            # processes' own failure, for the fallback need) are not in the
            # picture: it counts the base analysis and final quickscans
            want = sorted(i for i, k in w.records["risks"].items() if w.visible(u, "risks", k)
                          and self.visible(u, "processes", self.risk_process(k))
                          and not k["analysis"].startswith("an-qs-"))
            bad += self.picture_bad(u, c.call("GET", "/api/v1/risk-picture"), want, "national")
            bad += self.picture_bad(u, c.call("GET", "/api/v1/risk-picture?residual=true"),
                                    want, "residual")
            bad += self.picture_bad(u, c.call("GET", "/api/v1/risk-picture?sector=t-sec-pu"),
                                    want, "sector")
            bad += self.summary_bad(c, "/api/v1/risk-picture?residual=true")
            for p in HUBS:
                r = c.call("GET", "/api/v1/risk-picture?process=" + p)
                if not self.visible(u, "processes", p):
                    if r.status != 404 or r.json.get("field") != "process":
                        bad.append("%s: %d, want 404" % (p, r.status))
                    continue
                mine = sorted(i for i in want if w.get("risks", i)["analysis"] ==
                              "an-%s-pu-m" % p)
                bad += self.picture_bad(u, r, mine, p)
            rep.check("risk-picture: %s (%s, %s) counts exactly the %d risks it may read, "
                      "nationally, per sector and per process" % (
                          u["name"], u["role"], u["clearance"], len(want)), not bad,
                      "\n".join(bad))
        dep = self.clients["dep-a"]
        rep.expect_status("risk-picture: an unknown sector is 404",
                          dep.call("GET", "/api/v1/risk-picture?sector=nope"), 404, "not_found",
                          "sector")
        rep.expect_status("risk-picture: a sector above the user's clearance is 404 like an "
                          "absent one", self.clients["dep-a-pub"].call(
                              "GET", "/api/v1/risk-picture?sector=t-sec-se"), 404, "not_found",
                          "sector")
        rep.expect_status("risk-picture: the coordinator reads the secret sector's picture",
                          self.coord.call("GET", "/api/v1/risk-picture?sector=t-sec-se"), 200)
        rep.expect_status("risk-picture: process and sector together are 400",
                          dep.call("GET", "/api/v1/risk-picture?process=pa1&sector=t-sec-pu"),
                          400, "invalid")
        rep.expect_status("risk-picture: summary other than true or false is 400",
                          dep.call("GET", "/api/v1/risk-picture?summary=yes"), 400, "invalid",
                          "summary")
        rep.expect_status("risk-picture: an unknown parameter is 400",
                          dep.call("GET", "/api/v1/risk-picture?colour=red"), 400, "invalid",
                          "colour")
        head = self.audit_head()
        self.coord.call("GET", "/api/v1/risk-picture")
        reads = self.picture_reads(head)
        want = {i for i, k in w.records["risks"].items()
                if k["classification"] in ("confidential", "secret") and
                not k["analysis"].startswith("an-qs-")}
        rep.check("risk-picture: every confidential or secret risk shown is audited as a read",
                  want <= reads, sorted(want - reads))
        head = self.audit_head()
        self.coord.call("GET", "/api/v1/risk-picture?residual=true&summary=true")
        reads = self.picture_reads(head)
        rep.check("risk-picture: the summary (counts and risk ids of the diagrams) audits the "
                  "same confidential or secret risks as a read", want <= reads,
                  sorted(want - reads))

    # --- 405 and 429 ------------------------------------------------------------------

    def status_codes(self):
        rep, dep = self.rep, self.clients["dep-a"]
        r = dep.call("PATCH", "/api/v1/risk-picture")
        rep.check("405: a wrong method answers method_not_allowed with Allow (GET, HEAD)",
                  r.status == 405 and r.json["error"] == "method_not_allowed" and
                  r.json["field"] is None and r.headers.get("allow") == "GET, HEAD",
                  (r.status, r.body, r.headers))
        r = dep.call("GET", "/api/v1/assess")
        rep.check("405: GET /api/v1/assess allows POST", r.status == 405 and
                  r.headers.get("allow") == "POST", (r.status, r.headers))
        c = Client(self.host, self.port)
        for i in range(5):
            c.login("victim", "not the password %d" % i)
        r = c.login("victim", password("victim"))
        rep.check("429: a login right after 5 failures of the name from the address is "
                  "too_many_requests with Retry-After",
                  r.status == 429 and r.json["error"] == "too_many_requests" and
                  r.json["field"] is None and int(r.headers.get("retry-after", "0")) > 0,
                  (r.status, r.body, r.headers))


def main():
    url, export_path, users_path = sys.argv[1:4]
    with open(export_path) as f:
        document = json.load(f)
    with open(users_path) as f:
        users = json.load(f)
    u = urllib.parse.urlsplit(url)
    openapi = Client(u.hostname, u.port).call("GET", "/api/v1/openapi.json").json
    checks = RulesChecks(url, World(document, openapi), users)
    for step in ("assess_dry_runs", "assess_writes", "whatif", "risk_picture", "status_codes"):
        t = time.time()
        getattr(checks, step)()
        print("# %s: %.1f s" % (step, time.time() - t))
    sys.exit(1 if checks.rep.failed else 0)


if __name__ == "__main__":
    main()
