"""comment_checks.py — comments and notifications (issue 12 parts 3 and 4)
over HTTP, called by checks.py after the reports, on records it makes
itself under pa1 (ministry min-a, provided by prov-x): role by route for
GET and POST /api/v1/{kind}/{id}/comments on an analysis at two
classifications, a risk, a measure and a provider's contribution
(coordinator, owning ministry, other ministry, provider of the process,
other provider, auditor in and out of scope, too low a clearance: 404 for
what is hidden, 403 for the auditor who reads), with the expectations from
the need-to-know rules written out in api.py; bad input; the audit entries;
retraction by the author only; and notifications as an attacker would try
them: a mention of a user who may not read the record tells it nothing,
a classified record's notification carries no title or text, approvals
asked and deadlines go to the responsible ministry only, marking read."""
import datetime

from api import create, made
from follow_up_checks import amsterdam_today

NAMES = ("coord", "coord-int", "dep-a", "cm-low", "dep-b", "prov-x", "prov-y", "aud",
         "aud-conf", "victim")
# cm-low: of the owning ministry, cleared to public only; made here (the
# sessions step disables dep-a-pub)
LOW = {"username": "cm-low", "password": "pw-cm-low-0123456789", "role": "department",
       "org": "min-a", "clearance": "public"}


def records(today):
    soon = (today + datetime.timedelta(days=3)).isoformat()

    def an(rid, cls, status="draft"):
        return ("analyses", {"id": rid, "process": "pa1", "cycle_year": today.year,
                             "kind": "regular", "status": status, "started": "2026-01-05",
                             "classification": cls, "owner": "min-a"})
    return [an("an-cm-co", "confidential"), an("an-cm-pu", "public"),
            an("an-cm-review", "internal", "review"),
            ("risks", {"id": "ri-cm-in", "analysis": "an-cm-pu", "threat": "t-thr-pu",
                       "scenario": "s", "likelihood": "C", "classification": "internal",
                       "owner": "min-a"}),
            ("measures", {"id": "me-cm-in", "name": "Noodstroom", "kind": "stockpile",
                          "scope": "sectoral", "processes": ["pa1"], "due": soon,
                          "status": "planned", "classification": "internal",
                          "owner": "min-a"})]


def notified(client, record, event=None):
    r = client.call("GET", "/api/v1/notifications")
    if r.status != 200:
        return None
    return [i for i in r.json["items"] if i["record"] == record and
            (event is None or i["event"] == event)]


