#!/usr/bin/env python3
"""users_checks.py URL — the HTTP checks of account management against a
running server on the demo database with the users of server_users_test.sh
(coordinators "chief" and "deputy", provider "prov"): POST /api/v1/users
(201, never a hash; 409 on a taken name; 400 naming the field for a bad
role, clearance, organisation, scope or short password, with nothing
written), PUT /api/v1/users/{username} (disable ends the user's Bearer and
cookie sessions at once and refuses its login; enable lets it in again; a
new role, scope or password), 403 for anyone but a coordinator and for a
cookie session without X-CSRF-Token, a coordinator cannot disable or demote
itself, and every change is in the audit log. Prints "ok - ..." / "not ok -
..." lines; server_users_test.sh counts them."""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report  # noqa: E402

NEW_PW = "a new user's password"


def password(name):
    return "pw-%s-0123456789" % name


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    rep = Report()
    client = lambda: Client(url.hostname, url.port)  # noqa: E731
    chief, cookie_chief, prov = client(), client(), client()
    chief.login("chief", password("chief"))
    cookie_chief.login("chief", password("chief"), cookie=True)
    prov.login("prov", password("prov"))
    users = lambda: {u["username"]: u for u in chief.call("GET", "/api/v1/users").json["items"]}  # noqa: E731
    new = {"username": "newbie", "password": NEW_PW, "role": "provider",
           "org": "polderbank", "clearance": "internal"}

    # --- who may ---------------------------------------------------------------
    rep.expect_status("a provider may not add users (403)",
                      prov.call("POST", "/api/v1/users", new), 403, "forbidden")
    rep.expect_status("a provider may not change users (403)",
                      prov.call("PUT", "/api/v1/users/prov", {"clearance": "secret"}), 403,
                      "forbidden")
    rep.expect_status("a cookie session without X-CSRF-Token may not add users (403)",
                      cookie_chief.call("POST", "/api/v1/users", new, csrf=False), 403,
                      "forbidden", "X-CSRF-Token")
    rep.check("a refused create writes nothing", "newbie" not in users())

    # --- validation: 400 naming the field, nothing written ---------------------------
    bad = [("role", {"role": "king"}), ("clearance", {"clearance": "top"}),
           ("password", {"password": "short"}), ("org", {"org": "nowhere"}),
           ("org", {"role": "department"}),  # a department user works for a ministry
           ("scope", {"role": "auditor"}), ("scope", {"scope": ["drinkwater"]}),
           ("username", {"username": "bad name"}), ("username", {"username": None}),
           ("disabled", {"disabled": True}), ("colour", {"colour": "red"}),
           ("role", {"role": 3})]
    for field, change in bad:
        body = {k: v for k, v in dict(new, **change).items() if v is not None}
        rep.expect_status("create with a bad %s: 400 naming it (%s)" % (field, json.dumps(change)),
                          chief.call("POST", "/api/v1/users", body), 400, "invalid", field)
    rep.expect_status("create without a password: 400 naming it",
                      chief.call("POST", "/api/v1/users",
                                 {k: v for k, v in new.items() if k != "password"}),
                      400, "invalid", "password")
    rep.check("no bad create wrote a user", "newbie" not in users() and "bad name" not in users())

    # --- create ------------------------------------------------------------------
    r = cookie_chief.call("POST", "/api/v1/users", new)
    rep.expect_status("a coordinator adds a user with a cookie session and CSRF token (201)", r, 201)
    rep.check("the answer is the user, without password or hash",
              r.json == {"username": "newbie", "role": "provider", "org": "polderbank",
                         "clearance": "internal", "scope": [], "disabled": False,
                         "mfa": "none"}, r.body)
    rep.check("Location names the user", r.headers.get("location") == "/api/v1/users/newbie",
              r.headers)
    rep.expect_status("the same name again: 409 naming username",
                      chief.call("POST", "/api/v1/users", dict(new, role="coordinator",
                                                              org="nctv")), 409, "conflict",
                      "username")
    rep.check("the list shows the new user as the answer did",
              users().get("newbie", {}).get("role") == "provider")

    # --- the new user logs in; disabling ends its sessions at once ---------------------
    bearer, cookie = client(), client()
    rep.expect_status("the new user logs in (Bearer)", bearer.login("newbie", NEW_PW), 200)
    rep.expect_status("the new user logs in (cookie)", cookie.login("newbie", NEW_PW, cookie=True),
                      200)
    rep.expect_status("its Bearer session works", bearer.call("GET", "/api/v1/me"), 200)
    rep.expect_status("its cookie session works", cookie.call("GET", "/api/v1/me"), 200)
    r = chief.call("PUT", "/api/v1/users/newbie", {"disabled": True})
    rep.expect_status("a coordinator disables the user (200)", r, 200)
    rep.check("the answer says disabled", r.json and r.json.get("disabled") is True, r.body)
    rep.expect_status("the disabled user's Bearer session is gone at once (401)",
                      bearer.call("GET", "/api/v1/me"), 401, "unauthorized")
    rep.expect_status("the disabled user's cookie session is gone at once (401)",
                      cookie.call("GET", "/api/v1/processes"), 401, "unauthorized")
    rep.expect_status("the disabled user cannot log in (401)",
                      client().login("newbie", NEW_PW), 401, "unauthorized")
    r = chief.call("PUT", "/api/v1/users/newbie", {"disabled": False})
    rep.check("enabling again answers 200, enabled", r.status == 200 and
              r.json.get("disabled") is False, r.body)
    again = client()
    rep.expect_status("the enabled user logs in again", again.login("newbie", NEW_PW), 200)
    rep.expect_status("but its old session stays ended", bearer.call("GET", "/api/v1/me"), 401)

    # --- other changes ---------------------------------------------------------------
    rep.expect_status("becoming an auditor needs a scope: 400 naming scope",
                      chief.call("PUT", "/api/v1/users/newbie", {"role": "auditor"}), 400,
                      "invalid", "scope")
    r = chief.call("PUT", "/api/v1/users/newbie",
                   {"role": "auditor", "org": "nctv", "clearance": "confidential",
                    "scope": ["drinkwater"]})
    rep.check("a coordinator makes the user an auditor of drinkwater",
              r.status == 200 and r.json == {"username": "newbie", "role": "auditor",
                                             "org": "nctv", "clearance": "confidential",
                                             "scope": ["drinkwater"], "disabled": False,
                                             "mfa": "none"}, r.body)
    rep.check("another role does not end the session; it sees as an auditor now",
              again.call("GET", "/api/v1/me").json.get("role") == "auditor")
    r = chief.call("PUT", "/api/v1/users/newbie", {"role": "provider", "org": "polderbank"})
    rep.check("back to provider: the scope goes with the role",
              r.status == 200 and r.json["scope"] == [] and r.json["clearance"] == "confidential",
              r.body)
    rep.expect_status("a short new password: 400 naming password",
                      chief.call("PUT", "/api/v1/users/newbie", {"password": "short"}), 400,
                      "invalid", "password")
    rep.expect_status("a new password (200)",
                      chief.call("PUT", "/api/v1/users/newbie",
                                 {"password": "yet another password"}), 200)
    rep.expect_status("a new password ends the user's sessions",
                      again.call("GET", "/api/v1/me"), 401)
    rep.expect_status("the old password no longer logs in", client().login("newbie", NEW_PW), 401)
    rep.expect_status("the new one does", client().login("newbie", "yet another password"), 200)
    rep.expect_status("an unknown user: 404", chief.call("PUT", "/api/v1/users/nobody",
                                                          {"disabled": True}), 404)
    rep.expect_status("a user is not renamed: 400 naming username",
                      chief.call("PUT", "/api/v1/users/newbie", {"username": "other"}), 400,
                      "invalid", "username")
    rep.expect_status("a cookie session without X-CSRF-Token may not change users (403)",
                      cookie_chief.call("PUT", "/api/v1/users/newbie", {"disabled": True},
                                        csrf=False), 403, "forbidden")
    rep.expect_status("GET /api/v1/users/newbie is not an endpoint (405)",
                      chief.call("GET", "/api/v1/users/newbie"), 405)

    # --- nobody locks themself out ------------------------------------------------------
    rep.expect_status("a coordinator cannot disable itself (409 naming disabled)",
                      chief.call("PUT", "/api/v1/users/chief", {"disabled": True}), 409,
                      "conflict", "disabled")
    rep.expect_status("a coordinator cannot demote itself (409 naming role)",
                      chief.call("PUT", "/api/v1/users/chief", {"role": "auditor",
                                                                "scope": ["drinkwater"]}),
                      409, "conflict", "role")
    rep.expect_status("and is still a coordinator with a working session",
                      chief.call("GET", "/api/v1/users"), 200)
    rep.expect_status("but may disable another coordinator",
                      chief.call("PUT", "/api/v1/users/deputy", {"disabled": True}), 200)

    # --- the audit log ---------------------------------------------------------------
    items, after = [], 0
    while True:
        page = chief.call("GET", "/api/v1/audit?limit=1000&after=%d" % after).json
        items += page["items"]
        if page["next_after"] is None:
            break
        after = page["next_after"]
    mine = [(e["actor"], e["action"], e["kind"], e["record"], e["detail"]) for e in items
            if e["kind"] == "users" and not e["actor"].startswith("cli:")]
    by_cli = [(e["action"], e["record"], e["detail"]) for e in items
              if e["kind"] == "users" and e["actor"].startswith("cli:")]
    rep.check("the accounts the fixture made with `vitaal user add` are in the log too, "
              "in the API's words",
              by_cli == [("create", "chief", "role coordinator; org nctv; clearance secret"),
                         ("create", "deputy", "role coordinator; org nctv; clearance secret"),
                         ("create", "prov", "role provider; org polderbank; clearance internal")],
              by_cli)
    want = [("chief", "create", "users", "newbie",
             "role provider; org polderbank; clearance internal"),
            ("chief", "update", "users", "newbie", "disabled, sessions ended"),
            ("chief", "update", "users", "newbie", "enabled"),
            ("chief", "update", "users", "newbie",
             "role provider -> auditor; org polderbank -> nctv; clearance internal -> "
             "confidential; scope drinkwater"),
            ("chief", "update", "users", "newbie",
             "role auditor -> provider; org nctv -> polderbank; scope removed"),
            ("chief", "update", "users", "newbie", "new password, sessions ended"),
            ("chief", "update", "users", "deputy", "disabled, sessions ended")]
    rep.check("the audit log holds every change, and only the changes made", mine == want,
              "\n".join(map(str, mine)))
    rep.check("no audit entry holds a password",
              not [e for e in items if NEW_PW in json.dumps(e) or "yet another" in json.dumps(e)])
    return 0 if rep.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
