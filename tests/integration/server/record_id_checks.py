"""record_id_checks.py — the ids the server makes (issue 13 part 5, issue 14
part 3: no existence oracle), called by checks.py on the role x
classification fixture. Only the coordinator chooses ids: a department's id
is refused before it is looked up (checks.py bad_input); without one the
server makes a readable id (ms-<name>), for the coordinator the base itself
and a short suffix when taken, for anyone else always a suffix, so the
answer has the same shape whether or not a record the author may not see
holds the base. Every made id is new: no 409, nothing of the hidden record
in the answer."""

import re

MEASURE = {"kind": "stockpile", "scope": "sectoral", "status": "planned",
           "classification": "internal"}


def run(checks):
    rep = checks.rep
    coord, dep = checks.clients["coord"], checks.clients["dep-a"]
    made = []

    def post(client, name, process, owner, **extra):
        body = dict(MEASURE, name=name, processes=[process], owner=owner, **extra)
        r = client.call("POST", "/api/v1/measures", body)
        if r.status == 201:
            made.append(r.json["id"])
        return r

    # the coordinator: the readable base, then a suffix when it is taken
    r1 = post(coord, "Noodstroom Dörpsplein", "pa1", "min-a")
    r2 = post(coord, "Noodstroom Dörpsplein", "pa1", "min-a")
    rep.check("made id: the coordinator gets the readable base from the name (accents dropped)",
              r1.status == 201 and r1.json["id"] == "ms-noodstroom-dorpsplein" and
              r1.headers.get("location") == "/api/v1/measures/ms-noodstroom-dorpsplein",
              r1.body[:300])
    rep.check("made id: the base taken, the next gets a short suffix (no 409)",
              r2.status == 201 and re.fullmatch(r"ms-noodstroom-dorpsplein-[a-z2-9]{4}",
                                                r2.json["id"]) is not None, r2.body[:300])
    # the coordinator still chooses an id when it wants one
    r = coord.call("POST", "/api/v1/measures",
                   dict(MEASURE, id="ms-geheim-plan", name="Geheim plan", processes=["pb-se"],
                        owner="min-b", classification="secret", tlp="red"))
    rep.check("chosen id: the coordinator names a secret measure of min-b ms-geheim-plan",
              r.status == 201 and r.json["id"] == "ms-geheim-plan", r.body[:300])
    if r.status == 201:
        made.append("ms-geheim-plan")
    hidden = dep.call("GET", "/api/v1/measures/ms-geheim-plan")
    rep.check("(dep-a may not see it: 404)", hidden.status == 404, hidden.body[:200])

    # a department: always a suffix, so a hidden record holding the base is not told
    taken = post(dep, "Geheim plan", "pa1", "min-a")
    free = post(dep, "Open plan", "pa1", "min-a")
    shape = r"ms-%s-[a-z2-9]{4}"
    rep.check("made id: a department's measure named like a hidden one is stored under a new "
              "id with a suffix; the answer names nothing of the hidden record",
              taken.status == 201 and
              re.fullmatch(shape % "geheim-plan", taken.json["id"]) is not None and
              "secret" not in taken.body and "min-b" not in taken.body, taken.body[:300])
    rep.check("made id: ... and one whose base is free has the same shape (no oracle)",
              free.status == 201 and
              re.fullmatch(shape % "open-plan", free.json["id"]) is not None, free.body[:300])
    r = dep.call("GET", "/api/v1/measures/" + (taken.json or {}).get("id", "none"))
    rep.check("made id: the department reads its own record under the made id",
              r.status == 200 and r.json["name"] == "Geheim plan", r.body[:200])
    r = coord.call("GET", "/api/v1/measures/ms-geheim-plan")
    rep.check("made id: the hidden record is untouched",
              r.status == 200 and r.json["name"] == "Geheim plan" and r.json["version"] == 1 and
              r.json["owner"] == "min-b", r.body[:200])

    # a provider too; and an id from it is refused like a department's
    prov = checks.clients["prov-x"]
    r = prov.call("POST", "/api/v1/fallback_options",
                  {"id": "fb-pa1-by-provider", "process": "pa1", "kind": "analogue",
                   "needed": "unknown", "activation_h": 0, "duration_h": 24,
                   "classification": "internal", "owner": "prov-x"})
    rep.check("chosen id: a provider's id is 400 id_by_server",
              r.status == 400 and r.json.get("message_id") == "id_by_server", r.body[:300])
    r = prov.call("POST", "/api/v1/fallback_options",
                  {"process": "pa1", "kind": "analogue", "needed": "unknown", "activation_h": 0,
                   "duration_h": 24, "classification": "internal", "owner": "prov-x"})
    rep.check("made id: without one the provider's fallback option is fb-<process>-<kind>-xxxx",
              r.status == 201 and re.fullmatch(r"fb-pa1-analogue-[a-z2-9]{4}", r.json["id"])
              is not None, r.body[:300])
    if r.status == 201:
        prov.call("DELETE", "/api/v1/fallback_options/" + r.json["id"])

    for rid in made:
        coord.call("DELETE", "/api/v1/measures/" + rid)
