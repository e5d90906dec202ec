"""page_checks.py — the UI's page ("/") with the first screen's reads in it
(issue 13 part 9, http/page.c) over HTTP, called by checks.py:

- role by route: for every user the page made with its session cookie
  carries, for each of the dashboard's reads, exactly what the API answers
  that user (status and body), and GET /me without the session's CSRF token;
- without a session, with a wrong cookie, or asked with HEAD: no reads;
- classified reads made for the page are audited as the API's own are;
- a record name that tries to end the data block stays inside it;
- the page's Content-Security-Policy allows its inline script and style by
  their hashes and nothing else inline; no-store when it carries reads;
- the vitaal_lang cookie chooses the language of the first labels;
- a method other than GET and HEAD is 405."""
import base64
import hashlib
import json
import re

# what the dashboard draws from (http/page.c and web/js/start.js)
READS = ["/status", "/measures?limit=1000&offset=0", "/incident-deadlines", "/review-status",
         "/notifications", "/risk-picture?residual=true&summary=true"]
BLOCK = re.compile(r'<script type="application/json" id="(first-[a-z]+)"([^>]*)>(.*?)</script>',
                   re.S)


def blocks(html):
    """{id: (attributes, parsed JSON)} of the page's data blocks."""
    return {m.group(1): (m.group(2), json.loads(m.group(3))) for m in BLOCK.finditer(html)}


def page(c, cookie=None, method="GET", extra=None):
    h = {"Cookie": "vitaal_session=" + cookie} if cookie else {}
    h.update(extra or {})
    return c.raw(method, "/", None, h)


def same_answer(a, b):
    """Whether two answers agree, but for the second they were made at
    (incident-deadlines says "now" to the second)."""
    if isinstance(a, dict) and isinstance(b, dict):
        a = {k: v for k, v in a.items() if k != "now"}
        b = {k: v for k, v in b.items() if k != "now"}
    return a == b


def sha(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def run(checks):
    rep = checks.rep
    anon = checks.client()

    # the page itself: its CSP names the hashes of exactly its inline script and style
    r = page(anon)
    csp = r.headers.get("content-security-policy", "")
    scripts = re.findall(r'<script type="module">(.*?)</script>', r.body, re.S)
    styles = re.findall(r"<style>(.*?)</style>", r.body, re.S)
    built = bool(scripts)
    if built:
        rep.check("page: its CSP allows its one inline script and one inline style by hash, "
                  "nothing inline else",
                  len(scripts) == 1 and len(styles) == 1 and
                  "script-src 'self' %s" % sha(scripts[0]) in csp and
                  "style-src 'self' %s" % sha(styles[0]) in csp and
                  "unsafe-inline" not in csp and csp.startswith("default-src 'self'"), csp)
    else:
        rep.check("page: unbuilt (no esbuild): the UI's own CSP", csp.startswith("default-src 'self'"),
                  csp)
    rep.check("page: without a session no reads (the login follows), no-cache",
              r.status == 200 and "first-reads" not in blocks(r.body) and
              r.headers.get("cache-control") == "no-cache", r.body[:300])
    r = page(anon, "not-a-session-token")
    rep.check("page: with a wrong session cookie no reads", r.status == 200 and
              "first-reads" not in blocks(r.body), r.body[:300])
    rep.expect_status("page: POST / is 405", anon.raw("POST", "/", b"", {}), 405)

    # role by route: every user's page carries what the API answers that user
    coord = None
    for u in checks.users:
        c = checks.client()
        if c.login(u["name"], "pw-%s-0123456789" % u["name"], cookie=True).status != 200:
            c.close()
            continue  # disabled by an earlier step
        r = page(c, c.cookie)
        got = blocks(r.body).get("first-reads", (None, {}))[1]
        me = got.get("/me", {})
        wrong = []
        if me.get("status") != 200 or "csrf" in me.get("body", {}) or \
                me.get("body", {}).get("username") != u["name"]:
            wrong.append("/me %s" % me)
        for path in READS:
            direct = c.call("GET", "/api/v1" + path)
            carried = got.get(path)
            if carried is None or carried["status"] != direct.status or \
                    not same_answer(carried["body"], direct.json):
                wrong.append("%s: page %s, API %d" % (path, carried and carried["status"],
                                                       direct.status))
        rep.check("page: %s (%s, %s) carries what the API answers it, /me without the CSRF "
                  "token" % (u["name"], u["role"], u["clearance"]),
                  r.status == 200 and not wrong and r.headers.get("cache-control") == "no-store",
                  "; ".join(wrong)[:600])
        if u["name"] == "coord":
            coord = c
        else:
            c.close()
    if coord is None:
        rep.check("page: the coordinator could log in with a cookie", False)
        return

    # the coordinator's reads audited while load() runs
    def reads_audited(load):
        start = checks.audit_entries()
        after = start[-1]["seq"] if start else 0
        load()
        return sorted(e["kind"] for e in checks.audit_entries(after)
                      if e["action"] == "read" and e["actor"] == "coord")
    # HEAD: the headers only, no reads made for nothing
    heads = []
    rep.check("page: HEAD makes no reads (no audit entry)",
              reads_audited(lambda: heads.append(page(coord, coord.cookie, "HEAD"))) == [] and
              heads[0].status == 200, str([h.status for h in heads]))

    # the classified reads of the page are audited like the API's own
    by_page = reads_audited(lambda: page(coord, coord.cookie))
    by_api = reads_audited(lambda: [coord.call("GET", "/api/v1/me")] +
                           [coord.call("GET", "/api/v1" + p) for p in READS])
    rep.check("page: its classified reads are audited as the API's own (same entries)",
              by_page == by_api and len(by_page) > 0, "page %s api %s" % (by_page, by_api))

    # a name that tries to end the block stays inside it
    dep = checks.clients["dep-a"]
    evil = "</script><script>alert(1)</script><!-- x"
    made = dep.call("POST", "/api/v1/measures", {
        "name": evil, "kind": "stockpile", "scope": "sectoral", "processes": ["pa1"],
        "due": "2020-01-01", "status": "in_progress", "classification": "public",
        "owner": "min-a"})
    c = checks.client()
    c.login("dep-a", "pw-dep-a-0123456789", cookie=True)
    r = page(c, c.cookie)
    measures = blocks(r.body).get("first-reads", (None, {}))[1].get(
        "/measures?limit=1000&offset=0", {}).get("body", {}).get("items", [])
    rep.check("page: a record name with </script> stays data (written \\u003c), read back whole",
              made.status == 201 and "<script>alert(1)" not in r.body and
              any(m["name"] == evil for m in measures), r.body[-300:])
    if made.status == 201:
        dep.call("DELETE", "/api/v1/measures/%s?version=%d" % (made.json["id"],
                                                                made.json["version"]))
    c.close()

    # the first screen's labels in the language of the vitaal_lang cookie
    def labels_lang(value):
        extra = {"Cookie": "vitaal_session=%s; vitaal_lang=%s" % (coord.cookie, value)}
        got = blocks(coord.raw("GET", "/", None, extra).body).get("first-labels")
        return re.search(r'data-lang="([a-z]+)"', got[0]).group(1) if got else None
    if built:
        rep.check("page: vitaal_lang=en gives English first labels, an unknown one Dutch",
                  labels_lang("en") == "en" and labels_lang("xx") == "nl" and
                  labels_lang("nl") == "nl", "%s %s" % (labels_lang("en"), labels_lang("xx")))
    coord.close()
