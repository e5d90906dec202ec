"""attachment_checks.py — evidence (issue 12 part 5) over HTTP, called by
checks.py after the reports, on the fixture database: role by route for
every attachment endpoint (upload, list, download, delete) on a measure of
process pa1 (internal, owned by provider prov-x), and upload and list on a
review of it: the coordinator and the owning provider write (owners write
their own, issue 14 part 4); the responsible ministry and the auditor of
pa1 read but never write (403); another ministry, another provider, an auditor out
of scope and a user cleared too low get 404 as if it were absent. Then: the
type from the content (a renamed executable, HTML page or plain zip is
415), the size limit as a setting (413 with its message id, also before the
body is read) and an upload larger than the server's own 1 MiB body limit,
bad names, the download's headers (attachment, RFC 6266 filename*, nosniff,
the stored type, the same bytes and SHA-256), and one audit entry for every
upload, download and delete, also of a public record's attachment."""
import hashlib
import json
import urllib.parse

from api import send_oversized

MEASURE = "me-pa1-in-p"  # internal, owner prov-x, process pa1 (min-a)
PUBLIC = "me-pa1-pu-m"   # public, owner min-a, process pa1
PATH = "/api/v1/measures/%s/attachments" % MEASURE
TEXT = "Verslag van de oefening noodstroom\nAlles werkte.\n".encode()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
OCTET = {"Content-Type": "application/octet-stream"}
READERS = {"coord", "coord-int", "dep-a", "prov-x", "aud"}
WRITERS = {"coord", "coord-int", "prov-x"}
VISIBLE_NOT_OWN = {"aud", "dep-a"}  # 403: may read, not write


def upload(c, path, name, data, **extra):
    q = urllib.parse.urlencode(dict({"name": name}, **extra))
    return c.call("POST", "%s?%s" % (path, q), data, OCTET)


def zip_bytes(names):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


def sessions(checks):
    """A fresh session of every user (earlier steps log some out or
    disable them: no session at all then, want 401)."""
    out = {}
    for u in checks.users:
        c = checks.client()
        c.login(u["name"], "pw-%s-0123456789" % u["name"])
        out[u["name"]] = c
    return out


def want(c, name, ok_status, role_set, denied):
    if not c.token:
        return 401
    return ok_status if name in role_set else denied


