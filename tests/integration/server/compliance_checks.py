"""compliance_checks.py — compliance per entity (issue 12 part 6) over HTTP,
called by checks.py after the reports, on the role x classification
fixture: prov-x provides pa1 (min-a's; aud's scope) and pb-se (min-b's),
prov-y provides pb1 (min-b's; aud-conf's scope). The coordinator adds a
Dutch framework with English translations; dep-a (the ministry of pa1)
sends a campaign to prov-x, dep-b one to prov-y; each provider assesses its
own requirements. Role by route for every new route (campaigns and
requirement_assessments through the record routes, /compliance,
/campaigns/{id}/progress and /questionnaire): the coordinator, the ministry
of the process, another ministry, the provider, another provider, an
auditor in and out of scope, too low a clearance; hidden is 404, and no
count leaks a hidden record."""

from api import create, made

FW = "cf-fw"
REQS = ("cf-r1", "cf-r2", "cf-r3")  # assessable; cf-h is a heading
C1, C2 = "cf-camp-x", "cf-camp-y"


def framework_records():
    fw = {"id": FW, "urn": "urn:test:cf", "name": "Naleving testkader", "language": "nl",
          "name_translations": {"en": "Compliance test framework"},
          "classification": "public", "owner": "nctv"}
    reqs = [{"id": "cf-h", "framework": FW, "name": "Hoofdstuk", "assessable": False,
             "position": 1, "classification": "public", "owner": "nctv"}]
    for i, rid in enumerate(REQS):
        reqs.append({"id": rid, "framework": FW, "parent": "cf-h", "ref_id": "%d" % (i + 1),
                     "name": "Eis %d" % (i + 1), "name_translations": {"en": "Duty %d" % (i + 1)},
                     "assessable": True, "position": i + 2, "classification": "public",
                     "owner": "nctv"})
    return fw, reqs


def campaign(cid, to, owner, **change):
    rec = {"id": cid, "title": "Uitvraag " + cid, "framework": FW, "to": to, "due": "2027-03-01",
           "status": "open", "classification": "internal", "owner": owner}
    rec.update(change)
    return rec


def assessment(aid, provider, requirement, result, **change):
    rec = {"id": aid, "provider": provider, "requirement": requirement, "result": result,
           "remarks": "toelichting", "classification": "internal", "owner": provider}
    rec.update(change)
    return rec


