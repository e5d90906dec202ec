#!/usr/bin/env python3
"""mfa_checks.py URL DB — the second factor (issue 14 part 8) over HTTP,
against a server on a database made by `vitaal init` (the catalogue's
setting mfa_required_clearance = confidential) with the users of
server_mfa_test.sh: chief (coordinator, secret), anna and bert (department,
confidential), ivo (department, internal). Codes are computed here from the
secret the server gives (RFC 6238, HMAC-SHA1, 30 s, 6 digits: written out
independently of liboath). As an attacker would: a session that must enrol
can do nothing else, a login without the code, a wrong code, a replayed
code, a code of two steps ahead, a recovery code used twice, another user
resetting you, wrong codes slowing the name down like wrong passwords.
Prints "ok - ..." / "not ok - ..." lines; server_mfa_test.sh counts them.
Also: mfa_checks.run_roles(checks), the role-by-route rows checks.py runs
on the main fixture."""
import base64
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from api import Client, Report  # noqa: E402


def totp(secret_b32, at=None, step=30, digits=6):
    """RFC 6238 with HMAC-SHA1: the code of secret at unix time at."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def pw(name):
    return "pw-%s-0123456789" % name


def login(client, name, **extra):
    body = {"username": name, "password": pw(name)}
    body.update(extra)
    r = client.call("POST", "/api/v1/session", body)
    if r.status == 200:
        client.token = r.json["token"]
        client.csrf = r.json["csrf"]
    return r


def msg(r):
    return (r.json or {}).get("message_id") if isinstance(r.json, dict) else None


def enrol(rep, c, who):
    """Starts and confirms c's enrolment; returns (secret, recovery codes, step used)."""
    r = c.call("POST", "/api/v1/me/mfa", {})
    rep.check("%s: enrolment starts (201) with a base32 secret and an otpauth:// URI" % who,
              r.status == 201 and len(r.json.get("secret", "")) == 32 and
              r.json["uri"].startswith("otpauth://totp/vitaal:") and
              "secret=" + r.json["secret"] in r.json["uri"], r.body[:300])
    secret = r.json["secret"]
    now = time.time()
    r = c.call("POST", "/api/v1/me/mfa/confirm", {"totp": totp(secret, now)})
    codes = (r.json or {}).get("recovery_codes", [])
    rep.check("%s: confirmed with a first code: 10 different recovery codes, once" % who,
              r.status == 200 and len(codes) == 10 and len(set(codes)) == 10, r.body[:300])
    return secret, codes, int(now // 30)


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    db, binary = sys.argv[2], os.environ.get("VITAAL_BIN", "vitaal")
    rep = Report()

    def client(source=None):
        return Client(url.hostname, url.port, source)

    chief = client()

    # --- enforcement: confidential and up must enrol ---------------------------------
    anna = client("127.0.0.2")
    r = login(anna, "anna")
    rep.check("anna (confidential, no MFA yet): the login answers a session that may only enrol",
              r.status == 200 and r.json.get("enrol_only") is True and
              r.json["user"]["mfa"] == "none", r.body[:300])
    for method, path, body in (("GET", "/api/v1/processes", None), ("GET", "/api/v1/status", None),
                               ("GET", "/api/v1/users", None), ("GET", "/api/v1/notifications", None),
                               ("POST", "/api/v1/cascade", {"fail": ["x"]}),
                               ("PUT", "/api/v1/users/anna", {"clearance": "public"}),
                               ("POST", "/api/v1/me/mfa/disable", {"totp": "000000"}),
                               ("POST", "/api/v1/users/bert/mfa-reset", None)):
        r = anna.call(method, path, body)
        rep.check("enrol-only session: %s %s is 403 mfa_enrol_first" % (method, path),
                  r.status == 403 and msg(r) == "mfa_enrol_first", "%d %s" % (r.status, r.body[:200]))
    r = anna.call("GET", "/api/v1/me")
    rep.check("enrol-only session: GET /me answers, saying enrol_only",
              r.status == 200 and r.json.get("enrol_only") is True, r.body[:200])
    r = anna.call("GET", "/api/v1/me/mfa")
    rep.check("enrol-only session: GET /me/mfa says none, required",
              r.status == 200 and r.json == {"mfa": "none", "required": True, "enrol_only": True,
                                             "recovery_codes_left": 0}, r.body[:200])
    r = anna.call("GET", "/api/v1/me/mfa/qr")
    rep.check("no QR code before an enrolment starts (404 mfa_not_started)",
              r.status == 404 and msg(r) == "mfa_not_started", r.body[:200])

    r = anna.call("POST", "/api/v1/me/mfa", {})
    secret = r.json["secret"] if r.status == 201 else ""
    rep.check("anna starts enrolling: 201, the secret, the URI and where the QR code is",
              r.status == 201 and len(secret) == 32 and r.json["qr"] == "/api/v1/me/mfa/qr" and
              r.json["uri"] == "otpauth://totp/vitaal:anna?secret=%s&issuer=vitaal&algorithm=SHA1"
              "&digits=6&period=30" % secret, r.body[:300])
    r = anna.call("GET", "/api/v1/me/mfa/qr")
    rep.check("the QR code is an SVG image (image/svg+xml, nosniff), not inline in JSON",
              r.status == 200 and r.headers.get("content-type", "").startswith("image/svg+xml") and
              r.body.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"") and
              "<script" not in r.body and r.headers.get("x-content-type-options") == "nosniff",
              "%d %s %s" % (r.status, r.headers, r.body[:200]))
    r = anna.call("GET", "/api/v1/processes")
    rep.check("a started (unconfirmed) enrolment still allows nothing else",
              r.status == 403 and msg(r) == "mfa_enrol_first", r.body[:200])
    wrong = "%06d" % ((int(totp(secret)) + 1) % 1000000)
    r = anna.call("POST", "/api/v1/me/mfa/confirm", {"totp": wrong})
    rep.check("confirming with a wrong code: 400 mfa_wrong_code", r.status == 400 and
              msg(r) == "mfa_wrong_code", r.body[:200])
    r = anna.call("POST", "/api/v1/me/mfa/confirm", {"recovery_code": "AAAA-AAAA-AAAA-AAAA"})
    rep.check("confirming with a recovery code instead: 400", r.status == 400, r.body[:200])
    now = time.time()
    r = anna.call("POST", "/api/v1/me/mfa/confirm", {"totp": totp(secret, now)})
    codes = (r.json or {}).get("recovery_codes", [])
    step = int(now // 30)
    rep.check("confirming with the right code: 10 different recovery codes XXXX-XXXX-XXXX-XXXX",
              r.status == 200 and len(set(codes)) == 10 and
              all(len(c) == 19 and c.count("-") == 3 for c in codes), r.body[:300])
    r = anna.call("GET", "/api/v1/processes")
    rep.check("the same session may do everything once confirmed", r.status == 200,
              r.body[:200])
    r = anna.call("GET", "/api/v1/me")
    rep.check("GET /me: mfa enrolled, no longer enrol_only",
              r.json.get("mfa") == "enrolled" and r.json.get("enrol_only") is False, r.body[:200])
    r = anna.call("POST", "/api/v1/me/mfa", {})
    rep.check("starting again while enrolled: 409 mfa_enrolled", r.status == 409 and
              msg(r) == "mfa_enrolled", r.body[:200])
    r = anna.call("GET", "/api/v1/me/mfa/qr")
    rep.check("no QR code of a confirmed key (404)", r.status == 404, r.body[:200])

    # --- logging in with the second factor (from anna's own address) -----------------
    c = client("127.0.0.2")
    r = login(c, "anna")
    rep.check("login without a code: 401 mfa_required, no session",
              r.status == 401 and msg(r) == "mfa_required" and "token" not in r.body, r.body[:200])
    r = login(c, "anna", totp=totp(secret, step * 30))
    rep.check("a replayed code (the one that confirmed) is refused: 401 mfa_wrong_code",
              r.status == 401 and msg(r) == "mfa_wrong_code", r.body[:200])
    r = login(c, "anna", totp=totp(secret, (step + 1) * 30))
    rep.check("the next step's code (clock drift of one step) logs in, a full session",
              r.status == 200 and r.json.get("enrol_only") is False, r.body[:200])
    r = login(client("127.0.0.2"), "anna", totp=totp(secret, (step + 1) * 30))
    rep.check("the same code again, in the same time step: refused (replay)",
              r.status == 401 and msg(r) == "mfa_wrong_code", r.body[:200])
    r = login(client("127.0.0.2"), "anna", recovery_code=codes[0])
    rep.check("a recovery code logs in", r.status == 200, r.body[:200])
    r = login(client("127.0.0.2"), "anna", recovery_code=codes[0])
    rep.check("the same recovery code a second time: refused", r.status == 401 and
              msg(r) == "mfa_wrong_code", r.body[:200])
    r = login(client("127.0.0.2"), "anna", recovery_code=codes[1].lower().replace("-", ""))
    rep.check("a recovery code in lower case without dashes counts (and is then used up)",
              r.status == 200, r.body[:200])
    r = anna.call("GET", "/api/v1/me/mfa")
    rep.check("8 recovery codes left", r.json.get("recovery_codes_left") == 8, r.body[:200])
    r = login(client("127.0.0.2"), "anna", totp=totp(secret, time.time() + 90))
    rep.check("a code three steps ahead is refused (outside the drift window)",
              r.status == 401 and msg(r) == "mfa_wrong_code", r.body[:200])
    r = login(client("127.0.0.2"), "anna", password="wrong password", totp=totp(secret))
    rep.check("a right code with a wrong password: 401 without saying which", r.status == 401 and
              msg(r) != "mfa_wrong_code" and msg(r) != "mfa_required", r.body[:200])

    # wrong codes count towards the throttling of the name at the address
    t = client("127.0.0.3")
    for i in range(3):
        r = login(t, "anna", totp="000000" if totp(secret) != "000000" else "111111")
    rep.check("three wrong codes from one address: each 401", r.status == 401, r.body[:200])
    r = login(t, "anna", totp=totp(secret, (step + 2) * 30))
    rep.check("then even a right code waits (429, Retry-After): wrong codes throttle like "
              "wrong passwords", r.status == 429 and "retry-after" in r.headers, r.body[:200])
    r = login(client("127.0.0.4"), "anna")
    rep.check("the name is not locked from another address (401 mfa_required there)",
              r.status == 401 and msg(r) == "mfa_required", r.body[:200])

    # --- the coordinator, other users ------------------------------------------------
    r = login(chief, "chief")
    rep.check("chief (coordinator, secret) must enrol too", r.status == 200 and
              r.json.get("enrol_only") is True, r.body[:200])
    r = chief.call("POST", "/api/v1/users/anna/mfa-reset")
    rep.check("a coordinator's enrol-only session cannot reset another's MFA (403)",
              r.status == 403 and msg(r) == "mfa_enrol_first", r.body[:200])
    enrol(rep, chief, "chief")
    bert = client()
    r = login(bert, "bert")
    bert_secret, bert_codes, _ = enrol(rep, bert, "bert")
    r = bert.call("GET", "/api/v1/me/mfa")
    rep.check("bert's /me/mfa is bert's own", r.json.get("recovery_codes_left") == 10,
              r.body[:200])
    r = bert.call("POST", "/api/v1/users/anna/mfa-reset")
    rep.check("a department user cannot reset anna's MFA (403)", r.status == 403, r.body[:200])
    r = login(client("127.0.0.5"), "anna", recovery_code=bert_codes[0])
    rep.check("bert's recovery code does not open anna's account", r.status == 401, r.body[:200])
    r = login(client("127.0.0.5"), "anna", totp=totp(bert_secret))
    rep.check("bert's TOTP code does not open anna's account", r.status == 401, r.body[:200])
    r = bert.call("POST", "/api/v1/me/mfa/disable", {"totp": totp(bert_secret)})
    rep.check("bert (confidential) cannot turn MFA off: 409 mfa_required_by_setting",
              r.status == 409 and msg(r) == "mfa_required_by_setting", r.body[:200])
    r = chief.call("POST", "/api/v1/users/nobody-here/mfa-reset")
    rep.check("resetting an unknown user: 404", r.status == 404, r.body[:200])
    r = chief.call("POST", "/api/v1/users/anna/mfa-reset")
    rep.check("the coordinator resets anna's MFA (204)", r.status == 204, r.body[:200])
    r = anna.call("GET", "/api/v1/me")
    rep.check("the reset ended anna's sessions (401)", r.status == 401, r.body[:200])
    r = login(client("127.0.0.6"), "anna", recovery_code=codes[2])
    rep.check("after a reset anna's old recovery codes are gone: she logs in to enrol again",
              r.status == 200 and r.json.get("enrol_only") is True and
              r.json["user"]["mfa"] == "none", r.body[:200])

    # --- voluntary MFA below the setting --------------------------------------------
    ivo = client()
    r = login(ivo, "ivo")
    rep.check("ivo (internal, below the setting): a full session without MFA",
              r.status == 200 and r.json.get("enrol_only") is False, r.body[:200])
    ivo_secret, ivo_codes, ivo_step = enrol(rep, ivo, "ivo")
    r = login(client("127.0.0.7"), "ivo")
    rep.check("once enrolled, ivo's login needs the code too (401 mfa_required)",
              r.status == 401 and msg(r) == "mfa_required", r.body[:200])
    ivo2 = client("127.0.0.9")
    r = login(ivo2, "ivo", totp=totp(ivo_secret, (ivo_step + 1) * 30))
    rep.check("ivo logs in with a code from another address", r.status == 200, r.body[:200])
    for i in range(3):
        r = ivo2.call("POST", "/api/v1/me/mfa/disable", {"totp": "12345" if i else "123456"})
    rep.check("disable with a wrong or malformed code: 400 (three times)", r.status == 400,
              r.body[:200])
    r = ivo2.call("POST", "/api/v1/me/mfa/disable", {"recovery_code": ivo_codes[1]})
    rep.check("then disable waits (429): wrong codes in a session count like failed logins",
              r.status == 429 and "retry-after" in r.headers, r.body[:200])
    r = ivo.call("POST", "/api/v1/me/mfa/disable", {"recovery_code": ivo_codes[0]})
    rep.check("ivo turns MFA off with a recovery code (204)", r.status == 204, r.body[:200])
    r = login(client("127.0.0.7"), "ivo")
    rep.check("then ivo logs in with the password alone", r.status == 200, r.body[:200])

    # --- the setting -----------------------------------------------------------------
    setting = chief.call("GET", "/api/v1/settings/mfa_required_clearance").json
    rep.check("the catalogue's setting is confidential", setting.get("value") == "confidential",
              str(setting)[:200])
    r = chief.call("PUT", "/api/v1/settings/mfa_required_clearance", dict(setting, value="top"))
    rep.check("the setting refuses an unknown level (400 setting_value)",
              r.status == 400 and msg(r) == "setting_value", r.body[:200])
    r = chief.call("PUT", "/api/v1/settings/mfa_required_clearance",
                   dict(setting, value="secret"))
    rep.check("the coordinator sets it to secret", r.status == 200, r.body[:200])
    r = login(client("127.0.0.8"), "anna")
    rep.check("then anna (confidential, reset) gets a full session without MFA",
              r.status == 200 and r.json.get("enrol_only") is False, r.body[:200])

    # --- the CLI and the audit log ------------------------------------------------------
    out = subprocess.run([binary, "--db", db, "user", "mfa-reset", "bert"], capture_output=True,
                         text=True)
    rep.check("vitaal user mfa-reset bert", out.returncode == 0 and "bert" in out.stdout,
              out.stdout + out.stderr)
    time.sleep(1.1)  # the server's cache of sessions lives a second
    r = bert.call("GET", "/api/v1/me")
    rep.check("the CLI's reset ended bert's session", r.status == 401, r.body[:200])
    out = subprocess.run([binary, "--db", db, "user", "list"], capture_output=True, text=True)
    rows = {line.split()[0]: line.split() for line in out.stdout.splitlines()[1:] if line.strip()}
    rep.check("vitaal user list shows MFA: chief enrolled, bert and anna none",
              rows.get("chief", [""] * 6)[5] == "enrolled" and rows.get("bert", [""] * 6)[5] ==
              "none" and rows.get("anna", [""] * 6)[5] == "none", out.stdout)
    audit = chief.call("GET", "/api/v1/audit?limit=1000").json["items"]
    actions = [(e["actor"], e["action"], e["record"]) for e in audit]
    rep.check("audited: enrolment started and confirmed, reset by the coordinator and the CLI",
              ("anna", "mfa_enrol_start", "anna") in actions and
              ("anna", "mfa_enrol", "anna") in actions and
              ("chief", "mfa_reset", "anna") in actions and
              ("ivo", "mfa_disable", "ivo") in actions and
              any(a[1] == "mfa_reset" and a[2] == "bert" and a[0].startswith("cli:")
                  for a in actions), str(actions[-30:]))
    rep.check("audited: logins say how (a TOTP code, a recovery code with the count left)",
              any(e["action"] == "login" and e["actor"] == "anna" and
                  e["detail"] == "with a TOTP code" for e in audit) and
              any(e["action"] == "login" and e["actor"] == "anna" and
                  e["detail"] == "with a recovery code (9 left)" for e in audit), "")
    rep.check("audited: a wrong second factor is a failed login (at login, confirm, disable)",
              any(e["action"] == "login_failed" and "second-factor" in (e["detail"] or "") and
                  e["actor"] == "anna" and e["address"] == "127.0.0.3" for e in audit) and
              any(e["action"] == "login_failed" and "second-factor" in (e["detail"] or "") and
                  e["actor"] == "ivo" and e["address"] == "127.0.0.9" for e in audit), "")
    rep.check("no secret, URI or recovery code in the audit log",
              secret not in str(audit) and not any(c in str(audit) for c in codes), "")
    sys.exit(0 if rep.failed == 0 else 1)


def run_roles(checks):
    """Role by route on the main fixture (setting none): every role reads its own
    MFA state and may start an enrolment; only coordinators reset (404 for an
    unknown user), every other role 403; no session 401."""
    rep = checks.rep
    for u in checks.users:
        c = checks.client()
        c.login(u["name"], "pw-%s-0123456789" % u["name"])
        if not c.token:
            continue  # disabled by an earlier step
        r = c.call("GET", "/api/v1/me/mfa")
        rep.check("mfa: %s GET /me/mfa -> 200, its own" % u["name"],
                  r.status == 200 and r.json.get("required") is False, r.body[:200])
        r = c.call("GET", "/api/v1/me/mfa/qr")
        rep.check("mfa: %s GET /me/mfa/qr before starting -> 404" % u["name"], r.status == 404,
                  r.body[:200])
        r = c.call("POST", "/api/v1/me/mfa/confirm", {"totp": "123456"})
        rep.check("mfa: %s confirm before starting -> 409" % u["name"], r.status == 409,
                  r.body[:200])
        r = c.call("POST", "/api/v1/me/mfa/disable", {"totp": "123456"})
        rep.check("mfa: %s disable without MFA -> 409" % u["name"], r.status == 409, r.body[:200])
        r = c.call("POST", "/api/v1/users/nobody-here/mfa-reset")
        want = 404 if u["role"] == "coordinator" else 403
        rep.check("mfa: %s (%s) POST /users/nobody-here/mfa-reset -> %d" %
                  (u["name"], u["role"], want), r.status == want, r.body[:200])
        c.close()
    anon = checks.client()
    for method, path in (("GET", "/api/v1/me/mfa"), ("POST", "/api/v1/me/mfa"),
                         ("GET", "/api/v1/me/mfa/qr"), ("POST", "/api/v1/me/mfa/confirm"),
                         ("POST", "/api/v1/me/mfa/disable"),
                         ("POST", "/api/v1/users/coord/mfa-reset")):
        rep.expect_status("mfa: without a session %s %s -> 401" % (method, path),
                          anon.call(method, path, {}), 401)
    # starting an enrolment changes nothing for logins until confirmed
    c = checks.client()
    c.login("prov-y", "pw-prov-y-0123456789")
    r = c.call("POST", "/api/v1/me/mfa", {})
    rep.check("mfa: prov-y starts an enrolment (201)", r.status == 201, r.body[:200])
    r = c.call("GET", "/api/v1/me/mfa/qr")
    rep.check("mfa: then its QR code (200 image/svg+xml)", r.status == 200 and
              r.headers.get("content-type", "").startswith("image/svg+xml"), r.body[:100])
    again = checks.client()
    r = again.login("prov-y", "pw-prov-y-0123456789")
    rep.check("mfa: an unconfirmed enrolment does not change the login", r.status == 200,
              r.body[:200])


if __name__ == "__main__":
    main()
