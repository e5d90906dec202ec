"""api.py — what the server checks share: a keep-alive JSON client for the
API, the need-to-know rules written out independently of src/domain/access.c
(from the rules in access.h and docs/api.md) to predict every answer, and
TAP-style reporting ("ok - ..." / "not ok - ...") that server_test.sh counts.
Every answer is validated against the OpenAPI document (openapi_check.py,
python3-jsonschema); otherwise Python standard library only."""
import atexit
import http.client
import json
import select
import socket
import sys

import openapi_check

CLASSIFICATIONS = ["public", "internal", "confidential", "secret"]
LEVEL = {c: i for i, c in enumerate(CLASSIFICATIONS)}
CATALOGUE = {"organisations", "settings", "sectors", "vitaal_criteria", "impact_criteria",
             "impact_classes", "likelihood_classes", "threats", "frameworks", "requirements"}


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        # the answers' check against the OpenAPI document reports at the
        # end of every checker, unless the checker reported it already
        atexit.register(openapi_check.report, self, 1)

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("ok - " + name)
        else:
            self.failed += 1
            print("not ok - " + name)
            for line in str(detail).splitlines()[:30]:
                print("#   " + line)
        sys.stdout.flush()
        return ok

    def expect_status(self, name, resp, status, error=None, field=None):
        """resp must have status (and error name / field when given)."""
        ok = resp.status == status
        if ok and error is not None:
            ok = isinstance(resp.json, dict) and resp.json.get("error") == error
        if ok and field is not None:
            ok = resp.json.get("field") == field
        return self.check(name, ok, "%s %s -> %d %s" % (resp.method, resp.path, resp.status,
                                                        resp.body[:400]))


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.raw_body = body
        self.body = body.decode("utf-8", "replace")
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None