def run(checks):
    rep, w = checks.rep, checks.world
    today = amsterdam_today()
    users = {u["name"]: u for u in checks.users}
    r = checks.clients["coord"].call("POST", "/api/v1/users", LOW)
    rep.check("comments: the coordinator adds a low-clearance user of the owning ministry",
              r.status == 201, r.body[:300])
    users["cm-low"] = {"name": "cm-low", "role": "department", "org": "min-a",
                       "clearance": "public"}
    c = {}
    for name in NAMES:
        c[name] = checks.client()
        c[name].login(name, "pw-%s-0123456789" % name)
    live = [n for n in NAMES if c[n].token]
    rep.check("comments: the users of every role log in afresh",
              {"coord", "coord-int", "dep-a", "dep-b", "prov-x", "prov-y", "aud", "aud-conf",
               "cm-low"} <= set(live), live)
    coord = c["coord"]
    for kind, rec in records(today):
        r = coord.call("POST", "/api/v1/" + kind, rec)
        rep.check("comments: the coordinator makes %s %s" % (kind, rec["id"]),
                  r.status == 201, r.body[:300])
        w.records.setdefault(kind, {})[rec["id"]] = rec
    co = {"id": "co-cm-x", "analysis": "an-cm-pu", "provider": "prov-x", "status": "draft",
          "summary": "Bijdrage", "classification": "internal", "owner": "prov-x"}
    r = create(c["prov-x"], "contributions", co)  # the server makes its id
    rep.check("comments: prov-x writes a contribution", r.status == 201, r.body[:300])

    # --- role by route -------------------------------------------------------------------
    targets = [("analyses", "an-cm-co"), ("analyses", "an-cm-pu"), ("risks", "ri-cm-in"),
               ("measures", "me-cm-in")]
    bad = []
    for kind, rid in targets:
        rec = w.records[kind][rid]
        for name in live:
            u = users[name]
            seen = w.visible(u, kind, rec)
            path = "/api/v1/%s/%s/comments" % (kind, rid)
            r = c[name].call("GET", path)
            if r.status != (200 if seen else 404):
                bad.append("%s GET %s: %d, want %d" % (name, path, r.status, 200 if seen else 404))
            want = 404 if not seen else (403 if u["role"] == "auditor" else 201)
            r = c[name].call("POST", path, {"text": "Opmerking van %s" % name})
            if r.status != want:
                bad.append("%s POST %s: %d, want %d: %s" % (name, path, r.status, want,
                                                           r.body[:200]))
            elif want == 201 and (r.json["author"] != name or r.json["mentions"] != []):
                bad.append("%s POST %s: %s" % (name, path, r.body[:200]))
    rep.check("comments: role by route on analyses (confidential, public), a risk, a measure: "
              "read where the record is readable, else 404; written by all who read but the "
              "auditor (403)", not bad, "\n".join(bad))
    # the contribution: between the provider and the responsible ministry
    rows = {"coord": (200, 201), "dep-a": (200, 201), "prov-x": (200, 201), "aud": (200, 403),
            "dep-b": (404, 404), "prov-y": (404, 404), "aud-conf": (404, 404),
            "victim": (404, 404)}
    bad = []
    for name, (read, write) in rows.items():
        if name not in live:
            continue
        path = "/api/v1/contributions/%s/comments" % made("co-cm-x")
        r1 = c[name].call("GET", path)
        r2 = c[name].call("POST", path, {"text": "Over de bijdrage"})
        if (r1.status, r2.status) != (read, write):
            bad.append("%s: GET %d POST %d, want %d %d" % (name, r1.status, r2.status, read,
                                                          write))
    rep.check("comments: a contribution's thread: the provider, the ministry, the coordinator "
              "and auditor of the process; not another ministry or provider", not bad,
              "\n".join(bad))
    rep.expect_status("comments: without a session 401",
                      checks.client().call("GET", "/api/v1/analyses/an-cm-pu/comments"), 401)
    rep.expect_status("comments: a kind that takes none is no endpoint (404)",
                      coord.call("GET", "/api/v1/processes/pa1/comments"), 404)
    rep.expect_status("comments: a missing record is 404",
                      coord.call("POST", "/api/v1/analyses/an-none/comments", {"text": "x"}), 404)

    # --- bad input -----------------------------------------------------------------------
    path = "/api/v1/analyses/an-cm-pu/comments"
    for body, field in (({}, "text"), ({"text": 5}, "text"), ({"text": "  "}, "text"),
                        ({"text": "x" * 4001}, "text"), ({"text": "x", "colour": 1}, "colour")):
        rep.expect_status("comments: bad body %s is 400 naming %s" % (str(body)[:40], field),
                          c["dep-a"].call("POST", path, body), 400, "invalid", field)
    r = c["dep-a"].call("POST", path, {"text": "Zie @nobody-here"})
    rep.check("comments: mentioning who is no user is 400 comment_unknown_mention",
              r.status == 400 and r.json.get("message_id") == "comment_unknown_mention" and
              r.json.get("params", {}).get("name") == "nobody-here", r.body[:300])

    # --- audit ---------------------------------------------------------------------------
    before = checks.audit_entries()
    after_seq = before[-1]["seq"] if before else 0
    c["dep-a"].call("GET", "/api/v1/analyses/an-cm-co/comments")
    c["dep-a"].call("GET", "/api/v1/analyses/an-cm-pu/comments")
    r = c["dep-a"].call("POST", "/api/v1/analyses/an-cm-co/comments",
                        {"text": "Graag kijken @prov-x @dep-b @aud-conf @cm-low @aud @coord "
                                 "@coord-int"})
    rep.check("comments: mentions are the users named, in order",
              r.status == 201 and r.json["mentions"] == ["prov-x", "dep-b", "aud-conf",
                                                         "cm-low", "aud", "coord",
                                                         "coord-int"], r.body[:300])
    mention_id = r.json["id"] if r.status == 201 else 0
    new = [(e["actor"], e["action"], e["kind"], e["record"], e["detail"])
           for e in checks.audit_entries(after_seq)]
    rep.check("comments: reading a confidential thread is audited (a public one is not); a "
              "comment is audited",
              ("dep-a", "read", "analyses", "an-cm-co", "comments") in new and
              not [x for x in new if x[1] == "read" and x[3] == "an-cm-pu"] and
              ("dep-a", "comment", "analyses", "an-cm-co", "comment %d" % mention_id) in new,
              new)

    # --- notifications: a mention tells only who may read -----------------------------------
    bad = []
    for name in ("prov-x", "dep-b", "aud-conf", "cm-low", "coord-int", "prov-y", "victim"):
        if name in live:
            got = notified(c[name], "an-cm-co")
            if got != []:
                bad.append("%s: %s" % (name, got))
    rep.check("notifications: mentioned users who may not read the record hear nothing of it "
              "(provider, other ministry, auditor out of scope, low clearance)", not bad,
              "\n".join(bad))
    got = notified(coord, "an-cm-co", "mention")
    rep.check("notifications: the coordinator is told of the mention, without the title or "
              "text of the confidential record",
              got and got[0]["by"] == "dep-a" and got[0]["title"] is None and
              got[0]["text"] is None and got[0]["read"] is False, got)
    got = notified(c["aud"], "an-cm-co", "mention")
    rep.check("notifications: the auditor in scope is told of its mention", bool(got), got)
    r = c["prov-x"].call("POST", "/api/v1/analyses/an-cm-pu/comments",
                         {"text": "Vraag aan @dep-b en @dep-a"})
    rep.check("notifications: a provider mentions another ministry on a public analysis",
              r.status == 201, r.body[:200])
    rep.check("notifications: ... which the other ministry may not read: nothing for it",
              notified(c["dep-b"], "an-cm-pu") == [])
    got = notified(c["dep-a"], "an-cm-pu", "mention")
    rep.check("notifications: the owning ministry gets the mention, with the public text",
              got and got[0]["text"] == "Vraag aan @dep-b en @dep-a" and got[0]["by"] == "prov-x",
              got)
    got = notified(c["dep-a"], "an-cm-review", "approval")
    rep.check("notifications: an analysis in review asks the responsible ministry's approval",
              got and got[0]["id"].startswith("approval:analyses:an-cm-review:v"), got)
    bad = [n for n in ("dep-b", "prov-x", "prov-y", "aud") if n in live and
           notified(c[n], "an-cm-review", "approval")]
    rep.check("notifications: not another ministry's, a provider's or the auditor's to approve",
              not bad, bad)
    got = notified(c["dep-a"], "me-cm-in", "deadline_soon")
    rep.check("notifications: a measure due in 3 days tells the responsible ministry", got and
              got[0]["title"] == "Noodstroom", got)
    bad = [n for n in ("dep-b", "prov-x", "aud", "coord") if n in live and
           notified(c[n], "me-cm-in", "deadline_soon")]
    rep.check("notifications: ... and nobody else", not bad, bad)

    # --- read state ----------------------------------------------------------------------
    r = coord.call("GET", "/api/v1/notifications")
    unread = r.json["unread"]
    ids = [i["id"] for i in r.json["items"] if not i["read"]][:1]
    r = coord.call("POST", "/api/v1/notifications/read", {"ids": ids})
    rep.check("notifications: marking one read lowers the count by one",
              r.status == 200 and r.json["unread"] == unread - 1 and ids, (unread, r.body[:300]))
    r = coord.call("POST", "/api/v1/notifications/read", {"all": True})
    rep.check("notifications: marking all read", r.status == 200 and r.json["unread"] == 0 and
              all(i["read"] for i in r.json["items"]), r.body[:300])
    rep.check("notifications: read state is per user",
              c["dep-a"].call("GET", "/api/v1/notifications").json["unread"] > 0)
    for body, field in (({}, "ids"), ({"ids": "x"}, "ids"), ({"all": False}, "ids"),
                        ({"ids": [1]}, "ids"), ({"ids": [], "x": 1}, "x")):
        rep.expect_status("notifications: bad body %s is 400 naming %s" % (body, field),
                          coord.call("POST", "/api/v1/notifications/read", body), 400, "invalid",
                          field)

    # --- retraction ------------------------------------------------------------------------
    path = "/api/v1/analyses/an-cm-co/comments/%d/retract" % mention_id
    rep.expect_status("retract: not by another reader (403)",
                      coord.call("POST", path, {"note": "nee"}), 403, "forbidden")
    rep.expect_status("retract: hidden from another ministry (404)",
                      c["dep-b"].call("POST", path, {"note": "nee"}), 404)
    rep.expect_status("retract: a note is required (400)",
                      c["dep-a"].call("POST", path, {"note": " "}), 400, "invalid", "note")
    r = c["dep-a"].call("POST", path, {"note": "Verkeerde analyse"})
    item = [i for i in (r.json or {}).get("items", []) if i["id"] == mention_id]
    rep.check("retract: by its author; the text is no longer shown, the note is",
              r.status == 200 and item and item[0]["text"] is None and
              item[0]["retraction"] == "Verkeerde analyse", r.body[:300])
    rep.expect_status("retract: once (409)",
                      c["dep-a"].call("POST", path, {"note": "nog eens"}), 409, "conflict")
    rep.check("notifications: a retracted comment is no longer told",
              notified(c["aud"], "an-cm-co", "mention") == [])
