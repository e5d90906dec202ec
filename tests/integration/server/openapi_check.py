"""openapi_check.py — every answer the server checks receive, validated
against the server's own OpenAPI document (/api/v1/openapi.json): the
operation is found by method and path, the answer's status must be one the
operation lists (its default stands for 5xx only), its JSON body must match
that response's schema (JSON Schema 2020-12 with python3-jsonschema; an
unknown field fails
where the document says additionalProperties: false), and the headers the
response marks required (Location, Retry-After) must be there. A 405 must
name the methods in Allow. api.Client.raw hands every answer to check();
report() turns what was found into one TAP line per operation and status
(checks.py calls it; api.Report calls it at exit for every other checker)."""
import http.client
import json
import os
import re
import urllib.parse

try:
    import jsonschema
except ImportError:  # scripts/deps.sh installs python3-jsonschema
    jsonschema = None

_doc = None
_ops = []  # (regex, template, item), literal paths first
_validators = {}
checked = 0
_reported = False
problems = {}  # (method template status) -> [first messages]


def load(host, port):
    """Fetches the document once (a fresh connection, no session needed)."""
    global _doc
    if _doc is not None or jsonschema is None:
        return
    c = http.client.HTTPConnection(host, port, timeout=60)
    try:
        c.request("GET", "/api/v1/openapi.json")
        _doc = json.loads(c.getresponse().read())
    finally:
        c.close()
    templates = sorted(_doc["paths"], key=lambda p: (p.count("{"), p))
    for t in templates:
        rx = "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(t)) + "$"
        _ops.append((re.compile(rx), t, _doc["paths"][t]))


def _deref(node):
    """A response object behind a $ref (#/components/responses/X)."""
    while isinstance(node, dict) and "$ref" in node:
        target = _doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _validator(key, schema):
    v = _validators.get(key)
    if v is None:
        # the schema with the document's components beside it, so that its
        # #/components/... references resolve
        root = {"allOf": [schema], "components": _doc["components"]}
        v = jsonschema.Draft202012Validator(root)
        _validators[key] = v
    return v


def _problem(key, message):
    problems.setdefault(key, [])
    if len(problems[key]) < 5 and message not in problems[key]:
        problems[key].append(message)


def check(method, path, status, headers, body):
    """Validates one answer (headers: lower-case names)."""
    global checked
    if _doc is None:
        return
    path = urllib.parse.urlsplit(path).path
    if not path.startswith("/api/"):
        return
    item = template = None
    for rx, t, it in _ops:
        if rx.match(path):
            item, template = it, t
            break
    if item is None:
        return  # not an API path: the router's 404
    if status == 405:
        if not headers.get("allow"):
            _problem("%s %s 405" % (method, template), "405 without Allow")
        return
    op = item.get(method.lower())
    if op is None:
        if method == "HEAD":
            return
        _problem("%s %s %d" % (method, template, status), "the method is not in the document")
        return
    checked += 1
    key = "%s %s %d" % (method, template, status)
    responses = op["responses"]
    # default stands for the server's faults (500) only: a 4xx must be listed
    resp = responses.get(str(status)) or (responses.get("default") if status >= 500 else None)
    if resp is None:
        _problem(key, "status %d is not among %s" % (status, sorted(responses)))
        return
    resp = _deref(resp)
    for name, h in (resp.get("headers") or {}).items():
        if h.get("required") and name.lower() not in headers:
            _problem(key, "header %s is required" % name)
    content = resp.get("content")
    ctype = headers.get("content-type", "").split(";")[0].strip()
    if not content:
        if body:
            _problem(key, "a body (%s) where the document has none" % ctype)
        return
    media = ctype if ctype in content else ctype.split("/")[0] + "/*"
    if media not in content:
        media = "*/*"
    if media not in content:
        _problem(key, "content type %r is not among %s" % (ctype, sorted(content)))
        return
    schema = content[media].get("schema")
    if ctype != "application/json" or schema is None:
        return
    try:
        value = json.loads(body)
    except ValueError:
        _problem(key, "the body is not JSON")
        return
    if os.environ.get("VITAAL_OPENAPI_SAMPLES"):  # to write schemas from
        with open(os.environ["VITAAL_OPENAPI_SAMPLES"], "a") as f:
            f.write(json.dumps({"key": key, "body": value}) + "\n")
    v = _validator((template, method, str(status) if str(status) in responses else "default",
                    ctype), schema)
    for err in sorted(v.iter_errors(value), key=lambda e: list(e.absolute_path))[:3]:
        where = "/".join(str(p) for p in err.absolute_path) or "(the body)"
        _problem(key, "%s: %s" % (where, err.message[:300]))


def report(rep, at_least=100):
    """One check per operation and status that went wrong, or one that all
    answers conformed, at least at_least of them (rep: api.Report); once
    a process, and nothing when no answer came."""
    global _reported
    if _reported or (checked == 0 and not problems):
        return
    _reported = True
    if jsonschema is None:
        print("# openapi: answers not validated (python3-jsonschema is not installed)")
        return
    if not problems:
        rep.check("openapi: all %d answers conform to /api/v1/openapi.json" % checked,
                  checked >= at_least, "only %d answers checked" % checked)
        return
    for key in sorted(problems):
        rep.check("openapi: %s answers as the document says" % key, False,
                  "\n".join(problems[key]))
