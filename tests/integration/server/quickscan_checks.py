#!/usr/bin/env python3
"""quickscan_checks.py URL — POST /api/v1/events/{id}/quickscan on the demo
database of history_test.sh (users chief, ezk-dep, ienw-dep, tso): an event
the user may not read is 404; a user who may not write every quickscan the
event opens gets 403 and nothing is written; a dry run writes nothing; the
coordinator opens them (201), each audited, and a second call opens none
(200); the answer equals `vitaal quickscan --json`'s shape."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, all_audit  # noqa: E402


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    rep = Report()
    c = {}
    for name in ("chief", "ezk-dep", "tso"):
        c[name] = Client(url.hostname, url.port)
        c[name].login(name, "pw-%s-0123456789" % name)
    chief, ezk, tso = c["chief"], c["ezk-dep"], c["tso"]
    ev = {"id": "ev-test-storm", "name": "Zware storm", "occurred": "2026-11-30",
          "processes": ["internettoegang", "drinkwater"], "classification": "internal",
          "owner": "nctv"}
    rep.expect_status("fixture: the coordinator records an event", chief.call(
        "POST", "/api/v1/events", ev), 201)
    path = "/api/v1/events/ev-test-storm/quickscan"
    rep.expect_status("quickscan: a provider outside the event's processes gets 404",
                      tso.call("POST", path, {}), 404)
    rep.expect_status("quickscan: an unknown event is 404",
                      chief.call("POST", "/api/v1/events/nope/quickscan", {}), 404)
    rep.expect_status("quickscan: a bad body is 400 naming the field",
                      chief.call("POST", path, {"dry_run": "yes"}), 400, None, "dry_run")
    r = ezk.call("POST", path, {})
    rep.check("quickscan: a ministry that may not write every quickscan gets 403",
              r.status == 403, r.body[:300])
    r = ezk.call("POST", path, {"dry_run": True})
    rep.check("quickscan: a dry run says what would be opened (200)",
              r.status == 200 and r.json["dry_run"] is True and
              [i["created"] for i in r.json["items"]] == [True, True], r.body[:300])
    listed = chief.call("GET", "/api/v1/analyses?event=ev-test-storm").json["total"]
    rep.check("quickscan: the refusal and the dry run wrote nothing", listed == 0, listed)
    r = chief.call("POST", path, {})
    rep.check("quickscan: the coordinator opens both (201)",
              r.status == 201 and r.json["event"] == "ev-test-storm" and
              [(i["process"], i["created"]) for i in r.json["items"]] ==
              [("internettoegang", True), ("drinkwater", True)], r.body[:400])
    ids = [i["analysis"] for i in r.json["items"]]
    listed = chief.call("GET", "/api/v1/analyses?event=ev-test-storm").json["total"]
    rep.check("quickscan: the new analyses are listed at once (no cached page hides them)",
              listed == 2, listed)
    audit = all_audit(chief)
    rep.check("quickscan: each new analysis is audited, naming the event",
              all(any(e["action"] == "create" and e["record"] == a and
                      "quickscan ev-test-storm" in (e.get("detail") or "") for e in audit)
                  for a in ids), audit[-3:])
    h = chief.call("GET", "/api/v1/analyses/%s/history" % ids[0]).json
    rep.check("quickscan: the new analysis has its first version, by the coordinator via the API",
              h["versions"][0]["actor"] == "chief" and h["versions"][0]["via"] == "api", h)
    r = chief.call("POST", path, {})
    rep.check("quickscan: a second call opens none (200)",
              r.status == 200 and not any(i["created"] for i in r.json["items"]), r.body[:300])
    sys.exit(0 if rep.failed == 0 else 1)


if __name__ == "__main__":
    main()
