"""reports_checks.py — GET /api/v1/reports/annual (issue 11) over HTTP,
called by checks.py after the analyses: role by route (the coordinator
gets the report at either clearance; every department, provider and
auditor 403; no session 401), the media type and the download name, the
same bytes twice, each kind of bad input 400 naming the parameter, and one
"report" entry in the audit log per report answered (no read entries: the
report shows no record)."""
import datetime

from follow_up_checks import amsterdam_today

FORMATS = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
           "pdf": "application/pdf"}


def run(checks):
    rep = checks.rep
    coord = checks.clients["coord"]
    year = amsterdam_today().year  # the fixture's records are made today
    path = "/api/v1/reports/annual?year=%d&format=md" % year

    # role by route: only coordinators (at any clearance) get the report
    for u in checks.users:
        c = checks.client()  # a session of its own: earlier steps log some users out
        c.login(u["name"], "pw-%s-0123456789" % u["name"])
        r = c.call("GET", path)
        c.close()
        want = 200 if u["role"] == "coordinator" else 403
        if not c.token:  # disabled by an earlier step (sessions): no session at all
            want = 401
        rep.check("report annual: %s (%s, %s) -> %d" % (u["name"], u["role"], u["clearance"],
                                                        want),
                  r.status == want, "%d %s" % (r.status, r.body[:300]))
    r = checks.client().call("GET", path)
    rep.expect_status("report annual: without a session 401", r, 401)

    before = [e for e in checks.audit_entries() if e["action"] == "report"]
    r = coord.call("GET", path)
    rep.check("report annual: Markdown with its media type and a download name",
              r.status == 200 and r.headers.get("content-type") == FORMATS["md"] and
              r.headers.get("content-disposition") ==
              'attachment; filename="voortgangsbrief-%d.md"' % year and
              r.body.startswith("# Voortgangsbrief Aanpak vitaal %d" % year),
              "%d %s %s" % (r.status, r.headers, r.body[:300]))
    again = coord.call("GET", path)
    rep.check("report annual: the same data give the same bytes", again.body == r.body)
    en = coord.call("GET", path + "&lang=en")
    rep.check("report annual: lang=en is English with its own download name",
              en.status == 200 and "PUBLIC · TLP:CLEAR — aggregated, contains no confidential information" in en.body
              and 'filename="annual-report-%d.md"' % year in en.headers.get(
                  "content-disposition", ""), en.body[:300])
    r = coord.call("GET", "/api/v1/reports/annual?year=%d&format=html&inline=true" % year)
    rep.check("report annual: inline HTML for the UI's frame: its own CSP (no script, may be "
              "framed by the UI only), SAMEORIGIN",
              r.status == 200 and r.headers.get("content-type") == FORMATS["html"] and
              r.headers.get("content-disposition", "").startswith("inline;") and
              "frame-ancestors 'self'" in r.headers.get("content-security-policy", "") and
              "sandbox" in r.headers.get("content-security-policy", "") and
              "script" not in r.headers.get("content-security-policy", "") and
              r.headers.get("x-frame-options") == "SAMEORIGIN" and "<script" not in r.body,
              "%d %s" % (r.status, r.headers))
    after = [e for e in checks.audit_entries() if e["action"] == "report"]
    new = after[len(before):]
    rep.check("report annual: each report answered is one audited report entry, no reads",
              len(new) == 4 and all(e["actor"] == "coord" and e["kind"] is None and
                                    e["record"] is None and
                                    ("annual report %d" % year) in e["detail"] for e in new),
              str(new))

    for q, field in (("", "year"), ("year=1999", "year"), ("year=abc", "year"),
                     ("year=%d&format=docx" % year, "format"),
                     ("year=%d&lang=fr" % year, "lang"),
                     ("year=%d&inline=yes" % year, "inline"),
                     ("year=%d&as_of=2001-01-01" % year, "as_of"),
                     ("year=%d&as_of=31-12-2020" % year, "as_of"),
                     ("year=%d" % (year + 1), "year"), ("year=%d" % (year - 30), "year")):
        rep.expect_status("report annual: ?%s is 400 naming %s" % (q, field),
                          coord.call("GET", "/api/v1/reports/annual?" + q), 400, "invalid", field)
