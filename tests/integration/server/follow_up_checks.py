"""follow_up_checks.py — issue 10 parts 8 and 9 over HTTP, called by
checks.py after the matrices: a measure's derived follow-up (overdue,
adjustment_due, follow_up) in GET one / GET list / PUT answers, a client
sending those read-only keys back is not refused and they are not stored,
a (partly) ineffective review without adjustment or follow_up is 400 naming
the field, a review counts only once another person approved it (four
eyes), a later review clears the adjustment due, GET /status counts
overdue and adjustment-due measures per process, and its CER section shows
a critical entity to exactly the users who may read the provider link its
dates are on (role by route)."""
import calendar
import datetime
import os

DERIVED = ("overdue", "adjustment_due", "follow_up")



def add_months(day, months):
    """The same day of the month, clamped to a shorter month's last (as vitaal)."""
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def amsterdam_today():
    """Today in the Netherlands (the server's calendar): UTC+1, +2 in summer."""
    now = datetime.datetime.now(datetime.timezone.utc)
    fixed = os.environ.get("VITAAL_NOW")
    if fixed:
        now = datetime.datetime.fromisoformat(fixed.replace("Z", "+00:00"))
    y = now.year
    def last_sunday(month):
        d = datetime.date(y, month, 31)
        return d - datetime.timedelta(days=(d.weekday() + 1) % 7)
    start = datetime.datetime.combine(last_sunday(3), datetime.time(1), datetime.timezone.utc)
    end = datetime.datetime.combine(last_sunday(10), datetime.time(1), datetime.timezone.utc)
    return (now + datetime.timedelta(hours=2 if start <= now < end else 1)).date()

def stored_part(r):
    """A measure answer without its version and derived keys."""
    return {k: v for k, v in r.items() if k != "version" and k not in DERIVED}


