#!/usr/bin/env python3
"""contribution_checks.py URL — providers contribute, ministries decide, over
the API, on the demo database of contribution_test.sh with the users chief
(coordinator), ienw-a (department of IenW, the ministry responsible for
aviation), ezk-a (another ministry), airport (provider of aviation), pernisse
(provider of other processes) and aud (auditor of aviation): the provider
writes its own contribution to the ministry's analysis without reading the
analysis, proposes risks and submits; a submitted contribution is frozen;
the decision fields and status processed are not written; who reads a
contribution, and who may adopt or decline (role by route); adopting makes a
risk of the analysis, declining needs a reason, the last decision processes
the contribution; every decision is audited; and a provider never finalises
an analysis. Prints "ok - ..." / "not ok - ..."."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, all_audit, create, made  # noqa: E402

ANALYSIS = "an-luchtvaart-2025"  # IenW, in review, confidential
CO = "co-api-airport"
USERS = ("chief", "ienw-a", "ezk-a", "airport", "pernisse", "aud")


def contribution(**change):
    rec = {"id": CO, "analysis": ANALYSIS, "provider": "luchthaven-polderveld",
           "status": "draft", "summary": "Bijdrage van de luchthaven",
           "findings": {"business_continuity": "Noodstroom voor 48 uur op de terminals."},
           "classification": "confidential", "owner": "luchthaven-polderveld"}
    rec.update(change)
    return rec


def proposal(rid, **change):
    rec = {"id": rid, "contribution": made(CO), "threat": "cybersabotage",
           "scenario": "Aanval op de bagageafhandeling (%s)" % rid, "likelihood": "C",
           "impacts": {"3.1": "C"}, "classification": "confidential",
           "owner": "luchthaven-polderveld"}
    rec.update(change)
    return rec


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    rep = Report()
    c = {}
    for name in USERS:
        c[name] = Client(url.hostname, url.port)
        c[name].login(name, "pw-%s-0123456789" % name)
    airport, ienw, chief = c["airport"], c["ienw-a"], c["chief"]

    # --- the provider writes its own, without reading the analysis ----------------------
    rep.expect_status("provider: the ministry's analysis is hidden from it",
                      airport.call("GET", "/api/v1/analyses/" + ANALYSIS), 404)
    rep.expect_status("provider: status processed is not written",
                      create(airport, "contributions", contribution(status="processed")), 400, "invalid", "status")
    rep.expect_status("provider: not in another provider's name",
                      create(airport, "contributions", contribution(provider="raffinaderij-pernisse",
                                                owner="raffinaderij-pernisse")), 403)
    rep.expect_status("provider of another process: that analysis is unknown to it (400)",
                      create(c["pernisse"], "contributions",
                                         contribution(id="co-pernisse",
                                                      provider="raffinaderij-pernisse",
                                                      owner="raffinaderij-pernisse")),
                      400, "invalid", "analysis")
    rep.expect_status("department: a ministry does not write a provider's contribution (403)",
                      create(ienw, "contributions", contribution(id="co-ienw")), 403)
    r = create(airport, "contributions", contribution())  # the server makes its id
    co_path = "/api/v1/contributions/" + made(CO)
    rep.check("provider: writes its contribution to the ministry's analysis (201)",
              r.status == 201 and r.json["status"] == "draft" and r.json["submitted_by"] is None,
              r.body[:300])
    for rid in ("pr-api-1", "pr-api-2", "pr-api-3"):
        rep.expect_status("provider: proposes a risk (%s)" % rid,
                          create(airport, "proposed_risks", proposal(rid)), 201)
    rep.expect_status("provider: a decision is not written",
                      create(airport, "proposed_risks", proposal("pr-api-x", decision="adopted", risk="r-x")),
                      400, "invalid")
    rep.expect_status("department: does not write proposed risks (403)",
                      create(ienw, "proposed_risks", proposal("pr-api-y")), 403)
    rep.expect_status("decide: a draft is not decided on (409)",
                      ienw.call("POST", co_path + "/adopt", {"risk": made("pr-api-1")}), 409, "conflict")

    # --- submitting ----------------------------------------------------------------------
    cur = airport.call("GET", co_path).json
    r = airport.call("PUT", co_path, dict(cur, status="submitted", submitted_by="forged"))
    rep.check("provider: submits; who and when are the server's",
              r.status == 200 and r.json["status"] == "submitted" and
              r.json["submitted_by"] == "airport" and r.json["submitted_at"], r.body[:300])
    cur = airport.call("GET", co_path).json
    rep.expect_status("submitted: the contribution is frozen (409)",
                      airport.call("PUT", co_path, dict(cur, summary="anders")), 409, "conflict")
    rep.expect_status("submitted: no proposed risk is added (409)",
                      create(airport, "proposed_risks", proposal("pr-api-4")),
                      409, "conflict")
    rep.expect_status("submitted: no proposed risk is deleted (409)",
                      airport.call("DELETE", "/api/v1/proposed_risks/" + made("pr-api-3")), 409, "conflict")

    # --- who reads ------------------------------------------------------------------------
    want = {"chief": 200, "ienw-a": 200, "aud": 200, "airport": 200, "ezk-a": 404,
            "pernisse": 404}
    bad = []
    for who, status in sorted(want.items()):
        for path in (co_path, "/api/v1/proposed_risks/" + made("pr-api-1")):
            r = c[who].call("GET", path)
            if r.status != status:
                bad.append("%s GET %s: %d, want %d" % (who, path, r.status, status))
        listed = c[who].call("GET", "/api/v1/contributions?analysis=" + ANALYSIS).json
        ids = {x["id"] for x in listed["items"]} if isinstance(listed, dict) else set()
        if (made(CO) in ids) != (status == 200):
            bad.append("%s: list holds it: %s" % (who, made(CO) in ids))
    rep.check("read: the provider its own, the ministry, coordinator and auditor of the "
              "process; not another ministry or provider", not bad, "\n".join(bad))

    # --- who decides: role by route ------------------------------------------------------------
    rows = [("airport", 403), ("pernisse", 404), ("ezk-a", 404), ("aud", 403)]
    bad = []
    for who, status in rows:
        for verb, body in (("adopt", {"risk": made("pr-api-1")}),
                           ("decline", {"risk": made("pr-api-3"), "reason": "nee"})):
            r = c[who].call("POST", co_path + "/" + verb, body)
            if r.status != status:
                bad.append("%s %s: %d, want %d: %s" % (who, verb, r.status, status, r.body[:200]))
    rep.check("decide: not the provider (of this or another process), not another ministry, "
              "not the auditor", not bad, "\n".join(bad))
    for body, field in (({}, "risk"), ({"risk": 1}, "risk"), ({"risk": made("pr-api-1"), "x": 1}, "x"),
                        ({"risk": made("pr-api-3")}, "reason")):
        verb = "decline" if field == "reason" else "adopt"
        rep.expect_status("decide: bad body %s is 400 naming %s" % (body, field),
                          ienw.call("POST", co_path + "/" + verb, body), 400, "invalid", field)
    rep.expect_status("decide: a proposed risk of another contribution is 404",
                      ienw.call("POST", co_path + "/adopt", {"risk": "pr-airport-2"}), 404)

    r = ienw.call("POST", co_path + "/adopt", {"risk": made("pr-api-1"), "comment": "Overgenomen."})
    rep.check("adopt: the responsible ministry adopts (200, the risk it became)",
              r.status == 200 and r.json["decision"] == "adopted" and
              r.json["risk"] == made("pr-api-1") and r.json["decided_by"] == "ienw-a", r.body[:300])
    r = ienw.call("GET", "/api/v1/risks/" + made("pr-api-1"))
    rep.check("adopt: a risk of the ministry's analysis, the ministry's",
              r.status == 200 and r.json["analysis"] == ANALYSIS and r.json["owner"] == "ienw",
              r.body[:300])
    rep.expect_status("adopt: the provider does not read the ministry's risk",
                      airport.call("GET", "/api/v1/risks/" + made("pr-api-1")), 404)
    rep.expect_status("adopt: decided once (409)",
                      ienw.call("POST", co_path + "/decline", {"risk": made("pr-api-1"), "reason": "x"}),
                      409, "conflict")
    r = chief.call("POST", co_path + "/adopt", {"risk": made("pr-api-2"), "risk_id": "r-luchtvaart-api"})
    rep.check("adopt: the coordinator, under an id of its choosing",
              r.status == 200 and r.json["risk"] == "r-luchtvaart-api", r.body[:300])
    r = ienw.call("POST", co_path + "/decline", {"risk": made("pr-api-3"), "reason": "Valt buiten."})
    rep.check("decline: with the reason", r.status == 200 and r.json["decision"] == "declined" and
              r.json["reason"] == "Valt buiten." and r.json["risk"] is None, r.body[:300])
    rep.check("the last decision processes the contribution",
              airport.call("GET", co_path).json["status"] == "processed")
    entries = all_audit(chief)
    seen = {(e["actor"], e["action"], e["kind"], e["record"]) for e in entries}
    rep.check("audit: every decision, and the risks adopted",
              {("ienw-a", "adopt", "proposed_risks", made("pr-api-1")),
               ("ienw-a", "create", "risks", made("pr-api-1")),
               ("chief", "adopt", "proposed_risks", made("pr-api-2")),
               ("chief", "create", "risks", "r-luchtvaart-api"),
               ("ienw-a", "decline", "proposed_risks", made("pr-api-3"))} <= seen,
              sorted(x for x in seen if x[2] in ("proposed_risks", "risks")))

    # --- a provider never finalises an analysis ----------------------------------------------
    own = {"id": "an-airport-own", "process": "luchtvaart", "cycle_year": 2026,
           "kind": "regular", "status": "final", "started": "2026-01-05",
           "finalised": "2026-02-01", "classification": "internal",
           "owner": "luchthaven-polderveld"}
    r = create(airport, "analyses", own)
    rep.check("provider: an analysis is not written final (400 naming the approval route)",
              r.status == 400 and r.json.get("message_id") == "final_by_approval", r.body[:300])
    own.update(status="review", finalised=None)
    rep.expect_status("provider: its own draft goes to review",
                      create(airport, "analyses", own), 201)
    r = airport.call("POST", "/api/v1/analyses/%s/approve" % made("an-airport-own"),
                     {"comment": "ok", "acknowledged": True})
    rep.check("provider: does not approve an analysis (403, not the ministry)",
              r.status == 403 and r.json.get("message_id") == "approve_not_ministry",
              r.body[:300])
    sys.exit(0 if rep.failed == 0 else 1)


if __name__ == "__main__":
    main()
