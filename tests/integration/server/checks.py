#!/usr/bin/env python3
"""checks.py URL EXPORT.json FIXTURE.json USERS.json — the HTTP checks of
`vitaal serve` against a running server on the fixture database: the
role x classification matrix of every record endpoint, sessions and CSRF,
each kind of bad input, the analyses, concurrent writers, and the login
limits. Prints "ok - ..." / "not ok - ..." lines; server_test.sh starts and
stops the server and counts them."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import CLASSIFICATIONS, Client, Report, World, send_oversized  # noqa: E402
import openapi_check  # noqa: E402
import attachment_checks  # noqa: E402
import compliance_checks  # noqa: E402
import comment_checks  # noqa: E402
import follow_up_checks  # noqa: E402
import health_checks  # noqa: E402
import jobs_checks  # noqa: E402
import need_to_know_checks  # noqa: E402
import owners_checks  # noqa: E402
import page_checks  # noqa: E402
import mfa_checks  # noqa: E402
import record_id_checks  # noqa: E402
import reports_checks  # noqa: E402
import request_checks  # noqa: E402
import service_checks  # noqa: E402

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
HOME = {"coord": "pa1", "coord-int": "pa1", "dep-a": "pa1", "dep-a-pub": "pa1", "dep-b": "pb1",
        "prov-x": "pa1", "prov-y": "pb1", "aud": "pa1", "aud-conf": "pb1", "victim": "pb1",
        "dep-a-dir": "pa1"}
CATALOGUE_TEMPLATE = {"organisations": "org-pu", "settings": "t-set-pu", "sectors": "t-sec-pu",
                      "vitaal_criteria": "t-vc-pu", "impact_criteria": "t-ic-pu",
                      "threats": "t-thr-pu", "frameworks": "t-fw-pu", "requirements": "t-req-pu"}
PREFIX = {"assessments": "as", "events": "ev", "analyses": "an", "risks": "ri",
          "fallback_options": "fb", "dependencies": "dep", "measures": "me", "reviews": "rv",
          "incidents": "inc"}


def password(name):
    return "pw-%s-0123456789" % name


def without_version(r):
    """The stored record of an answer: without its version and, for a
    measure (the one kind with adjustment_due), its derived follow-up."""
    derived = ("overdue", "adjustment_due", "follow_up") if "adjustment_due" in r else ()
    return {k: v for k, v in r.items() if k != "version" and k not in derived}


# final only by approval: a copy of a final one is written as a draft
APPROVABLE = ("analyses", "assessments", "reviews")

class Checks:
    def __init__(self, url, world, fixture, users):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.world = world
        self.fixture = fixture
        self.users = users
        self.rep = Report()
        self.clients = {}

    def client(self, source=None):
        return Client(self.host, self.port, source)

    def login_all(self):
        bad = []
        for u in self.users:
            c = self.client()
            r = c.login(u["name"], password(u["name"]))
            if r.status != 200:
                bad.append("%s: %d %s" % (u["name"], r.status, r.body))
            self.clients[u["name"]] = c
        self.rep.check("every user of every role logs in with a Bearer token", not bad,
                       "\n".join(bad))

    # --- the matrix ----------------------------------------------------------

    def matrix_lists(self):
        w = self.world
        for u in self.users:
            c, bad = self.clients[u["name"]], []
            for k in sorted(w.records):
                r = c.call("GET", "/api/v1/%s?limit=1000" % k)
                want = sorted(i for i, rec in w.records[k].items() if w.visible(u, k, rec))
                if r.status != 200:
                    bad.append("%s: %d %s" % (k, r.status, r.body[:200]))
                    continue
                got = [i["id"] for i in r.json["items"]]
                if got != want or r.json["total"] != len(want):
                    bad.append("%s: got %s (total %s), want %s" % (
                        k, got, r.json["total"], want))
            self.rep.check("lists: %s (%s, %s) sees exactly the records it may, in all %d kinds"
                           % (u["name"], u["role"], u["clearance"], len(w.records)), not bad,
                           "\n".join(bad))

    def matrix_paging_and_filters(self):
        w = self.world
        bad = []
        for u in self.users:
            c = self.clients[u["name"]]
            want = sorted(i for i, rec in w.records["incidents"].items()
                          if w.visible(u, "incidents", rec))
            got, offset = [], 0
            while True:
                r = c.call("GET", "/api/v1/incidents?limit=3&offset=%d" % offset)
                if r.status != 200 or r.json["total"] != len(want):
                    bad.append("%s: page at %d: %d %s" % (u["name"], offset, r.status, r.body))
                    break
                got += [i["id"] for i in r.json["items"]]
                offset += 3
                if offset >= r.json["total"]:
                    break
            if got != want:
                bad.append("%s: pages give %s, want %s" % (u["name"], got, want))
            r = c.call("GET", "/api/v1/risks?analysis=an-pa1-pu-m&classification=public")
            want = sorted(i for i, rec in w.records["risks"].items()
                          if rec["analysis"] == "an-pa1-pu-m" and rec["classification"] ==
                          "public" and w.visible(u, "risks", rec))
            if r.status != 200 or [i["id"] for i in r.json["items"]] != want:
                bad.append("%s: filtered risks %d %s, want %s" % (u["name"], r.status,
                                                                  r.body[:300], want))
            r = c.call("GET", "/api/v1/measures?processes=pb1")
            want = sorted(i for i, rec in w.records["measures"].items()
                          if "pb1" in rec["processes"] and w.visible(u, "measures", rec))
            if r.status != 200 or [i["id"] for i in r.json["items"]] != want:
                bad.append("%s: measures?processes=pb1 %s, want %s" % (u["name"], r.body[:300],
                                                                       want))
        self.rep.check("lists: paging and filters count and show only visible records", not bad,
                       "\n".join(bad))

    def matrix_gets(self):
        w = self.world
        self.versions = {}
        for u in self.users:
            c, bad = self.clients[u["name"]], []
            for k in sorted(w.records):
                for rid, rec in sorted(w.records[k].items()):
                    r = c.call("GET", "/api/v1/%s/%s" % (k, urllib.parse.quote(rid)))
                    if w.visible(u, k, rec):
                        # references to what u may not see are masked (issue 14 part 5)
                        if r.status != 200 or without_version(r.json) != w.masked(u, k, rec):
                            bad.append("%s/%s: %d %s" % (k, rid, r.status, r.body[:200]))
                        else:
                            self.versions[(k, rid)] = r.json["version"]
                    elif r.status != 404 or r.json.get("error") != "not_found":
                        bad.append("%s/%s: %d, want 404" % (k, rid, r.status))
            self.rep.check("get: %s (%s, %s) reads exactly its records (200) and nothing else "
                           "(404)" % (u["name"], u["role"], u["clearance"]), not bad,
                           "\n".join(bad))

    def fixture_records(self):
        for k, items in self.fixture.items():
            if isinstance(items, list):
                for rec in items:
                    yield k, rec["id"]

    def matrix_replace(self):
        w = self.world
        for u in self.users:
            c, bad, n_ok = self.clients[u["name"]], [], 0
            for k, rid in self.fixture_records():
                old = w.get(k, rid)
                body = dict(old)
                body["version"] = self.versions[(k, rid)]
                r = c.call("PUT", "/api/v1/%s/%s" % (k, rid), body)
                want = w.write_answer(u, k, old, old) or 200
                if r.status != want:
                    bad.append("PUT %s/%s: %d, want %d: %s" % (k, rid, r.status, want,
                                                              r.body[:200]))
                elif want == 200:
                    n_ok += 1
                    # the record goes back as it was: no change, so no new version
                    if (without_version(r.json) != w.masked(u, k, old) or
                            r.json["version"] != body["version"]):
                        bad.append("PUT %s/%s answered %s" % (k, rid, r.body[:200]))
                    self.versions[(k, rid)] = r.json["version"]
            self.rep.check("replace: %s (%s, %s) writes exactly what it may (%d x 200), else "
                           "403/404" % (u["name"], u["role"], u["clearance"], n_ok), not bad,
                           "\n".join(bad))

    def matrix_delete(self):
        w = self.world
        bad = []
        for u in self.users:
            c = self.clients[u["name"]]
            for k, rid in self.fixture_records():
                old = w.get(k, rid)
                # a stale version: allowed deletes answer 409 and delete nothing
                r = c.call("DELETE", "/api/v1/%s/%s?version=999999" % (k, rid))
                want = w.write_answer(u, k, old, None) or 409
                if r.status != want:
                    bad.append("DELETE %s %s/%s: %d, want %d: %s" % (u["name"], k, rid,
                                                                    r.status, want, r.body))
        self.rep.check("delete: every user x every fixture record answers 404 hidden / 403 not "
                       "yours / 409 stale", not bad, "\n".join(bad[:40]))

    def template(self, u, k):
        w = self.world
        home = HOME[u["name"]]
        if k in PREFIX:
            base = w.get(k, "%s-%s-pu-m" % (PREFIX[k], home))
        elif k == "processes":
            base = w.get(k, home)
        elif k == "provider_links":
            base = w.get(k, "lx-pa1" if home == "pa1" else "ly-pb1")
        else:
            base = w.get(k, CATALOGUE_TEMPLATE.get(k, "")) or sorted(
                w.records[k].values(), key=lambda r: r["id"])[0]
        base = dict(base)
        if base.get("status") == "final" and k in APPROVABLE:
            base["status"] = "draft"  # final only by approval (approval_checks.py)
        return base

    def matrix_create(self):
        w = self.world
        for u in self.users:
            c, bad, n_ok = self.clients[u["name"]], [], 0
            # a kind the fixture has no record of has no template: contributions
            # and proposed risks, whose rules contribution_checks.py tests
            for k in sorted(kind for kind in w.records if w.records[kind]):
                for cls in CLASSIFICATIONS:
                    new = self.template(u, k)
                    # only the coordinator chooses ids; anyone else leaves the id
                    # out and gets the server's (domain/record_id.h)
                    chooses = u["role"] == "coordinator"
                    new.pop("id", None)
                    if chooses:
                        new["id"] = "n-%s-%s-%s" % (u["name"], k, cls[:2])
                    new["classification"] = cls
                    new["owner"] = u["org"]
                    # the marking follows the classification (a clear record
                    # made confidential is a contradiction, refused: 400)
                    for f in ("tlp", "shared_with", "shared_with_people"):
                        new.pop(f, None)
                    if k == "processes" and u["role"] == "department":
                        new["ministry"] = u["org"]
                    r = c.call("POST", "/api/v1/%s" % k, new)
                    want = w.write_answer(u, k, None, dict(new, id=new.get("id", "n-new"))) or 201
                    if r.status != want:
                        bad.append("POST %s %s: %d, want %d: %s" % (k, cls, r.status, want,
                                                                   r.body[:200]))
                        if r.status == 201:
                            c.call("DELETE", r.headers.get("location"))
                        continue
                    if want != 201:
                        continue
                    n_ok += 1
                    loc = r.headers.get("location")
                    made = new["id"] if chooses else (r.json or {}).get("id", "")
                    if (loc != "/api/v1/%s/%s" % (k, made) or r.json["version"] != 1 or
                            (not chooses and made in w.records.get(k, {}))):
                        bad.append("POST %s: Location %s, body %s" % (k, loc, r.body[:200]))
                    r = c.call("DELETE", loc)
                    if r.status != 204:
                        bad.append("DELETE %s: %d %s" % (loc, r.status, r.body))
            self.rep.check("create: %s (%s, %s) creates exactly what it may (%d x 201, each "
                           "deleted again), else 400/403" % (u["name"], u["role"],
                                                             u["clearance"], n_ok),
                           not bad, "\n".join(bad))

    def audited_reads(self):
        """Every direct read of a confidential or secret record has its entry."""
        w = self.world
        seen = {(e["actor"], e["kind"], e["record"]) for e in self.audit_entries()
                if e["action"] == "read" and e["detail"] is None}
        bad = []
        for u in self.users:
            for k in w.records:
                for rid, rec in w.records[k].items():
                    audited = rec["classification"] in ("confidential", "secret")
                    if audited and w.visible(u, k, rec) and (u["name"], k, rid) not in seen:
                        bad.append("no read entry for %s %s/%s" % (u["name"], k, rid))
                    if (not audited or not w.visible(u, k, rec)) and (u["name"], k, rid) in seen:
                        bad.append("an unexpected read entry for %s %s/%s" % (u["name"], k, rid))
        self.rep.check("audit: every read of a confidential or secret record, and only those, "
                       "has an entry", not bad, "\n".join(bad[:20]))

    # --- the per-thread cache never shows stale data --------------------------------

    def list_ids(self, client, kind):
        r = client.call("GET", "/api/v1/%s?limit=1000" % kind)
        return [i["id"] for i in r.json["items"]] if r.status == 200 else None

    def cache_consistency(self):
        rep, w = self.rep, self.world
        dep, coord = self.clients["dep-a"], self.clients["coord"]
        other = self.client()  # another connection: possibly another worker thread
        other.token = dep.token
        for c in (dep, other, dep, other):
            self.list_ids(c, "processes")  # warm every thread's cache
        probe = dict(w.get("processes", "pa-pu"), id="cache-probe")
        r = coord.call("POST", "/api/v1/processes", probe)
        seen = [("cache-probe" in (self.list_ids(c, "processes") or [])) for c in (dep, other)]
        rep.check("cache: a record created by another user shows in the next list, on every "
                  "connection", r.status == 201 and seen == [True, True], (r.status, seen))
        r = coord.call("DELETE", "/api/v1/processes/cache-probe")
        seen = [("cache-probe" in (self.list_ids(c, "processes") or [])) for c in (dep, other)]
        rep.check("cache: a deleted record is gone from the next list", r.status == 204 and
                  seen == [False, False], (r.status, seen))

        binary, db = os.environ.get("VITAAL_BIN"), os.environ.get("SERVER_DB")
        if not binary or not db:
            rep.check("cache: VITAAL_BIN and SERVER_DB are set", False)
            return
        doc = {"format": "vitaal", "version": 2, "processes": [dict(probe, id="cli-probe")]}
        path = os.path.join(tempfile.mkdtemp(), "cli-probe.json")  # db may be a URL
        with open(path, "w") as f:
            json.dump(doc, f)
        subprocess.run([binary, "--db", db, "import", path], check=True, capture_output=True)
        time.sleep(1.1)
        rep.check("cache: a record imported with the CLI shows within a second",
                  "cli-probe" in (self.list_ids(dep, "processes") or []))
        coord.call("DELETE", "/api/v1/processes/cli-probe")
        subprocess.run([binary, "--db", db, "user", "disable", "dep-a-pub"], check=True,
                       capture_output=True)
        pub = self.clients["dep-a-pub"]
        time.sleep(1.1)
        rep.expect_status("cache: a user disabled with the CLI is 401 within a second",
                          pub.call("GET", "/api/v1/processes"), 401, "unauthorized")

    # --- sessions ---------------------------------------------------------------

    def sessions(self):
        rep = self.rep
        anon = self.client()
        rep.expect_status("no login: GET /api/v1/me is 401", anon.call("GET", "/api/v1/me"), 401,
                          "unauthorized")
        rep.expect_status("no login: GET /api/v1/processes is 401",
                          anon.call("GET", "/api/v1/processes"), 401, "unauthorized")
        rep.expect_status("a wrong scheme (Basic) is 401",
                          anon.call("GET", "/api/v1/me", headers={"Authorization": "Basic eDp5"}),
                          401)
        rep.expect_status("an unknown token is 401", anon.call(
            "GET", "/api/v1/me", headers={"Authorization": "Bearer " + "0" * 64}), 401)
        # each from an address of its own: the first failure of an address in a
        # minute is audited on its own row (the rest of the minute in one summary)
        r = self.client("127.0.0.40").login("dep-a", "wrong password!")
        rep.expect_status("a wrong password is 401", r, 401, "unauthorized")
        r2 = self.client("127.0.0.41").login("nobody-at-all", "wrong password!")
        rep.check("an unknown user gets the same answer as a wrong password",
                  r2.status == 401 and r2.json["message"] == r.json["message"], r2.body)
        rep.expect_status("a login with an unknown field is 400", anon.raw(
            "POST", "/api/v1/session",
            b'{"username":"dep-a","password":"x","remember":true}',
            {"Content-Type": "application/json"}), 400, "invalid", "remember")

        c = self.client()
        r = c.login("dep-a", password("dep-a"), cookie=True)
        cookie = r.headers.get("set-cookie", "")
        rep.check("login sets vitaal_session with HttpOnly, SameSite=Strict, Path=/ (no Secure "
                  "without TLS)",
                  r.status == 200 and cookie.startswith("vitaal_session=" + r.json["token"]) and
                  "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie and
                  "Secure" not in cookie, cookie)
        rep.check("login answers token, csrf, enrol_only (false: MFA is off here) and the user",
                  r.json and len(r.json["token"]) == 64 and len(r.json["csrf"]) == 64 and
                  r.json["enrol_only"] is False and
                  r.json["user"] == {"username": "dep-a", "role": "department", "org": "min-a",
                                     "clearance": "confidential", "scope": [], "mfa": "none"},
                  r.body)
        me = c.call("GET", "/api/v1/me")
        rep.check("a cookie session reads /api/v1/me", me.status == 200 and
                  me.json["username"] == "dep-a", me.body)
        rep.check("GET /api/v1/me of a cookie session gives its CSRF token (a new tab needs no "
                  "new login)", me.json and me.json.get("csrf") == c.csrf, me.body)
        me = self.clients["coord"].call("GET", "/api/v1/me")
        rep.check("GET /api/v1/me of a Bearer session gives no CSRF token",
                  me.status == 200 and "csrf" not in me.json, me.body)
        r = self.clients["coord"].call("GET", "/api/v1/users")
        rep.check("a coordinator lists the users: role, org, clearance, scope, disabled; no hash",
                  r.status == 200 and any(u["username"] == "dep-a" and u["role"] == "department"
                                          and u["disabled"] is False and u["scope"] == []
                                          for u in r.json["items"]) and
                  "argon2" not in r.body and
                  all(set(u) == {"username", "role", "org", "clearance", "scope", "disabled", "mfa"}
                      for u in r.json["items"]), r.body)
        for name in ("aud", "dep-b", "prov-x"):
            rep.expect_status("only a coordinator lists the users (%s)" % name,
                              self.clients[name].call("GET", "/api/v1/users"), 403, "forbidden")
        new = dict(self.world.get("incidents", "inc-pa1-pu-m"))
        del new["id"]  # the server makes it (a department)
        rep.expect_status("cookie POST without X-CSRF-Token is 403",
                          c.call("POST", "/api/v1/incidents", new, csrf=False), 403, "forbidden",
                          "X-CSRF-Token")
        rep.expect_status("cookie POST with a wrong X-CSRF-Token is 403",
                          c.call("POST", "/api/v1/incidents", new,
                                 headers={"X-CSRF-Token": "0" * 64}), 403, "forbidden")
        rep.expect_status("cookie DELETE without X-CSRF-Token is 403",
                          c.call("DELETE", "/api/v1/incidents/inc-pa1-pu-m", csrf=False), 403)
        r = c.call("POST", "/api/v1/incidents", new)
        rep.expect_status("cookie POST with the session's X-CSRF-Token is 201", r, 201)
        c.call("DELETE", r.headers.get("location") or "/api/v1/incidents/none")
        r = c.call("DELETE", "/api/v1/session", csrf=False)
        rep.expect_status("cookie logout without X-CSRF-Token is 403", r, 403)
        r = c.call("DELETE", "/api/v1/session")
        rep.check("logout answers 204 and clears the cookie", r.status == 204 and
                  "Max-Age=0" in r.headers.get("set-cookie", ""), r.headers)
        rep.expect_status("after logout the cookie is 401", c.call("GET", "/api/v1/me"), 401)

        b = self.client()
        b.login("dep-b", password("dep-b"))
        rep.expect_status("Bearer logout is 204 without a CSRF token",
                          b.call("DELETE", "/api/v1/session"), 204)
        rep.expect_status("after logout the token is 401", b.call("GET", "/api/v1/me"), 401)

        actions = [(e["actor"], e["action"]) for e in self.audit_entries()]
        rep.check("logins, failed logins and logouts are in the audit log",
                  ("dep-a", "login") in actions and ("dep-a", "login_failed") in actions and
                  ("nobody-at-all", "login_failed") in actions and ("dep-a", "logout") in actions,
                  actions[:20])
        rep.expect_status("only a coordinator reads the audit log",
                          self.clients["aud"].call("GET", "/api/v1/audit"), 403, "forbidden")
        self.audit_filters()

    def audit_filters(self):
        """GET /audit newest first and narrowed by actor, kind and day (issue 13
        part 8): every entry answered fits, none that fits is left out, and the
        filters are the coordinator's alone."""
        rep, coord = self.rep, self.clients["coord"]
        every = self.audit_entries()
        newest = coord.call("GET", "/api/v1/audit?order=desc&limit=5").json
        rep.check("order=desc: the newest entries first, next_before pages on",
                  [e["seq"] for e in newest["items"]] == [e["seq"] for e in every[::-1][:5]]
                  and newest["next_before"] == newest["items"][-1]["seq"]
                  and newest["next_after"] is None, json.dumps(newest)[:300])
        more = coord.call("GET", "/api/v1/audit?order=desc&limit=5&before=%d"
                          % newest["next_before"]).json
        rep.check("... and the next page continues below it",
                  [e["seq"] for e in more["items"]] == [e["seq"] for e in every[::-1][5:10]])
        mine = coord.call("GET", "/api/v1/audit?actor=dep-a&limit=1000").json["items"]
        rep.check("actor=dep-a: exactly dep-a's entries",
                  [e["seq"] for e in mine] == [e["seq"] for e in every if e["actor"] == "dep-a"]
                  and len(mine) > 0, len(mine))
        kinds = coord.call("GET", "/api/v1/audit?kind=processes&order=desc&limit=1000").json["items"]
        rep.check("kind=processes: exactly the entries on processes, newest first",
                  [e["seq"] for e in kinds]
                  == [e["seq"] for e in every[::-1] if e["kind"] == "processes"], len(kinds))
        day = every[-1]["at"][:10]
        rep.check("from/to: a window around today holds every entry; one long past none",
                  len(coord.call("GET", "/api/v1/audit?limit=1000&from=2000-01-01&to=2999-12-31")
                      .json["items"]) == min(len(every), 1000)
                  and coord.call("GET", "/api/v1/audit?from=2000-01-01&to=2000-01-02")
                  .json["items"] == [], day)
        for query, field in (("order=sideways", "order"), ("kind=nonsense", "kind"),
                             ("from=yesterday", "from"), ("to=2026-13-01", "to"),
                             ("before=0", "before"), ("who=dep-a", "who")):
            rep.expect_status("audit ?%s is refused, naming the field" % query,
                              coord.call("GET", "/api/v1/audit?" + query), 400, field=field)
        for who in ("dep-a", "aud"):
            rep.expect_status("%s may not filter the audit log either" % who,
                              self.clients[who].call("GET", "/api/v1/audit?actor=dep-a&order=desc"),
                              403, "forbidden")

    # --- bad input --------------------------------------------------------------

    def audit_entries(self, after=0):
        """Every audit entry after seq `after`, read as the coordinator."""
        entries = []
        while True:
            r = self.clients["coord"].call("GET", "/api/v1/audit?after=%d&limit=1000" % after)
            entries += r.json["items"]
            if r.json["next_after"] is None:
                return entries
            after = r.json["next_after"]

    def audit_head(self):
        entries = self.audit_entries()
        return entries[-1]["seq"] if entries else 0

    def bad_input(self):
        rep, w = self.rep, self.world
        coord, dep = self.clients["coord"], self.clients["dep-a"]
        head = self.audit_head()
        before = coord.call("GET", "/api/v1/processes/pa1")
        good = dict(w.get("processes", "pa-pu"))
        del good["id"]  # only the coordinator chooses ids

        def post(body, c=dep):
            return c.call("POST", "/api/v1/processes", body)

        rep.expect_status("malformed JSON is 400 invalid", post(b'{"id": "x",'), 400, "invalid")
        rep.expect_status("a body that is not an object is 400", post(b'[1,2]'), 400, "invalid")
        rep.expect_status("a duplicate key is 400", post(b'{"id":"a","id":"b"}'), 400, "invalid")
        rep.expect_status("a wrong type is 400 naming the field",
                          post(dict(good, recovery_h="twelve")), 400, "invalid", "recovery_h")
        rep.expect_status("a value out of range is 400", post(dict(good, recovery_h=-1)), 400,
                          "invalid", "recovery_h")
        rep.expect_status("an unknown field is 400 naming it", post(dict(good, colour="red")),
                          400, "invalid", "colour")
        missing = dict(good)
        del missing["name"]
        rep.expect_status("a missing field is 400 naming it", post(missing), 400, "invalid",
                          "name")
        rep.expect_status("a bad reference is 400 naming the field",
                          post(dict(good, sector="no-such-sector")), 400, "invalid", "sector")
        rep.expect_status("a reference to a record the user may not see is 400 like an unknown "
                          "one", self.clients["dep-a"].call(
                              "POST", "/api/v1/measures",
                              dict({k: v for k, v in w.get("measures", "me-pa1-pu-m").items()
                                    if k != "id"}, risks=["ri-pb1-pu-m"])), 400, "invalid",
                          "risks[0]")
        rep.expect_status("a version in a new record is 400", post(dict(good, version=1)), 400,
                          "invalid", "version")
        rep.expect_status("a dependency's fallback option of another process is 400 naming "
                          "fallback", coord.call(
                              "POST", "/api/v1/dependencies",
                              dict({k: v for k, v in w.get("dependencies", "dep-pa1-pu-m").items()
                                    if k != "id"}, fallback="fb-pb1-pu-m")), 400, "invalid",
                          "fallback")
        rep.expect_status("an existing id is 409 (the coordinator, who sees every record)",
                          post(dict(good, id="pa-pu"), coord), 409, "conflict", "id")
        # no existence oracle: an id from anyone else is refused before it is looked up
        for name, rid in (("own new id", "pa-new-by-dep"),
                          ("id of a record it may not see", "pb-se")):
            r = post(dict(good, id=rid))
            rep.check("a department's %s is 400 id_by_server, the same answer" % name,
                      r.status == 400 and r.json.get("message_id") == "id_by_server" and
                      r.json.get("field") == "id" and "pb-se" not in r.body, r.body[:300])
        rep.expect_status("a hidden record reads as 404",
                          dep.call("GET", "/api/v1/processes/pb-se"), 404, "not_found")
        rep.expect_status("a hidden record is 404 to replace",
                          dep.call("PUT", "/api/v1/processes/pb1",
                                   dict(w.get("processes", "pb1"), version=1)), 404, "not_found")
        rep.expect_status("an absent record is 404", dep.call("GET", "/api/v1/processes/nope"),
                          404, "not_found")
        rep.expect_status("a write outside scope is 403 (department, another ministry)",
                          post(dict(good, ministry="min-b")), 403, "forbidden")
        rep.expect_status("a write outside scope is 403 (provider, a ministry's process)",
                          self.clients["prov-x"].call(
                              "PUT", "/api/v1/processes/pa1",
                              dict(w.get("processes", "pa1"), version=before.json["version"])),
                          403, "forbidden")
        rep.expect_status("a write above the user's clearance is 403",
                          post(dict(good, classification="secret", tlp="red")), 403, "forbidden")
        # the marking and the shares (domain/sharing.h)
        rep.expect_status("tlp: a marking outside TLP 2.0 is 400 naming tlp",
                          post(dict(good, tlp="orange")), 400, "invalid", "tlp")
        rep.expect_status("tlp: clear on an internal record is 400 naming tlp",
                          post(dict(good, classification="internal", tlp="clear")), 400,
                          "invalid", "tlp")
        rep.expect_status("tlp: red shared with an organisation is 400 naming shared_with",
                          post(dict(good, tlp="red", classification="confidential",
                                    shared_with=["prov-x"])), 400, "invalid", "shared_with")
        rep.expect_status("tlp: people under amber is 400 naming shared_with_people",
                          post(dict(good, tlp="amber", classification="confidential",
                                    shared_with_people=["prov-x"])), 400, "invalid",
                          "shared_with_people")
        rep.expect_status("sharing: an unknown person is 400 naming the list item",
                          post(dict(good, tlp="red", classification="confidential",
                                    shared_with_people=["prov-x", "nobody-here"])), 400,
                          "invalid", "shared_with_people[1]")
        rep.expect_status("sharing: an unknown organisation is 400 naming the list item",
                          post(dict(good, shared_with=["no-such-org"])), 400, "invalid",
                          "shared_with[0]")
        rep.expect_status("a stale version is 409 naming version", dep.call(
            "PUT", "/api/v1/processes/pa1",
            dict(w.get("processes", "pa1"), name="changed", version=before.json["version"] - 1
                 if before.json["version"] > 1 else 99)), 409, "conflict", "version")
        r = dep.call("PUT", "/api/v1/processes/pa1", dict(w.get("processes", "pa1"), version=99))
        rep.check("the 409 says someone else changed it",
                  r.status == 409 and "someone else changed" in r.json["message"], r.body)
        rep.expect_status("a replace without version is 400", dep.call(
            "PUT", "/api/v1/processes/pa1", dict(w.get("processes", "pa1"))), 400, "invalid",
            "version")
        rep.expect_status("a replace with another id is 400", dep.call(
            "PUT", "/api/v1/processes/pa1", dict(w.get("processes", "pa-pu"), version=1)), 400,
            "invalid", "id")
        rep.expect_status("deleting a record others refer to is 409",
                          coord.call("DELETE", "/api/v1/processes/pa1"), 409, "conflict")
        rep.expect_status("an unknown filter field is 400", dep.call(
            "GET", "/api/v1/processes?colour=red"), 400, "invalid", "colour")
        rep.expect_status("a limit over 1000 is 400", dep.call(
            "GET", "/api/v1/processes?limit=5000"), 400, "invalid", "limit")
        rep.expect_status("an unknown kind is 404", dep.call("GET", "/api/v1/unicorns"), 404)
        rep.expect_status("a wrong method is 405", dep.call("PATCH", "/api/v1/processes/pa1"),
                          405, "method_not_allowed")
        big = b'{"id":"big","description":"' + b"x" * (2 * 1024 * 1024) + b'"}'
        auth = "Authorization: Bearer %s\r\nContent-Type: application/json\r\n" % dep.token
        status, body = send_oversized(
            self.host, self.port, ("POST /api/v1/processes HTTP/1.1\r\nHost: x\r\n%s"
                                   "Content-Length: %d\r\n\r\n" % (auth, len(big))).encode(),
            [big[i:i + 65536] for i in range(0, len(big), 65536)])
        rep.check("a body over the limit (Content-Length) is 413 too_large", status == 413 and
                  b'"too_large"' in body, (status, body[:200]))
        status, body = send_oversized(
            self.host, self.port, ("POST /api/v1/processes HTTP/1.1\r\nHost: x\r\n%s"
                                   "Transfer-Encoding: chunked\r\n\r\n" % auth).encode(),
            [b"%x\r\n%s\r\n" % (65536, big[i:i + 65536])
             for i in range(0, len(big) - 65536, 65536)] + [b"0\r\n\r\n"])
        rep.check("a chunked body is 411 before it is read (bodies need a Content-Length)",
                  status == 411 and b'"invalid"' in body, (status, body[:200]))
        for status, resp in [(200, coord.call("GET", "/api/v1/me")),
                             (401, self.client().call("GET", "/api/v1/me")),
                             (404, coord.call("GET", "/api/v1/processes/nope")),
                             (405, coord.call("PATCH", "/api/v1/me"))]:
            missing_headers = {k: resp.headers.get(k) for k, v in SECURITY_HEADERS.items()
                               if resp.headers.get(k) != v}
            rep.check("security headers on a %d" % status, resp.status == status and
                      not missing_headers, missing_headers)
        after = coord.call("GET", "/api/v1/processes/pa1")
        # (a refused read or write leaves its own trace: issue 14 part 5)
        written = [e for e in self.audit_entries(head)
                   if e["action"] not in ("refused_read", "refused_write")]
        rep.check("nothing was written by any failed request (same version, no audit entry but "
                  "the refusals)", after.json == before.json and not written,
                  "%s -> %s; audit %s" % (before.body, after.body, written[:3]))

    # --- analyses ---------------------------------------------------------------

    def analyses(self):
        rep, w = self.rep, self.world
        for name in ("coord", "dep-a", "prov-y", "aud-conf"):
            u = next(x for x in self.users if x["name"] == name)
            r = self.clients[name].call("GET", "/api/v1/status")
            want = sorted(i for i, p in w.records["processes"].items()
                          if w.visible(u, "processes", p))
            rep.check("status: %s sees the processes it may, no others" % name,
                      r.status == 200 and [p["id"] for p in r.json["processes"]] == want,
                      r.body[:300])
        named_total = 0
        # the scenarios of the processes' own failure name only risks, fallback
        # options and alternative measures the reader may see; the default
        # scenario (risk null) is there for every process shown
        scen_total = hidden_total = 0
        for name in ("coord", "coord-int", "dep-a", "dep-b", "prov-x", "prov-y", "aud"):
            u = next(x for x in self.users if x["name"] == name)
            r = self.clients[name].call("GET", "/api/v1/fallback-need")
            procs = (r.json or {}).get("processes", [])
            risks = {s["risk"] for p in procs for s in p["scenarios"] if s["risk"]}
            may = {i for i, x in w.records["risks"].items() if w.visible(u, "risks", x)}
            hidden = {i for i, x in w.records["risks"].items() if x.get("outage_h") and
                      x["analysis"].split("-")[-1] in [p["id"] for p in procs]} - may
            fbs = {s["fallback"] for p in procs for s in p["scenarios"] if s["fallback"]}
            may_fb = {i for i, x in w.records["fallback_options"].items()
                      if w.visible(u, "fallback_options", x)}
            alts = {o["alternative_measure"] for p in procs for o in p["options"]
                    if o["alternative_measure"]}
            may_me = {i for i, x in w.records["measures"].items() if w.visible(u, "measures", x)}
            # the explanation names inputs and options: null when one is hidden
            leaks = [p["id"] for p in procs if p["explanation"] and any(
                x in p["explanation"] for x in
                [i for i, y in w.records["dependencies"].items()
                 if y["process"] == p["id"] and not w.visible(u, "dependencies", y)] +
                [i for i, y in w.records["fallback_options"].items()
                 if y["process"] == p["id"] and not w.visible(u, "fallback_options", y)])]
            rep.check("rules: no fallback-need explanation %s sees names a hidden input or option"
                      % name, not leaks, leaks)
            scen_total += len(risks)
            hidden_total += len(hidden)
            rep.check("rules: the fallback-need scenarios %s sees name only risks, options and "
                      "alternative measures it may read" % name,
                      r.status == 200 and risks <= may and not (risks & hidden) and
                      fbs <= may_fb and alts <= may_me and
                      all(any(s["risk"] is None for s in p["scenarios"]) for p in procs),
                      (r.status, sorted(risks - may), sorted(fbs - may_fb), sorted(alts - may_me)))
        rep.check("rules: fallback-need scenarios name risks at all, and some are hidden from "
                  "some reader", scen_total > 0 and hidden_total > 0, (scen_total, hidden_total))
        r = self.clients["coord"].call("GET", "/api/v1/fallback-need?process=pa1")
        opt = [o for o in (r.json or {"processes": [{"options": []}]})["processes"][0]["options"]
               if o["id"] == "fb-pa1-pu-m"]
        rep.check("rules: the coordinator sees the alternative measure of an option stored not "
                  "proportionate", opt and opt[0]["alternative_measure"] == "me-pa1-se-m", opt)
        for name in ("coord-int", "dep-b", "prov-x", "aud"):
            u = next(x for x in self.users if x["name"] == name)
            c = self.clients[name]
            seen = {}
            r = c.call("GET", "/api/v1/fallback-need")
            seen["fallback-need"] = (r.status, [p["id"] for p in (r.json or {}).get(
                "processes", [])], sorted(i for i, p in w.records["processes"].items()
                                          if w.visible(u, "processes", p)))
            named = {i["fallback"] for p in (r.json or {}).get("processes", [])
                     for i in p["inputs"] if i["fallback"]}
            may = {i for i, x in w.records["fallback_options"].items()
                   if w.visible(u, "fallback_options", x)}
            named_total += len(named)
            rep.check("rules: the fallback options %s's inputs name are ones it may see" % name,
                      named <= may, sorted(named - may))
            r = c.call("GET", "/api/v1/review-status")
            seen["review-status"] = (r.status, [m["id"] for m in (r.json or {}).get(
                "measures", [])], sorted(i for i, m in w.records["measures"].items()
                                         if w.visible(u, "measures", m)))
            r = c.call("GET", "/api/v1/incident-deadlines")
            seen["incident-deadlines"] = (r.status, sorted(i["id"] for i in (r.json or {}).get(
                "incidents", [])), sorted(i for i, x in w.records["incidents"].items()
                                          if w.visible(u, "incidents", x)))
            bad = {k: v for k, v in seen.items() if v[0] != 200 or v[1] != v[2]}
            rep.check("rules: %s sees fallback need, review status and incident deadlines of "
                      "exactly the records it may" % name, not bad, bad)
        rep.check("rules: the fallback-need inputs name fallback options at all", named_total > 0,
                  named_total)
        rep.expect_status("rules: fallback need of a hidden process is 404",
                          self.clients["dep-a"].call("GET", "/api/v1/fallback-need?process=pb1"),
                          404, "not_found", "process")
        body = {"fail": ["pa1"], "outage_h": 24, "horizon_h": 72}
        r = self.clients["coord"].call("POST", "/api/v1/cascade", body)
        rep.check("cascade: the coordinator fails pa1 and sees it down",
                  r.status == 200 and "pa1" in [n["id"] for n in r.json["nodes"]], r.body[:300])
        r = self.clients["dep-a"].call("POST", "/api/v1/cascade", dict(body, fail=["pb1"]))
        rep.expect_status("cascade: naming a process the user may not see is 404", r, 404,
                          "not_found", "fail")
        r = self.clients["dep-a"].call("POST", "/api/v1/cascade", dict(body, colour=1))
        rep.expect_status("cascade: an unknown field is 400", r, 400, "invalid", "colour")
        u = next(x for x in self.users if x["name"] == "prov-y")
        r = self.clients["prov-y"].call("POST", "/api/v1/cascade", dict(body, fail=["pb1"]))
        rep.check("cascade: a provider sees only visible processes in the result",
                  r.status == 200 and all(w.visible(u, "processes", w.get("processes", n["id"]))
                                          for n in r.json["nodes"]), r.body[:300])

        c = self.clients["dep-a"]
        r = c.call("POST", "/api/v1/criticality", {"outage_h": 24, "horizon_h": 48})
        loc = r.headers.get("location", "")
        rep.check("criticality: 202 with the job's Location", r.status == 202 and
                  loc.startswith("/api/v1/jobs/") and r.json["status"] == "queued", r.body)
        job = None
        for _ in range(200):
            job = c.call("GET", loc)
            if job.status != 200 or job.json["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        u = next(x for x in self.users if x["name"] == "dep-a")
        want = {i for i, p in w.records["processes"].items() if w.visible(u, "processes", p)}
        rep.check("criticality: the job finishes with progress 1 and ranks only visible "
                  "processes", job.status == 200 and job.json["status"] == "done" and
                  job.json["progress"] == 1 and
                  {e["id"] for e in job.json["result"]["ranking"]
                   if e["type"] == "process"} == want, job.body[:400])
        rep.expect_status("criticality: another user cannot see the job",
                          self.clients["dep-b"].call("GET", loc), 404, "not_found")
        rep.expect_status("criticality: a missing horizon is 400",
                          c.call("POST", "/api/v1/criticality", {"outage_h": 1}), 400, "invalid",
                          "horizon_h")

        root = os.environ.get("VITAAL_ROOT", ".")
        with open(os.path.join(root, "tests/data/engine/iim_haimes_jiang.json")) as f:
            doc = json.load(f)
        r = c.call("POST", "/api/v1/iim", doc)
        rep.check("iim: the static model answers q per sector",
                  r.status == 200 and len(r.json["q"]) == len(doc["sectors"]), r.body[:300])
        r = c.call("POST", "/api/v1/iim", dict(doc, c_star="x"))
        rep.expect_status("iim: a bad document is 400 naming the path", r, 400, "invalid",
                          "c_star")

    def follow_up(self):
        follow_up_checks.run(self)

    def record_ids(self):
        record_id_checks.run(self)

    def owners(self):
        owners_checks.run(self)

    def need_to_know(self):
        need_to_know_checks.run(self)

    def reports(self):
        reports_checks.run(self)

    def jobs(self):
        jobs_checks.run(self)

    def attachments(self):
        attachment_checks.run(self)

    def compliance(self):
        compliance_checks.run(self)

    def comments(self):
        comment_checks.run(self)

    def requests(self):
        request_checks.run(self)

    def services(self):
        service_checks.run(self)

    def health(self):
        health_checks.run(self)

    def page(self):
        page_checks.run(self)

    def mfa(self):
        mfa_checks.run_roles(self)

    def audit_records(self):
        """Every audit entry of a write names its kind and record. The ones that
        name no record: a read of a list (its detail lists the ids shown) or a
        report, logins, and refusals (their detail names the request tried; a
        refused create names its kind only: no record was made)."""
        bad = []
        for e in self.audit_entries():
            if e["kind"] is not None and e["record"] is not None:
                continue
            if e["action"] in ("read", "report") and e["detail"]:
                continue
            if e["action"] in ("login", "logout", "login_failed"):
                continue
            if e["action"] in ("refused_read", "refused_write") and e["detail"]:
                continue  # the detail names the request tried
            bad.append((e["seq"], e["actor"], e["action"], e["kind"], e["record"], e["detail"]))
        self.rep.check("audit: every entry of a write names its kind and record", not bad, bad[:20])

    # --- concurrency --------------------------------------------------------------

    def concurrency(self, n_clients=8, per_client=10):
        token = self.clients["coord"].token
        start = self.clients["coord"].call("GET", "/api/v1/processes/pcount").json["recovery_h"]
        lock = threading.Lock()
        result = {"ok": 0, "conflicts": 0, "errors": []}

        def worker():
            c = self.client()
            c.token = token
            done = 0
            while done < per_client:
                r = c.call("GET", "/api/v1/processes/pcount")
                if r.status != 200:
                    with lock:
                        result["errors"].append(r.body)
                    return
                rec = r.json
                rec["recovery_h"] += 1
                r = c.call("PUT", "/api/v1/processes/pcount", rec)
                with lock:
                    if r.status == 200:
                        result["ok"] += 1
                        done += 1
                    elif r.status == 409:
                        result["conflicts"] += 1
                    else:
                        result["errors"].append("%d %s" % (r.status, r.body))
                        return
            c.close()

        threads = [threading.Thread(target=worker) for _ in range(n_clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        end = self.clients["coord"].call("GET", "/api/v1/processes/pcount").json["recovery_h"]
        self.rep.check("concurrent writers: %d clients x %d read-modify-writes, %d conflicts "
                       "retried, no update lost (%d -> %d)" % (
                           n_clients, per_client, result["conflicts"], start, end),
                       not result["errors"] and result["ok"] == n_clients * per_client and
                       end - start == result["ok"], result)

    # --- login limits (last: they slow addresses down) ---------------------------------

    def rate_limits(self):
        rep = self.rep
        first = self.audit_entries()[-1]["seq"]
        # no account-wide lock: a stranger's failures do not keep the owner out
        for i in range(5):
            self.client("127.0.0.%d" % (10 + i)).login("victim", "not the password %d" % i)
        r = self.client("127.0.0.15").login("victim", password("victim"))
        rep.check("5 failures for one user name from 5 addresses: its owner still logs in "
                  "from another address at once (no account-wide lock)", r.status == 200,
                  (r.status, r.body))
        # a growing delay per (name, address)
        c = self.client("127.0.0.20")
        statuses = [c.login("victim", "wrong password %d" % i).status for i in range(3)]
        r = c.login("victim", password("victim"))
        rep.check("3 failures of one name from one address: the next attempt at once is 429 "
                  "with Retry-After: 1, not even the right password is tried",
                  statuses == [401] * 3 and r.status == 429 and
                  r.headers.get("retry-after") == "1", (statuses, r.status, r.headers))
        rep.check("a 429 is a JSON error", r.json and r.json.get("error") == "too_many_requests",
                  r.body)
        time.sleep(1.2)
        r1 = c.login("victim", "wrong password again")
        r2 = c.login("victim", "and again")
        rep.check("after the wait the next failure doubles the delay (Retry-After: 2)",
                  r1.status == 401 and r2.status == 429 and r2.headers.get("retry-after") == "2",
                  (r1.status, r2.status, r2.headers))
        r = self.client("127.0.0.21").login("victim", password("victim"))
        rep.check("the delay is per name and address: the owner logs in from elsewhere meanwhile",
                  r.status == 200, r.body)
        # a growing delay per address, whatever the names
        c = self.client("127.0.0.30")
        t0 = time.time()
        statuses = [c.login("nobody-%d" % i, "whatever-password").status for i in range(10)]
        r = c.login("dep-a", password("dep-a"))
        minutes = int(time.time() // 60 - t0 // 60) + 1  # the clock minutes the attempts span
        rep.check("10 failures from one address (10 names): its next login is 429",
                  statuses == [401] * 10 and r.status == 429 and
                  int(r.headers.get("retry-after", "0")) > 0, (statuses, r.status))
        r = self.client("127.0.0.31").login("dep-a", password("dep-a"))
        rep.check("the limits are per address: dep-a still logs in elsewhere", r.status == 200,
                  r.body)
        # the audit: per address and minute, not a row per attempt
        rows = [e for e in self.audit_entries(first)
                if e["action"] == "login_failed" and e["address"] == "127.0.0.30"]
        rep.check("11 refused logins from one address: at most 2 audit rows per clock minute "
                  "they span (the first, and a summary when the minute turns)",
                  1 <= len(rows) <= 2 * minutes,
                  [(e["actor"], e["detail"]) for e in rows])


def main():
    url, export_path, fixture_path, users_path = sys.argv[1:5]
    with open(export_path) as f:
        document = json.load(f)
    with open(fixture_path) as f:
        fixture = json.load(f)
    with open(users_path) as f:
        users = json.load(f)
    probe = Client(urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port)
    openapi = probe.call("GET", "/api/v1/openapi.json").json
    checks = Checks(url, World(document, openapi), fixture, users)
    started = time.time()
    checks.login_all()
    for step in ("matrix_lists", "matrix_paging_and_filters", "matrix_gets", "audited_reads",
                 "matrix_replace", "matrix_delete", "matrix_create", "owners", "cache_consistency",
                 "sessions", "bad_input", "record_ids",
                 "analyses", "jobs", "follow_up", "reports", "attachments", "compliance", "comments",
                 "requests", "services", "health", "page", "need_to_know", "mfa", "concurrency", "rate_limits",
                 "audit_records"):
        if os.environ.get("VITAAL_CHECKS_ONLY") and step not in os.environ[
                "VITAAL_CHECKS_ONLY"].split():
            continue
        t = time.time()
        getattr(checks, step)()
        print("# %s: %.1f s" % (step, time.time() - t))
    openapi_check.report(checks.rep)
    print("# checks.py: %.1f s" % (time.time() - started))
    sys.exit(1 if checks.rep.failed else 0)


if __name__ == "__main__":
    main()
