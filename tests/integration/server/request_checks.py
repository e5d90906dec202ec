"""request_checks.py — requests for information (uitvraag, issue 12 part 2)
over HTTP, called by checks.py after the reports, on the fixture: pa1 is
min-a's process, provided by prov-x and (a link added here, taken away at
the end) prov-y. min-a (dep-a) sends a confidential request to prov-x only;
then route by role for GET, POST /requests, POST .../answers and POST
.../close: the coordinator, the ministry of the process, another ministry
(dep-b), the addressed provider (prov-x), a provider of the process not
addressed (prov-y, 404 whatever the classification), an auditor in scope
(aud) and out of scope (aud-conf), too low a clearance (coord-int); the
recipients must be providers of the process; questions as a list; a draft
answer is not an answer yet (open, listed to its provider only), a submitted one is frozen and the ministry
sees it answered; a provider sees no other recipient; overdue; closing; the
audit log holds every write and the confidential reads. The exchange
around a request (exchange_checks): who is notified of it (never prov-y),
its sharing (never to a provider it is not sent to; a ministry it is shared
with reads it), its comment thread and its attachments by role."""
import urllib.parse

from api import all_audit, create, made

PROCESS = "pa1"
LINK = "ly-pa1-req"
R1 = "rq-pa1-one"


def password(name):
    return "pw-%s-0123456789" % name


def request(rid, **change):
    rec = {"id": rid, "title": "Uitvraag weerbaarheid pa1", "process": PROCESS,
           "to": ["prov-x"], "due": "2099-12-31", "analysis": "an-pa1-co-m",
           "questions": ["Welke dreigingen ziet u?", "Welke maatregelen neemt u?"],
           "classification": "confidential", "owner": "min-a"}
    rec.update(change)
    return {k: v for k, v in rec.items() if v is not None}