def run(checks):
    rep, w = checks.rep, checks.world
    dep, coord = checks.clients["dep-a"], checks.clients["coord"]
    today = datetime.date.today().isoformat()

    # a department leaves the id out: the server makes it (domain/record_id.h)
    measure = {"name": "follow-up probe", "kind": "stockpile",
               "scope": "sectoral", "processes": ["pa1"], "due": "2020-01-01",
               "status": "in_progress", "classification": "public", "owner": "min-a"}
    r = dep.call("POST", "/api/v1/measures", measure)
    me = (r.json or {}).get("id", "me-fu")
    rep.check("follow-up: a measure past its due date, in progress, is overdue in the answer",
              r.status == 201 and r.json["overdue"] is True and
              r.json["adjustment_due"] is False and r.json["follow_up"] is None, r.body[:300])
    r = dep.call("GET", "/api/v1/measures?processes=pa1&limit=1000")
    item = next((i for i in (r.json or {}).get("items", []) if i["id"] == me), None)
    rep.check("follow-up: the list answers every measure with its derived keys",
              r.status == 200 and item is not None and item["overdue"] is True and
              all(set(DERIVED) <= set(i) for i in r.json["items"]), r.body[:300])

    review = {"measure": me, "date": "2024-05-01", "method": "exercise",
              "result": "partly_effective", "classification": "public", "owner": "min-a"}
    rep.expect_status("follow-up: a partly effective review without adjustment is 400 naming it",
                      dep.call("POST", "/api/v1/reviews", review), 400, "invalid", "adjustment")
    review["adjustment"] = "more stock"
    rep.expect_status("follow-up: ... and without follow_up, 400 naming follow_up",
                      dep.call("POST", "/api/v1/reviews", review), 400, "invalid", "follow_up")
    rep.expect_status("follow-up: an ineffective one too",
                      dep.call("POST", "/api/v1/reviews", dict(review, result="ineffective")),
                      400, "invalid", "follow_up")
    review["follow_up"] = "2024-11-01"
    review["status"] = "review"
    review["findings"] = "the stock ran out after six hours"
    r = dep.call("POST", "/api/v1/reviews", review)
    rv1 = (r.json or {}).get("id", "rv-fu-1")
    rep.check("follow-up: with adjustment and follow_up the review is stored",
              r.status == 201 and r.json["follow_up"] == "2024-11-01", r.body[:300])
    r = dep.call("GET", "/api/v1/measures/" + me)
    rep.check("four eyes: a review in review does not count yet",
              r.status == 200 and r.json["adjustment_due"] is False, r.body[:300])
    r = dep.call("POST", "/api/v1/reviews/%s/approve" % rv1,
                 {"comment": "ok", "acknowledged": True})
    rep.check("four eyes: the review's author does not approve it (403)",
              r.status == 403 and r.json.get("message_id") == "approve_own_work", r.body[:300])
    r = coord.call("POST", "/api/v1/reviews/%s/approve" % rv1, {"comment": "nagelopen"})
    rep.check("four eyes: the coordinator approves it (findings given: no open points)",
              r.status == 200 and r.json["status"] == "final" and
              r.json["approved_by"] == "coord", r.body[:300])
    r = dep.call("GET", "/api/v1/measures/" + me)
    rep.check("follow-up: the measure now stands at adjustment due with the follow-up date",
              r.status == 200 and r.json["adjustment_due"] is True and
              r.json["follow_up"] == "2024-11-01" and r.json["overdue"] is True, r.body[:300])

    # a client sends back what it read, derived keys and all
    body = dict(r.json, name="follow-up probe, renamed")
    r = dep.call("PUT", "/api/v1/measures/" + me, body)
    rep.check("follow-up: PUT with the read-only keys sent back is 200, not refused",
              r.status == 200 and r.json["name"] == "follow-up probe, renamed" and
              r.json["adjustment_due"] is True, r.body[:300])
    body = dict(r.json, overdue=False, adjustment_due=False, follow_up="2099-01-01")
    r = dep.call("PUT", "/api/v1/measures/" + me, body)
    rep.check("follow-up: the read-only keys are never stored: the answer is still derived",
              r.status == 200 and r.json["overdue"] is True and
              r.json["adjustment_due"] is True and r.json["follow_up"] == "2024-11-01",
              r.body[:300])

    r = dep.call("GET", "/api/v1/status")
    pa1 = next((p for p in (r.json or {}).get("processes", []) if p["id"] == "pa1"), {})
    rep.check("status: pa1 counts its overdue and adjustment-due measures",
              r.status == 200 and pa1.get("overdue_measures", 0) >= 1 and
              pa1.get("adjustment_due_measures", 0) >= 1 and "regimes" in pa1, r.body[:300])

    later = {"measure": me, "date": min(today, "2025-01-10"),
             "method": "test", "result": "effective", "classification": "public",
             "owner": "min-a", "status": "review"}
    r = dep.call("POST", "/api/v1/reviews", later)
    rv2 = (r.json or {}).get("id", "rv-fu-2")
    a = coord.call("POST", "/api/v1/reviews/%s/approve" % rv2, {"comment": "ok"})
    b = coord.call("POST", "/api/v1/reviews/%s/approve" % rv2,
                   {"comment": "ok", "acknowledged": True})
    rep.check("four eyes: a review without findings is approved once that is acknowledged",
              a.status == 409 and [p["type"] for p in a.json["open_points"]] ==
              ["review_without_findings"] and b.status == 200, (a.body[:300], b.body[:300]))
    m = dep.call("GET", "/api/v1/measures/" + me)
    rep.check("follow-up: an effective review after it clears the adjustment due",
              r.status == 201 and m.status == 200 and m.json["adjustment_due"] is False and
              m.json["follow_up"] is None, (r.body[:200], m.body[:200]))
    r = dep.call("PUT", "/api/v1/measures/" + me, dict(m.json, status="done"))
    rep.check("follow-up: a done measure is not overdue",
              r.status == 200 and r.json["overdue"] is False, r.body[:300])
    for rid in (rv2, rv1):
        dep.call("DELETE", "/api/v1/reviews/" + rid)
    dep.call("DELETE", "/api/v1/measures/" + me)

    # --- CER dates on a provider link, and who sees the entity in /status
    link = {"id": "lfu-pa1", "provider": "prov-x", "process": "pa1", "nis2_entity": "essential",
            "cer_critical": False, "cer_identified": "2026-01-20",
            "classification": "internal", "owner": "prov-x"}
    rep.expect_status("cer: dates on a link that is no critical entity are 400 naming the date",
                      coord.call("POST", "/api/v1/provider_links", link), 400, "invalid",
                      "cer_identified")
    # dates relative to the server's today (the Amsterdam day), so the entity
    # stands between its risk assessment (due yesterday) and Chapter III (in
    # about a month) whatever day the tests run
    today = amsterdam_today()
    notified = add_months(today, -9) - datetime.timedelta(days=1)
    link["cer_identified"] = (notified - datetime.timedelta(days=20)).isoformat()
    link.update(cer_critical=True, cer_notified=(notified - datetime.timedelta(days=30)).isoformat())
    rep.expect_status("cer: a notification before the identification is 400 naming it",
                      coord.call("POST", "/api/v1/provider_links", link), 400, "invalid",
                      "cer_notified")
    link["cer_notified"] = notified.isoformat()
    r = coord.call("POST", "/api/v1/provider_links", link)
    rep.check("cer: a critical entity's link with its dates is stored",
              r.status == 201 and r.json["cer_notified"] == notified.isoformat(), r.body[:300])
    bad = []
    for u in checks.users:
        r = checks.clients[u["name"]].call("GET", "/api/v1/status")
        if r.status == 401:
            continue  # disabled earlier by the cache checks
        ents = {e["provider"]: e for e in (r.json or {}).get("cer", {}).get("entities", [])}
        want = w.visible(u, "provider_links", link)
        if r.status != 200 or ("prov-x" in ents) != want:
            bad.append("%s: %d, prov-x shown %s, want %s" % (u["name"], r.status,
                                                           "prov-x" in ents, want))
        elif want and (ents["prov-x"]["risk_assessment_due"] !=
                       add_months(notified, 9).isoformat() or
                       ents["prov-x"]["chapter3_applies"] != add_months(notified, 10).isoformat() or
                       ents["prov-x"]["step"] != "chapter3_coming"):
            bad.append("%s: %s" % (u["name"], ents["prov-x"]))
    rep.check("cer: /status shows the critical entity with its clock to exactly the users who "
              "may read its provider link", not bad, "\n".join(bad))
    r = coord.call("GET", "/api/v1/status")
    pa1 = next((p for p in (r.json or {}).get("processes", []) if p["id"] == "pa1"), {})
    rep.check("cer: pa1 (sector under no directive) falls under NIS2+CER through its entity",
              pa1.get("regimes") == "NIS2+CER" and pa1.get("cer_nis2") is True, pa1)
    coord.call("DELETE", "/api/v1/provider_links/lfu-pa1")
