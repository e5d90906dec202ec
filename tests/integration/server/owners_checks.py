"""owners_checks.py — owners write their own (issue 14 part 4), called by
checks.py after the create matrix, on the fixture database. For every kind
of record that hangs under a process, four records of process pa1 (ministry
A): one the coordinator owns (nctv), one ministry B owns (a measure or an
event also naming B's pb1), the fixture's one of ministry A and the
fixture's one of provider X. Each user replaces each unchanged (PUT) and
deletes it with a stale version (DELETE ?version=999999: an allowed delete
answers 409 and deletes nothing): only the coordinator and users of the
owning organisation get past the rules (200 / 409); naming ministry A's
process gives ministry A no right to the coordinator's or ministry B's
record (403); a record the user cannot see is 404. Then the attacks
themselves: ministry A taking over the coordinator's measure (owner set to
itself), and really deleting ministry B's event; and the owner's real
delete works."""
import urllib.parse

# kind -> the fixture prefix of its records
KINDS = {"assessments": "as", "events": "ev", "analyses": "an", "risks": "ri",
         "fallback_options": "fb", "dependencies": "dep", "measures": "me", "reviews": "rv",
         "incidents": "inc"}
MULTI = ("measures", "events")  # kinds that name several processes
DERIVED = ("overdue", "adjustment_due", "follow_up")  # a measure's, not stored


def body(answer):
    """A record as GET answered it, to send back unchanged (with its version)."""
    return {k: v for k, v in (answer or {}).items() if k not in DERIVED}


def expected(kind, which):
    """user -> the answer to PUT (200 allowed) for record `which` of kind:
    "nctv" the coordinator's, "min-b" ministry B's, "min-a" ministry A's,
    "prov-x" provider X's (all public, all of process pa1)."""
    w = {"coord": 200, "aud": 403}  # the auditor of pa1 reads, never writes
    # ministry A: responsible for pa1, writes only what it owns
    w["dep-a"] = 200 if which == "min-a" else 403
    # ministry B sees only its own record (owned), and writes it only when it
    # also names one of its processes
    w["dep-b"] = 404 if which != "min-b" else (200 if kind in MULTI else 403)
    # provider X provides pa1: sees its public records, writes only its own
    w["prov-x"] = 200 if which == "prov-x" else 403
    # provider Y provides pb1: sees ministry B's record only when it names pb1
    w["prov-y"] = 403 if which == "min-b" and kind in MULTI else 404
    return w


def run(checks):
    rep = checks.rep
    coord = checks.clients["coord"]
    made, bad = {}, []
    for kind, prefix in sorted(KINDS.items()):
        base = checks.world.get(kind, "%s-pa1-pu-m" % prefix)
        for owner in ("nctv", "min-b"):
            rec = {k: v for k, v in base.items() if k not in ("tlp", "shared_with",
                                                              "shared_with_people")}
            rec.update(id="ow-%s-%s" % (prefix, owner), owner=owner, classification="public")
            if rec.get("status") == "final":
                rec["status"] = "draft"  # final only by approval
            if owner == "min-b" and kind in MULTI:
                rec["processes"] = ["pa1", "pb1"]
            r = coord.call("POST", "/api/v1/%s" % kind, rec)
            if r.status != 201:
                bad.append("POST %s %s: %d %s" % (kind, rec["id"], r.status, r.body[:200]))
            made[(kind, owner)] = rec["id"]
        made[(kind, "min-a")] = "%s-pa1-pu-m" % prefix
        made[(kind, "prov-x")] = "%s-pa1-pu-p" % prefix
    rep.check("owners: the coordinator records a public record of pa1 of every kind owned by "
              "itself and by ministry B", not bad, "\n".join(bad))

    for (kind, which), rid in sorted(made.items()):
        path = "/api/v1/%s/%s" % (kind, urllib.parse.quote(rid))
        bad = []
        for name, want in sorted(expected(kind, which).items()):
            c = checks.clients[name]
            cur = body(coord.call("GET", path).json)
            r = c.call("PUT", path, cur)
            if r.status != want:
                bad.append("PUT %s: %d, want %d: %s" % (name, r.status, want, r.body[:160]))
            elif want == 403 and (r.json or {}).get("error") != "forbidden":
                bad.append("PUT %s: %s" % (name, r.body[:160]))
            r = c.call("DELETE", path + "?version=999999")
            want_delete = 409 if want == 200 else want
            if r.status != want_delete:
                bad.append("DELETE %s: %d, want %d: %s" % (name, r.status, want_delete,
                                                          r.body[:160]))
        rep.check("owners: %s %s (owner %s): %s" % (
            kind, rid, which, ", ".join("%s %d" % x for x in sorted(expected(kind, which).items()))),
            not bad, "\n".join(bad))

    # the attacks themselves
    dep_a = checks.clients["dep-a"]
    path = "/api/v1/measures/ow-me-nctv"
    cur = body(coord.call("GET", path).json)
    r = dep_a.call("PUT", path, dict(cur, owner="min-a", name="taken over"))
    after = body(coord.call("GET", path).json)
    rep.check("owners: ministry A cannot take over the coordinator's measure of its process by "
              "naming itself the owner (403, unchanged)",
              r.status == 403 and after == cur, (r.status, r.body[:200], after))
    path = "/api/v1/events/ow-ev-min-b"
    cur = coord.call("GET", path).json
    r = dep_a.call("DELETE", "%s?version=%d" % (path, cur["version"]))
    rep.check("owners: ministry A cannot delete ministry B's event that names its process (403, "
              "still there)", r.status == 403 and coord.call("GET", path).status == 200,
              (r.status, r.body[:200]))
    # the owner's own delete goes through; the coordinator removes the rest
    cur = coord.call("GET", path).json
    r = checks.clients["dep-b"].call("DELETE", "%s?version=%d" % (path, cur["version"]))
    rep.expect_status("owners: ministry B deletes its own event (204)", r, 204)
    bad = []
    for (kind, which), rid in sorted(made.items()):
        if which in ("nctv", "min-b") and rid != "ow-ev-min-b":
            r = coord.call("DELETE", "/api/v1/%s/%s" % (kind, rid))
            if r.status != 204:
                bad.append("%s/%s: %d %s" % (kind, rid, r.status, r.body[:160]))
    rep.check("owners: the coordinator deletes the records it made (204)", not bad,
              "\n".join(bad))