def run(checks):
    rep = checks.rep
    names = ("coord", "coord-int", "dep-a", "dep-b", "prov-x", "prov-y", "aud", "aud-conf")
    c = {}
    for name in names:
        c[name] = checks.client()
        c[name].login(name, password(name))
    coord, dep_a, prov_x, prov_y = c["coord"], c["dep-a"], c["prov-x"], c["prov-y"]

    rep.expect_status("requests: a second provider of pa1 (prov-y) for the checks",
                      coord.call("POST", "/api/v1/provider_links",
                                 {"id": LINK, "provider": "prov-y", "process": PROCESS,
                                  "classification": "internal", "owner": "min-a"}), 201)

    # --- sending: the rules -----------------------------------------------------------------
    r = create(dep_a, "requests", request("rq-bad", to=["min-b"]))
    rep.check("requests: a recipient that does not provide the process is 400 "
              "request_not_provider at to[0]",
              r.status == 400 and r.json.get("message_id") == "request_not_provider" and
              r.json.get("field") == "to[0]", r.body[:300])
    r = create(dep_a, "requests", request("rq-bad", questions=["a\nb"]))
    rep.check("requests: a question of two lines is 400 request_question_line",
              r.status == 400 and r.json.get("message_id") == "request_question_line",
              r.body[:300])
    r = create(dep_a, "requests", request("rq-bad", questions=[]))
    rep.check("requests: no question and no framework is 400 request_no_questions",
              r.status == 400 and r.json.get("message_id") == "request_no_questions",
              r.body[:300])
    r = create(dep_a, "requests", request("rq-bad", analysis="an-pb1-co-m"))
    rep.check("requests: an analysis of another process is 400 (unknown to min-a, or "
              "request_analysis_process)", r.status == 400, r.body[:300])
    r = create(dep_a, "requests", request(R1))
    r1 = made(R1)  # the server numbers it: REQ-<year>-<nnn>
    rep.check("requests: the ministry sends (201): questions stored one a line, sent_by the "
              "server's",
              r.status == 201 and r.json["questions"] == "Welke dreigingen ziet u?\n"
              "Welke maatregelen neemt u?" and r.json["sent_by"] == "dep-a" and
              r.json["status"] == "open", r.body[:300])
    body = request(None, analysis=None, title="Zonder id", classification="internal")
    r = coord.call("POST", "/api/v1/requests", body)
    rep.check("requests: without an id the server gives REQ-YEAR-NNN (201, Location)",
              r.status == 201 and r.json["id"].startswith("REQ-") and
              r.headers.get("location") == "/api/v1/requests/" + r.json["id"], r.body[:300])
    auto = r.json["id"] if r.status == 201 else "REQ-none"

    # --- who sends: role by route -------------------------------------------------------------
    # hidden is unknown, as everywhere: pa1 is not dep-b's nor aud-conf's (400 naming process)
    want = {"coord": 201, "dep-a": 201, "dep-b": 400, "prov-x": 403, "prov-y": 403, "aud": 403,
            "aud-conf": 400, "coord-int": 403}
    bad = []
    for who, status in sorted(want.items()):
        r = create(c[who], "requests", request("rq-by-" + who, analysis=None))
        if r.status != status or (status == 400 and r.json.get("field") != "process"):
            bad.append("%s: %d, want %d: %s" % (who, r.status, status, r.body[:200]))
        if who.startswith("prov") and r.json and r.json.get("message_id") != \
                "request_provider_answers":
            bad.append("%s: message %s, want request_provider_answers" % (who, r.json))
    rep.check("requests: POST /requests: the ministry of the process and the coordinator; "
              "not another ministry, a provider, an auditor, nor above one's clearance",
              not bad, "\n".join(bad))

    # --- who reads --------------------------------------------------------------------------
    want = {"coord": 200, "dep-a": 200, "dep-b": 404, "prov-x": 200, "prov-y": 404, "aud": 200,
            "aud-conf": 404, "coord-int": 404}
    bad = []
    for who, status in sorted(want.items()):
        r = c[who].call("GET", "/api/v1/requests/" + r1)
        if r.status != status:
            bad.append("%s GET: %d, want %d" % (who, r.status, status))
        listed = c[who].call("GET", "/api/v1/requests?process=" + PROCESS).json
        ids = {x["id"] for x in listed["items"]} if isinstance(listed, dict) else set()
        if (r1 in ids) != (status == 200):
            bad.append("%s: list holds it: %s" % (who, r1 in ids))
    rep.check("requests: GET: the sender's ministry, coordinator, auditor in scope and the "
              "addressed provider; not another ministry, a provider not addressed, an auditor "
              "out of scope, too low a clearance", not bad, "\n".join(bad))
    r = coord.call("PUT", "/api/v1/requests/" + r1,
                   dict(request(r1, to=["prov-x", "prov-y"]),
                        version=coord.call("GET", "/api/v1/requests/" + r1).json["version"]))
    rep.check("requests: the coordinator adds prov-y as recipient", r.status == 200, r.body[:300])
    rep.expect_status("requests: prov-y, addressed but cleared to internal only, does not read "
                      "the confidential request (404)",
                      prov_y.call("GET", "/api/v1/requests/" + r1), 404)
    r = prov_x.call("GET", "/api/v1/requests/" + r1)
    rep.check("requests: a provider sees only itself as recipient (to, recipients)",
              r.status == 200 and r.json["to"] == ["prov-x"] and
              [x["provider"] for x in r.json["recipients"]] == ["prov-x"], r.body[:400])
    r = prov_x.call("GET", "/api/v1/requests/%s/history" % r1)
    rep.check("requests: ... nor in the request's history",
              r.status == 200 and "prov-y" not in r.body and len(r.json["versions"]) == 2,
              r.body[:400])
    r = dep_a.call("GET", "/api/v1/requests/%s/history" % r1)
    rep.check("requests: the ministry's history names the recipient added",
              r.status == 200 and "prov-y" in r.body, r.body[:400])
    listed = prov_x.call("GET", "/api/v1/requests?process=" + PROCESS).json
    rep.check("requests: ... in the list too",
              all(x["to"] == ["prov-x"] for x in listed["items"] if x["id"] == r1), listed)
    r = dep_a.call("GET", "/api/v1/requests/" + r1)
    rep.check("requests: the ministry sees every recipient, open, and the questionnaire",
              r.status == 200 and [(x["provider"], x["state"]) for x in r.json["recipients"]] ==
              [("prov-x", "open"), ("prov-y", "open")] and
              [q["text"] for q in r.json["questionnaire"]] ==
              ["Welke dreigingen ziet u?", "Welke maatregelen neemt u?"], r.body[:400])

    # --- answering: role by route ---------------------------------------------------------------
    path = "/api/v1/requests/%s/answers" % r1
    want = {"coord": 403, "dep-a": 403, "dep-b": 404, "aud": 403, "aud-conf": 404,
            "coord-int": 404}
    bad = []
    for who, status in sorted(want.items()):
        r = c[who].call("POST", path, {"text": "antwoord van " + who})
        if r.status != status:
            bad.append("%s: %d, want %d: %s" % (who, r.status, status, r.body[:200]))
    rep.check("answers: only an addressed provider answers (ministry, coordinator, auditor "
              "403; hidden 404)", not bad, "\n".join(bad))
    rep.expect_status("answers: an empty text is 400",
                      prov_x.call("POST", path, {"text": " "}), 400, "invalid", "text")
    rep.expect_status("answers: an unknown key is 400",
                      prov_x.call("POST", path, {"text": "x", "submit": True}), 400, "invalid")
    r = prov_x.call("POST", path, {"text": "Eerste opzet", "draft": True})
    rep.check("answers: the provider saves a draft (201): a contribution of its own to the "
              "request's analysis, classified as the request",
              r.status == 201 and r.json["request"] == r1 and r.json["provider"] == "prov-x" and
              r.json["owner"] == "prov-x" and r.json["analysis"] == "an-pa1-co-m" and
              r.json["status"] == "draft" and r.json["classification"] == "confidential",
              r.body[:400])
    answer = r.json["id"] if r.status == 201 else "none"
    r = dep_a.call("GET", "/api/v1/requests/" + r1)
    rep.check("answers: a draft is not an answer yet: the ministry sees prov-x open, no answer "
              "listed",
              r.status == 200 and r.json["recipients"][0]["state"] == "open" and
              r.json["answers"] == [], r.body[:400])
    r = prov_x.call("POST", path, {"text": "Wij zien uitval van koeling."})
    rep.check("answers: answering again submits the draft (200)",
              r.status == 200 and r.json["id"] == answer and r.json["status"] == "submitted" and
              r.json["summary"] == "Wij zien uitval van koeling." and
              r.json["submitted_by"] == "prov-x", r.body[:400])
    r = prov_x.call("POST", path, {"text": "Toch anders"})
    rep.check("answers: a submitted answer is frozen (409 contribution_frozen)",
              r.status == 409 and r.json.get("message_id") == "contribution_frozen", r.body[:300])
    r = dep_a.call("GET", "/api/v1/requests/" + r1)
    rep.check("answers: the ministry sees prov-x answered, with the answer; prov-y open",
              r.status == 200 and [(x["provider"], x["state"], x["answer"])
                                   for x in r.json["recipients"]] ==
              [("prov-x", "answered", answer), ("prov-y", "open", None)] and
              [a["id"] for a in r.json["answers"]] == [answer], r.body[:400])
    want = {"coord": 200, "dep-a": 200, "aud": 200, "prov-x": 200, "prov-y": 404, "dep-b": 404,
            "aud-conf": 404, "coord-int": 404}
    bad = [who for who, status in sorted(want.items())
           if c[who].call("GET", "/api/v1/contributions/" + answer).status != status]
    rep.check("answers: the answer is read by the ministry, coordinator, auditor in scope and "
              "its provider; not another provider or ministry", not bad, bad)
    r = create(prov_y, "contributions",
                    {"id": "co-y-forged", "analysis": "an-pa1-co-m", "provider": "prov-y",
                     "request": made("rq-by-dep-a"), "classification": "internal", "owner": "prov-y"})
    rep.check("answers: a provider names no request not sent to it (400 unknown request)",
              r.status == 400 and r.json.get("field") == "request", r.body[:300])
    r = create(prov_x, "contributions",
                    {"id": "co-x-twice", "analysis": "an-pa1-co-m", "provider": "prov-x",
                     "request": r1, "classification": "confidential", "owner": "prov-x"})
    rep.check("answers: one answer per provider per request (409 request_answered_already)",
              r.status == 409 and r.json.get("message_id") == "request_answered_already",
              r.body[:300])
    r = coord.call("PUT", "/api/v1/requests/" + r1,
                   dict(request(r1, to=["prov-y"]),
                        version=coord.call("GET", "/api/v1/requests/" + r1).json["version"]))
    rep.check("requests: a recipient who answered stays one (409 request_recipient_answered)",
              r.status == 409 and r.json.get("message_id") == "request_recipient_answered",
              r.body[:300])

    # --- overdue ---------------------------------------------------------------------------------
    rep.expect_status("requests: one due in the past",
                      create(dep_a, "requests", request("rq-pa1-late", due="2020-01-31")), 201)
    r = dep_a.call("GET", "/api/v1/requests/" + made("rq-pa1-late"))
    rep.check("requests: its recipient is overdue",
              r.status == 200 and r.json["recipients"][0]["state"] == "overdue", r.body[:300])

    # --- the exchange around a request: notifications, sharing, comments, evidence -------------
    exchange_checks(rep, c, answer)

    # --- closing: role by route ---------------------------------------------------------------
    want = {"prov-x": 403, "prov-y": 404, "dep-b": 404, "aud": 403, "aud-conf": 404,
            "coord-int": 404}
    bad = []
    for who, status in sorted(want.items()):
        r = c[who].call("POST", "/api/v1/requests/%s/close" % made("rq-pa1-late"))
        if r.status != status:
            bad.append("%s: %d, want %d: %s" % (who, r.status, status, r.body[:200]))
    rep.check("close: not a provider, another ministry, an auditor, too low a clearance", not bad,
              "\n".join(bad))
    r = dep_a.call("POST", "/api/v1/requests/%s/close" % made("rq-pa1-late"))
    rep.check("close: the sender's ministry closes (200, closed)",
              r.status == 200 and r.json["status"] == "closed", r.body[:300])
    r = coord.call("POST", "/api/v1/requests/%s/close" % auto)
    rep.check("close: the coordinator closes", r.status == 200, r.body[:300])
    r = dep_a.call("POST", "/api/v1/requests/%s/close" % made("rq-pa1-late"))
    rep.check("close: twice is 409 request_closed",
              r.status == 409 and r.json.get("message_id") == "request_closed", r.body[:300])
    r = prov_x.call("POST", "/api/v1/requests/%s/answers" % made("rq-pa1-late"), {"text": "te laat"})
    rep.check("close: a closed request takes no answer (409 request_closed)",
              r.status == 409 and r.json.get("message_id") == "request_closed", r.body[:300])

    # --- the audit log ------------------------------------------------------------------------
    seen = {(e["actor"], e["action"], e["kind"], e["record"]) for e in all_audit(coord)}
    rep.check("audit: sending, answering (draft, submit), closing and the confidential reads",
              {("dep-a", "create", "requests", r1), ("prov-x", "create", "contributions", answer),
               ("prov-x", "update", "contributions", answer),
               ("dep-a", "update", "requests", made("rq-pa1-late")),
               ("dep-a", "read", "requests", r1), ("dep-a", "read", "contributions", answer),
               ("prov-x", "read", "requests", r1)} <= seen,
              sorted((x for x in seen if x[2] in ("requests", "contributions")), key=str))

    # leave the world as checks.py knows it: prov-y provides pa1 no more
    r = coord.call("DELETE", "/api/v1/provider_links/" + LINK)
    rep.check("requests: the added provider link is taken away again", r.status == 204, r.body)
    for client in c.values():
        client.close()


