#!/usr/bin/env python3
"""approval_checks.py URL — four eyes over the API, on the demo database of
approval_test.sh with the users chief (coordinator), ezk-a and ezk-b
(departments of EZK, the ministry responsible for gas and internet data
services), ienw-dep (another ministry) and tso (a provider): a direct write
of status final is refused (400 naming the approval route), the author of a
version may not approve it (403), others than the responsible ministry or
the coordinator may not (403/404), approving lists the open points (409)
until they are acknowledged, a rejection sends the analysis back to draft
with its reason, the approval is kept on the record (who, when, comment)
and its fields are read-only, a final analysis is not changed while it stays
final, the coordinator may bring in an analysis that was final before
vitaal, and every decision is audited. Assessments (vitaalbeoordelingen)
and effectiveness reviews are held to the same four eyes, with their own
open points; an assessment counts only once approved. Prints "ok - ..." / "not ok - ..."."""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, all_audit, create, made  # noqa: E402

DRAFT = "an-gas-regionaal-2026"  # EZK, draft, confidential
REVIEW = "an-internet-datadiensten-2025"  # EZK, in review
ASSESSMENT = "as-internettoegang-2026-10-05"  # EZK, in review
REVIEW_OF_MEASURE = "rv-vulgraad-gasopslag-2026-11-24"  # EZK, in review


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    rep = Report()
    c = {}
    for name in ("chief", "ezk-a", "ezk-b", "ienw-dep", "tso"):
        c[name] = Client(url.hostname, url.port)
        c[name].login(name, "pw-%s-0123456789" % name)
    a, b, chief = c["ezk-a"], c["ezk-b"], c["chief"]
    path = "/api/v1/analyses/" + DRAFT

    def get():
        return a.call("GET", path).json

    def put(who, **change):
        rec = dict(get(), **change)
        return who.call("PUT", path, rec)

    # --- no direct write of final ------------------------------------------------------
    rep.expect_status("write: status final is refused, naming the approval route",
                      put(a, status="final", finalised="2026-12-01"), 400, None, "status")
    r = put(a, status="final", finalised="2026-12-01")
    rep.check("write: the refusal names the approval route and has a message id",
              "/approve" in r.json.get("message", "") and
              r.json.get("message_id") == "final_by_approval", r.body[:300])
    rep.expect_status("write: the approval fields are read-only",
                      put(a, approved_by="ezk-a"), 400, None, "approved_by")
    rep.expect_status("write: the author sends the draft for review", put(a, status="review"), 200)

    # --- who decides: asked first, without deciding ----------------------------------------
    pv = a.call("GET", path + "/approval")
    rep.check("preview: the author may not decide, and is told why (its own work)",
              pv.status == 200 and pv.json["may_decide"] is False and
              pv.json["reason"]["message_id"] == "approve_own_work", pv.body[:300])
    pv = b.call("GET", path + "/approval")
    rep.check("preview: the other ministry user may, and sees the open points",
              pv.status == 200 and pv.json["may_decide"] is True and pv.json["reason"] is None
              and pv.json["status"] == "review" and len(pv.json["open_points"]) > 0,
              pv.body[:300])
    preview_points = pv.json["open_points"]
    rep.expect_status("preview: another ministry's user gets 404",
                      c["ienw-dep"].call("GET", path + "/approval"), 404)
    rep.check("preview: asking wrote nothing", get()["status"] == "review")

    # --- who decides -------------------------------------------------------------------
    r = a.call("POST", path + "/approve", {"comment": "ok", "acknowledged": True})
    rep.check("four eyes: the author may not approve its own version (403)",
              r.status == 403 and r.json.get("message_id") == "approve_own_work", r.body[:300])
    for who in ("ienw-dep", "tso"):
        r = c[who].call("POST", path + "/approve", {"comment": "ok", "acknowledged": True})
        rep.check("four eyes: %s (not the responsible ministry, cannot read it) gets 404" % who,
                  r.status == 404, r.body[:300])
    rep.expect_status("approve: a comment is required", b.call("POST", path + "/approve", {}),
                      400, None, "comment")
    r = a.call("POST", path + "/approve", {})
    rep.check("approve: the author without a comment is told four eyes first (403)",
              r.status == 403 and r.json.get("message_id") == "approve_own_work", r.body[:300])
    rep.expect_status("approve: an unknown field is refused",
                      b.call("POST", path + "/approve", {"comment": "x", "colour": 1}), 400)
    r = b.call("POST", path + "/approve", {"comment": "ok"})
    pts = (r.json or {}).get("open_points")
    rep.check("approve: 409 with the open points until they are acknowledged",
              r.status == 409 and isinstance(pts, list) and len(pts) > 0 and
              all(p["type"] in ("topic_without_findings", "fallback_not_covered",
                                "risk_without_measure") and p["ref"] for p in pts),
              r.body[:500])
    rep.check("approve: refused, it changed nothing", get()["status"] == "review")
    rep.check("approve: the points refused are the points previewed", pts == preview_points,
              (pts, preview_points))

    # --- reject, revise, approve ------------------------------------------------------------
    r = b.call("POST", path + "/reject", {"comment": "Scenario's ontbreken."})
    rep.check("reject: back to draft with the reason",
              r.status == 200 and r.json["status"] == "draft" and
              r.json["rejection"] == "Scenario's ontbreken.", r.body[:300])
    rep.expect_status("reject: the author may not wipe the reason with a save",
                      put(a, rejection=None), 400, None, "rejection")
    r = b.call("POST", path + "/approve", {"comment": "ok", "acknowledged": True})
    pv = b.call("GET", path + "/approval")
    rep.check("preview: a draft is not decided on, and says so",
              pv.status == 200 and pv.json["may_decide"] is False and
              pv.json["reason"]["message_id"] == "approve_not_in_review" and
              pv.json["reason"]["params"]["status"] == "draft", pv.body[:300])
    rep.check("approve: a draft is not decided on (409)",
              r.status == 409 and r.json.get("message_id") == "approve_not_in_review",
              r.body[:300])
    rep.expect_status("the author revises and sends it for review again",
                      put(a, status="review", summary="Herzien met scenario's."), 200)
    r = b.call("POST", path + "/approve", {"comment": "Gewogen en akkoord.", "acknowledged": True})
    rec = r.json or {}
    rep.check("approve: the other ministry user approves: final, with who, when and why",
              r.status == 200 and rec["status"] == "final" and rec["approved_by"] == "ezk-b" and
              rec["approval_comment"] == "Gewogen en akkoord." and rec["approved_at"] and
              rec["finalised"] and rec["rejection"] is None, r.body[:400])
    rep.expect_status("final: a final analysis is not changed while it stays final",
                      put(a, summary="Stilletjes aangepast."), 400, None, "status")
    r = put(a, status="draft", finalised=None)
    rep.check("final: it may be reopened as a draft to revise; that clears the approval",
              r.status == 200 and r.json["status"] == "draft" and r.json["approved_by"] is None
              and r.json["approval_comment"] is None, r.body[:300])

    # --- the coordinator decides too; records final before vitaal --------------------------
    r = chief.call("POST", "/api/v1/analyses/%s/approve" % REVIEW,
                   {"comment": "Namens de coördinator.", "acknowledged": True})
    rep.check("the coordinator approves an analysis in review",
              r.status == 200 and r.json["approved_by"] == "chief", r.body[:300])
    old = {"id": "an-gas-regionaal-2017", "process": "gas-regionaal", "cycle_year": 2017,
           "kind": "regular", "status": "final", "started": "2017-02-01",
           "finalised": "2017-10-01", "classification": "confidential", "owner": "ezk"}
    rep.expect_status("import: a department may not bring in a final analysis",
                      create(a, "analyses", old), 400, None, "status")
    rep.expect_status("import: the coordinator may (records final before vitaal)",
                      chief.call("POST", "/api/v1/analyses", old), 201)

    # --- the vitaalbeoordeling and the toetsing: the same four eyes -------------------------
    ap = "/api/v1/assessments/" + ASSESSMENT
    for who, want in (("ienw-dep", 404), ("tso", 404)):
        rep.expect_status("assessment: %s (not of the responsible ministry) cannot decide (%d)"
                          % (who, want),
                          c[who].call("POST", ap + "/approve", {"comment": "ok"}), want)
    pv = a.call("GET", ap + "/approval")
    rep.check("assessment: the ministry's user may decide; no open points (all criteria "
              "estimated, the category the national list's)",
              pv.status == 200 and pv.json["may_decide"] is True and
              pv.json["open_points"] == [], pv.body[:300])
    before = b.call("POST", "/api/v1/assess", {"process": "internettoegang", "dry_run": True})
    rep.check("assessment: in review, it is not yet the process's vitaalbeoordeling",
              before.status == 200 and before.json["assessment"] == "as-internettoegang-2022",
              before.body[:300])
    r = a.call("POST", ap + "/reject", {"comment": "Onderbouwing van de cascade ontbreekt."})
    rep.check("assessment: a rejection sends it back to draft with its reason",
              r.status == 200 and r.json["status"] == "draft" and
              r.json["rejection"] == "Onderbouwing van de cascade ontbreekt.", r.body[:300])
    rec = dict(a.call("GET", ap).json, status="review",
               rationale="Cascade: alleen de digitale overheid valt uit, in één andere sector.")
    r = a.call("PUT", ap, rec)
    rec["version"] = (r.json or {}).get("version")
    rep.check("assessment: the author revises it and sends it for review again",
              r.status == 200 and r.json["status"] == "review", r.body[:300])
    r = a.call("POST", ap + "/approve", {"comment": "ok"})
    rep.check("assessment: the author of the revision may not approve it (403)",
              r.status == 403 and r.json.get("message_id") == "approve_own_work", r.body[:300])
    rep.expect_status("assessment: a direct write of final is refused (400 naming status)",
                      a.call("PUT", ap, dict(rec, status="final")), 400, None, "status")
    r = b.call("POST", ap + "/approve", {"comment": "Akkoord, categorie B."})
    after = b.call("POST", "/api/v1/assess", {"process": "internettoegang", "dry_run": True})
    rep.check("assessment: another person approves it: final, and now the process's "
              "vitaalbeoordeling",
              r.status == 200 and r.json["status"] == "final" and r.json["approved_by"] == "ezk-b"
              and after.status == 200 and after.json["assessment"] == ASSESSMENT,
              (r.body[:300], after.body[:200]))
    # an assessment whose category differs from the national list: an open point
    odd = {"id": "as-internettoegang-probe", "process": "internettoegang", "date": "2026-11-30",
           "assessor": "ezk-a", "category": "A", "impacts": {"casualties": 10},
           "status": "review", "classification": "internal", "owner": "ezk"}
    r = create(a, "assessments", odd)  # the id the server's
    pv = b.call("GET", "/api/v1/assessments/%s/approval" % made("as-internettoegang-probe"))
    types = sorted(p["type"] for p in (pv.json or {}).get("open_points", []))
    rep.check("assessment: open points: criteria without an estimate and a category other "
              "than the national list's",
              r.status == 201 and pv.status == 200 and
              types == ["category_differs_from_list"] + ["criterion_without_estimate"] * 4,
              pv.body[:400])
    rp = "/api/v1/reviews/" + REVIEW_OF_MEASURE
    rep.expect_status("review: another ministry cannot decide (404: not visible)",
                      c["ienw-dep"].call("POST", rp + "/approve", {"comment": "ok"}), 404)
    rep.expect_status("review: a direct write of final is refused (400 naming status)",
                      a.call("PUT", rp, dict(a.call("GET", rp).json, status="final")),
                      400, None, "status")
    r = b.call("POST", rp + "/approve", {"comment": "Toets nagelopen."})
    rep.check("review: the ministry approves the effectiveness review: final, with who and why",
              r.status == 200 and r.json["status"] == "final" and
              r.json["approved_by"] == "ezk-b" and r.json["approval_comment"] == "Toets nagelopen.",
              r.body[:300])

    # --- the audit log -------------------------------------------------------------------
    audit = all_audit(chief)
    mine = [(e["actor"], e["action"], e["record"]) for e in audit]
    rep.check("audit: the rejection and the approvals, by whom",
              ("ezk-b", "reject", DRAFT) in mine and ("ezk-b", "approve", DRAFT) in mine and
              ("chief", "approve", REVIEW) in mine, json.dumps(audit[-6:]))
    rep.check("audit: the coordinator's import says it was final before vitaal",
              any(e["action"] == "create" and e["record"] == "an-gas-regionaal-2017" and
                  "final before vitaal" in (e.get("detail") or "") for e in audit),
              json.dumps(audit[-3:]))
    sys.exit(0 if rep.failed == 0 else 1)


if __name__ == "__main__":
    main()
