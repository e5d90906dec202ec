#!/usr/bin/env python3
"""web-preload.py WEB — writes into WEB/index.html (the build's copy), in
place of the line holding <!-- modulepreload -->, one
<link rel="modulepreload"> for every module the first screen needs: the
static imports of js/app.js and of the dashboard's view js/views/dashboard.js,
followed to the end. Without them the browser finds each module only when
the one importing it has arrived: one network round trip per level of
imports (on a slow mobile connection about half a second each). Also
preloads the default language's labels (i18n/nl.json), which app.js fetches
before it draws anything, and, first of all, the vendor modules those
files import when they draw (echarts for the dashboard's charts), so they
arrive while the dashboard waits for its data instead of after it; being
versioned paths, they are fetched once per version. scripts/build-web.sh
runs it."""
import os
import re
import sys

IMPORT = re.compile(r"""^\s*(?:import|export)\s[^'"]*?\bfrom\s+['"](\.{1,2}/[^'"]+\.js)['"]""", re.M)
DYNAMIC = re.compile(r"""\bimport\(\s*['"](/vendor/[^'"]+)['"]\s*\)""")
ROOTS = ["js/app.js", "js/views/dashboard.js"]


def vendor_modules(web):
    found = []
    for rel in ROOTS:
        with open(os.path.join(web, rel), encoding="utf-8") as f:
            found += [u for u in DYNAMIC.findall(f.read()) if u not in found]
    return found


def closure(web):
    seen, order, todo = set(), [], list(ROOTS)
    while todo:
        rel = todo.pop(0)
        if rel in seen or not os.path.isfile(os.path.join(web, rel)):
            continue
        seen.add(rel)
        order.append(rel)
        with open(os.path.join(web, rel), encoding="utf-8") as f:
            text = f.read()
        for spec in IMPORT.findall(text):
            todo.append(os.path.normpath(os.path.join(os.path.dirname(rel), spec)))
    return order


def main():
    web = sys.argv[1]
    index = os.path.join(web, "index.html")
    with open(index, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # the vendor modules first: the largest file the first screen needs
    # (echarts, ~370 KB compressed) takes longest to arrive, so it must take
    # one of the browser's six connections at once, not the last one free
    links = [f'  <link rel="modulepreload" href="{url}">' for url in vendor_modules(web)]
    links += [f'  <link rel="modulepreload" href="/assets/{rel}">' for rel in closure(web) if rel != "js/app.js"]
    links.append('  <link rel="preload" href="/assets/i18n/nl.json" as="fetch" crossorigin>')
    out = []
    for line in lines:
        out.extend(links if "<!-- modulepreload -->" in line else [line])
    with open(index + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    os.replace(index + ".tmp", index)


if __name__ == "__main__":
    main()