def notified(client):
    """The user's notifications as {id: item}."""
    r = client.call("GET", "/api/v1/notifications")
    return {i["id"]: i for i in r.json["items"]} if r.status == 200 else {"status": r.status}


def about(items, rid):
    """The ids of the notifications that name request rid (or its answer)."""
    return sorted(i for i, it in items.items()
                  if isinstance(it, dict) and it.get("kind") == "requests" and it.get("record") == rid)


def exchange_checks(rep, c, answer):
    """Notifications of requests (domain/notify.c), a request's sharing (never
    to a provider it is not sent to), comments and attachments on a request:
    R1 (confidential, to prov-x, answered) and rq-pa1-late (overdue)."""
    r1, late = made(R1), made("rq-pa1-late")  # the ids the server made
    dep_a, prov_x, prov_y, dep_b = c["dep-a"], c["prov-x"], c["prov-y"], c["dep-b"]
    n = notified(prov_x)
    rep.check("notifications: the addressed provider is told of the request, and of the one "
              "overdue; confidential: no title",
              "request:" + r1 in n and n["request:" + r1].get("title") is None and
              "deadline_passed:requests:%s:2020-01-31" % late in n, sorted(n))
    n = notified(dep_a)
    rep.check("notifications: the sender's ministry is told of the submitted answer and of the "
              "overdue recipient",
              "answer:" + answer in n and n["answer:" + answer]["record"] == r1 and
              "deadline_passed:requests:%s:2020-01-31" % late in n, sorted(n))
    bad = {}
    for who in ("prov-y", "dep-b", "aud-conf", "coord-int"):
        got = about(notified(c[who]), r1) + about(notified(c[who]), late)
        if got:
            bad[who] = got
    rep.check("notifications: a provider of the process not addressed (prov-y), another "
              "ministry, an auditor out of scope, too low a clearance: not a word of the requests",
              not bad, bad)

    # sharing: a request reaches providers by `to` alone
    cur = dep_a.call("GET", "/api/v1/requests/" + r1).json
    base = request(r1, version=cur["version"])
    r = dep_a.call("PUT", "/api/v1/requests/" + r1, dict(base, shared_with=["prov-y"]))
    rep.check("sharing: a request shared with a provider it is not sent to is 400 "
              "request_shared_not_addressed at shared_with[0]",
              r.status == 400 and r.json.get("message_id") == "request_shared_not_addressed" and
              r.json.get("field") == "shared_with[0]", r.body[:300])
    rep.expect_status("sharing: ... and prov-y still reads nothing (404)",
                      prov_y.call("GET", "/api/v1/requests/" + r1), 404)
    r = dep_a.call("PUT", "/api/v1/requests/" + r1, dict(base, shared_with=["min-b"], tlp="amber"))
    rep.check("sharing: shared with another ministry (200, TLP:AMBER kept)",
              r.status == 200 and r.json.get("tlp") == "amber" and r.json["shared_with"] == ["min-b"],
              r.body[:300])
    rep.expect_status("sharing: that ministry reads it now (sharing grants read)",
                      dep_b.call("GET", "/api/v1/requests/" + r1), 200)
    rep.check("sharing: ... but is not told of its answers (not its request)",
              not about(notified(dep_b), r1), about(notified(dep_b), r1))
    cur = dep_a.call("GET", "/api/v1/requests/" + r1).json
    r = dep_a.call("PUT", "/api/v1/requests/" + r1,
                   dict(request(r1, version=cur["version"]), shared_with=[]))
    rep.expect_status("sharing: unshared again", r, 200)
    rep.expect_status("sharing: ... and that ministry reads it no more",
                      dep_b.call("GET", "/api/v1/requests/" + r1), 404)

    # comments on a request: whoever reads it
    path = "/api/v1/requests/%s/comments" % r1
    r = prov_x.call("POST", path, {"text": "Vraag 2: bedoelt u ook @dep-a de back-up?"})
    rep.check("comments: the addressed provider comments on the request (201), mentioning",
              r.status == 201 and r.json.get("mentions") == ["dep-a"], r.body[:300])
    comment = r.json.get("id") if r.status == 201 else None
    n = notified(dep_a)
    rep.check("comments: the mentioned sender is told",
              "comment:%s" % comment in n and n["comment:%s" % comment]["event"] == "mention",
              sorted(n))
    want = {"dep-a": 200, "prov-x": 200, "coord": 200, "aud": 200, "prov-y": 404, "dep-b": 404,
            "aud-conf": 404, "coord-int": 404}
    got = {w: c[w].call("GET", path).status for w in want}
    bad = ["%s: %d" % (w, got[w]) for w, st in sorted(want.items()) if got[w] != st]
    rep.check("comments: the thread is read by who reads the request; 404 for the rest", not bad,
              bad)
    rep.expect_status("comments: a provider not addressed cannot comment (404)",
                      prov_y.call("POST", path, {"text": "hallo"}), 404)

    # attachments on a request: the sender adds, the recipients read
    apath = "/api/v1/requests/%s/attachments" % r1
    body = b"vraag,toelichting\n1,storingen 2026\n"
    r = dep_a.call("POST", "%s?%s" % (apath, urllib.parse.urlencode({"name": "vragen.csv"})),
                   body, {"Content-Type": "application/octet-stream"})
    rep.check("attachments: the sender attaches a CSV to its request (201, text/csv)",
              r.status == 201 and r.json.get("type", "").startswith("text/csv"), r.body[:300])
    att = r.json.get("id") if r.status == 201 else 0
    want = {"dep-a": 200, "prov-x": 200, "coord": 200, "prov-y": 404, "dep-b": 404,
            "aud-conf": 404, "coord-int": 404}
    bad = []
    for w, st in sorted(want.items()):
        got = c[w].call("GET", "/api/v1/attachments/%s" % att)
        if got.status != st:
            bad.append("%s: %d" % (w, got.status))
    rep.check("attachments: downloaded by who reads the request; 404 for the rest", not bad, bad)
    r = prov_x.call("POST", "%s?%s" % (apath, urllib.parse.urlencode({"name": "x.csv"})), body,
                    {"Content-Type": "application/octet-stream"})
    rep.expect_status("attachments: a recipient does not add to the sender's request (403)", r, 403)
    r = prov_y.call("POST", "%s?%s" % (apath, urllib.parse.urlencode({"name": "x.csv"})), body,
                    {"Content-Type": "application/octet-stream"})
    rep.expect_status("attachments: a provider not addressed: 404", r, 404)