def run(checks):
    rep = checks.rep
    c = sessions(checks)
    coord = checks.clients["coord"]
    head = checks.audit_head()

    # --- role by route ------------------------------------------------------------
    uploaded, bad = {}, []
    for name, cl in sorted(c.items()):
        denied = 403 if name in VISIBLE_NOT_OWN else 404
        r = upload(cl, PATH, "verslag-%s.txt" % name, TEXT)
        w = want(cl, name, 201, WRITERS, denied)
        if r.status != w:
            bad.append("POST %s: %d, want %d: %s" % (name, r.status, w, r.body[:200]))
        elif r.status == 201:
            uploaded[name] = r.json
    rep.check("attachments upload: coordinators and the owning provider 201; the ministry of "
              "the process and the auditor 403; another ministry or provider, an auditor out of "
              "scope, too low a clearance 404", not bad, "\n".join(bad))
    first = uploaded.get("prov-x", {})
    rep.check("attachments upload: 201 with id, sha256, size, type, name",
              first.get("sha256") == hashlib.sha256(TEXT).hexdigest() and
              first.get("size") == len(TEXT) and first.get("type") == "text/plain; charset=utf-8"
              and first.get("name") == "verslag-prov-x.txt" and isinstance(first.get("id"), int),
              first)

    bad = []
    for name, cl in sorted(c.items()):
        r = cl.call("GET", PATH)
        w = want(cl, name, 200, READERS, 404)
        if r.status != w:
            bad.append("list %s: %d, want %d" % (name, r.status, w))
        elif w == 200 and {i["id"] for i in r.json["items"]} != {
                u["id"] for u in uploaded.values()}:
            bad.append("list %s: %s" % (name, r.body[:300]))
        r = cl.call("GET", "/api/v1/attachments/%d" % first["id"])
        if r.status != w:
            bad.append("download %s: %d, want %d" % (name, r.status, w))
        elif w == 200 and r.body.encode() != TEXT:
            bad.append("download %s: other bytes" % name)
        elif w == 404 and (r.json or {}).get("error") != "not_found":
            bad.append("download %s: %s" % (name, r.body[:200]))
    rep.check("attachments list and download: who may read the measure (the auditor too); "
              "404 for everyone else", not bad, "\n".join(bad))

    bad = []
    for name, cl in sorted(c.items()):
        target = uploaded.get(name, first)
        denied = 403 if name in VISIBLE_NOT_OWN else 404
        r = cl.call("DELETE", "/api/v1/attachments/%d" % target["id"])
        w = want(cl, name, 204, WRITERS, denied)
        if r.status != w:
            bad.append("DELETE %s: %d, want %d: %s" % (name, r.status, w, r.body[:200]))
    left = coord.call("GET", PATH).json["items"]
    rep.check("attachments delete: the writers 204; the ministry and the auditor 403; the rest 404; none left",
              not bad and left == [], "\n".join(bad) + str(left))

    # --- a review hangs under its measure's processes: the same rules ------------------------
    review = "/api/v1/reviews/rv-pa1-in-p/attachments"  # internal, owner prov-x, measure of pa1
    rows = {"prov-x": (201, 200), "dep-a": (403, 200), "aud": (403, 200), "prov-y": (404, 404),
            "dep-b": (404, 404), "aud-conf": (404, 404), "dep-a-pub": (404, 404)}
    bad = []
    for name, (post, get) in sorted(rows.items()):
        cl = c[name]
        if not cl.token:
            continue
        r = upload(cl, review, "toetsverslag-%s.txt" % name, TEXT)
        if r.status != post:
            bad.append("POST %s: %d, want %d" % (name, r.status, post))
        r = cl.call("GET", review)
        if r.status != get:
            bad.append("GET %s: %d, want %d" % (name, r.status, get))
    rep.check("attachments on a review: its owner writes, the process's ministry and the "
              "auditor read (403 on writing), the rest 404", not bad, "\n".join(bad))

    # --- a public record's attachment: read by the process's provider, audited ------------
    dep_a, prov_x, prov_y = c["dep-a"], c["prov-x"], c["prov-y"]
    name = 'Verslag "oefening" caf\u00e9.pdf'
    r = upload(dep_a, "/api/v1/measures/%s/attachments" % PUBLIC, name, PDF)
    rep.expect_status("attachments: a PDF on a public measure of the ministry (201)", r, 201)
    pub = r.json or {}
    r = prov_x.call("GET", "/api/v1/attachments/%s" % pub.get("id"))
    rep.check("download: attachment, the stored type, nosniff, quoted name and RFC 6266 "
              "filename*, the same bytes",
              r.status == 200 and r.headers.get("content-type") == "application/pdf" and
              r.headers.get("x-content-type-options") == "nosniff" and
              r.headers.get("content-disposition") ==
              "attachment; filename=\"Verslag _oefening_ caf_.pdf\"; "
              "filename*=UTF-8''Verslag%20%22oefening%22%20caf%C3%A9.pdf" and
              r.raw_body == PDF and hashlib.sha256(r.raw_body).hexdigest() == pub.get("sha256"),
              "%d %s" % (r.status, r.headers))
    rep.expect_status("download: the provider of another process does not see it (404)",
                      prov_y.call("GET", "/api/v1/attachments/%s" % pub.get("id")), 404)
    rep.expect_status("delete: the process's provider reads but does not write it (403)",
                      prov_x.call("DELETE", "/api/v1/attachments/%s" % pub.get("id")), 403)

    # --- the type from the content ---------------------------------------------------------
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
    for label, fname, data in (("a renamed executable", "rapport.pdf", elf),
                               ("a renamed HTML page", "verslag.txt",
                                b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
                               ("a plain zip named docx", "plan.docx", zip_bytes(["a.txt"])),
                               ("an SVG named png", "logo.png",
                                b"<svg xmlns='http://www.w3.org/2000/svg'/>")):
        r = upload(prov_x, PATH, fname, data)
        rep.check("attachments: %s is 415 with its message id" % label,
                  r.status == 415 and r.json["error"] == "unsupported_media_type" and
                  r.json.get("message_id") == "attachment_type", r.body[:300])
    r = upload(prov_x, PATH, "plan.bin",
               zip_bytes(["[Content_Types].xml", "word/document.xml", "_rels/.rels"]))
    rep.check("attachments: a Word document is taken whatever its name (docx)",
              r.status == 201 and r.json["type"].endswith("wordprocessingml.document"),
              r.body[:300])
    r = upload(prov_x, PATH, "cijfers.txt", b"maatregel,kosten\nnoodstroom,300000\n")
    rep.check("attachments: CSV from the content", r.status == 201 and
              r.json["type"] == "text/csv; charset=utf-8", r.body[:300])

    # --- bad input ---------------------------------------------------------------------------
    for label, path, body, field in (
            ("a name with a slash", PATH + "?name=" + urllib.parse.quote("../x.txt"), TEXT, "name"),
            ("a name with a control character", PATH + "?name=a%0Ab.txt", TEXT, "name"),
            ("a name over 200 bytes", PATH + "?name=" + "a" * 201, TEXT, "name"),
            ("no name", PATH, TEXT, "name"),
            ("an unknown parameter", PATH + "?name=a.txt&x=1", TEXT, "x"),
            ("an empty file", PATH + "?name=a.txt", b"", "content")):
        r = prov_x.call("POST", path, body, OCTET)
        rep.expect_status("attachments: %s is 400" % label, r, 400, "invalid", field)
    rep.expect_status("attachments: an id that is not one is 404",
                      dep_a.call("GET", "/api/v1/attachments/abc"), 404)
    rep.expect_status("attachments: risks take none (no such endpoint)",
                      dep_a.call("GET", "/api/v1/risks/ri-pa1-pu-m/attachments"), 404)
    cookie = checks.client()
    cookie.login("prov-x", "pw-prov-x-0123456789", cookie=True)
    r = upload(cookie, PATH, "a.txt", TEXT)
    rep.check("attachments: a cookie session needs the CSRF token (201 with, 403 without)",
              r.status == 201 and cookie.call("POST", PATH + "?name=b.txt", TEXT, OCTET,
                                              csrf=False).status == 403, r.body[:200])

    # --- size: the setting, and more than the server's 1 MiB body limit --------------------------
    big = (b"regel met bewijs, " * 64 + b"\n") * 1800  # ~2 MiB of text
    r = upload(prov_x, PATH, "groot.txt", big)
    rep.check("attachments: 2 MiB passes the server's 1 MiB body limit on this route only",
              r.status == 201 and r.json["size"] == len(big), r.body[:200])
    chunks = [big[i:i + 65536] for i in range(0, len(big), 65536)]
    for label, path, token in (("the same body elsewhere is still 413", "/api/v1/processes",
                                dep_a.token),
                               ("attachments: without a session the server's limit holds (413 "
                                "before the body is read)", PATH + "?name=groot.txt", None)):
        request_head = ("POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n%s\r\n" % (
            path, len(big), "Authorization: Bearer %s\r\n" % token if token else "")).encode()
        status, body = send_oversized(checks.host, checks.port, request_head, chunks)
        rep.check(label, status == 413 and b"too_large" in body, (status, body[:200]))
    setting = coord.call("GET", "/api/v1/settings/attachment_max_bytes").json
    r = coord.call("PUT", "/api/v1/settings/attachment_max_bytes", dict(setting, value="1000"))
    rep.expect_status("attachments: the coordinator sets attachment_max_bytes to 1000", r, 200)
    r = upload(prov_x, PATH, "klein.txt", b"x" * 1000)
    rep.expect_status("attachments: exactly the limit is taken", r, 201)
    r = upload(prov_x, PATH, "te-groot.txt", b"x" * 1001)
    rep.check("attachments: over the setting is 413 with message id and the limit",
              r.status == 413 and r.json.get("message_id") == "attachment_too_large" and
              r.json.get("params") == {"max": "1000"}, r.body[:300])
    setting = coord.call("GET", "/api/v1/settings/attachment_max_bytes").json
    r = coord.call("PUT", "/api/v1/settings/attachment_max_bytes", dict(setting, value="26214400"))
    rep.expect_status("attachments: the limit set back to 25 MiB", r, 200)

    # --- the audit log -------------------------------------------------------------------------
    entries = [e for e in checks.audit_entries(head)
               if e["action"] in ("attach", "download", "detach")]
    downloads = [e for e in entries if e["action"] == "download"]
    readers = sum(1 for n, cl in c.items() if n in READERS and cl.token)
    rep.check("audit: every download an entry naming the record and the attachment, also of "
              "the public measure",
              len([e for e in downloads if e["record"] == MEASURE]) == readers and
              any(e["actor"] == "prov-x" and e["record"] == PUBLIC and
                  "sha256 " + pub.get("sha256", "?") in (e["detail"] or "") for e in downloads),
              json.dumps(downloads)[:1500])
    rep.check("audit: every upload (attach) and delete (detach) an entry",
              len([e for e in entries if e["action"] == "attach"]) >= len(uploaded) + 7 and
              len([e for e in entries if e["action"] == "detach"]) == len(uploaded),
              (len(uploaded), [(e["actor"], e["action"], e["record"]) for e in entries]))
    for cl in c.values():
        cl.close()
