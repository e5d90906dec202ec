#!/usr/bin/env python3
"""css-data-uris.py CSS — moves the data: URIs of a stylesheet (the SVG
icons of the NL Design System's components-css) into files beside it,
img/<hash>.svg, and points the stylesheet at them. The Content-Security-
Policy allows images from 'self' only, so an inline data: image would be
blocked; a file is not. Rewrites CSS in place (scripts/build-web.sh runs it
on the build's copy); prints the files written, one a line."""
import hashlib
import os
import re
import sys
import urllib.parse

PATTERN = re.compile(r"""url\(\s*(["']?)data:image/svg\+xml(;charset=[^,;]*)?(;base64)?,(.*?)\1\s*\)""", re.S)


def main():
    path = sys.argv[1]
    folder = os.path.join(os.path.dirname(path), "img")
    with open(path, encoding="utf-8") as f:
        css = f.read()
    written = []

    def replace(m):
        if m.group(3):
            import base64
            data = base64.b64decode(m.group(4))
        else:
            data = urllib.parse.unquote(m.group(4)).encode("utf-8")
        name = hashlib.sha256(data).hexdigest()[:16] + ".svg"
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            with open(target, "wb") as out:
                out.write(data)
            written.append(target)
        return f'url("img/{name}")'

    css = PATTERN.sub(replace, css)
    if "data:" in css:
        sys.exit(f"css-data-uris: {path} still has a data: URI this script does not understand")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(css)
    os.replace(path + ".tmp", path)
    for w in written:
        print(w)


if __name__ == "__main__":
    main()