class Client:
    """One keep-alive connection; Bearer token or session cookie."""

    def __init__(self, host, port, source=None):
        self.host, self.port, self.source = host, port, source
        self.conn = None
        self.token = None
        self.cookie = None
        self.csrf = None
        self.user = None

    def _connection(self):
        if self.conn is None:
            src = (self.source, 0) if self.source else None
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60,
                                                   source_address=src)
        return self.conn

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def raw(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        for attempt in range(2):
            try:
                c = self._connection()
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                resp = Response(method, path, r.status, r.getheaders(), data)
                openapi_check.load(self.host, self.port)
                openapi_check.check(method, path, resp.status, resp.headers, data)
                if resp.headers.get("connection", "").lower() == "close":
                    self.close()
                return resp
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 1:
                    raise

    def call(self, method, path, body=None, headers=None, csrf=True):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            h.setdefault("Content-Type", "application/json")
        if self.token:
            h.setdefault("Authorization", "Bearer " + self.token)
        if self.cookie:
            h.setdefault("Cookie", "vitaal_session=" + self.cookie)
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h.setdefault("X-CSRF-Token", self.csrf)
        return self.raw(method, path, data, h)

    def login(self, name, password, cookie=False):
        r = self.raw("POST", "/api/v1/session",
                     json.dumps({"username": name, "password": password}).encode(),
                     {"Content-Type": "application/json"})
        if r.status == 200:
            self.user = r.json["user"]
            self.csrf = r.json["csrf"]
            if cookie:
                self.cookie = r.json["token"]
            else:
                self.token = r.json["token"]
        return r


# Only the coordinator (and imports) choose the id of a new record; anyone
# else leaves it out and the server makes one (domain/record_id.h). The
# checks still name their records: create() takes the body's id as a label,
# sends it only for a coordinator, and remembers the id the server made
# under it; made(label) gives it back (the label itself when it was chosen).
MADE = {}


def create(client, kind, body):
    """POST /api/v1/KIND as client, the id sent only by a coordinator."""
    label = body.get("id") if isinstance(body, dict) else None
    if label is not None and (client.user or {}).get("role") != "coordinator":
        body = {k: v for k, v in body.items() if k != "id"}
    r = client.call("POST", "/api/v1/%s" % kind, body)
    if r.status == 201 and label is not None and isinstance(r.json, dict):
        MADE[label] = r.json.get("id", label)
    return r


def made(label):
    """The id the server made for the record created under label."""
    return MADE.get(label, label)


def send_oversized(host, port, head, chunks):
    """Sends head (bytes) and then as much of chunks as the server takes, on
    a fresh socket, and reads the answer: a server may answer (413) before
    the body is through and close the connection. Returns (status, body)."""
    s = socket.create_connection((host, port), timeout=30)
    try:
        s.sendall(head)
        for chunk in chunks:
            readable, writable, _ = select.select([s], [s], [], 10)
            if readable or not writable:
                break  # the answer came before the body was through
            try:
                s.sendall(chunk)
            except OSError:
                break
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        data = b""
        while True:
            end = data.find(b"\r\n\r\n")
            if end >= 0:  # stop at the end of the body: the connection may stay open
                length = [int(line.split(b":")[1]) for line in data[:end].split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(data) >= end + 4 + length[0]:
                    break
            try:
                part = s.recv(65536)
            except OSError:
                break
            if not part:
                break
            data += part
    finally:
        s.close()
    head_end = data.find(b"\r\n\r\n")
    if not data.startswith(b"HTTP/1.1 ") or head_end < 0:
        return 0, data[:200]
    return int(data[9:12]), data[head_end + 4:]


class World:
    """The database as the coordinator exported it: the ground truth the
    rules are applied to."""

    def __init__(self, document, openapi):
        self.records = {}
        for kind, items in document.items():
            if isinstance(items, list):
                self.records[kind] = {r["id"]: r for r in items}
        self.refs = {}  # kind -> [(field, target kind, "ref"|"list"|"map")]
        schemas = openapi["components"]["schemas"]
        for kind in self.records:
            singular = self.singular(openapi, kind)
            fields = []
            for name, s in schemas[singular]["properties"].items():
                target = s.get("x-vitaal-refers-to")
                if target:
                    shape = "list" if s.get("type") == "array" else (
                        "map" if s.get("type") == "object" else "ref")
                    fields.append((name, target, shape))
            self.refs[kind] = fields

    @staticmethod
    def singular(openapi, kind):
        ref = openapi["paths"]["/api/v1/" + kind]["post"]["requestBody"]["content"][
            "application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[1]

    def get(self, kind, rid):
        return self.records.get(kind, {}).get(rid)

    def processes_of(self, kind, r):
        if kind == "processes":
            return [r["id"]]
        if kind in ("measures", "events"):
            return list(r.get("processes") or [])
        if kind == "risks":
            a = self.get("analyses", r.get("analysis"))
            return [a["process"]] if a else []
        if kind == "reviews":
            m = self.get("measures", r.get("measure"))
            return list(m.get("processes") or []) if m else []
        if kind == "services":  # the processes that depend on it (issue 20 part 4)
            return [d["process"] for d in self.records.get("dependencies", {}).values()
                    if r["id"] in (d.get("supplier_services") or [])]
        if isinstance(r.get("process"), str):
            return [r["process"]]
        return []

    def user_processes(self, u):
        if u["role"] == "department":
            return {p["id"] for p in self.records["processes"].values()
                    if p["ministry"] == u["org"]}
        if u["role"] == "provider":
            return {l["process"] for l in self.records["provider_links"].values()
                    if l["provider"] == u["org"]}
        if u["role"] == "auditor":
            return set(u.get("scope") or [])
        return set()

    # --- the rules of access.h ------------------------------------------------

    def visible(self, u, kind, r):
        if LEVEL[r["classification"]] > LEVEL[u["clearance"]]:
            return False
        if u["role"] == "coordinator" or kind in CATALOGUE:
            return True
        if u["role"] in ("department", "provider") and r["owner"] == u["org"]:
            return True
        if self.shared_with_user(u, r):
            return True
        if kind == "iim_tables":  # hangs under no process: public ones for everyone
            return r["classification"] == "public"
        if u["role"] == "provider" and kind == "services" and r.get("provider") == u["org"]:
            return True  # a service the provider delivers itself
        mine = self.user_processes(u)
        if not [p for p in self.processes_of(kind, r) if p in mine]:
            return False
        if u["role"] == "provider":
            if kind in ("contributions", "proposed_risks"):
                return False
            if kind in ("dependencies", "services") or (kind == "provider_links" and
                                          r.get("provider") == u["org"]):
                return True
            return r["classification"] == "public"
        return True

    def orgs_above(self, org):
        """org and every organisation above it (parent chain)."""
        chain = []
        while org and org not in chain:
            chain.append(org)
            o = self.get("organisations", org)
            org = o.get("parent") if o else None
        return chain

    def shared_with_user(self, u, r):
        """domain/sharing.h: red reaches the named people, amber+strict the
        named organisations, the other markings also the ones under them."""
        tlp = r.get("tlp") or {"public": "clear", "internal": "green",
                               "confidential": "amber"}.get(r["classification"], "red")
        if tlp == "red":
            return u["name"] in (r.get("shared_with_people") or [])
        shared = r.get("shared_with") or []
        if u["org"] in shared:
            return True
        return tlp != "amber+strict" and bool(set(self.orgs_above(u["org"])) & set(shared))

    def masked(self, u, kind, r):
        """r as u is answered it (issue 14 part 5): every reference to a
        record u may not see dropped (a field, a list item, a map key)."""
        out = dict(r)
        for field, target, shape in self.refs[kind]:
            v = out.get(field)
            if v is None:
                continue
            hidden = lambda i: not (self.get(target, i) and self.visible(u, target,
                                                                         self.get(target, i)))
            if shape == "ref":  # answered as absent: null
                if hidden(v):
                    out[field] = None
            elif shape == "list":
                out[field] = [i for i in v if not hidden(i)]
            else:
                out[field] = {k: x for k, x in v.items() if not hidden(k)}
        return out

    def may_write_version(self, u, kind, r):
        if u["role"] == "coordinator":
            return True
        if kind in CATALOGUE or kind in ("services", "iim_tables"):  # the coordinator's
            return False
        if kind == "processes" and u["role"] == "department":
            return r.get("ministry") == u["org"]
        if r["owner"] != u["org"]:  # owners write their own (issue 14 part 4)
            return False
        mine = self.user_processes(u)
        return bool([p for p in self.processes_of(kind, r) if p in mine])

    def write_answer(self, u, kind, old, new):
        """The status a write should get: 404 hidden, 400 a reference the
        user cannot see, 403 not theirs to write, else None (allowed)."""
        if old is not None and not self.visible(u, kind, old):
            return 404
        if new is not None:
            for field, target, shape in self.refs[kind]:
                v = new.get(field)
                ids = [] if v is None else (v if shape == "list" else (
                    list(v) if shape == "map" else [v]))
                oldv = (old or {}).get(field)
                kept = set() if oldv is None else set(
                    oldv if shape == "list" else (list(oldv) if shape == "map" else [oldv]))
                for i in ids:
                    t = self.get(target, i)
                    if t is None or (i not in kept and not self.visible(u, target, t)):
                        return 400
        if u["role"] == "auditor":
            return 403
        if old is not None and not self.may_write_version(u, kind, old):
            return 403
        if new is not None:
            if LEVEL[new["classification"]] > LEVEL[u["clearance"]]:
                return 403
            if not self.may_write_version(u, kind, new):
                return 403
        return None


def all_audit(client):
    """Every entry of the audit log (coordinators only), paging on with after."""
    items, after = [], 0
    while True:
        page = client.call("GET", "/api/v1/audit?limit=1000&after=%d" % after).json
        items += page["items"]
        if not page["items"] or page.get("next_after") is None:
            return items
        after = page["next_after"]