def run(checks):
    rep = checks.rep
    c = {}
    for name in ("coord", "coord-int", "dep-a", "dep-b", "prov-x", "prov-y", "aud", "aud-conf"):
        c[name] = checks.client()
        c[name].login(name, "pw-%s-0123456789" % name)
    coord = c["coord"]

    fw, reqs = framework_records()
    ok = coord.call("POST", "/api/v1/frameworks", fw).status == 201
    for r in reqs:
        ok = coord.call("POST", "/api/v1/requirements", r).status == 201 and ok
    rep.check("compliance: the coordinator adds a Dutch framework with English texts", ok)

    # --- campaigns: who sends ------------------------------------------------------------
    rows = [("prov-x", campaign("cf-c-p", ["prov-x"], "prov-x"), 403),
            ("aud", campaign("cf-c-a", ["prov-x"], "nctv"), 403),
            ("dep-a", campaign("cf-c-b", ["prov-y"], "min-a"), 403),
            ("coord-int", campaign("cf-c-l", ["prov-x"], "nctv", classification="secret"), 403),
            ("dep-a", campaign("cf-c-o", ["min-b"], "min-a"), 403),
            ("coord", campaign("cf-c-o", ["min-b"], "nctv"), 400),
            ("dep-a", campaign(C1, ["prov-x"], "min-a"), 201),
            ("dep-b", campaign(C2, ["prov-y"], "min-b"), 201),
            ("coord", campaign("cf-camp-all", ["prov-x", "prov-y"], "nctv",
                               classification="confidential"), 201)]
    for who, body, want in rows:
        r = create(c[who], "campaigns", body)
        rep.expect_status("campaigns POST: %s to %s -> %d" % (who, body["to"], want), r, want)
    r = create(c["dep-a"], "campaigns", campaign("cf-c-b2", ["prov-y"], "min-a"))
    rep.check("campaigns POST: another ministry's provider is refused with a message id",
              r.status == 403 and r.json.get("message_id") == "campaign_not_your_provider",
              r.body[:300])

    # --- assessments: who writes ---------------------------------------------------------
    rows = [("dep-a", assessment("cf-a-d", "prov-x", "cf-r1", "compliant", owner="min-a"), 403),
            ("aud", assessment("cf-a-a", "prov-x", "cf-r1", "compliant", owner="nctv"), 403),
            ("prov-y", assessment("cf-a-y0", "prov-x", "cf-r1", "compliant", owner="prov-y"),
             403),
            ("prov-x", assessment("cf-a-h", "prov-x", "cf-h", "compliant"), 400),
            ("prov-x", assessment("cf-a-x1", "prov-x", "cf-r1", "compliant"), 201),
            ("prov-x", assessment("cf-a-x2", "prov-x", "cf-r2", "non_compliant"), 201),
            ("prov-x", assessment("cf-a-dup", "prov-x", "cf-r1", "non_compliant"), 409),
            ("prov-y", assessment("cf-a-y1", "prov-y", "cf-r1", "not_applicable"), 201),
            ("prov-y", assessment("cf-a-y2", "prov-y", "cf-r2", "partially_compliant",
                                  classification="confidential"), 403)]
    for who, body, want in rows:
        r = create(c[who], "requirement_assessments", body)
        rep.expect_status("requirement_assessments POST: %s %s of %s -> %d" % (
            who, body["requirement"], body["provider"], want), r, want)
    r = c["prov-x"].call("GET", "/api/v1/requirement_assessments/" + made("cf-a-x1"))
    rep.check("requirement_assessments: the assessor and the day are the server's",
              r.status == 200 and r.json["assessor"] == "prov-x" and r.json["date"], r.body[:300])
    r = create(c["dep-a"], "requirement_assessments",
                        assessment("cf-a-d2", "prov-x", "cf-r3", "compliant", owner="min-a"))
    rep.check("requirement_assessments: a ministry does not assess for a provider (message id)",
              r.status == 403 and r.json.get("message_id") == "compliance_provider_writes",
              r.body[:300])

    # --- who reads: role by route ------------------------------------------------------------
    reads = {
        # user: (C1, C2, cf-a-x1, cf-a-y1)
        "coord": (200, 200, 200, 200),
        "dep-a": (200, 404, 200, 404),       # the ministry of pa1; not min-b's provider
        "dep-b": (200, 200, 200, 200),       # min-b: prov-y, and prov-x through pb-se
        "prov-x": (200, 404, 200, 404),      # its own, never another provider's
        "prov-y": (404, 200, 404, 200),
        "aud": (200, 404, 200, 404),         # scope pa1
        "aud-conf": (404, 200, 404, 200),    # scope pb1, pa-co
    }
    bad = []
    paths = ("/api/v1/campaigns/" + made(C1), "/api/v1/campaigns/" + made(C2),
             "/api/v1/requirement_assessments/" + made("cf-a-x1"),
             "/api/v1/requirement_assessments/" + made("cf-a-y1"))
    for who, want in sorted(reads.items()):
        for path, status in zip(paths, want):
            for suffix in ("",) + (("/progress", "/questionnaire?provider=" + (
                    "prov-x" if path.endswith(made(C1)) else "prov-y")) if "campaigns" in path else ()):
                r = c[who].call("GET", path + suffix)
                if r.status != status:
                    bad.append("%s GET %s%s: %d, want %d" % (who, path, suffix, r.status, status))
        listed = c[who].call("GET", "/api/v1/requirement_assessments").json
        ids = {x["id"] for x in listed["items"]} if isinstance(listed, dict) else set()
        if (made("cf-a-x1") in ids) != (want[2] == 200) or (made("cf-a-y1") in ids) != (want[3] == 200):
            bad.append("%s: list holds %s" % (who, sorted(ids)))
    rep.check("read: campaigns, progress, questionnaires and assessments by role (hidden 404)",
              not bad, "\n".join(bad))

    # --- writes of what one may not see ----------------------------------------------------
    cur = c["prov-x"].call("GET", "/api/v1/requirement_assessments/" + made("cf-a-x2")).json
    r = c["prov-y"].call("PUT", "/api/v1/requirement_assessments/" + made("cf-a-x2"),
                         dict(cur, result="compliant"))
    rep.expect_status("requirement_assessments PUT: another provider 404", r, 404)
    r = c["prov-y"].call("DELETE", "/api/v1/requirement_assessments/" + made("cf-a-x2"))
    rep.expect_status("requirement_assessments DELETE: another provider 404", r, 404)
    r = c["dep-a"].call("PUT", "/api/v1/requirement_assessments/" + made("cf-a-x2"),
                        dict(cur, result="compliant"))
    rep.expect_status("requirement_assessments PUT: the ministry 403", r, 403)
    r = c["prov-x"].call("PUT", "/api/v1/requirement_assessments/" + made("cf-a-x2"),
                         dict(cur, result="partially_compliant"))
    rep.check("requirement_assessments PUT: the provider updates its own",
              r.status == 200 and r.json["result"] == "partially_compliant", r.body[:300])
    r = c["prov-x"].call("PUT", "/api/v1/campaigns/" + made(C1),
                         dict(c["prov-x"].call("GET", "/api/v1/campaigns/" + made(C1)).json,
                              status="closed"))
    rep.expect_status("campaigns PUT: the addressed provider does not close it (403)", r, 403)
    r = c["dep-b"].call("PUT", "/api/v1/campaigns/" + made(C1),
                        dict(c["dep-b"].call("GET", "/api/v1/campaigns/" + made(C1)).json,
                             status="closed"))
    rep.expect_status("campaigns PUT: another ministry that reads it (a shared provider) does "
                      "not change it (403)", r, 403, "forbidden", "owner")
    r = c["dep-a"].call("PUT", "/api/v1/campaigns/" + made(C1),
                        dict(c["dep-a"].call("GET", "/api/v1/campaigns/" + made(C1)).json,
                             due="2027-04-01"))
    rep.check("campaigns PUT: the sending ministry moves its due date",
              r.status == 200 and r.json["due"] == "2027-04-01", r.body[:300])

    # --- progress and questionnaire -------------------------------------------------------------
    r = c["dep-a"].call("GET", "/api/v1/campaigns/%s/progress" % made(C1))
    row = r.json["progress"][0] if r.status == 200 and r.json["progress"] else {}
    rep.check("progress: prov-x 2 of 3 assessed, 1 open",
              row.get("provider") == "prov-x" and row.get("total") == 3 and
              row.get("assessed") == 2 and row.get("open") == 1, r.body[:400])
    r = c["prov-x"].call("GET", "/api/v1/campaigns/cf-camp-all/progress")
    rep.check("progress: a provider sees only its own row of a campaign to several",
              r.status == 200 and [x["provider"] for x in r.json["progress"]] == ["prov-x"],
              r.body[:400])
    r = c["prov-x"].call("GET", "/api/v1/campaigns/%s/questionnaire?provider=prov-y" % made(C1))
    rep.expect_status("questionnaire: another provider's is 404", r, 404)
    r = c["prov-x"].call("GET", "/api/v1/campaigns/%s/questionnaire?lang=en" % made(C1))
    names = [x["name"] for x in r.json["requirements"]] if r.status == 200 else []
    rep.check("questionnaire: the provider's own by default, texts in English where translated",
              r.status == 200 and r.json["provider"] == "prov-x" and
              r.json["framework"]["name"] == "Compliance test framework" and
              names == ["Hoofdstuk", "Duty 1", "Duty 2", "Duty 3"] and
              r.json["requirements"][1]["assessment"]["result"] == "compliant" and
              r.json["requirements"][3]["assessment"] is None, r.body[:500])
    r = c["prov-x"].call("GET", "/api/v1/campaigns/%s/questionnaire" % made(C1),
                         headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    rep.check("questionnaire: Accept-Language nl gives the library's own Dutch",
              r.status == 200 and r.json["requirements"][1]["name"] == "Eis 1", r.body[:300])
    rep.expect_status("questionnaire: a language vitaal does not know is 400",
                      c["prov-x"].call("GET", "/api/v1/campaigns/%s/questionnaire?lang=xx" % made(C1)),
                      400, "invalid", "lang")
    r = c["dep-a"].call("GET", "/api/v1/campaigns/%s/questionnaire" % made(C1))
    rep.expect_status("questionnaire: a ministry names the provider (400)", r, 400, "invalid",
                      "provider")

    # --- the coverage: counted over what one may see ---------------------------------------------
    def rows_of(who, query=""):
        r = c[who].call("GET", "/api/v1/compliance?framework=%s%s" % (FW, query))
        return r, {x["id"]: x for x in r.json["rows"]} if r.status == 200 else {}

    r, rows = rows_of("coord")
    x, y = rows.get("prov-x", {}), rows.get("prov-y", {})
    rep.check("compliance: the coordinator counts both entities",
              set(rows) == {"prov-x", "prov-y"} and x.get("compliant") == 1 and
              x.get("partially_compliant") == 1 and x.get("not_assessed") == 1 and
              x.get("percent_assessed") == 67 and x.get("percent_compliant") == 33 and
              y.get("not_applicable") == 1 and y.get("percent_compliant") == 0 and
              r.json["total"]["total"] == 6, r.body[:600])
    want_rows = {"coord": {"prov-x", "prov-y"}, "dep-a": {"prov-x"}, "prov-x": {"prov-x"},
                 "prov-y": {"prov-y"}, "aud": {"prov-x"}, "aud-conf": {"prov-y"}}
    bad = []
    for who, want in sorted(want_rows.items()):
        r, rows = rows_of(who)
        if r.status != 200 or set(rows) != want:
            bad.append("%s: %d %s, want %s" % (who, r.status, sorted(rows), sorted(want)))
    rep.check("compliance: each reader counts only the entities it may see", not bad,
              "\n".join(bad))
    for who, entity, want in (("prov-x", "prov-y", 404), ("dep-a", "prov-y", 404),
                              ("aud", "prov-y", 404), ("prov-y", "prov-y", 200),
                              ("dep-b", "prov-x", 200)):
        r = c[who].call("GET", "/api/v1/compliance?framework=%s&entity=%s" % (FW, entity))
        rep.expect_status("compliance: %s asks entity %s -> %d" % (who, entity, want), r, want)
    r, rows = rows_of("prov-x", "&process=")
    rep.check("compliance per process: a provider sees its own entity in its process only",
              r.status == 200 and set(rows) == {"pa1"} and rows["pa1"]["entities"] == 1,
              r.body[:400])
    r, rows = rows_of("coord", "&sector=t-sec-pu")
    rep.check("compliance per sector: one sector sums its entities once each",
              r.status == 200 and rows.get("t-sec-pu", {}).get("entities") == 2 and
              rows["t-sec-pu"]["total"] == 6, r.body[:400])
    rep.expect_status("compliance: a process hidden from the reader is 404",
                      c["dep-a"].call("GET", "/api/v1/compliance?framework=%s&process=pb1" % FW),
                      404)
    rep.expect_status("compliance: an unknown parameter is 400",
                      coord.call("GET", "/api/v1/compliance?x=1"), 400, "invalid", "x")
    r = coord.call("GET", "/api/v1/compliance?lang=en")
    rep.check("compliance: no framework lists every framework with something to count",
              r.status == 200 and [i["framework"]["name"] for i in r.json["items"]] ==
              ["Compliance test framework"], r.body[:300])

    # --- too low a clearance: a confidential assessment neither shows nor counts -------------
    rep.expect_status("requirement_assessments POST: a confidential one of its own (201)",
                      create(c["prov-x"], "requirement_assessments",
                                       assessment("cf-a-x3", "prov-x", "cf-r3", "compliant",
                                                  classification="confidential")), 201)
    r, rows = rows_of("coord", "&entity=prov-x")
    rep.check("compliance: the secret-cleared coordinator counts it (3 of 3 assessed)",
              r.status == 200 and rows["prov-x"]["assessed"] == 3 and
              rows["prov-x"]["compliant"] == 2, r.body[:300])
    r, rows = rows_of("coord-int", "&entity=prov-x")
    rep.check("compliance: an internal-cleared reader counts it as open (2 of 3), no leak",
              r.status == 200 and rows["prov-x"]["assessed"] == 2 and
              rows["prov-x"]["compliant"] == 1 and rows["prov-x"]["not_assessed"] == 1,
              r.body[:300])
    bad = []
    for path in ("/api/v1/requirement_assessments/" + made("cf-a-x3"), "/api/v1/campaigns/cf-camp-all",
                 "/api/v1/campaigns/cf-camp-all/progress",
                 "/api/v1/campaigns/cf-camp-all/questionnaire?provider=prov-x"):
        r = c["coord-int"].call("GET", path)
        if r.status != 404:
            bad.append("%s: %d" % (path, r.status))
    r = c["coord-int"].call("GET", "/api/v1/campaigns/%s/questionnaire?provider=prov-x" % made(C1))
    if r.status != 200 or r.json["requirements"][3]["assessment"] is not None:
        bad.append("questionnaire names the confidential assessment: %s" % r.body[:300])
    rep.check("low clearance: confidential campaign and assessment are 404, and absent from "
              "the questionnaire", not bad, "\n".join(bad))
    r = c["dep-a"].call("GET", "/api/v1/campaigns/%s/questionnaire?provider=prov-x" % made(C1))
    seen = {(e["actor"], e["action"], e["kind"], e["record"]) for e in checks.audit_entries()}
    rep.check("questionnaire: a confidential assessment it shows is audited as a read",
              r.status == 200 and r.json["requirements"][3]["assessment"]["id"] == made("cf-a-x3") and
              ("dep-a", "read", "requirement_assessments", made("cf-a-x3")) in seen,
              sorted((x for x in seen if x[2] == "requirement_assessments"), key=repr))
    for name, cl in c.items():
        cl.close()
