#!/usr/bin/env python3
"""fixture.py OUT.json [AFTER_USERS.json] — writes the server test's fixture: a vitaal document
with two ministries, two providers and records of every kind at every
classification, hung under processes of both ministries and owned by the
ministry or a provider, so that every role x classification case of the
need-to-know rules has records to look at. Imported with `vitaal import`
on top of `vitaal init` (the public catalogue)."""
import json
import sys

CLS = ["public", "internal", "confidential", "secret"]
C = {"public": "pu", "internal": "in", "confidential": "co", "secret": "se"}


def rec(rid, cls, owner, **fields):
    r = {"id": rid}
    r.update(fields)
    r["classification"] = cls
    r["owner"] = owner
    return r


def build():
    d = {"format": "vitaal", "version": 2}
    d["organisations"] = [
        rec("min-a", "public", "nctv", name="Ministry A", kind="ministry"),
        rec("min-b", "public", "nctv", name="Ministry B", kind="ministry"),
        rec("prov-x", "public", "nctv", name="Provider X", kind="provider"),
        rec("prov-y", "public", "nctv", name="Provider Y", kind="provider"),
    ] + [rec("org-" + C[c], c, "nctv", name="Other " + c, kind="other") for c in CLS]
    d["settings"] = [rec("t-set-" + C[c], c, "nctv", value="1") for c in CLS]
    # the role x classification checks log in with a password alone; MFA's
    # enforcement has its own suite (server_mfa_test.sh, mfa_checks.py)
    d["settings"].append(rec("mfa_required_clearance", "public", "nctv", value="none"))
    d["sectors"] = [rec("t-sec-" + C[c], c, "nctv", name="Sector " + c) for c in CLS]
    d["vitaal_criteria"] = [rec("t-vc-" + C[c], c, "nctv", unit="EUR") for c in CLS]
    d["impact_criteria"] = [rec("t-ic-" + C[c], c, "nctv", interest="X", name="crit " + c)
                            for c in CLS]
    d["threats"] = [rec("t-thr-" + C[c], c, "nctv", name="threat " + c) for c in CLS]
    d["frameworks"] = [rec("t-fw-" + C[c], c, "nctv", urn="urn:t:" + c, name="fw " + c)
                       for c in CLS]
    d["requirements"] = [rec("t-req-" + C[c], c, "nctv", framework="t-fw-pu") for c in CLS]

    # processes: pa1, pb1 public (the hubs), pa-*/pb-* at every level, pcount
    procs = [rec("pa1", "public", "min-a", name="A one", sector="t-sec-pu", ministry="min-a",
                 category="A"),
             rec("pb1", "public", "min-b", name="B one", sector="t-sec-pu", ministry="min-b",
                 category="B"),
             rec("pcount", "public", "min-a", name="counter", sector="t-sec-pu",
                 ministry="min-a", category="none", recovery_h=0)]
    for c in CLS:
        procs.append(rec("pa-" + C[c], c, "min-a", name="A " + c, sector="t-sec-pu",
                         ministry="min-a", category="none"))
        procs.append(rec("pb-" + C[c], c, "min-b", name="B " + c, sector="t-sec-pu",
                         ministry="min-b", category="none"))
    d["processes"] = procs
    d["provider_links"] = [
        rec("lx-pa1", "internal", "prov-x", provider="prov-x", process="pa1"),
        rec("ly-pb1", "public", "prov-y", provider="prov-y", process="pb1"),
        rec("lx-pb-se", "secret", "prov-x", provider="prov-x", process="pb-se"),
    ]
    for k in ["assessments", "events", "analyses", "risks", "fallback_options", "dependencies",
              "measures", "reviews", "incidents"]:
        d[k] = []
    for p, ministry, prov in [("pa1", "min-a", "prov-x"), ("pb1", "min-b", "prov-y")]:
        for c in CLS:
            for owner in [ministry, prov]:
                s = "%s-%s-%s" % (p, C[c], "m" if owner == ministry else "p")
                d["assessments"].append(rec("as-" + s, c, owner, process=p, date="2024-01-01",
                                            assessor="someone", category="none",
                                            status="final"))
                d["events"].append(rec("ev-" + s, c, owner, name="event", occurred="2024-02-01",
                                       processes=[p]))
                d["analyses"].append(rec("an-" + s, c, owner, process=p, cycle_year=2024,
                                         kind="regular", started="2024-01-01"))
                d["risks"].append(rec("ri-" + s, c, owner, analysis="an-%s-pu-m" % p,
                                      threat="t-thr-pu", scenario="s", likelihood="C"))
                d["fallback_options"].append(rec("fb-" + s, c, owner, process=p, kind="analogue",
                                                 duration_h=10))
                # every dependency names the secret option of its process, so a
                # user who sees the dependency may still not see its fallback
                d["dependencies"].append(rec("dep-" + s, c, owner, process=p, suppliers=[p],
                                             fallback="fb-%s-se-m" % p))
                d["measures"].append(rec("me-" + s, c, owner, name="measure", kind="stockpile",
                                         scope="sectoral", processes=[p]))
                d["reviews"].append(rec("rv-" + s, c, owner, measure="me-%s-pu-m" % p,
                                        date="2024-03-01", method="test", result="effective",
                                        status="final"))
                d["incidents"].append(rec("inc-" + s, c, owner, process=p, title="incident",
                                          detected_at="2024-04-01T10:00:00Z"))
                # scenarios of the process's own failure (fallback need): in its
                # open quickscan, at every level, each naming the secret option
                d["risks"].append(rec("rs-" + s, c, owner, analysis="an-qs-%s" % p,
                                      threat="t-thr-pu", scenario="own failure", likelihood="C",
                                      outage_h=30, fallback="fb-%s-se-m" % p))
        d["analyses"].append(rec("an-qs-" + p, "public", ministry, process=p, cycle_year=2024,
                                 kind="quickscan", event="ev-%s-pu-m" % p,
                                 started="2024-02-02"))
        # an option judged not proportionate names the (secret) measure chosen instead
        fb = next(r for r in d["fallback_options"] if r["id"] == "fb-%s-pu-m" % p)
        fb["proportionate"], fb["alternative_measure"] = False, "me-%s-se-m" % p
    # services (issue 20 part 4): kept by the coordinator; each hangs under
    # the processes whose dependencies name it in supplier_services. pa1
    # depends on a service at every level; pb1 on a secret one and on one
    # that provider X delivers (X does not provide pb1); one service serves
    # nobody.
    d["services"] = [rec("sv-a-" + C[c], c, "nctv", name="service A " + c, kind="cloud",
                         recovery_h=1) for c in CLS]
    d["services"] += [
        rec("sv-b-se", "secret", "nctv", name="service B secret", kind="satellite"),
        rec("sv-x", "internal", "nctv", name="service of X", kind="software", provider="prov-x"),
        rec("sv-none", "public", "nctv", name="service of nobody", kind="fuel"),
    ]
    for c in CLS:
        d["dependencies"].append(rec("dsv-pa1-" + C[c], "public", "min-a", process="pa1",
                                     supplier_services=["sv-a-" + C[c]], buffer_h=2))
    d["dependencies"].append(rec("dsv-pb1-se", "public", "min-b", process="pb1",
                                 supplier_services=["sv-b-se"], buffer_h=2))
    d["dependencies"].append(rec("dsv-pb1-x", "public", "min-b", process="pb1",
                                 supplier_services=["sv-x"], buffer_h=2))
    # interdependency tables (issue 16 part 4): the coordinator's at every
    # level (a public one for everyone, the others only for the coordinator
    # and those they are shared with), one owned by ministry A
    table = json.dumps({"sectors": ["x", "y"], "a_star": [[0, 0.5], [0.25, 0]]})
    d["iim_tables"] = [rec("iim-" + C[c], c, "nctv", name="table " + c, source="test",
                           year=2024, data=table, sector_map={"t-sec-pu": "x"}) for c in CLS]
    d["iim_tables"].append(rec("iim-min-a", "internal", "min-a", name="table of A",
                               source="test", year=2023, data=table))
    # sharing (domain/sharing.h): the ministry's records of pa1 shared besides
    # their classification, so that the matrix sees each marking's reach:
    # amber down the parent chain (dir-a is under min-a), amber+strict the
    # named organisation only, red the named people only
    d["organisations"].append(rec("dir-a", "public", "nctv", name="Directorate of A",
                                  kind="ministry", parent="min-a"))
    shares = {"an-pa1-co-m": ("amber", ["prov-y", "min-b"], None),
              "me-pa1-in-m": ("amber+strict", ["prov-y", "min-a"], None),
              "fb-pa1-co-m": ("amber", ["min-a"], None),
              "ri-pa1-in-m": ("green", ["prov-y"], None)}
    for k in ["analyses", "measures", "fallback_options", "incidents", "risks"]:
        for r in d[k]:
            if r["id"] in shares:
                r["tlp"], orgs, people = shares[r["id"]]
                if orgs:
                    r["shared_with"] = orgs
                if people:
                    r["shared_with_people"] = people
    return d


def after_users():
    """Records that name people (users exist only after the fixture is in):
    a red incident of pa1 shared with two named users, one of them of
    another ministry, one a provider of nothing under pa1's ministry."""
    return {"format": "vitaal", "version": 2, "incidents": [
        rec("inc-pa1-red", "confidential", "min-a", process="pa1", title="red incident",
            detected_at="2024-04-02T10:00:00Z", tlp="red",
            shared_with_people=["prov-y", "dep-b"])]}


if __name__ == "__main__":
    with open(sys.argv[1], "w") as f:
        json.dump(build(), f, indent=1)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            json.dump(after_users(), f, indent=1)
