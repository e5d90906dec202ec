#!/usr/bin/env python3
"""report_process_checks.py URL — GET /api/v1/reports/process/{id} by role,
on the demo database of report_process_test.sh with the users chief
(coordinator), ezk-a (EZK, the ministry responsible for the process, cleared
only to confidential), ienw-dep (another ministry), tso (a provider of the
process) and aud (an auditor whose scope is the process): each gets a report
holding only what it may read (checked by unique texts of the secret and
confidential records), marked with the highest classification in it;
another ministry gets 404 as for an absent process; every download is
audited with one read of the report and one per classified record shown.
Prints "ok - ..." / "not ok - ..."."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report, all_audit  # noqa: E402

P = "elektriciteit-landelijk"
PATH = "/api/v1/reports/process/" + P
SECRET_RISK = "Gecoördineerde sabotage van interconnectoren"  # r-qs-zeekabel-..-2, secret
SECRET_MEASURE = "Fysieke beveiliging van 380 kV-stations"  # ms-stations-beveiliging, secret
CONF_RISK = "Zware geomagnetische storm"  # r-elektriciteit-landelijk-3, confidential
CONF_ANALYSIS = "4 risico's beoordeeld; weerbaarheid voldoende"  # an-..-2023, confidential
OWN_MEASURE = "Uitbreiding black-start-vermogen"  # ms-black-start, confidential, owned by the TSO


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    rep = Report()
    c = {}
    for name in ("chief", "ezk-a", "ienw-dep", "tso", "aud"):
        c[name] = Client(url.hostname, url.port)
        c[name].login(name, "pw-%s-0123456789" % name)

    def get(who, query="?format=md"):
        return c[who].call("GET", PATH + query)

    r = get("chief")
    rep.check("coordinator: 200, Markdown, as a download named for the process",
              r.status == 200 and r.headers.get("content-type") == "text/markdown; charset=utf-8"
              and r.headers.get("content-disposition") ==
              'attachment; filename="weerbaarheidsanalyse-%s.md"' % P, "%d %s" % (r.status, r.headers))
    rep.check("coordinator: everything, marked secret in the header and the footer",
              SECRET_RISK in r.body and SECRET_MEASURE in r.body and CONF_RISK in r.body and
              r.body.count("**GEHEIM · TLP:RED — alleen voor wie het moet weten**") == 2, r.body[:400])
    whole = r.body

    r = get("ezk-a")
    rep.check("owning department (confidential clearance): 200 with its confidential records",
              r.status == 200 and CONF_RISK in r.body and CONF_ANALYSIS in r.body, r.body[:400])
    rep.check("owning department: no secret record in it, and marked confidential",
              SECRET_RISK not in r.body and SECRET_MEASURE not in r.body and
              "**VERTROUWELIJK · TLP:AMBER+STRICT — alleen voor wie het moet weten**" in r.body and
              "GEHEIM" not in r.body, r.body[:400])
    rep.check("owning department: a smaller report than the coordinator's",
              len(r.body) < len(whole))

    rep.expect_status("another ministry: 404, as for an absent process", get("ienw-dep"), 404,
                      "not_found")
    rep.expect_status("an absent process: 404", c["chief"].call(
        "GET", "/api/v1/reports/process/nope?format=md"), 404, "not_found")

    r = get("tso")
    # the demo shares the 2023 analysis with the grid operator (TLP:AMBER+STRICT),
    # not its risks
    rep.check("provider: 200 with its own measures and the analysis shared with it, not "
              "the ministry's risks",
              r.status == 200 and OWN_MEASURE in r.body and SECRET_MEASURE in r.body and
              CONF_ANALYSIS in r.body and CONF_RISK not in r.body and
              SECRET_RISK not in r.body, r.body[:600])

    r = get("aud")
    rep.check("auditor of the process (secret clearance): the whole report",
              r.status == 200 and SECRET_RISK in r.body and CONF_RISK in r.body, r.body[:300])

    r = get("ezk-a", "?format=html&lang=en")
    rep.check("html in English: its media type, file name and marking",
              r.status == 200 and r.headers.get("content-type") == "text/html; charset=utf-8" and
              'filename="resilience-analysis-%s.html"' % P in r.headers.get("content-disposition", "")
              and "<header class=\"bar\"><p>CONFIDENTIAL · TLP:AMBER+STRICT — need to know only</p>" in r.body and
              SECRET_RISK not in r.body, "%d %s" % (r.status, r.body[:300]))
    r = get("ezk-a", "")
    rep.check("pdf by default: application/pdf, a PDF, named for the process",
              r.status == 200 and r.headers.get("content-type") == "application/pdf" and
              r.body.startswith("%PDF-") and 'filename="weerbaarheidsanalyse-%s.pdf"' % P
              in r.headers.get("content-disposition", ""), "%d %s" % (r.status, r.headers))
    r = get("ezk-a", "?format=md&as_of=2024-06-30")
    rep.check("as_of: the report as the records stood that day, approvals up to it",
              r.status == 200 and "Datum: 2024-06-30" in r.body and "Quickscan 2025" not in r.body
              and "vitaalbeoordeling as-elektriciteit-landelijk-2024 | als vastgesteld vastgelegd"
              in r.body and "rv-tso-satcom-2024-10-08" not in r.body, r.body[:400])
    rep.expect_status("as_of: not a date, 400 naming it", get("ezk-a", "?as_of=yesterday"), 400,
                      None, "as_of")
    rep.expect_status("a bad format: 400 naming it", get("chief", "?format=docx"), 400, None,
                      "format")
    rep.expect_status("a bad language: 400 naming it", get("chief", "?lang=de"), 400, None, "lang")
    rep.expect_status("an unknown parameter: 400 naming it", get("chief", "?as=1"), 400, None, "as")
    rep.check("without login: 401", Client(url.hostname, url.port).call("GET", PATH).status == 401)

    audit = all_audit(c["chief"])
    reads = [(e["actor"], e["kind"], e["record"], e.get("detail") or "") for e in audit
             if e["action"] == "read"]
    rep.check("audit: one read of the report per download, with format, language and marking",
              ("ezk-a", "processes", P, "process report (md, nl, confidential)") in reads and
              ("ezk-a", "processes", P, "process report (html, en, confidential)") in reads and
              ("chief", "processes", P, "process report (md, nl, secret)") in reads and
              ("tso", "processes", P, "process report (md, nl, secret)") in reads and
              ("ezk-a", "processes", P, "process report as of 2024-06-30 (md, nl, confidential)")
              in reads,
              [x for x in reads if x[1] == "processes"][-6:])
    rep.check("audit: a read per classified record shown, only of what was shown",
              ("ezk-a", "analyses", "an-elektriciteit-landelijk-2023", "process report") in reads
              and ("ezk-a", "risks", "r-elektriciteit-landelijk-3", "process report") in reads
              and ("chief", "risks", "r-qs-zeekabel-elektriciteit-landelijk-2", "process report")
              in reads and not any(a == "ezk-a" and rid.startswith("r-qs-zeekabel") for a, _, rid, _
                                   in reads), reads[-8:])
    rep.check("audit: nothing for the refused downloads",
              not any(a == "ienw-dep" and d.startswith("process report") for a, _, _, d in reads))
    print("checks: %d passed, %d failed" % (rep.passed, rep.failed))
    return 0 if rep.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
