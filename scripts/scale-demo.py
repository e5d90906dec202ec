#!/usr/bin/env python3
"""scale-demo.py N [-o FILE] -- the demo dataset N times over, for benchmarks.

Copy 1 is data/demo.json as it is; copies 2..N repeat every record of the
demo (organisations, processes, links, assessments, analyses, risks,
measures, reviews, incidents, ...) with "-xK" appended to its id and to
every reference to another copied record, and " (kopie K)" to a process's
name. Catalogue records (sectors, ministries, criteria, classes) are shared,
so the copies are N times the demo's processes under the same ministries and
sectors: what a yearly report over a larger country would count. Threats
are catalogue-like and shared too.

The reference fields come from the model as the binary gives it
(`vitaal kinds --json`: each field's "ref"); --vitaal BIN, else
$VITAAL_BIN, else build/vitaal. Deterministic: the same input gives the
same bytes.
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def references(vitaal):
    """{kind: {field: (target kind, "ref" | "ref_list")}} from `vitaal kinds --json`."""
    kinds = json.loads(subprocess.run([vitaal, "kinds", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
    return {k["name"]: {f["name"]: (f["ref"], f["type"]) for f in k["fields"]
                        if f.get("ref") and f["type"] in ("ref", "ref_list")} for k in kinds}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="how many times the demo (>= 1)")
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--demo", default=os.path.join(ROOT, "data", "demo.json"))
    ap.add_argument("--vitaal", default=os.environ.get("VITAAL_BIN") or
                    os.path.join(ROOT, "build", "vitaal"))
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be at least 1")
    refs = references(args.vitaal)
    demo = json.load(open(args.demo, encoding="utf-8"))
    shared = {"threats"}
    copied = {k for k in demo if isinstance(demo[k], list) and k not in shared}
    ids = {k: {r["id"] for r in demo[k]} for k in copied}

    def ref(kind, value, k):
        return "%s-x%d" % (value, k) if kind in copied and value in ids[kind] else value

    out = {key: (list(v) if isinstance(v, list) else v) for key, v in demo.items()}
    for k in range(2, args.n + 1):
        for kind in demo:
            if kind not in copied:
                continue
            for rec in demo[kind]:
                new = dict(rec)
                new["id"] = "%s-x%d" % (rec["id"], k)
                for field, value in rec.items():
                    target, kind_of = refs[kind].get(field, (None, None))
                    if kind_of == "ref" and isinstance(value, str):
                        new[field] = ref(target, value, k)
                    elif kind_of == "ref_list" and isinstance(value, list):
                        new[field] = [ref(target, v, k) for v in value]
                if kind == "processes":
                    new["name"] = "%s (kopie %d)" % (rec["name"], k)
                out[kind].append(new)
    text = json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
