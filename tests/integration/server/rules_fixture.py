#!/usr/bin/env python3
"""rules_fixture.py FIXTURE.json OUT.json — what server_rules_test.sh imports
on top of fixture.py's document so that the analyses have something to
show: the analyses an-pa1-pu-m and an-pb1-pu-m (which hold every fixture
risk) made final, so they are the base of the risk picture; an impact class
on every risk but one (that one stays out of the diagram); a dependency of
pb1 on pa1, so a failure of pa1 takes down a vital process ministry A cannot
see; and measures with what-if effects, one on a dependency of each hub and
one on a secret risk. Every fixture process lies in one sector, so the
cascade criterion counts other processes here (assess_cascade_unit)."""
import json
import sys

LIKELIHOOD = ["A", "B", "C", "D", "E"]


def build(fixture):
    d = {"format": "vitaal", "version": 2}
    d["settings"] = [{"id": "assess_cascade_unit", "value": "processes",
                      "classification": "public", "owner": "nctv"}]
    d["analyses"] = []
    for a in fixture["analyses"]:
        if a["id"] in ("an-pa1-pu-m", "an-pb1-pu-m"):
            d["analyses"].append(dict(a, status="final", finalised="2024-06-01"))
    d["risks"] = []
    for i, r in enumerate(sorted(fixture["risks"], key=lambda r: r["id"])):
        r = dict(r, likelihood=LIKELIHOOD[i % 5])
        if r["id"] != "ri-pa1-in-p":
            r["impacts"] = {"2.1": LIKELIHOOD[(i * 2) % 5], "1.1": LIKELIHOOD[(i * 3) % 5]}
        d["risks"].append(r)
    d["dependencies"] = [
        {"id": "dep-x-pb1-on-pa1", "process": "pb1", "suppliers": ["pa1"], "buffer_h": 2,
         "classification": "public", "owner": "min-b"},
    ]
    base = {"kind": "stockpile", "scope": "sectoral", "name": "what-if",
            "classification": "public"}
    d["measures"] = [
        dict(base, id="me-wi-a", owner="min-a", processes=["pa1"], effect="add_buffer",
             effect_dependency="dep-pa1-pu-m", effect_hours=12),
        dict(base, id="me-wi-a-hidden-target", owner="min-a", processes=["pa1"],
             effect="add_buffer", effect_dependency="dep-x-pb1-on-pa1", effect_hours=48),
        dict(base, id="me-wi-a-secret-risk", owner="min-a", processes=["pa1"],
             effect="likelihood", effect_risk="ri-pa1-se-p", effect_class="A"),
        dict(base, id="me-wi-b", owner="min-b", processes=["pb1"], effect="likelihood",
             effect_risk="ri-pb1-pu-m", effect_class="A"),
    ]
    return d


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        fixture = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump(build(fixture), f, indent=1)
