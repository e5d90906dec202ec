#!/usr/bin/env python3
"""history_checks.py URL VITAAL DB — the official record over the API, on the
demo database of history_test.sh with the users chief (coordinator, secret),
ezk-dep (department of EZK, confidential), ienw-dep (department of IenW,
secret) and tso (provider hoogspanningsnet-nl, secret):

- GET /api/v1/{kind}/{id}/history under the record's need-to-know (404 for a
  record the user may not read, as for an absent one), audited for a
  classified record, equal to `vitaal history --json`;
- a write through the API makes a version naming the user and "api", and the
  audit entry names the version; a delete keeps the last version; restore is
  for coordinators only (403 otherwise) and brings the record back;
- ?as_of=DATE on the routes that answer for a day: equal to the CLI's
  --as-of answer, 400 naming as_of for a bad or future date.
Prints "ok - ..." / "not ok - ..." lines; history_test.sh counts them."""
import json
import os
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, all_audit  # noqa: E402

AN = "an-elektriciteit-landelijk-2019"  # confidential, owned by EZK


def cli(vitaal, db, *args):
    out = subprocess.run([vitaal, "--db", db] + list(args), capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else None


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    vitaal, db = sys.argv[2], sys.argv[3]
    rep = Report()
    users = {}
    for name in ("chief", "ezk-dep", "ienw-dep", "tso"):
        users[name] = Client(url.hostname, url.port)
        users[name].login(name, "pw-%s-0123456789" % name)
    chief, ezk, ienw, tso = users["chief"], users["ezk-dep"], users["ienw-dep"], users["tso"]

    # --- reading the history -----------------------------------------------------
    r = chief.call("GET", "/api/v1/analyses/%s/history" % AN)
    rep.expect_status("history: the coordinator reads an analysis's versions", r, 200)
    want = cli(vitaal, db, "history", "analyses", AN, "--json")
    rep.check("history: the API's document equals `vitaal history --json`", r.json == want,
              "%s\n%s" % (r.body[:600], json.dumps(want)[:600]))
    r = ezk.call("GET", "/api/v1/analyses/%s/history" % AN)
    rep.expect_status("history: the owning ministry reads it", r, 200)
    rep.expect_status("history: another ministry's department may not (404, as if absent)",
                      ienw.call("GET", "/api/v1/analyses/%s/history" % AN), 404)
    rep.expect_status("history: a provider may not read the ministry's analysis history",
                      tso.call("GET", "/api/v1/analyses/%s/history" % AN), 404)
    rep.expect_status("history: an absent record is 404",
                      chief.call("GET", "/api/v1/analyses/nope/history"), 404)
    rep.expect_status("history: an unknown parameter is 400",
                      chief.call("GET", "/api/v1/analyses/%s/history?x=1" % AN), 400)
    audit = all_audit(chief)
    rep.check("history: reading a confidential history is audited, naming the reader",
              any(e["actor"] == "ezk-dep" and e["action"] == "read" and e["record"] == AN
                  and e.get("detail") == "history" for e in audit), json.dumps(audit[-5:]))

    # --- a write through the API makes a version -----------------------------------------
    got = chief.call("GET", "/api/v1/analyses/%s" % AN).json
    before = got["version"]
    got["summary"] = "Aangevuld door het ministerie."
    r = ezk.call("PUT", "/api/v1/analyses/%s" % AN, got)
    rep.expect_status("write: the ministry changes its analysis", r, 200)
    h = ezk.call("GET", "/api/v1/analyses/%s/history" % AN).json["versions"][0]
    rep.check("write: the new version names the user, the API and the changed field",
              h["version"] == before + 1 and h["actor"] == "ezk-dep" and h["via"] == "api"
              and [c["field"] for c in h["changes"]] == ["summary"], json.dumps(h))
    audit = all_audit(chief)
    rep.check("write: the audit entry names the version it made",
              any(e["action"] == "update" and e["record"] == AN
                  and e.get("detail") == "version %d" % (before + 1) for e in audit),
              json.dumps(audit[-3:]))
    same = ezk.call("GET", "/api/v1/analyses/%s" % AN).json
    r = ezk.call("PUT", "/api/v1/analyses/%s" % AN, same)
    rep.check("write: sending the record back unchanged makes no version",
              r.status == 200 and r.json["version"] == before + 1, r.body[:300])

    # --- delete keeps the last version; restore brings it back -------------------------
    rid = "rv-tso-satcom-2024-10-08"  # a confidential review of the TSO
    rev = chief.call("GET", "/api/v1/reviews/%s" % rid).json
    rep.expect_status("delete: the coordinator deletes a review",
                      chief.call("DELETE", "/api/v1/reviews/%s" % rid), 204)
    rep.expect_status("delete: the review is gone", chief.call("GET", "/api/v1/reviews/%s" % rid),
                      404)
    h = chief.call("GET", "/api/v1/reviews/%s/history" % rid)
    rep.check("delete: its history stays, the deletion a version of its own",
              h.status == 200 and h.json["versions"][0].get("deleted") is True
              and h.json["versions"][0]["op"] == "delete", h.body[:400])
    last = h.json["versions"][1]["version"]
    for who in (ezk, tso):
        rep.expect_status("restore: %s may not bring a version back (403)" % who.user["username"],
                          who.call("POST", "/api/v1/reviews/%s/restore" % rid,
                                   {"version": last}), 403)
    rep.expect_status("restore: a body without version is 400 naming it",
                      chief.call("POST", "/api/v1/reviews/%s/restore" % rid, {}), 400, None,
                      "version")
    rep.expect_status("restore: a version that does not exist is 404",
                      chief.call("POST", "/api/v1/reviews/%s/restore" % rid, {"version": 99}), 404)
    rep.expect_status("restore: the deletion itself cannot be brought back (400)",
                      chief.call("POST", "/api/v1/reviews/%s/restore" % rid,
                                 {"version": last + 1}), 400, None, "version")
    r = chief.call("POST", "/api/v1/reviews/%s/restore" % rid, {"version": last})
    rep.expect_status("restore: the coordinator brings the deleted review back", r, 200)
    back = chief.call("GET", "/api/v1/reviews/%s" % rid).json
    rep.check("restore: the review is as it was, at a new version",
              back is not None and back["version"] == last + 2
              and {k: v for k, v in back.items() if k != "version"}
              == {k: v for k, v in rev.items() if k != "version"}, json.dumps(back))
    audit = all_audit(chief)
    rep.check("restore: audited with both versions",
              any(e["action"] == "restore" and e["record"] == rid
                  and e.get("detail") == "version %d; from version %d" % (last + 2, last)
                  for e in audit), json.dumps(audit[-3:]))

    # --- point in time -------------------------------------------------------------------
    for path, args in (("/api/v1/status", ["status"]),
                       ("/api/v1/review-status", ["reviews"])):
        r = chief.call("GET", path + "?as_of=2020-01-01")
        want = cli(vitaal, db, *(args + ["--as-of", "2020-01-01", "--json"]))
        rep.expect_status("as_of: %s answers for a past day" % path, r, 200)
        if path == "/api/v1/status":
            rep.check("as_of: /status equals `vitaal status --as-of --json`", r.json == want,
                      "%s\n%s" % (r.body[:400], json.dumps(want)[:400]))
        rep.check("as_of: %s computes the clock for that day" % path,
                  r.json.get("today") == "2020-01-01", r.body[:200])
    r = chief.call("GET", "/api/v1/analyses/%s?as_of=2019-06-01" % AN)
    rep.check("as_of: a record as it stood then (a draft in June 2019)",
              r.status == 200 and r.json["status"] == "draft" and r.json["finalised"] is None,
              r.body[:300])
    r = chief.call("GET", "/api/v1/analyses?as_of=2016-01-01")
    rep.check("as_of: a list holds only what existed then (no analyses in 2016)",
              r.status == 200 and r.json["total"] == 0, r.body[:300])
    r = ienw.call("GET", "/api/v1/analyses/%s?as_of=2020-01-01" % AN)
    rep.expect_status("as_of: need-to-know holds in the past too (404 for another ministry)", r,
                      404)
    before = len(all_audit(chief))
    for path in ("/api/v1/fallback-need", "/api/v1/incident-deadlines", "/api/v1/risk-picture",
                 "/api/v1/framework-coverage"):
        rep.expect_status("as_of: %s answers for a past day" % path,
                          ezk.call("GET", path + "?as_of=2024-06-01"), 200)
    # the classified records a past picture shows are read now: logged in
    # the live database (the snapshot they were read from is thrown away)
    details = [e.get("detail") for e in all_audit(chief)[before:]
               if e["action"] == "read" and e["actor"] == "ezk-dep"]
    rep.check("as_of: the past risk picture audits its classified reads in the live log",
              "risk-picture" in details, json.dumps(details[:5]))
    rep.expect_status("as_of: a bad date is 400 naming as_of",
                      chief.call("GET", "/api/v1/status?as_of=2024-02-30"), 400, None, "as_of")
    rep.expect_status("as_of: a day in the future is 400 naming as_of",
                      chief.call("GET", "/api/v1/status?as_of=2999-01-01"), 400, None, "as_of")
    rep.expect_status("as_of: the old today parameter is gone (400)",
                      chief.call("GET", "/api/v1/status?today=2020-01-01"), 400)
    rep.expect_status("as_of: not on a route that writes",
                      chief.call("GET", "/api/v1/audit?as_of=2020-01-01"), 400)
    sys.exit(0 if rep.failed == 0 else 1)


if __name__ == "__main__":
    main()
