#!/usr/bin/env python3
"""disclosure.py — the disclosure checks of the yearly report (issue 11).

  disclosure.py mark DEMO.json KINDS_DIR OUT.json MARKERS.json
      puts a unique marker into every text field (and every text value of a
      map field) of every confidential and secret record of the demo
      document; KINDS_DIR holds `vitaal kinds KIND` of every kind, which says
      which fields are text. Writes the marked document and the list of
      markers.

  disclosure.py check REPORT.txt FORMAT DEMO.json MARKERS.json K
      checks one rendered report (FORMAT md, html or txt — PDF through
      pdftotext): no marker, no id of a non-catalogue record, no provider
      name, and (md, html) no table cell showing a count 1 .. K-1.
      Prints "ok - ..." / "not ok - ..." lines.
"""
import html
import json
import os
import re
import sys

CATALOGUE = {"settings", "sectors", "vitaal_criteria", "impact_criteria", "impact_classes",
             "likelihood_classes", "threats", "frameworks", "requirements"}


def text_fields(kinds_dir, kind):
    """The text fields and the maps of text of a kind, from `vitaal kinds KIND`."""
    plain, maps = [], []
    with open(os.path.join(kinds_dir, kind + ".txt")) as f:
        for line in f.readlines()[1:]:
            parts = line.split()
            if len(parts) < 2:
                continue
            rest = line[len(line) - len(line.lstrip()):].split(None, 1)[1]
            if rest.startswith("text"):
                plain.append(parts[0])
            elif rest.startswith("map:") and "-> text" in rest:
                maps.append(parts[0])
    return plain, maps


def mark(demo_path, kinds_dir, out_path, markers_path):
    with open(demo_path) as f:
        doc = json.load(f)
    markers, n = [], 0
    for kind, records in doc.items():
        if not isinstance(records, list):
            continue
        plain, maps = text_fields(kinds_dir, kind)
        for r in records:
            if r.get("classification") not in ("confidential", "secret"):
                continue
            for field in plain:
                n += 1
                m = "ZQXMARK%05dZQX" % n
                r[field] = (r[field] + " " + m) if isinstance(r.get(field), str) else m
                markers.append(m)
            for field in maps:
                for key in list((r.get(field) or {}).keys()):
                    n += 1
                    m = "ZQXMARK%05dZQX" % n
                    r[field][key] = r[field][key] + " " + m
                    markers.append(m)
    with open(out_path, "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
    with open(markers_path, "w") as f:
        json.dump(markers, f)
    print("%d markers in %d kinds" % (len(markers), len(doc)))


def table_cells(text, fmt):
    """Every cell but the first of every table row (md) or every <td> (html)."""
    cells = []
    if fmt == "md":
        for line in text.splitlines():
            if line.startswith("|") and not re.match(r"^\|\s*:?-+", line):
                cells += [c.strip() for c in line.strip().strip("|").split("|")[1:]]
    elif fmt == "html":
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S):
            tds = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            cells += [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in tds[1:]]
    return cells


def check(report_path, fmt, demo_path, markers_path, k):
    k = int(k)
    with open(report_path, encoding="utf-8") as f:
        text = f.read()
    with open(demo_path) as f:
        doc = json.load(f)
    with open(markers_path) as f:
        markers = json.load(f)
    failed = 0

    def report(name, ok, detail=""):
        nonlocal failed
        print(("ok - " if ok else "not ok - ") + "%s: %s" % (fmt, name))
        if not ok:
            failed += 1
            print("#   " + str(detail)[:1500])

    found = [m for m in markers if m in text]
    report("no marker of a confidential or secret text (%d markers)" % len(markers),
           not found and len(markers) > 100, found[:10])
    if "ZQXMARK" in text:
        report("no piece of a marker", False, text[text.index("ZQXMARK") - 80:][:200])
    ids = set()
    for kind, records in doc.items():
        if isinstance(records, list) and kind not in CATALOGUE:
            ids |= {r["id"] for r in records}
    shown = [i for i in sorted(ids)
             if re.search(r"(?<![\w-])" + re.escape(i) + r"(?![\w-])", text)]
    report("no record id (%d ids)" % len(ids), not shown, shown[:20])
    names = [o["name"] for o in doc.get("organisations", []) if o.get("kind") == "provider"]
    shown = [n for n in names if n in text]
    report("no provider name (%d providers)" % len(names), not shown and len(names) > 5,
           shown[:10])
    if fmt in ("md", "html"):
        cells = table_cells(text, fmt)
        small = [c for c in cells if re.fullmatch(r"\d+", c) and 0 < int(c) < k]
        report("no table cell shows a count 1 .. %d (%d cells)" % (k - 1, len(cells)),
               not small and len(cells) > 100, small[:20])
        report("some cells are withheld", "\u00d7" in cells, "")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if sys.argv[1] == "mark":
        mark(*sys.argv[2:6])
    else:
        check(*sys.argv[2:7])
